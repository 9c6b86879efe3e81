"""quitx's web page in a real browser: headless Chromium (Debian's) driven by Playwright, against
the app served by uvicorn on loopback and checking the local test network.

A person's path from the empty form to a downloaded file (the letter with its decision summary and
its annex, down to the PDF read back), in French and English, with and without JavaScript, with
hostile institution names, by keyboard, on a phone's screen. Run with
``QUITX_UPDATE_SCREENSHOTS=1`` to refresh docs/screenshots/web-*.png (otherwise the screenshots go
to a temporary directory).
"""

from __future__ import annotations

import email
import email.policy
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pypdfium2
import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from testnet.network import LocalNetwork

from quitx.web.app import create_app
from quitx.web.settings import WebSettings

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
HOSTILE = "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>\u202eevil "
LONG = HOSTILE + "Établissement public d’enseignement supérieur et de recherche " * 3
CHECK = 90_000  # milliseconds a check may take in the browser
# read when the module is imported: the session's fixtures clear quitx's variables afterwards
UPDATE_SCREENSHOTS = os.environ.get("QUITX_UPDATE_SCREENSHOTS") == "1"


@pytest.fixture(scope="module")
def server(localnet: LocalNetwork, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = localnet.settings.model_copy(update={"cache_dir": str(tmp_path_factory.mktemp("http-cache"))})
    web = WebSettings(requests_per_minute=10_000, checks_per_hour=10_000, check_burst=100)
    config = uvicorn.Config(
        create_app(settings, web), host="127.0.0.1", port=0, log_level="warning", proxy_headers=False
    )
    served = uvicorn.Server(config)
    thread = threading.Thread(target=served.run, name="quitx-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not served.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web app did not start", pytrace=False)
        time.sleep(0.05)
    port = served.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        served.should_exit = True
        thread.join(15)


def debian_chromium() -> str:
    """Debian's chromium (scripts/test installs it as root): a skip where it is missing, a failure
    in CI."""
    found = shutil.which("chromium")
    if found is not None:
        return found
    missing = pytest.fail if os.environ.get("CI") == "true" else pytest.skip
    missing("chromium is not installed (apt-get install chromium)")
    raise AssertionError("unreachable")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    path = debian_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=path,
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-quic"],
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if UPDATE_SCREENSHOTS:
        return SCREENSHOTS
    return tmp_path_factory.mktemp("screenshots")


def context(browser: Browser, *, language: str, script: bool, phone: bool = False) -> BrowserContext:
    return browser.new_context(
        locale="fr-FR" if language == "fr" else "en-GB",
        java_script_enabled=script,
        accept_downloads=True,
        viewport={"width": 390, "height": 844} if phone else {"width": 1000, "height": 1200},
        device_scale_factor=2 if phone else 1,
        is_mobile=phone,
        has_touch=phone,
    )


def watch(page: Page) -> list[str]:
    """Dialogs (an alert would mean a script ran) and errors of the page's own script."""
    problems: list[str] = []
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: problems.append(f"error: {e}"))
    return problems


def assert_accessible_form(page: Page, language: str) -> None:
    assert page.get_attribute("html", "lang") == language
    assert page.locator("h1").count() == 1
    unlabelled = page.evaluate(
        "[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
        ".filter(e => !e.labels || e.labels.length === 0).map(e => e.id || e.name)"
    )
    assert unlabelled == []


def no_sideways_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def fill_form(page: Page, language: str, name: str, website: str) -> None:
    labels = {
        "fr": ("Nom de l’institution", "Son site web (facultatif)", "Votre nom", "Votre fonction"),
        "en": ("The institution’s name", "Its website (optional)", "Your name", "Your role"),
    }[language]
    page.get_by_label(labels[0]).fill(name)
    page.get_by_label(labels[1]).fill(website)
    page.get_by_label(labels[2]).fill("Camille Martin")
    page.get_by_label(labels[3]).fill("chargée de communication" if language == "fr" else "press officer")


def download(page: Page, section: str, button: str) -> bytes:
    with page.expect_download() as info:
        page.locator(f"#{section}").get_by_role("button", name=button, exact=True).click()
    path = info.value.path()
    return Path(path).read_bytes()


def test_with_javascript_in_french_from_the_form_to_the_html_letter(
    browser: Browser, server: str, shots: Path
) -> None:
    ctx = context(browser, language="fr", script=True)
    page = ctx.new_page()
    problems = watch(page)
    page.goto(server + "/")
    assert_accessible_form(page, "fr")
    fill_form(page, "fr", "Université Exemple", "univ-exemple.fr")
    page.get_by_label("Adresse e-mail du destinataire").fill("dircom@univ-exemple.fr")
    page.screenshot(path=str(shots / "web-form-fr.png"), full_page=True)
    page.get_by_label("Nom de l’institution").press("Enter")
    page.locator("#found-title").wait_for(timeout=CHECK)
    assert page.url == server + "/"  # the same page: the script showed the results there
    assert page.evaluate("document.activeElement.id") == "found-title"
    progress = page.locator(".progress li").all_inner_texts()
    assert (
        progress[0].startswith("Vérification de Université Exemple")
        and progress[-1] == "Vérification terminée."
    )
    mastodon = page.locator("article.network").first.inner_text()
    assert "présent" in mastodon and "@univexemple@social.exemple.fr" in mastodon and "vérifié" in mastodon
    letter = page.locator("#letter-text")
    assert "Camille Martin" in letter.input_value()
    assert "## Le plan proposé, en une page {#summary}" in letter.input_value()
    page.locator("#found").screenshot(path=str(shots / "web-results-fr.png"))
    # the letter scrolled to its end: the decision summary; then the annex, for the team
    letter.evaluate(
        "e => { e.scrollTop = e.scrollHeight * e.value.indexOf('{#summary}') / e.value.length - 160; }"
    )
    page.locator("form.documents").screenshot(path=str(shots / "web-letter-fr.png"))
    letter.fill(letter.input_value() + "\nPost-scriptum : merci de votre lecture.\n")
    html = download(page, "letter", "HTML").decode()
    assert '<html lang="fr">' in html and "Post-scriptum" in html and "Université Exemple" in html
    eml = email.message_from_bytes(download(page, "letter", "E-mail (.eml)"), policy=email.policy.default)
    assert eml["To"] == "dircom@univ-exemple.fr" and eml["Content-Language"] == "fr"
    annex = download(page, "annex", "Markdown").decode()
    assert annex.startswith("# Plan de migration")
    assert problems == []
    ctx.close()


