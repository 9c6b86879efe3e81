"""The web app's routes through httpx's ASGI transport: pages, the streamed check, downloads,
limits, the queue, headers. The check itself is replaced by a golden report (no network)."""

from __future__ import annotations

import asyncio
import email
import email.policy
import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pypdfium2
import pytest

from quitx.config import Settings
from quitx.models import Institution, Report
from quitx.web.app import CSP, create_app
from quitx.web.library import NetworkProgress
from quitx.web.settings import WebSettings

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "reports"
HOSTILE = "<img src=x onerror=alert(1)><script>alert(2)</script> \u202eevil"
FORM = {"name": "Université Exemple", "website": "univ-exemple.fr", "kind": "research", "lang": "fr"}


def golden(name: str) -> Report:
    return Report.model_validate_json((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))


class FakeCheck:
    """Stands for quitx's check: counts calls, reports progress, can be held until released."""

    def __init__(self, report: Report | None = None, *, hold: bool = False) -> None:
        self.report = report or golden("present_verified")
        self.calls: list[str] = []
        self.started = asyncio.Event()
        self.release = asyncio.Event()
        if not hold:
            self.release.set()
        self.fail: BaseException | None = None

    async def __call__(self, institution: Institution, progress: Callable[[NetworkProgress], None]) -> Report:
        self.calls.append(institution.name)
        progress(NetworkProgress(requests=12, cached=3, waiting=("piaille.fr",)))
        self.started.set()
        await self.release.wait()
        if self.fail is not None:
            raise self.fail
        return self.report.model_copy(update={"institution": institution})


def client(fake: FakeCheck | None = None, **web: Any) -> httpx.AsyncClient:
    app = create_app(Settings(), WebSettings(**web), run_check=fake or FakeCheck())
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://quitx.test")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- pages and headers ----------------------------------------------------------------------------


NAME_LABEL = {"en": "The institution’s name", "fr": "Nom de l’institution"}
# (address, Accept-Language) → the page's language
LANGUAGE_OF = {
    ("/", "en-GB,en;q=0.9,fr;q=0.5"): "en",
    ("/", "fr-FR,fr;q=0.9,en;q=0.8"): "fr",
    ("/", "de-DE,de;q=0.9"): "fr",
    ("/", "fr;q=0.2,en;q=0.8"): "en",
    ("/en/", "fr"): "en",
    ("/fr/", "en"): "fr",
}


@pytest.mark.parametrize(("path", "accept"), list(LANGUAGE_OF))
async def test_the_form_speaks_one_language(path: str, accept: str) -> None:
    lang = LANGUAGE_OF[(path, accept)]
    async with client() as c:
        r = await c.get(path, headers={"accept-language": accept})
    assert r.status_code == 200
    assert f'<html lang="{lang}">' in r.text
    assert r.headers["content-language"] == lang
    assert NAME_LABEL[lang] in r.text
    other = "fr" if lang == "en" else "en"
    assert f'href="/{other}/" hreflang="{other}" lang="{other}"' in r.text  # the switch
    assert ("vary" in r.headers) == (path == "/")


async def test_every_page_carries_the_security_headers() -> None:
    async with client() as c:
        pages = [await c.get("/fr/"), await c.get("/nowhere"), await c.get("/static/app.css")]
        pages.append(await c.post("/check", data=FORM))
    for r in pages:
        assert r.headers["content-security-policy"] == CSP
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "same-origin"
        assert r.headers["x-frame-options"] == "DENY"
    assert "unsafe-inline" not in CSP and "script-src 'self'" in CSP and "frame-ancestors 'none'" in CSP
    assert pages[0].headers["cache-control"] == "no-store"
    assert pages[2].headers["cache-control"].startswith("public")
    assert pages[1].status_code == 404 and "Page introuvable" in pages[1].text


async def test_pages_hold_no_inline_script_or_style() -> None:
    async with client() as c:
        pages = [(await c.get(p)).text for p in ("/fr/", "/en/")]
        pages.append((await c.post("/check", data=FORM)).text)
    for page in pages:
        assert re.findall(r"<script(?![^>]*\bsrc=)", page) == []
        assert re.findall(r"\son[a-z]+\s*=", page) == []
        assert " style=" not in page and "<style" not in page
        assert "http://" not in page.replace('href="http://', "")  # nothing loaded from elsewhere


