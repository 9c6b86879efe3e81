"""The HTML quitx writes (letters, the batch summary) in a real headless browser: Debian's chromium.

Each page renders (a screenshot), prints to PDF, and runs no script: the pages hold no <script>, and
a hostile name (markup with an event handler and a script) put in a report comes out as text, not as
elements, in the DOM the browser built. The screenshots are kept in docs/screenshots/: run with
``QUITX_UPDATE_SCREENSHOTS=1`` to refresh them there (otherwise they go to a temporary directory).

chromium comes from Debian (``apt-get install chromium``; scripts/test installs it when run as root).
When it is missing the tests are skipped with the reason, except in CI (``CI=true``), where that is
a failure.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from testnet.network import LocalNetwork

from quitx.batch import render_summary_html, summary_rows
from quitx.models import Report

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "reports"
SCREENSHOTS = ROOT / "docs" / "screenshots"
HOSTILE = "<img src=x onerror=document.title='pwned'><script>document.title='pwned'</script>"
GENERATED_AT = dt.datetime(2026, 11, 25, 10, 30, tzinfo=dt.UTC)
TIMEOUT = 60  # seconds, per browser call


@pytest.fixture(scope="module")
def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        reason = "chromium is not installed (apt-get install chromium; scripts/test does it as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return path


@dataclass
class Browser:
    """chromium headless, one fresh profile per call, no network of its own; its stderr (DBus
    complaints in containers) is ignored."""

    binary: str
    tmp: Path
    calls: int = 0

    def run(self, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
        self.calls += 1
        profile = self.tmp / f"profile-{self.calls}"
        command = [
            self.binary,
            "--headless",
            "--no-sandbox",  # as root, chromium needs it
            "--disable-gpu",
            "--disable-dev-shm-usage",  # containers have a small /dev/shm
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--window-size=1000,1400",
            *args,
            page.resolve().as_uri(),
        ]
        return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)

    def screenshot(self, page: Path, png: Path) -> None:
        result = self.run(page, f"--screenshot={png}")
        assert png.is_file(), f"no screenshot (exit {result.returncode}): {result.stderr[-2000:]}"

    def pdf(self, page: Path, pdf: Path) -> None:
        result = self.run(page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
        assert pdf.is_file(), f"no PDF (exit {result.returncode}): {result.stderr[-2000:]}"

    def dom(self, page: Path) -> str:
        result = self.run(page, "--dump-dom")
        assert result.returncode == 0 and "<html" in result.stdout, result.stderr[-2000:]
        return result.stdout


@pytest.fixture
def browser(chromium: str, tmp_path: Path) -> Browser:
    return Browser(chromium, tmp_path)


class Dom(HTMLParser):
    """What the serialised DOM holds: every start tag with its attributes, and the title's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    @classmethod
    def of(cls, text: str) -> Dom:
        dom = cls()
        dom.feed(text)
        dom.close()
        return dom

    def scripted(self) -> list[str]:
        """Elements that could run code: <script>, any on* handler, javascript: URLs."""
        found = []
        for tag, attrs in self.tags:
            if tag == "script":
                found.append(tag)
            for name, value in attrs.items():
                if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                    found.append(f"<{tag} {name}=…>")
        return found


def page_title(html: str) -> str:
    return Dom.of(html).title


def assert_static(html: str) -> None:
    """No script, no handler, no resource fetched from elsewhere: the page is self-contained."""
    assert "<script" not in html.lower()
    dom = Dom.of(html)
    assert dom.scripted() == []
    fetching = [
        tag for tag, attrs in dom.tags if tag in ("link", "iframe", "object", "embed") or "src" in attrs
    ]
    assert fetching == []


def assert_renders(browser: Browser, page: Path, name: str) -> None:
    """A screenshot (kept in docs/screenshots/ with QUITX_UPDATE_SCREENSHOTS=1) and a PDF."""
    keep = os.environ.get("QUITX_UPDATE_SCREENSHOTS") == "1"
    png = (SCREENSHOTS if keep else browser.tmp) / f"{name}.png"
    png.parent.mkdir(parents=True, exist_ok=True)
    png.unlink(missing_ok=True)
    browser.screenshot(page, png)
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000, len(data)

    pdf = browser.tmp / f"{name}.pdf"
    browser.pdf(page, pdf)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 5_000, len(data)


def assert_inert(browser: Browser, page: Path, title: str) -> None:
    """The browser built the page without running anything: the title is the page's own, and
    the hostile markup is text, not elements."""
    dom = Dom.of(browser.dom(page))
    assert dom.title == title
    assert dom.scripted() == []
    assert not any(tag == "img" for tag, _ in dom.tags)


def quitx_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("QUITX_")}


def hostile_report(source: Path, *, name: bool) -> dict[str, Any]:
    """A saved report whose accounts' display names (and, with ``name``, the institution's name)
    are markup that would change the title if it ran."""
    data = json.loads(source.read_text(encoding="utf-8"))
    for account in data["accounts"]:
        account["account"]["display_name"] = HOSTILE
    if name:
        data["institution"]["name"] = "Université " + HOSTILE
    Report.model_validate(data)  # still a valid report
    return data


