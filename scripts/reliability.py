"""Re-run the reliability table: bad inputs and injected faults, counted, with their results.

    python scripts/reliability.py              # prints the table
    python scripts/reliability.py --write      # also rewrites docs/reliability.md
    python scripts/reliability.py --random 2000 --seed 7

Bad inputs must give a clear error (never a crash, never a verdict); faults must give the true
verdict or "unknown" (never a false "absent" nor a false "present"). Nothing here touches the
network: faults are injected between quitx and a small world whose truth is known (testnet/faults.py);
hostile networks and servers are real servers started on 127.0.0.1 (testnet/dns.py, testnet/web.py)
and worlds whose every answer may be hostile (testnet/hostile_world.py, as many as --random);
the verdict classes of servers that lie or impersonate are the cases of testnet/hostile.py.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import random
import re
import socket
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# hostile networks and servers
from testnet.dns import DnsServer  # noqa: E402
from testnet.faults import DNS_FAULTS, ENDPOINTS, FAULTS, Schedule, run_case, wrong  # noqa: E402
from testnet.hostile_world import HOSTILE_STRINGS, active, gzip_bomb, rendered_with, run_world  # noqa: E402
from testnet.web import Response, WebServer  # noqa: E402
from testnet.world import DNS_CANARY as CANARY  # noqa: E402

from quitx import InvalidReferenceError, parse_ref  # noqa: E402
from quitx._http import HttpEngine, HttpResult  # noqa: E402
from quitx.batch import RowError, read_institutions  # noqa: E402
from quitx.cli import main as cli  # noqa: E402
from quitx.config import Settings, load_settings  # noqa: E402
from quitx.lookup import aexists_many  # noqa: E402
from quitx.models import (  # noqa: E402
    Institution,
    Reason,
    Report,
    Verdict,
    WebsiteReport,
)
from quitx.presence import check  # noqa: E402
from quitx.probes.website import MAX_LINK_HOSTS, probe_website  # noqa: E402

VECTORS = ROOT.parent / "shared" / "data" / "atproto-interop-tests"
Row = tuple[str, int, str]  # what, cases, result


def _lines(name: str) -> list[str]:
    path = VECTORS / name
    if not path.exists():
        return []
    return [
        line for line in path.read_text(encoding="utf-8").split("\n") if line and not line.startswith("#")
    ]


def bad_references() -> list[Row]:
    rows: list[Row] = []
    for name in ("handle_syntax_invalid.txt", "did_syntax_invalid.txt", "atidentifier_syntax_invalid.txt"):
        cases = _lines(name)
        if not cases:
            rows.append((f"invalid lines of {name}", 0, "skipped: ../shared/data not available"))
            continue
        refused = 0
        for case in cases:
            with contextlib.suppress(InvalidReferenceError):
                parse_ref(case)
                continue
            refused += 1
        # a few invalid handles are valid after trimming/lowercasing, which parse_ref does on purpose
        rows.append(
            (
                f"invalid lines of {name} through parse_ref",
                len(cases),
                f"{refused} refused with a reason, "
                f"{len(cases) - refused} normalised into a valid reference (spaces, case), none crashed",
            )
        )
    odd = [
        "",
        " ",
        "@",
        "@@",
        "a@",
        "@a@",
        "x" * 10_000,
        "\x00\x1b[2J",
        "ｕｎｉｖ.fr",
        "univ\u0435rsity.fr",
        "https://",
        "https://bsky.app/profile/",
        "did:",
        "at://",
        "javascript:alert(1)",
        "user@" + "a" * 300,
    ]
    crashed = 0
    for case in odd:
        try:
            parse_ref(case)
        except InvalidReferenceError:
            pass
        except Exception:  # counted: a crash is a finding
            crashed += 1
    rows.append(
        (
            "odd references (empty, 10,000 chars, control chars, mixed scripts, bare schemes)",
            len(odd),
            "no crash" if not crashed else f"{crashed} CRASHED",
        )
    )
    return rows


def _cli(args: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    out = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            status = cli(args)
        except SystemExit as exc:
            status = int(exc.code or 0)
    lines = err.getvalue().strip().splitlines()
    errors = [line for line in lines if line.startswith("quitx: error:")]  # a "hint:" line follows
    return status, (errors or lines or [""])[-1]


def bad_files() -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        (d / "bad.toml").write_text("timeout = [", encoding="utf-8")
        (d / "v2.json").write_text(
            json.dumps({"schema_version": 2, "institution": {"name": "X"}}), encoding="utf-8"
        )
        (d / "latin1.json").write_bytes('{"name": "Universit\xe9"}'.encode("latin-1"))
        cases: list[tuple[str, list[str]]] = [
            ("unreadable config file", ["--config", str(d / "bad.toml"), "exists", "@a@b.fr"]),
            ("missing config file", ["--config", str(d / "none.toml"), "exists", "@a@b.fr"]),
            ("report JSON of another schema version", ["letter", "--report", str(d / "v2.json")]),
            ("institution JSON in Latin-1", ["check", "--from-json", str(d / "latin1.json")]),
            ("empty institution name", ["letter", "", "--offline"]),
            ("10,000-character name", ["letter", "x" * 10_000, "--offline"]),
            ("bad date", ["letter", "X", "--offline", "--date", "2026-13-45"]),
        ]
        for what, args in cases:
            status, message = _cli(args)
            ok = status == 2 and message.startswith("quitx: error:")
            rows.append(
                (
                    what,
                    1,
                    f"exit {status}: {message[:90]}" if ok else f"UNEXPECTED exit {status}: {message[:90]}",
                )
            )
    return rows


def bad_rows() -> list[Row]:
    from quitx.batch import RowError, read_institutions

    csv_text = (
        "name,domain,handles,kind\n"
        "Université Exemple,univ-exemple.fr,,research\n"  # good
        ",no-name.fr,,\n"  # no name
        "Bad Kind,bad.fr,,spaceship\n"  # unknown kind
        "Bad Handle,bad.fr,not a handle,\n"  # bad handle
        + "x"
        * 10_000
        + ",long.fr,,\n"  # a 10,000-character name
        "Ok Again,ok.fr,@ok@ok.fr,\n"  # good
        '"Unclosed quote,x.fr\nLast,last.fr,,\n'  # broken quoting: swallows what follows, as CSV does
    )
    jsonl_text = '{"name": "A", "domain": "a.fr"}\n{not json\n[1, 2]\n{"name": ""}\n{"name": "B"}\n'
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, name, text in (("CSV", "in.csv", csv_text), ("JSONL", "in.jsonl", jsonl_text)):
            path = Path(tmp) / name
            path.write_text(text, encoding="utf-8")
            got = list(read_institutions(path, warn=lambda _: None))
            errors = [r for r in got if isinstance(r, RowError)]
            good = len(got) - len(errors)
            rows.append(
                (
                    f"{label} with broken rows",
                    len(got),
                    f"{good} good rows kept, {len(errors)} errors with their line numbers "
                    f"(lines {', '.join(str(e.line) for e in errors)})",
                )
            )
        latin = Path(tmp) / "latin1.csv"
        latin.write_bytes("name,domain\nUniversit\xe9,u.fr\n".encode("latin-1"))
        got = list(read_institutions(latin, warn=lambda _: None))
        errors = [r for r in got if isinstance(r, RowError)]
        rows.append(
            (
                "CSV in Latin-1 (a non-UTF-8 row)",
                1,
                f"{len(errors)} error: {errors[0].message[:70]}" if errors else "UNEXPECTED: accepted",
            )
        )
    return rows


def names() -> list[Row]:
    weird = ["É", "L'", "Les", "12", "\u202eevil", "<script>", "A" * 300, "Ｕｎｉｖ", "Université\u0000"]
    failures = 0
    for name in weird:
        try:
            Institution(name=name)
            status, _ = _cli(["letter", name, "--offline", "--no-plan", "--format", "html"])
            failures += status not in (0, 2)
        except ValueError:
            pass
    return [
        (
            "odd institution names through the offline letter (HTML)",
            len(weird),
            "clear error or a letter, no crash" if not failures else f"{failures} CRASHED",
        )
    ]


def faults(n_random: int, seed: int) -> list[Row]:
    rows: list[Row] = []

    def count(schedules: list[Schedule]) -> tuple[int, int, float]:
        bad = 0
        worst = 0.0
        for schedule in schedules:
            t = time.monotonic()
            verdicts, _ = asyncio.run(run_case(schedule))
            worst = max(worst, time.monotonic() - t)
            bad += bool(wrong(verdicts))
        return len(schedules), bad, worst

    for fault in FAULTS:
        total, bad, worst = count([Schedule(faults={e: fault}) for e in ENDPOINTS])
        rows.append(
            (
                f"fault '{fault}' on each endpoint ({', '.join(ENDPOINTS)})",
                total * 6,
                ("true verdict or unknown" if not bad else f"{bad} FALSE VERDICTS")
                + f", slowest {worst:.2f} s",
            )
        )
    for dns in DNS_FAULTS:
        total, bad, worst = count([Schedule(dns=dns)])
        rows.append(
            (f"DNS {dns}", total * 6, "true verdict or unknown" if not bad else f"{bad} FALSE VERDICTS")
        )
    rng = random.Random(seed)
    schedules = [
        Schedule(
            faults={e: rng.choice(FAULTS) for e in ENDPOINTS if rng.random() < 0.5},
            once=frozenset(e for e in ENDPOINTS if rng.random() < 0.3),
            dns=rng.choice([None, None, *DNS_FAULTS]),
        )
        for _ in range(n_random)
    ]
    total, bad, worst = count(schedules)
    rows.append(
        (
            f"random fault schedules (seed {seed})",
            total * 6,
            ("true verdict or unknown" if not bad else f"{bad} FALSE VERDICTS") + f", slowest {worst:.2f} s",
        )
    )
    return rows


# --- hostile servers: the verdict classes (testnet/hostile.py) ---------------------------------------------


def _hostile_outcomes() -> list[tuple[str, str, list[str], float]]:
    """Every case of testnet.hostile on one pair of loopback servers: (class, case, problems, seconds)."""
    from testnet.hostile import CASES, HostileWorld, problems, run_case

    out = []
    with HostileWorld() as world:
        for case in CASES:
            t = time.monotonic()
            try:
                found = problems(case, asyncio.run(run_case(case, world)))
            except Exception as exc:  # counted: a crash is a finding
                found = [f"CRASHED: {type(exc).__name__}: {exc}"]
            out.append((case.cls, case.name, found, time.monotonic() - t))
    return out


_HOSTILE: list[tuple[str, str, list[str], float]] = []


def hostile_classes() -> list[Row]:
    from testnet.hostile import CLASSES

    _HOSTILE[:] = _hostile_outcomes()
    rows: list[Row] = []
    for cls, what in CLASSES.items():
        mine = [(found, took) for c, _, found, took in _HOSTILE if c == cls]
        bad = sum(bool(found) for found, _ in mine)
        rows.append(
            (f"**{cls}** — {what}", len(mine), f"{_wrong(bad)}, slowest {max(t for _, t in mine):.2f} s")
        )
    return rows


def hostile_cases() -> list[Row]:
    return [
        (f"{cls}: {name}", 1, "holds" if not found else "FALSE VERDICTS: " + "; ".join(found)[:200])
        for cls, name, found, _ in _HOSTILE
    ]


def batch_reruns() -> list[Row]:
    """``quitx batch`` run again as the world changes (testnet.hostile.batch_reruns)."""
    from testnet.hostile import HostileWorld
    from testnet.hostile import batch_reruns as steps_of

    with HostileWorld() as world, tempfile.TemporaryDirectory() as tmp:
        steps = steps_of(world, Path(tmp))
    return [
        (
            step.what,
            1,
            f"exit {step.status}, {step.checked} checked"
            + ("" if (step.status, step.checked) == step.expected else f" — UNEXPECTED, not {step.expected}"),
        )
        for step in steps
    ]


# --- hostile networks and servers: filtered DNS, hostile payloads, resources, output, waiting ----------
# Real servers on 127.0.0.1 started here (testnet.dns, testnet.web) and the hostile world of
# testnet/hostile_world.py. "Wrong" counts a verdict a letter could not stand on: "absent" for a host that
# exists, or anything but unknown/the truth.


def _wrong(n: int) -> str:
    return "0 wrong verdicts" if not n else f"{n} FALSE VERDICTS"


def _none_or(n: int, what: str) -> str:
    """``0 what``, or the count flagged UNEXPECTED (the test of this script looks for the word)."""
    return f"0 {what}" if not n else f"{n} UNEXPECTED {what}"


def _dns_settings(dns_address: str, **extra: object) -> Settings:
    values: dict[str, object] = {
        "dns_nameservers": [dns_address],
        "dns_canary": CANARY,
        "only_mapped_hosts": True,  # every host is "not resolved" as on a filtered network; nothing leaves
        "retries": 0,
        "dns_timeout": 2.0,
    }
    values.update(extra)
    return load_settings(environ={}, **values)


async def _verdicts_under(dns: DnsServer, names: dict[str, str]) -> list[Verdict]:
    """The verdicts of @x@<mastodon>, <bluesky handle>, @x@piaille.fr (a configured instance) and
    the website <site>, under the resolver ``dns``."""
    settings = _dns_settings(dns.address, instances=["piaille.fr"])
    refs = [f"@x@{names['mastodon']}", names["bluesky"], "@x@piaille.fr"]
    results = await aexists_many(refs, settings=settings)
    async with HttpEngine(settings) as engine:
        site = await probe_website(engine, names["site"])
    return [r.verdict for r in results] + [site.verdict]


def filtered_dns() -> list[Row]:
    lying = {"mastodon": "blocked-exemple.fr", "bluesky": "social-exemple.fr", "site": "univ-exemple.fr"}
    resolvers: list[tuple[str, Callable[[DnsServer], None]]] = [
        (
            "NXDOMAIN for every name, with a plausible SOA (offline machine, captive portal)",
            lambda d: d.filter_everything(soa="fr"),
        ),
        (
            "NXDOMAIN for blocked names, no SOA (a DNS filter: Pi-hole, unbound RPZ)",
            lambda d: [d.filter(n) for n in lying.values()],
        ),
        (
            "NXDOMAIN with the filter's policy-zone SOA (BIND RPZ)",
            lambda d: [d.filter(n, soa="rpz.local") for n in lying.values()],
        ),
        (
            "NXDOMAIN signed by the name's own zone (forged)",
            lambda d: [d.filter(n, soa=n) for n in lying.values()],
        ),
    ]
    rows: list[Row] = []
    for what, configure in resolvers:
        with DnsServer() as dns:
            dns.set_a(CANARY, "127.0.0.1")
            for name in lying.values():
                dns.set_a(name, "127.0.0.1")  # they exist: the resolver lies
            configure(dns)
            verdicts = asyncio.run(_verdicts_under(dns, lying))
        wrong_ = sum(v is not Verdict.UNKNOWN for v in verdicts)
        rows.append(
            (
                f"resolver: {what}",
                len(verdicts),
                f"{_wrong(wrong_)} ({len(verdicts) - wrong_} unknown, dns_unverified)",
            )
        )
    with DnsServer() as dns:  # the control: an honest resolver still proves absence
        dns.set_a(CANARY, "127.0.0.1")
        missing = {
            "mastodon": "nowhere-exemple.fr",
            "bluesky": "nowhere-exemple.fr",
            "site": "nowhere-exemple.fr",
        }
        verdicts = asyncio.run(_verdicts_under(dns, missing))
    expected = [
        Verdict.ABSENT,
        Verdict.ABSENT,
        Verdict.UNKNOWN,
        Verdict.ABSENT,
    ]  # piaille.fr never "does not exist"
    wrong_ = sum(v is not e for v, e in zip(verdicts, expected, strict=True))
    rows.append(
        (
            "honest resolver: names that do not exist, and a configured instance it says NXDOMAIN for",
            len(verdicts),
            f"{_wrong(wrong_)} (3 absent, proven; the configured instance unknown)",
        )
    )
    # a refused connection to an IP address, whose "name" the DNS does not know
    with DnsServer() as dns:
        dns.set_a(CANARY, "127.0.0.1")
        port = _closed_port()
        settings = _dns_settings(dns.address, only_mapped_hosts=False, allow_private_addresses=True)

        async def refused() -> Verdict:
            async with HttpEngine(settings) as engine:
                return (await probe_website(engine, f"http://127.0.0.1:{port}/")).verdict

        verdict = asyncio.run(refused())
    rows.append(
        (
            "a refused connection to an IP-literal host (the DNS says NXDOMAIN for it)",
            1,
            f"{_wrong(int(verdict is not Verdict.UNKNOWN))} ({verdict.value})",
        )
    )
    return rows


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def hostile_payloads(n_worlds: int) -> list[Row]:
    rows: list[Row] = []
    crashes = active_lines = checked = 0
    started = time.monotonic()
    for seed in range(n_worlds):
        outcome = asyncio.run(run_world(seed, rate=(0.1, 0.3, 0.7)[seed % 3]))
        crashes += len(outcome.crashes)
        active_lines += len(outcome.active_output)
        checked += outcome.checked
    rows.append(
        (
            f"hostile worlds: every value of every answer may be hostile ({n_worlds} worlds; 4 references "
            "and 1 institution each)",
            checked,
            f"{_none_or(crashes, 'crashes')}, {_none_or(active_lines, 'active lines printed')} "
            f"({time.monotonic() - started:.0f} s)",
        )
    )
    urls = [
        "https://[evil/users/x",
        "https://evil]/@x",
        "https://ex\u202eample.fr/@univ",
        "https://exa mple.fr/",
        "https://a\x1bb.fr/",
        "https://m.fr:99999/@univ",
        "https://a.fr:x/",
    ]

    async def fetch_all() -> int:
        client = httpx.AsyncClient(
            transport=httpx.MockTransport(
                lambda r: httpx.Response(302, headers=[(b"Location", urls[int(r.url.path[1:])].encode())])
            )
        )
        unreadable = 0
        async with HttpEngine(load_settings(environ={}), client) as engine:
            for i, url in enumerate(urls):
                direct, redirected = await engine.get(url), await engine.get(f"https://a.fr/{i}")
                unreadable += (direct.failure is Reason.BAD_RESPONSE) + (
                    redirected.failure is Reason.BAD_RESPONSE
                )
        await client.aclose()
        return unreadable

    unreadable = asyncio.run(fetch_all())
    rows.append(
        (
            "URLs no request can carry ('[', a bidi control or a space in the host, a bad port), "
            "asked for and in a Location header",
            2 * len(urls),
            f"{unreadable} unreadable (bad_response), "
            f"{_none_or(2 * len(urls) - unreadable, 'other')}, no exception",
        )
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.jsonl"
        path.write_text('{"name": "A"}\n' + "[" * 200_000 + '\n{"name": "B"}\n', encoding="utf-8")
        got = list(read_institutions(path, warn=lambda _: None))
    bad = [r for r in got if isinstance(r, RowError)]
    rows.append(
        (
            "a JSONL row nested 200,000 deep among good rows",
            len(got),
            f"{len(bad)} bad row (line {', '.join(str(r.line) for r in bad)}), "
            f"{len(got) - len(bad)} good rows kept",
        )
    )
    with DnsServer() as dns:
        dns.set_a(CANARY, "127.0.0.1")
        env = {
            "QUITX_DNS_NAMESERVERS": dns.address,
            "QUITX_DNS_CANARY": CANARY,
            "QUITX_ONLY_MAPPED_HOSTS": "true",
        }
        with _environ(env):
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
                status = cli(
                    [
                        "exists",
                        "not a ref",
                        "@x@nowhere-exemple.fr",
                        "nowhere-exemple.fr",
                        "--format",
                        "jsonl",
                    ]
                )
    checked_refs = len(out.getvalue().splitlines())
    rows.append(
        (
            "quitx exists with one bad reference among three",
            3,
            f"exit {status}, the bad one reported, {checked_refs} others checked",
        )
    )
    return rows


@contextlib.contextmanager
def _environ(values: dict[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def bounded_resources() -> list[Row]:
    rows: list[Row] = []
    with WebServer() as web:
        html = {"Content-Type": "text/html"}
        for layers in (1, 2):
            bomb = gzip_bomb(2 << 30, layers=layers)
            encoding = ", ".join(["gzip"] * layers)
            web.add_route(
                f"bomb{layers}.exemple.fr", "/", Response(200, {**html, "Content-Encoding": encoding}, bomb)
            )
            settings = load_settings(environ={}, host_map={f"bomb{layers}.exemple.fr": web.base_url})
            tracemalloc.start()
            started = time.monotonic()
            result = asyncio.run(_get(settings, f"https://bomb{layers}.exemple.fr/"))
            took = time.monotonic() - started
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            rows.append(
                (
                    f"a gzip bomb: {len(bomb):,} bytes on the wire, 2 GiB decoded "
                    f"(Content-Encoding: {encoding})",
                    1,
                    f"read {len(result.body):,} bytes (the cap), truncated; "
                    f"peak {peak / 1e6:.0f} MB, {took:.2f} s",
                )
            )
        web.add_route("drip.exemple.fr", "/", Response(200, html, "x" * 100, drip=2.0))
        settings = load_settings(environ={}, host_map={"drip.exemple.fr": web.base_url}, request_deadline=3.0)
        started = time.monotonic()
        result = asyncio.run(_get(settings, "https://drip.exemple.fr/"))
        rows.append(
            (
                "a server that drips one byte every 2 s (100 bytes: 200 s), request_deadline 3 s",
                1,
                f"{result.failure.value if result.failure else 'read'} "
                f"after {time.monotonic() - started:.1f} s: "
                f"{result.error}",
            )
        )
        hosts = [f"host{i}.links.exemple.fr" for i in range(4999)]
        page = "<html>" + "".join(f'<a href="https://{h}/@univ">x</a>' for h in hosts) + "</html>"
        web.add_route("links.exemple.fr", "/", Response(200, html, page))
        for host in hosts:
            web.add_host(host)
        with DnsServer() as dns:
            dns.set_a(CANARY, "127.0.0.1")
            settings = _dns_settings(
                dns.address,
                host_map={"links.exemple.fr": web.base_url, "*.links.exemple.fr": web.base_url},
                instances=[],
            )
            report = check(Institution(name="Université Liens", domain="links.exemple.fr"), settings=settings)
        contacted = sum(bool(web.requests(h)) for h in hosts)
        wrong_ = int(report.mastodon.verdict is Verdict.ABSENT)
        rows.append(
            (
                f"a homepage linking to {len(hosts):,} fediverse servers "
                f"(cap: {MAX_LINK_HOSTS} servers per page)",
                1,
                f"{contacted} servers contacted, "
                f"{report.website.links_skipped if report.website else '?'} links left out; "
                f"Mastodon {report.mastodon.verdict.value}: {_wrong(wrong_)}",
            )
        )
    translated = [
        "64:ff9b::7f00:1",
        "64:ff9b::a00:1",
        "64:ff9b:1::1",
        "2002:7f00:1::1",
        "2002:a00:1::1",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",
        "::ffff:127.0.0.1",
        "::ffff:0:7f00:1",
        "::127.0.0.1",
        "fec0::1",
        "192.88.99.1",
        "100.64.0.1",
    ]

    async def guard() -> tuple[int, int]:
        async with HttpEngine(load_settings(environ={})) as engine:
            refused = 0
            for address in translated:
                host = f"[{address}]" if ":" in address else address
                result = await engine.get(f"http://{host}/")
                refused += "non-public address" in (result.error or "")
            return refused, engine.stats().requests

    refused, sent = asyncio.run(guard())
    rows.append(
        (
            "URLs to NAT64, 6to4, Teredo, IPv4-mapped/-translated, site-local and CGN addresses",
            len(translated),
            f"{refused} refused by the address guard, {_none_or(sent, 'requests sent')}",
        )
    )
    return rows


async def _get(settings: Settings, url: str) -> HttpResult:
    async with HttpEngine(settings) as engine:
        return await engine.get(url)


def inert_output() -> list[Row]:
    from quitx.output import render_report

    strings = [s for s in HOSTILE_STRINGS if active(s) or "`" in s] + ["\u2066x\u2069", "a\x1b[1;1H\x1b[2Kb"]
    report = Report.model_validate_json(
        (ROOT / "tests" / "golden" / "reports" / "present_verified.json").read_text("utf-8")
    )
    active_lines = unescaped = rendered = 0
    for text in strings:
        for out in rendered_with(text, report).values():
            rendered += 1
            active_lines += sum(active(line) for line in out.splitlines())
        markdown = render_report(
            report.model_copy(update={"institution": report.institution.model_copy(update={"name": text})}),
            "md",
        )
        unescaped += bool(re.search(r"(?<!\\)`rm", markdown))
    return [
        (
            "hostile NodeInfo software names and versions, host names, display names, Bluesky verification "
            "statuses, found accounts' reasons and proof chains, apply's requests and results (ESC/CSI, "
            "OSC 8, BEL, CR, U+202E, C1, lone surrogates, backticks) through the table, Markdown and apply "
            "writers",
            rendered,
            f"{_none_or(active_lines, 'lines with an active character')}, "
            f"{_none_or(unescaped, 'unescaped backticks in Markdown')}",
        )
    ]


def fast_unknown() -> list[Row]:
    rows: list[Row] = []
    with WebServer() as web:
        web.add_route("later.exemple.fr", "/", Response(503, {"Retry-After": "3600"}, "maintenance"))
        web.always_429("throttled.exemple.fr", reset_in=3600)
        for host, what in (
            ("later.exemple.fr", "503 with Retry-After: 3600"),
            ("throttled.exemple.fr", "429 with X-RateLimit-Reset an hour ahead"),
        ):
            settings = load_settings(environ={}, host_map={host: web.base_url}, instances=[])
            started = time.monotonic()

            async def probe(settings: Settings = settings, host: str = host) -> WebsiteReport:
                async with HttpEngine(settings) as engine:
                    return await probe_website(engine, host)

            report = asyncio.run(probe())
            took = time.monotonic() - started
            rows.append(
                (
                    f"a homepage answering {what} (max_rate_limit_wait 30 s, 2 retries)",
                    1,
                    f"{report.verdict.value} ({report.reason.value}) after {took:.2f} s and "
                    f"{len(web.requests(host))} request, retry_after {report.retry_after or 0:.0f} s",
                )
            )
    return rows


def table(rows: list[Row]) -> str:
    lines = ["| input or fault | cases | result |", "|---|---|---|"]
    lines += [f"| {what} | {cases} | {result} |" for what, cases, result in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--random", type=int, default=500, help="random fault schedules to run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--write", action="store_true", help="rewrite docs/reliability.md")
    args = parser.parse_args()
    sections: list[tuple[str, Callable[[], list[Row]]]] = [
        ("Bad references", bad_references),
        ("Bad files and options (CLI)", bad_files),
        ("Bad rows in a batch (the good rows go on)", bad_rows),
        ("Odd names", names),
        (
            "Hostile servers: the verdict classes (each case a small world on loopback servers; "
            "what must hold: testnet/hostile.py)",
            hostile_classes,
        ),
        ("Hostile servers: the cases", hostile_cases),
        ("Batch re-runs: a row that ended unknown is checked again (exit 4 while unknown)", batch_reruns),
        (
            "Injected faults (each case checks 6 references: 3 present, 3 absent)",
            lambda: faults(args.random, args.seed),
        ),
        (
            "Filtered or offline DNS: NXDOMAIN is proof only from a resolver shown to see the DNS",
            filtered_dns,
        ),
        ("Hostile payloads: remote data never crashes a check", lambda: hostile_payloads(args.random)),
        ("Bounded resources: bombs, drips, link farms, translated addresses", bounded_resources),
        ("Inert terminal output", inert_output),
        ("Fast unknown: a wait longer than max_rate_limit_wait is not waited", fast_unknown),
    ]
    out = []
    for title, produce in sections:
        out.append(f"### {title}\n\n{table(produce())}\n")
    body = "\n".join(out)
    print(body)
    if args.write:
        doc = ROOT / "docs" / "reliability.md"
        doc.write_text(
            "# Reliability: bad input, faults and hostile servers\n\n"
            "Produced by `python scripts/reliability.py --write` (re-run it to check).\n"
            "Bad inputs must give a clear one-line error and a documented exit status (2);\n"
            "injected faults must give the true verdict or `unknown` —\n"
            "never a false `absent` nor a false `present`; hostile servers must not make quitx\n"
            "call an impersonator verified, nor turn what they break into `absent`.\n"
            "Hostile networks and servers (a DNS that lies, payloads built to break parsers, bombs,\n"
            "drips, link farms, terminal escapes) must cost no crash, no wrong verdict, no unbounded\n"
            "memory or time, and no active character on a terminal; the servers run on 127.0.0.1.\n\n" + body,
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