async def test_languages_other_than_french_and_english_are_not_pages() -> None:
    async with client() as c:
        assert (await c.get("/de/")).status_code == 404
        redirect = await c.get("/en")
        assert redirect.status_code == 308 and redirect.headers["location"] == "/en/"


async def test_health() -> None:
    async with client() as c:
        r = await c.get("/healthz")
    assert r.json() == {"status": "ok", "running": 0, "waiting": 0, "kept": 0}


# --- the check ------------------------------------------------------------------------------------


async def test_a_check_streams_progress_then_the_results_letter_summary_and_annex() -> None:
    fake = FakeCheck()
    form = {**FORM, "sender": "Camille Martin", "role": "chargée de communication", "gender": "f"}
    async with client(fake) as c:
        r = await c.post("/check", data={**form, "to": "dircom@univ-exemple.fr"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.headers["x-accel-buffering"] == "no"
    page = r.text
    assert fake.calls == ["Université Exemple"]
    progress = page.index("Vérification de Université Exemple")
    assert progress < page.index("Requêtes envoyées\u00a0: 12") < page.index("Ce que quitx a trouvé")
    assert "En attente de piaille.fr" in page
    words = text_of(page)
    assert "Mastodon présent" in words and "vérifié" in words
    assert "Seul le nom correspond" in words  # the candidate is said to be one
    textarea = re.search(r'<textarea id="letter-text"[^>]*>\n(.*?)</textarea>', page, re.S)
    assert textarea is not None and "Camille Martin" in textarea.group(1)
    # the letter ends with the decision summary, kept as a section of its own when edited
    letter = textarea.group(1)
    assert "## Le plan proposé, en une page {#summary}" in letter
    assert letter.index("Camille Martin") < letter.index("{#summary}")
    assert "| --- |" in letter and "|&gt; " in letter  # the phases' table, the lines set right
    assert 'name="to" value="dircom@univ-exemple.fr"' in page
    # the annex, for the team: shown, editable, downloadable alone
    assert 'id="annex-title"' in page and "<h3>Plan de migration" in page
    annex = re.search(r'<textarea id="annex-text" name="annex"[^>]*>\n(.*?)</textarea>', page, re.S)
    assert annex is not None and annex.group(1).startswith("# Plan de migration")
    assert page.rstrip().endswith("</html>")


def article(page: str, network: str) -> str:
    """The words of one network's part of the results."""
    start = page.index(f'">{network} <span class="badge')
    return text_of(page[start : page.index("</article>", start)])


async def test_unknown_is_never_worded_absent() -> None:
    fake = FakeCheck(golden("unknown_instance_down"))  # Mastodon unknown (an instance down), Bluesky absent
    async with client(fake) as c:
        fr = (await c.post("/check", data=FORM)).text
        en = (await c.post("/check", data={**FORM, "lang": "en"})).text
    mastodon_fr, mastodon_en = article(fr, "Mastodon"), article(en, "Mastodon")
    assert (
        "impossible de conclure" in mastodon_fr and "down.exemple.fr : pas pu être interrogé" in mastodon_fr
    )
    assert "chaque endroit interrogé a répondu" not in mastodon_fr and "absent" not in mastodon_fr
    assert (
        "cannot tell" in mastodon_en and "down.exemple.fr : could not be asked: server error" in mastodon_en
    )
    assert "every place asked answered" not in mastodon_en and "absent" not in mastodon_en
    assert "chaque endroit interrogé a répondu" in article(fr, "Bluesky")  # the one that is absent


async def test_the_same_institution_is_checked_once_for_everyone() -> None:
    fake = FakeCheck()
    async with client(fake) as c:
        first = await c.post("/check", data=FORM)
        second = await c.post("/check", data={**FORM, "name": "  université   EXEMPLE ", "lang": "en"})
    assert fake.calls == ["Université Exemple"]
    assert "Checked on" in second.text and "already" in second.text  # said to be a kept answer
    assert "Ce que quitx a trouvé" in first.text and "What quitx found" in second.text


async def test_server_sent_events_for_the_script() -> None:
    async with client() as c:
        r = await c.post("/check", data=FORM, headers={"accept": "text/event-stream"})
    assert r.headers["content-type"].startswith("text/event-stream")
    events = re.findall(r"^event: (\w+)$", r.text, re.M)
    assert events[0] == "progress" and events[-2:] == ["results", "end"]
    assert '"kind": "network"' in r.text and "found-title" in r.text


async def test_hostile_names_come_out_as_text() -> None:
    async with client() as c:
        r = await c.post("/check", data={**FORM, "name": HOSTILE, "sender": HOSTILE})
    page = r.text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "\u202e" not in page and "&lt;U+202E&gt;evil" in page  # the override is made visible


async def test_a_very_long_name_is_refused_kindly() -> None:
    async with client() as c:
        r = await c.post("/check", data={**FORM, "name": "É" * 301, "lang": "en"})
    assert r.status_code == 400
    assert "This name is too long" in r.text
    assert 'aria-invalid="true"' in r.text and 'href="#f-name"' in r.text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "   ", "Enter the institution’s name."),
        ("website", "not a site", "This is not a website address"),
        ("website", "javascript:alert(1)", "This is not a website address"),
        ("website", "nodot", "This is not a website address"),
        ("email", "camille@", "This e-mail address is not valid."),
        ("to", "a@b.fr\r\nBcc: x@y.fr", "This e-mail address is not valid."),
        ("kind", "spaceship", "Choose a kind from the list."),
    ],
)
async def test_form_errors_say_what_to_fix(field: str, value: str, message: str) -> None:
    fake = FakeCheck()
    async with client(fake) as c:
        r = await c.post("/check", data={**FORM, "lang": "en", field: value})
    assert r.status_code == 400 and message in r.text
    assert fake.calls == []
    assert 'role="alert"' in r.text