def run_letter(*options: str) -> None:
    """``quitx letter OPTIONS`` in a child process, without the user's QUITX_* settings."""
    subprocess.run(
        [sys.executable, "-m", "quitx", "letter", *options],
        capture_output=True,
        text=True,
        env=quitx_env(),
        timeout=120,
        check=True,
    )


def write_letter(report: Path, out: Path) -> str:
    """``quitx letter --report … --format html``, dated the day of the golden reports' check (so that it
    reads the same every day), signed and addressed as a real one is (the guides show it)."""
    options = ["--report", str(report), "--format", "html", "--date", "2026-11-25", "-o", str(out)]
    options += ["--sender", "Camille Martin", "--sender-gender", "f", "--role", "chercheur/chercheuse"]
    options += ["--place", "Rennes", "--to-title", "president", "--to-gender", "f"]
    run_letter(*options)
    return out.read_text(encoding="utf-8")


# --- the control: the checks below would see a script that ran -------------------------------------


def test_a_script_that_runs_is_seen(browser: Browser, tmp_path: Path) -> None:
    page = tmp_path / "control.html"
    page.write_text(
        f"<!DOCTYPE html><html><head><title>control</title></head><body><p>{HOSTILE}</p></body></html>",
        encoding="utf-8",
    )
    dom = Dom.of(browser.dom(page))
    assert dom.title == "pwned"
    assert dom.scripted()


# --- the letter ------------------------------------------------------------------------------------


def test_letter_renders_and_prints(browser: Browser, tmp_path: Path) -> None:
    page = tmp_path / "letter.html"
    html = write_letter(GOLDEN / "present_verified.json", page)
    assert html.startswith("<!DOCTYPE html>")
    assert_static(html)
    assert "@univexemple@social.exemple.fr" in html
    assert_renders(browser, page, "letter")
    assert_inert(browser, page, page_title(html))


def test_letter_runs_no_script_from_a_hostile_report(browser: Browser, tmp_path: Path) -> None:
    clean = write_letter(GOLDEN / "present_verified.json", tmp_path / "clean.html")

    # a display name (quoted in the letter for the candidate account) made of markup
    report = tmp_path / "hostile.json"
    report.write_text(json.dumps(hostile_report(GOLDEN / "present_verified.json", name=False)), "utf-8")
    page = tmp_path / "hostile.html"
    html = write_letter(report, page)
    assert "&lt;script&gt;" in html  # it is there, as text
    assert_static(html)
    assert_inert(browser, page, page_title(clean))

    # and the institution's own name: in the title too, as text
    report.write_text(json.dumps(hostile_report(GOLDEN / "present_verified.json", name=True)), "utf-8")
    html = write_letter(report, page)
    assert_static(html)
    title = page_title(html)
    assert "<script>document.title=" in title  # as text (its quotes made typographic)
    assert_inert(browser, page, title)


# --- the batch summary -----------------------------------------------------------------------------


def golden_reports() -> list[Report]:
    return [Report.model_validate_json(p.read_text(encoding="utf-8")) for p in sorted(GOLDEN.glob("*.json"))]


def test_batch_summary_renders_and_prints(browser: Browser, tmp_path: Path) -> None:
    page = tmp_path / "summary.html"
    html = render_summary_html(summary_rows(golden_reports()), generated_at=GENERATED_AT)
    page.write_text(html, encoding="utf-8")
    assert_static(html)
    assert "Université Exemple" in html and "<svg" in html
    assert_renders(browser, page, "batch-summary")
    assert_inert(browser, page, page_title(html))


def test_batch_summary_runs_no_script_from_a_hostile_report(browser: Browser, tmp_path: Path) -> None:
    reports = [Report.model_validate(hostile_report(p, name=True)) for p in sorted(GOLDEN.glob("*.json"))]
    page = tmp_path / "summary.html"
    html = render_summary_html(summary_rows(reports), generated_at=GENERATED_AT)
    page.write_text(html, encoding="utf-8")
    assert "&lt;script&gt;" in html
    assert_static(html)
    assert_inert(browser, page, page_title(html))


