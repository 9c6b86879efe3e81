"""The web app's parts on their own: the queue, the limits, the settings, the words, the one
door into the library, and the ``quitx serve`` command."""

from __future__ import annotations

import ast
import asyncio
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
import tests.builders as b

from quitx.config import load_settings
from quitx.errors import ConfigError
from quitx.models import Activity, Confidence, Institution, Reason, Report, Verdict
from quitx.web import jobs, library
from quitx.web.jobs import Checks, Failed, Finished, Networking, Queued, QueueFull, Started
from quitx.web.limits import Bucket, RateLimiter, client_address
from quitx.web.presence import present
from quitx.web.settings import WebSettings, env_name, load_web_settings
from quitx.web.wording import WORDS, Words, negotiate

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "src" / "quitx" / "web"
REPORT = Report.model_validate_json((ROOT / "tests/golden/reports/present_verified.json").read_text())
ABSENT = Report.model_validate_json((ROOT / "tests/golden/reports/unknown_instance_down.json").read_text())


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def checks(run: jobs.RunCheck, clock: Callable[[], float] = time.monotonic, **options: float) -> Checks:
    values: dict[str, float] = {
        "max_running": 1,
        "max_waiting": 1,
        "timeout": 5,
        "ttl": 60,
        "ttl_unknown": 10,
        "size": 10,
        **options,
    }
    return Checks(
        run,
        max_running=int(values["max_running"]),
        max_waiting=int(values["max_waiting"]),
        timeout=values["timeout"],
        ttl=values["ttl"],
        ttl_unknown=values["ttl_unknown"],
        size=int(values["size"]),
        clock=clock,
    )


def inst(name: str) -> Institution:
    return Institution(name=name)


# --- the queue ------------------------------------------------------------------------------------


async def test_the_queue_runs_in_order_and_tells_each_its_place() -> None:
    gates = {name: asyncio.Event() for name in ("A", "B", "C")}
    order: list[str] = []

    async def run(institution: Institution, progress: Callable[[library.NetworkProgress], None]) -> Report:
        order.append(institution.name)
        progress(library.NetworkProgress(1, 0, ()))
        await gates[institution.name].wait()
        return REPORT

    q = checks(run, max_running=1, max_waiting=2)
    a, b, c = (q.submit(n, inst(n)) for n in ("A", "B", "C"))
    with pytest.raises(QueueFull) as full:
        q.submit("D", inst("D"))
    assert full.value.retry_after == 30
    await asyncio.sleep(0)
    assert (q.running, q.waiting) == (1, 2)
    assert b.events == [Queued(position=1)] and c.events == [Queued(position=2)]
    gates["A"].set()
    await asyncio.sleep(0.01)
    assert order == ["A", "B"] and c.events[-1] == Queued(position=1)
    gates["B"].set()
    gates["C"].set()
    await asyncio.sleep(0.01)
    assert order == ["A", "B", "C"] and all(j.done for j in (a, b, c))
    assert (
        a.events[0] == Started() and isinstance(a.events[1], Networking) and a.events[-1] == Finished(REPORT)
    )
    assert q.find("A") is a and q.kept == 3


async def test_followers_see_every_event_and_only_the_latest_progress() -> None:
    release = asyncio.Event()

    async def run(institution: Institution, progress: Callable[[library.NetworkProgress], None]) -> Report:
        for n in range(5):
            progress(library.NetworkProgress(n, 0, ()))
        await release.wait()
        return REPORT

    q = checks(run)
    job = q.submit("A", inst("A"))
    await asyncio.sleep(0.01)
    seen: list[object] = []

    async def read() -> None:
        async for event in job.follow():
            seen.append(event)

    reader = asyncio.ensure_future(read())
    await asyncio.sleep(0.01)
    release.set()
    await asyncio.wait_for(reader, 2)
    assert seen == [Started(), Networking(library.NetworkProgress(4, 0, ())), Finished(REPORT)]


async def test_kept_answers_expire_sooner_when_unknown() -> None:
    clock = Clock()

    async def run(institution: Institution, progress: Callable[[library.NetworkProgress], None]) -> Report:
        return REPORT if institution.name == "settled" else ABSENT

    q = checks(run, clock, ttl=60, ttl_unknown=10)
    q.submit("settled", inst("settled"))
    q.submit("unsure", inst("unsure"))
    await asyncio.sleep(0.01)
    clock.now += 11
    assert q.find("settled") is not None and q.find("unsure") is None
    clock.now += 50
    assert q.find("settled") is None