async def test_the_check_that_breaks_says_so_and_is_not_kept() -> None:
    fake = FakeCheck()
    fake.fail = RuntimeError("boom")
    async with client(fake) as c:
        first = await c.post("/check", data=FORM)
        fake.fail = None
        second = await c.post("/check", data=FORM)
    assert "La vérification n’a pas pu aboutir" in first.text and "boom" not in first.text
    assert fake.calls == ["Université Exemple", "Université Exemple"]
    assert "Ce que quitx a trouvé" in second.text


# --- strangers' limits ----------------------------------------------------------------------------


async def test_posts_from_other_sites_are_refused() -> None:
    fake = FakeCheck()
    async with client(fake) as c:
        evil = await c.post("/check", data=FORM, headers={"origin": "https://evil.example"})
        fetched = await c.post("/check", data=FORM, headers={"sec-fetch-site": "cross-site"})
        null = await c.post("/check", data=FORM, headers={"origin": "null"})
        same = await c.post("/check", data=FORM, headers={"origin": "http://quitx.test"})
    assert [evil.status_code, fetched.status_code, null.status_code] == [403, 403, 403]
    assert same.status_code == 200 and fake.calls == ["Université Exemple"]


async def test_the_public_address_decides_the_origin() -> None:
    async with client(public_url="https://quitx.example.org") as c:
        wrong = await c.post("/check", data=FORM, headers={"origin": "http://quitx.test"})
        right = await c.post("/check", data=FORM, headers={"origin": "https://quitx.example.org"})
    assert (wrong.status_code, right.status_code) == (403, 200)


async def test_bodies_over_the_limit_are_refused() -> None:
    async with client(max_body_kb=16) as c:
        r = await c.post("/download", data={"document": "letter", "format": "md", "text": "x" * 20_000})
        streamed = await c.post(
            "/check",
            content=(b"name=" + b"x" * 20_000),
            headers={"content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked"},
        )
    assert r.status_code == 413 and "16" in r.text
    assert streamed.status_code == 413


async def test_requests_per_client_are_limited() -> None:
    async with client(requests_per_minute=3) as c:
        codes = [(await c.get("/fr/")).status_code for _ in range(4)]
        limited = await c.get("/fr/")
    assert codes == [200, 200, 200, 429]
    assert int(limited.headers["retry-after"]) >= 1 and "Un peu de patience" in limited.text