def test_without_javascript_in_english_from_the_form_to_the_markdown_letter(
    browser: Browser, server: str, shots: Path
) -> None:
    ctx = context(browser, language="en", script=False, phone=True)
    page = ctx.new_page()
    page.goto(server + "/")
    assert page.get_attribute("html", "lang") == "en"
    assert no_sideways_scroll(page)
    fill_form(page, "en", "Institut Exemple", "institut-exemple.fr")
    page.get_by_role("button", name="Check and write the letter").click()
    page.locator("#letter-text").wait_for(timeout=CHECK)
    assert page.url.endswith("/check")  # the plain form went to the streamed page
    assert_accessible_form(page, "en")
    assert "Check finished." in page.locator(".progress").inner_text()
    found = page.locator("#found").inner_text()
    assert "What quitx found" in found and "Mastodon" in found and "Bluesky" in found
    assert no_sideways_scroll(page)
    page.locator("#found-title").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "web-phone-en.png"))
    letter = page.locator("#letter-text")
    letter.fill("## To the management\n\nEdited by hand, **on the page**.\n")
    markdown = download(page, "letter", "Markdown").decode()
    # the letter as typed, then its annex for the team
    assert markdown.startswith("## To the management\n\nEdited by hand, **on the page**.\n\n# Migration plan")
    html = download(page, "annex", "HTML").decode()
    assert '<html lang="en">' in html and "Migration plan" in html
    ctx.close()


def pdf_text(pdf: bytes) -> tuple[str, int]:
    """The words of a PDF (read back by PDFium) and how many images it holds."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        words = " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)
        images = sum(
            len(list(page.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE]))) for page in document
        )
    finally:
        document.close()
    return words, images


@pytest.mark.parametrize(
    ("language", "script"), [("fr", True), ("en", False)], ids=["fr-javascript", "en-no-javascript"]
)
def test_a_hostile_name_from_the_empty_form_to_the_pdf_on_a_phone(
    browser: Browser, server: str, language: str, script: bool
) -> None:
    ctx = context(browser, language=language, script=script, phone=True)
    page = ctx.new_page()
    problems = watch(page)
    page.goto(f"{server}/{language}/")
    fill_form(page, language, LONG + language, "")  # a check each
    page.get_by_label("Votre nom" if language == "fr" else "Your name").fill(HOSTILE)
    button = "Vérifier et écrire la lettre" if language == "fr" else "Check and write the letter"
    page.get_by_role("button", name=button).click()
    page.locator("#letter-text").wait_for(timeout=CHECK)
    assert page.title() != "pwned"  # a script that ran would have set it so
    assert page.locator("main img, main script").count() == 0
    shown = page.locator(".progress li").first.inner_text()
    assert "<img src=x onerror=" in shown and "<U+202E>evil" in shown  # text, and the override shown
    assert "<img src=x" in page.locator("#letter-text").input_value()
    assert no_sideways_scroll(page)
    pdf = download(page, "letter", "PDF")
    assert pdf.startswith(b"%PDF-")
    words, images = pdf_text(pdf)
    # the name printed as the text it is: its markup shown, not run; its bidi override made visible
    assert "<img src=x onerror=" in words and "<U+202E>evil" in words and "\u202e" not in words
    assert images == 0
    summary = "Le plan proposé, en une page" if language == "fr" else "The proposed plan, on one page"
    who = "Qui fait quoi" if language == "fr" else "Who does what"
    annex = "Plan de migration" if language == "fr" else "Migration plan"
    assert words.index(summary) < words.index(who) < words.index(annex)
    html = download(page, "letter", "HTML").decode()
    assert "<img" not in html and "<script>" not in html and "&lt;img src=x" in html
    assert problems == []
    ctx.close()


def test_keyboard_alone_reaches_the_results(browser: Browser, server: str) -> None:
    ctx = context(browser, language="fr", script=True)
    page = ctx.new_page()
    page.goto(server + "/fr/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.locator(".skip").bounding_box() is not None
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the focus is visible
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "f-name":
            break
    assert page.evaluate("document.activeElement.id") == "f-name"
    page.keyboard.type("Musée Exemple")
    page.keyboard.press("Enter")
    page.locator("#found-title").wait_for(timeout=CHECK)
    assert page.evaluate("document.activeElement.id") == "found-title"
    assert "à confirmer" in page.locator("article.network").first.inner_text()  # look-alikes only
    ctx.close()