async def test_a_check_that_overruns_is_abandoned_and_not_kept() -> None:
    async def run(institution: Institution, progress: Callable[[library.NetworkProgress], None]) -> Report:
        await asyncio.sleep(10)
        return REPORT

    q = checks(run, timeout=0.05)
    job = q.submit("A", inst("A"))
    await asyncio.sleep(0.2)
    assert job.events[-1] == Failed(timed_out=True) and q.find("A") is None and q.running == 0


async def test_the_kept_answers_are_bounded() -> None:
    async def run(institution: Institution, progress: Callable[[library.NetworkProgress], None]) -> Report:
        return REPORT

    q = checks(run, max_running=4, size=3)
    for n in range(6):
        q.submit(str(n), inst(str(n)))
        await asyncio.sleep(0.01)
    assert q.kept <= 3 and q.find("5") is not None and q.find("0") is None


async def test_closing_cancels_the_running_checks() -> None:
    async def run(institution: Institution, progress: Callable[[library.NetworkProgress], None]) -> Report:
        await asyncio.sleep(10)
        return REPORT

    q = checks(run)
    q.submit("A", inst("A"))
    await asyncio.sleep(0.01)
    await asyncio.wait_for(q.aclose(), 2)
    assert q.running == 0


# --- limits ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("peer", "header", "proxies", "expected"),
    [
        ("198.51.100.7", "203.0.113.9", (), "198.51.100.7"),  # not a proxy: the header is the client's word
        ("127.0.0.1", "203.0.113.9", ("127.0.0.1",), "203.0.113.9"),
        ("10.0.0.2", "203.0.113.9, 10.0.0.1", ("10.0.0.0/8",), "203.0.113.9"),
        ("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.1", ("10.0.0.0/8",), "203.0.113.9"),  # spoofed hop ignored
        ("127.0.0.1", "garbage, 203.0.113.9", ("127.0.0.1",), "203.0.113.9"),
        ("127.0.0.1", "203.0.113.9, garbage", ("127.0.0.1",), "127.0.0.1"),
        ("::1", "[2001:db8::5]:4711", ("::1",), "2001:db8::5"),
        ("127.0.0.1", "203.0.113.9:1234", ("127.0.0.1",), "203.0.113.9"),
        (None, "203.0.113.9", ("127.0.0.1",), "unknown"),
    ],
)
def test_client_address(peer: str | None, header: str, proxies: tuple[str, ...], expected: str) -> None:
    networks = WebSettings(trusted_proxies=proxies).proxy_networks()
    assert client_address(peer, header, networks) == expected


def test_buckets_refill_and_forget() -> None:
    clock = Clock()
    limiter = RateLimiter(clock=clock, max_clients=100)
    bucket = Bucket("b", capacity=2, per_second=1.0)
    assert [limiter.take("a", bucket) for _ in range(3)] == [0.0, 0.0, 1.0]
    assert limiter.take("b", bucket) == 0.0  # each client its own
    clock.now += 1
    assert limiter.take("a", bucket) == 0.0
    clock.now += 10
    limiter.take("c", bucket)
    assert len(limiter) <= 2  # the full buckets of a and b are forgotten


def test_the_table_names_no_address() -> None:
    limiter = RateLimiter()
    limiter.take("203.0.113.9", Bucket("b", 1, 0.001))
    assert "203.0.113.9" not in repr(limiter._levels)


# --- settings -------------------------------------------------------------------------------------


def test_web_settings_from_the_file_the_environment_and_options(tmp_path: Path) -> None:
    config = tmp_path / "quitx.toml"
    config.write_text('timeout = 12\n[web]\nmax_checks = 2\nport = 9000\ntrusted_proxies = ["10.0.0.0/8"]\n')
    environ = {
        "QUITX_WEB_MAX_WAITING": "3",
        "QUITX_WEB_ALLOWED_HOSTS": "a.example, b.example",
        "QUITX_WEB_PORT": "9100",
    }
    web = load_web_settings(config, environ=environ, port=9200)
    assert (web.max_checks, web.max_waiting, web.port) == (2, 3, 9200)
    assert web.allowed_hosts == ("a.example", "b.example") and web.trusted_proxies == ("10.0.0.0/8",)
    settings = load_settings(config, environ={})
    assert settings.timeout == 12  # the [web] table is the web app's: quitx's settings ignore it