async def test_only_new_checks_spend_the_check_budget() -> None:
    fake = FakeCheck()
    async with client(fake, check_burst=1, checks_per_hour=1) as c:
        first = await c.post("/check", data=FORM)
        again = await c.post("/check", data=FORM)  # kept: costs nothing
        other = await c.post("/check", data={**FORM, "name": "Institut Exemple"})
    assert (first.status_code, again.status_code, other.status_code) == (200, 200, 429)
    assert fake.calls == ["Université Exemple"]
    assert int(other.headers["retry-after"]) > 3000


async def test_a_full_queue_answers_503_kindly() -> None:
    fake = FakeCheck(hold=True)
    async with client(fake, max_checks=1, max_waiting=1) as c:
        running = asyncio.ensure_future(c.post("/check", data=FORM))
        await asyncio.wait_for(fake.started.wait(), 5)
        waiting = asyncio.ensure_future(c.post("/check", data={**FORM, "name": "Institut Exemple"}))
        for _ in range(100):
            health = (await c.get("/healthz")).json()
            if health["waiting"] == 1:
                break
            await asyncio.sleep(0.01)
        full = await c.post("/check", data={**FORM, "name": "Mairie Exemple", "lang": "en"})
        joined = asyncio.ensure_future(c.post("/check", data=FORM))  # the running one: no new place
        await asyncio.sleep(0.05)
        fake.release.set()
        pages = await asyncio.gather(running, waiting, joined)
    assert health == {"status": "ok", "running": 1, "waiting": 1, "kept": 0}
    assert full.status_code == 503 and full.headers["retry-after"] == "30"
    assert "Busy right now" in full.text and "try again in 30 seconds" in full.text
    assert all(p.status_code == 200 for p in pages)
    assert "En file d’attente, position 1" in pages[1].text
    assert fake.calls == ["Université Exemple", "Institut Exemple"]


async def test_forwarded_addresses_count_only_from_trusted_proxies() -> None:
    async with client(requests_per_minute=1) as c:  # the transport's peer is 127.0.0.1
        spoofed = [
            (await c.get("/fr/", headers={"x-forwarded-for": f"203.0.113.{i}"})).status_code for i in range(2)
        ]
    async with client(requests_per_minute=1, trusted_proxies=("127.0.0.1",)) as c:
        proxied = [
            (await c.get("/fr/", headers={"x-forwarded-for": f"203.0.113.{i}"})).status_code for i in range(2)
        ]
        same = (await c.get("/fr/", headers={"x-forwarded-for": "203.0.113.0"})).status_code
    assert spoofed == [200, 429]  # a header from anyone is not believed
    assert proxied == [200, 200] and same == 429


async def test_unknown_hosts_are_refused_when_hosts_are_named() -> None:
    async with client(allowed_hosts=("quitx.example.org",)) as c:
        r = await c.get("/fr/")
    assert r.status_code == 400


# --- downloads ------------------------------------------------------------------------------------


def download_form(**fields: str) -> dict[str, str]:
    base = {
        "document": "letter",
        "format": "md",
        "lang": "fr",
        "slug": "universite-exemple-univ-exemple-fr",
        "subject": "Quitter X",
        "text": "## Madame, Monsieur\n\nMa lettre, ${pas_une_valeur}, **à moi**.\n\n- un\n- deux\n",
    }
    return {**base, **fields}


async def test_markdown_downloads_as_typed() -> None:
    async with client() as c:
        r = await c.post("/download", data=download_form(text="Ligne 1\r\nLigne 2 <b>"))
    assert r.content == b"Ligne 1\nLigne 2 <b>\n"
    assert r.headers["content-type"].startswith("text/markdown")
    assert (
        r.headers["content-disposition"]
        == 'attachment; filename="lettre-universite-exemple-univ-exemple-fr.md"'
    )


async def test_html_download_is_the_edited_text_escaped() -> None:
    text = f"## Objet\n\nBonjour {HOSTILE} [lien](javascript:alert(1)) ${{x}}\n"
    async with client() as c:
        r = await c.post("/download", data=download_form(format="html", text=text, lang="en"))
    page = r.text
    assert r.headers["content-disposition"].endswith('letter-universite-exemple-univ-exemple-fr.html"')
    assert '<html lang="en">' in page and "Content-Security-Policy" in page
    assert "<script>" not in page and "javascript:" not in page and "<img" not in page
    assert "&lt;img src=x" in page and "${x}" in page and "<h2>Objet</h2>" in page