def test_batch_command_summary_in_the_browser(
    localnet: LocalNetwork, browser: Browser, tmp_path: Path
) -> None:
    """End to end: ``quitx batch`` against the local network, a hostile name among the rows."""
    source = tmp_path / "institutions.csv"
    source.write_text(
        f"name;domain\nUniversité Exemple;univ-exemple.fr\nMairie {HOSTILE};mairie-absente.fr\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    env = quitx_env() | {"QUITX_CONFIG": str(localnet.config_path)}
    result = subprocess.run(
        [sys.executable, "-m", "quitx", "batch", str(source), "-o", str(out), "-q"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    page = out / "summary.html"
    html = page.read_text(encoding="utf-8")
    assert "Université Exemple" in html and "&lt;script&gt;" in html
    assert_static(html)
    pdf = tmp_path / "summary.pdf"
    browser.pdf(page, pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert_inert(browser, page, page_title(html))


# --- the documents as a reader sees them: the printed letter (PDF), the e-mail, its annex ------------


def quitx_letter(report: Path, out: Path, fmt: str, *more: str) -> Path:
    """``quitx letter --report … --format FMT``, dated and sent at fixed times."""
    options = ["--report", str(report), "--format", fmt, "--date", "2026-11-25", "--sender", "Camille Martin"]
    options += ["--email", "camille.martin@exemple.fr", "--to", "direction@univ-exemple.fr", "-o", str(out)]
    run_letter(*options, *more)
    return out


def keep_png(data: bytes, name: str, tmp: Path) -> Path:
    keep = os.environ.get("QUITX_UPDATE_SCREENSHOTS") == "1"
    png = (SCREENSHOTS if keep else tmp) / f"{name}.png"
    png.write_bytes(data)
    return png


def test_the_printed_letter_page_by_page(tmp_path: Path) -> None:
    """The PDF (quitx letter --format pdf): A4 pages; the decision summary whole on one page of its
    own, after the letter; the annex from the next page. Its pages are kept as images for the docs."""
    import io

    import pypdfium2

    pdf = quitx_letter(GOLDEN / "absent.json", tmp_path / "letter.pdf", "pdf").read_bytes()
    document = pypdfium2.PdfDocument(pdf)
    texts = [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    summary = next(i for i, text in enumerate(texts) if "Le plan proposé, en une page" in text)
    assert "Les risques" in texts[summary] and "est en annexe technique" in texts[summary]
    assert "Plan de migration" in texts[summary + 1] and "Calendrier" in texts[summary + 1]
    for index, name in (
        (0, "letter-pdf-first"),
        (summary, "letter-pdf-summary"),
        (summary + 1, "letter-pdf-annex"),
    ):
        image = document[index].render(scale=1.2).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        png = keep_png(buffer.getvalue(), name, tmp_path)
        assert png.read_bytes().startswith(b"\x89PNG") and image.size[1] > image.size[0]  # portrait
    document.close()


def test_the_e_mail_and_its_attached_annex_in_the_browser(browser: Browser, tmp_path: Path) -> None:
    """The .eml as a mail program shows it: a draft (X-Unsent) from Camille Martin, its HTML part
    rendered by chromium, static and inert, and the annex it carries: a PDF, as a letter's "P. J."
    is (kept as an image for the docs); with --eml-annex html, the page, static and inert too."""
    import email
    import email.policy
    import io

    import pypdfium2

    eml = quitx_letter(GOLDEN / "absent.json", tmp_path / "letter.eml", "eml").read_bytes()
    message = email.message_from_bytes(eml, policy=email.policy.default)
    assert message["X-Unsent"] == "1" and message["From"] == "Camille Martin <camille.martin@exemple.fr>"
    body = message.get_body(("html",))
    assert body is not None
    (annex,) = message.iter_attachments()
    assert (annex.get_filename(), annex.get_content_type()) == ("annexe-technique.pdf", "application/pdf")
    document = pypdfium2.PdfDocument(annex.get_content())
    try:
        first = document[0]
        assert "Plan de migration" in first.get_textpage().get_text_range()
        image = first.render(scale=1.2).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        assert keep_png(buffer.getvalue(), "letter-email-annex", tmp_path).read_bytes().startswith(b"\x89PNG")
    finally:
        document.close()
    as_page = quitx_letter(GOLDEN / "absent.json", tmp_path / "page.eml", "eml", "--eml-annex", "html")
    (page_annex,) = email.message_from_bytes(
        as_page.read_bytes(), policy=email.policy.default
    ).iter_attachments()
    assert page_annex.get_filename() == "annexe-technique.html"
    for name, part in (("letter-email", body), ("letter-email-annex-page", page_annex)):
        html = part.get_content()
        assert_static(html)
        page = tmp_path / f"{name}.html"
        page.write_text(html, encoding="utf-8")
        keep = name == "letter-email" and os.environ.get("QUITX_UPDATE_SCREENSHOTS") == "1"
        png = (SCREENSHOTS if keep else tmp_path) / f"{name}.png"
        png.unlink(missing_ok=True)
        browser.screenshot(page, png)
        assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        assert_inert(browser, page, page_title(html))


def test_the_screenshots_are_kept() -> None:
    """The guides show them: refresh with QUITX_UPDATE_SCREENSHOTS=1."""
    for name in (
        "letter",
        "batch-summary",
        "letter-pdf-first",
        "letter-pdf-summary",
        "letter-pdf-annex",
        "letter-email",
        "letter-email-annex",
    ):
        data = (SCREENSHOTS / f"{name}.png").read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