def test_bad_web_settings_name_their_variable() -> None:
    with pytest.raises(ConfigError, match="QUITX_WEB_MAX_CHECKS"):
        load_web_settings(environ={"QUITX_WEB_MAX_CHECKS": "0"})
    with pytest.raises(ConfigError, match="QUITX_WEB_TRUSTED_PROXIES"):
        load_web_settings(environ={"QUITX_WEB_TRUSTED_PROXIES": "not-an-address"})
    with pytest.raises(ConfigError, match="QUITX_WEB_PUBLIC_URL"):
        load_web_settings(environ={"QUITX_WEB_PUBLIC_URL": "ftp://x"})


@pytest.mark.parametrize("name", ["Dockerfile", "nginx.conf", "Caddyfile"])
def test_the_guide_shows_the_example_files_as_they_are(name: str) -> None:
    page = (ROOT / "docs" / "guides" / "web.md").read_text(encoding="utf-8")
    assert (ROOT / "examples" / "web" / name).read_text(encoding="utf-8") in page


def test_every_web_setting_is_documented() -> None:
    page = (ROOT / "docs" / "guides" / "web.md").read_text(encoding="utf-8")
    for field in WebSettings.model_fields:
        assert f"`{env_name(field)}`" in page, field


# --- words ----------------------------------------------------------------------------------------


def test_every_word_exists_in_both_languages() -> None:
    for key, msg in WORDS.items():
        assert msg.fr.strip() and msg.en.strip(), key
        assert re.findall(r"\$\{(\w+)\}", msg.fr) == re.findall(r"\$\{(\w+)\}", msg.en), key
        assert re.findall(r"(?<!\$)\{", msg.fr + msg.en) == [], key  # every placeholder is ${name}


def test_the_templates_ask_only_for_words_that_exist() -> None:
    used = set()
    for template in (WEB / "templates").glob("*.html"):
        used |= set(re.findall(r"""w\(\s*["']([^"']+)["']""", template.read_text()))
    code = "".join(p.read_text() for p in WEB.glob("*.py"))
    used |= set(re.findall(r"""w\(\s*f?["']([a-z_.]+)["']""", code))
    assert used and {k for k in used if not k.endswith(".")} <= set(WORDS)


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "fr"),
        ("", "fr"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("de,en;q=0.5,fr;q=0.4", "en"),
        ("fr-CA", "fr"),
        ("en;q=0,fr;q=0.1", "fr"),
        ("en;q=x", "fr"),
        ("*", "fr"),
    ],
)
def test_negotiate(header: str | None, language: str) -> None:
    assert negotiate(header) == language


def test_french_typography_in_the_words() -> None:
    w = Words("fr")
    for key, msg in WORDS.items():
        fr = msg.fr
        text = w(key) if "{" not in fr else fr
        if "{" not in fr:
            assert re.search(r" [:;?!]", text) is None, key  # a no-break space before : ; ? !
        assert "'" not in fr, key  # the typographic apostrophe
    assert w("colon") == "\u00a0: " and w("title") == "Quitter X\u00a0: écrire à son institution"
    assert (
        w("site.unknown", url="https://a.fr", reason="x")
        == "Le site https://a.fr n’a pas pu être lu\u00a0: x."
    )


# --- the report in words ---------------------------------------------------------------------------


def test_accounts_come_in_the_one_ranking_and_the_headline_says_the_strongest_proof() -> None:
    moved = b.mastodon("univ@old.exemple.fr", activity=Activity.MOVED, moved_to="univ@social.exemple.fr")
    lookalike = b.mastodon("univ_fan@piaille.fr", confidence=Confidence.CANDIDATE, followers=3)
    view = present(b.report(moved, lookalike), Words("en"))
    mastodon = view.networks[0]
    assert mastodon.name == "Mastodon" and view.networks[1].name == "Bluesky"
    assert [a.handle for a in mastodon.accounts] == ["@univ_fan@piaille.fr", "@univ@old.exemple.fr"]
    assert (mastodon.state, mastodon.headline) == ("present", "An account proven to be the institution’s.")


def test_every_reason_a_place_could_not_be_asked_is_worded() -> None:
    down = b.report(
        mastodon=Verdict.UNKNOWN, instances=[b.instance("piaille.fr", Verdict.UNKNOWN, Reason.DANGLING_DID)]
    )
    place = present(down, Words("fr")).networks[0].places[0]
    assert (place.name, place.text) == (
        "piaille.fr",
        "pas pu être interrogé\u00a0: DID inconnu de l’annuaire PLC",
    )