async def test_eml_download_is_a_draft_to_the_recipient() -> None:
    async with client() as c:
        r = await c.post(
            "/download",
            data=download_form(format="eml", to="dircom@univ-exemple.fr", email="camille@exemple.fr"),
        )
    message = email.message_from_bytes(r.content, policy=email.policy.default)
    assert message["To"] == "dircom@univ-exemple.fr" and message["From"] == "camille@exemple.fr"
    assert message["Subject"] == "Quitter X"
    assert r.headers["content-type"] == "message/rfc822"


async def test_eml_download_drops_an_address_that_could_forge_headers() -> None:
    async with client() as c:
        r = await c.post("/download", data=download_form(format="eml", to="a@b.fr\nBcc: evil@x.fr"))
    message = email.message_from_bytes(r.content, policy=email.policy.default)
    assert message["To"] is None and message["Bcc"] is None


def results_form(page: str) -> dict[str, str]:
    """What the results page's download form sends (its hidden fields, subject and texts)."""
    form = page[page.index('<form method="post" action="/download"') :]
    form = form[: form.index("</form>")]
    fields = {
        m[0]: html.unescape(m[1])
        for m in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form)
    }
    fields["subject"] = html.unescape(re.findall(r'name="subject" type="text"[^>]*value="([^"]*)"', form)[0])
    for name in ("text", "annex"):
        found = re.search(rf'<textarea [^>]*name="{name}"[^>]*>\n(.*?)</textarea>', form, re.S)
        assert found is not None
        fields[name] = html.unescape(found.group(1))
    return fields


async def edited_results(c: httpx.AsyncClient, **extra: str) -> dict[str, str]:
    page = (await c.post("/check", data={**FORM, **extra})).text
    fields = results_form(page)
    fields["text"] = fields["text"].replace("Madame, Monsieur,", "Madame la Présidente,\n\nAjouté à la main.")
    return fields


async def test_the_letter_downloads_as_edited_with_its_annex_after_it() -> None:
    async with client() as c:
        fields = await edited_results(c, to="dircom@univ-exemple.fr", email="camille@exemple.fr")
        md = await c.post("/download", data={**fields, "download": "letter:md"})
        page = await c.post("/download", data={**fields, "download": "letter:html"})
        eml = await c.post("/download", data={**fields, "download": "letter:eml"})
    # Markdown: the letter as typed, the annex after it
    assert (
        md.text.index("Ajouté à la main.")
        < md.text.index("{#summary}")
        < md.text.index("# Plan de migration")
    )
    # the printed page: the frame laid out, the summary a part of its own, the annex the second part
    html_page = page.text
    assert page.headers["content-disposition"].endswith('lettre-universite-exemple-univ-exemple-fr.html"')
    assert '<header class="frame">' in html_page and '<p class="recipient">' in html_page
    assert '<p class="place-date">' in html_page and '<p class="signature">' in html_page
    assert '<section class="part summary">' in html_page and "<th>Phase</th>" in html_page
    assert (
        html_page.index("Ajouté à la main.")
        < html_page.index("summary")
        < html_page.index('<article class="annex">')
    )
    # the e-mail: a draft with the edited letter (its frame in the headers), the annex attached
    message = email.message_from_bytes(eml.content, policy=email.policy.default)
    assert message["To"] == "dircom@univ-exemple.fr" and message["X-Unsent"] == "1"
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert text.lstrip().startswith("Madame la Présidente,") and "Le plan proposé, en une page" in text
    attached = [part for part in message.iter_attachments()]
    assert [(p.get_filename(), p.get_content_type()) for p in attached] == [
        ("annexe-technique.pdf", "application/pdf")
    ]
    assert "Plan de migration" in " ".join(_pdf_pages(attached[0].get_content()))


async def test_without_pdf_the_e_mail_attaches_the_annex_as_its_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("quitx.web.library._pdf_available", lambda: False)
    async with client() as c:
        fields = await edited_results(c)
        eml = await c.post("/download", data={**fields, "download": "letter:eml"})
    message = email.message_from_bytes(eml.content, policy=email.policy.default)
    attached = [part for part in message.iter_attachments()]
    assert [(p.get_filename(), p.get_content_type()) for p in attached] == [
        ("annexe-technique.html", "text/html")
    ]
    assert "Plan de migration" in attached[0].get_content()