# --- the library door -----------------------------------------------------------------------------


def test_only_the_adapter_imports_the_library() -> None:
    for path in WEB.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level >= 2:
                assert path.name == "library.py", f"{path.name} imports ..{node.module}"
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("quitx"):
                assert path.name == "library.py", f"{path.name} imports {node.module}"


WEB_STACK = ("starlette", "jinja2", "uvicorn", "quitx.web")


def loaded_after(code: str) -> list[str]:
    """The web stack's modules a fresh interpreter holds after running ``code``."""
    probe = f"{code}\nimport sys\nprint([m for m in sys.modules if m.startswith({WEB_STACK!r})])"
    return list(
        ast.literal_eval(subprocess.check_output([sys.executable, "-c", probe], text=True).splitlines()[-1])
    )


def test_import_quitx_does_not_import_the_web_stack() -> None:
    assert loaded_after("import quitx; quitx.check") == []


def test_quitx_help_does_not_import_the_web_stack() -> None:
    code = (
        "import contextlib, io\nfrom quitx.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['serve', '--help'])"
    )
    assert loaded_after(code) == []


def test_an_institution_from_the_form() -> None:
    found = library.institution(
        "  Université   Exemple ", "https://www.univ-exemple.fr/accueil", "media", "en"
    )
    assert (found.name, found.domain, found.homepage, found.kind.value, found.language) == (
        "Université Exemple",
        "univ-exemple.fr",
        "https://www.univ-exemple.fr/accueil",
        "media",
        "en",
    )
    assert library.institution("CNRS", "", "", "fr").domain is None
    for website in ("ftp://x.fr", "a b.fr", "localhost", "http://", "x" * 2001 + ".fr"):
        with pytest.raises(library.InputProblem) as problem:
            library.institution("CNRS", website, "research", "fr")
        assert problem.value.field == "website"


def test_the_same_institution_however_typed() -> None:
    keys = {
        library.institution_key(library.institution(n, w, "research", "fr"))
        for n, w in (("Université Exemple", "univ-exemple.fr"), ("universite  exemple", "UNIV-EXEMPLE.FR"))
    }
    assert len(keys) == 1


def test_edited_markup_keeps_placeholders_and_drops_unsafe_links() -> None:
    file = library.download(
        "letter",
        "html",
        "Voir [ici](javascript:alert(1)) et [là](https://ok.example/) ${nom}\n\n```\n${code}\n```\n",
        subject="S",
        language="fr",
        slug="Ab../../c",
    )
    page = file.content.decode()
    assert "javascript" not in page and 'href="https://ok.example/"' in page
    assert "${nom}" in page and "${code}" in page
    assert file.filename == "lettre-abc.html"


# --- quitx serve ----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_quitx_serve_serves_the_page(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "QUITX_CACHE_DIR": str(tmp_path), "QUITX_WEB_PORT": str(port)}
    env.pop("QUITX_CONFIG", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "quitx", "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    health = r.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Accept-Language": "en"})
        with urllib.request.urlopen(request, timeout=5) as r:
            page = r.read().decode()
            headers = {k.lower(): v for k, v in r.headers.items()}
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0].decode()
    assert '"status":"ok"' in health
    assert "The institution’s name" in page and "content-security-policy" in headers
    assert "server" not in {k.lower() for k in headers}
    assert "GET /" not in output  # no access log: the visitors' addresses are not written


# --- contrast -----------------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("text", "bg"),
        ("muted", "bg"),
        ("link", "bg"),
        ("muted", "soft"),
        ("link", "soft"),
        ("accent-text", "accent"),
        ("ok", "ok-bg"),
        ("warn", "warn-bg"),
        ("bad", "bad-bg"),
        ("none", "none-bg"),
        ("bad", "bg"),
    ],
)
def test_text_contrast_meets_wcag_aa(text: str, background: str) -> None:
    css = (WEB / "static" / "app.css").read_text()
    colours = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6})", css))
    assert contrast(colours[text], colours[background]) >= 4.5


def test_every_status_mark_of_the_annex_is_coloured_on_the_page() -> None:
    from typing import get_args

    from quitx.doc import Tone

    css = (WEB / "static" / "app.css").read_text()
    for tone in get_args(Tone):  # "fait", "à faire", "à vérifier" in the annex shown on the page
        assert re.search(rf"\.badge\.{tone}\b[^{{]*\{{[^}}]*background", css), tone