def _pdf_pages(pdf: bytes) -> list[str]:
    assert pdf.startswith(b"%PDF-")
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


async def test_the_downloaded_annex_keeps_its_coloured_status_marks() -> None:
    async with client() as c:
        fields = await edited_results(c)
        alone = (await c.post("/download", data={**fields, "download": "annex:html"})).text
        letter = (await c.post("/download", data={**fields, "download": "letter:html"})).text
    # the annex went through a text box: its statuses are coloured marks again, as quitx prints them
    marks = re.findall(r'<span class="badge (\w+)">([^<]+)</span>', alone)
    assert marks and {tone for tone, _ in marks} <= {"done", "todo", "check"}
    assert ("done", "fait") in marks or ("todo", "à faire") in marks
    before, annex = letter.split('<article class="annex">')
    assert re.findall(r'<span class="badge (\w+)">([^<]+)</span>', annex) == marks
    assert 'class="badge' not in before  # the letter's own bold stays bold


async def test_the_edited_annex_is_what_follows_the_letter() -> None:
    async with client() as c:
        fields = await edited_results(c)
        fields["annex"] = "# Notre annexe\n\nÉcrite par l’équipe <b>.\n"
        page = (await c.post("/download", data={**fields, "download": "letter:html"})).text
        alone = await c.post("/download", data={**fields, "download": "annex:md"})
    assert "Écrite par l’équipe &lt;b&gt;." in page and "_atproto" not in page
    assert alone.text == "# Notre annexe\n\nÉcrite par l’équipe <b>.\n"
    assert alone.headers["content-disposition"].endswith(
        'annexe-technique-universite-exemple-univ-exemple-fr.md"'
    )


async def test_the_letter_prints_as_pdf_with_the_summary_on_its_own_page() -> None:
    async with client() as c:
        fields = await edited_results(c)
        r = await c.post("/download", data={**fields, "download": "letter:pdf"})
    assert r.headers["content-type"] == "application/pdf"
    pages = _pdf_pages(r.content)
    summary = next(i for i, text in enumerate(pages) if "Le plan proposé, en une page" in text)
    assert "Ajouté à la main." in " ".join(pages[:summary]) and "Qui fait quoi" in pages[summary]
    assert "Plan de migration" in pages[summary + 1]


async def test_pdf_is_offered_only_where_it_can_be_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("quitx.web.library._pdf_available", lambda: False)
    async with client() as c:
        page = (await c.post("/check", data=FORM)).text
        refused = await c.post("/download", data={**results_form(page), "download": "letter:pdf"})
    assert re.findall(r'name="download" value="(\w+:\w+)"', page) == [
        "letter:md",
        "letter:html",
        "letter:eml",
        "annex:md",
        "annex:html",
    ]
    assert "PDF" not in text_of(page) and refused.status_code == 400


async def test_annex_downloads_and_unknown_formats() -> None:
    async with client() as c:
        annex = await c.post(
            "/download",
            data=download_form(download="annex:html", annex="# Notre annexe\n\n| a | b |\n| --- | --- |\n"),
        )
        eml = await c.post("/download", data=download_form(download="annex:eml"))
        other = await c.post("/download", data=download_form(document="passwords", format="md"))
    assert annex.status_code == 200 and annex.headers["content-disposition"].endswith(
        'annexe-technique-universite-exemple-univ-exemple-fr.html"'
    )
    assert '<article class="annex">' not in annex.text  # the annex alone is the page's one part
    assert "<h1>Notre annexe</h1>" in annex.text and "<th>a</th>" in annex.text
    assert eml.status_code == 400 and other.status_code == 400


async def test_the_results_page_offers_the_library_formats() -> None:
    async with client() as c:
        page = (await c.post("/check", data=FORM)).text
    letter = page[page.index('id="letter"') : page.index('id="annex"')]
    assert re.findall(r'name="download" value="letter:(\w+)"', letter) == ["md", "html", "pdf", "eml"]
    annex = page[page.index('id="annex"') :]
    assert re.findall(r'name="download" value="annex:(\w+)"', annex) == ["md", "html", "pdf"]
