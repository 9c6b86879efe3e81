"""A hostile world: every server answers in the right shape, with values chosen to break a parser.

``HostileTransport`` plays a Mastodon instance, a few fediverse hosts, a homepage, the PLC
directory, the Bluesky AppView and Bridgy Fed through httpx; ``HostileDns`` plays the DNS. Each
value of each answer is, with probability ``rate``, replaced by a hostile one (`HOSTILE_STRINGS`,
`HOSTILE_VALUES`): URLs with an unbalanced ``[`` or a bidi control in their host, terminal escape
sequences (CSI, OSC 8 links, BEL, CR), right-to-left overrides, lone surrogates, dates such as
``0000-01-01``, numbers past every bound, the wrong JSON type, JSON nested a hundred thousand
deep, charsets such as ``idna``, hostile ``Location`` and rate-limit headers.

``run_world(seed)`` checks references and an institution against one such world and renders
every text output; it returns what went wrong: exceptions that escaped (a crash of a check), and
output lines that still hold a control or bidi character. Both must be empty: remote data becomes
unreadable evidence for that item, never a crash, and never reaches a terminal active.

Used by tests/unit/test_hostile_world.py (hypothesis) and scripts/reliability.py.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import random
import struct
import traceback
import zlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import httpx

from quitx._http.dns import DnsAnswer, DnsResolver, DnsStatus
from quitx.config import Settings, load_settings
from quitx.lookup import Prober
from quitx.models import ExistsResult, Institution, Report

__all__ = [
    "HOSTILE_STRINGS",
    "HOSTILE_VALUES",
    "HostileDns",
    "HostileTransport",
    "WorldOutcome",
    "active",
    "gzip_bomb",
    "rendered_with",
    "run_world",
]

INSTANCE = "m.fr"
DOMAIN = "univ.fr"
DID = "did:plc:univunivunivunivunivuniv"

HOSTILE_STRINGS: tuple[str, ...] = (
    "https://[evil/users/x",  # an unbalanced "[": urlsplit raises
    "https://evil]/@x",
    "https://ex\u202eample.fr/@univ",  # a bidi override in a host
    "https://m.fr:99999/@univ",  # a port out of range
    "\x1b]8;;https://evil.example/\x1b\\Université Exemple\x1b]8;;\x1b\\",  # an OSC 8 hyperlink
    "\x1b[2J\x1b[31mUniversité\x1b[0m",  # clear the screen, red
    "\u202eelpmexE étisrevinU",  # right-to-left override
    "abc\rOVERWRITTEN",  # a carriage return
    "\x07\x07\x07",  # BEL
    "\x9b31m",  # an 8-bit CSI
    "`rm -rf`",  # a Markdown code span
    "\ud800",  # a lone surrogate (JSON "\\ud800")
    "0000-01-01T00:00:00.000Z",  # a date Python cannot hold
    "9" * 400,
    "",
    "javascript:alert(1)",
    "{uri}",
    "https://[::1]/{uri}",
    "@univ@[evil",
    "did:web:evil%5B",
    "did:plc:" + "a" * 3000,
    "acct:univ@m.fr",
)
HOSTILE_VALUES: tuple[Any, ...] = (None, 0, -1, 10**30, 1e308, True, [], {}, [[["deep"]]], {"a": None})
_DEEP = "[" * 100_000  # JSON nested too deep for any recursive parser


def gzip_bomb(n_bytes: int, *, layers: int = 1) -> bytes:
    """A gzip body that inflates to ``n_bytes`` zeros (a multiple of 1 MiB), ``layers`` times gzip:
    ``Content-Encoding: gzip, gzip`` for two. Built in a fraction of a second: one megabyte of
    zeros is deflated once, ending on a full flush (so it stands alone), and repeated."""
    mib = 1 << 20
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = packer.compress(bytes(mib)) + packer.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()  # an empty last block
    crc = 0
    chunk = bytes(16 * mib)
    for _ in range(n_bytes // len(chunk)):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(bytes(n_bytes % len(chunk)), crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    body = header + block * (n_bytes // mib) + final + struct.pack("<II", crc, n_bytes & 0xFFFFFFFF)
    for _ in range(layers - 1):
        body = gzip.compress(body)
    return body


@dataclass
class HostileTransport(httpx.AsyncBaseTransport):
    """The world's servers; ``rate`` is the share of values made hostile."""

    rng: random.Random
    rate: float = 0.3
    requests: int = 0

    def value(self, sane: Any) -> Any:
        roll = self.rng.random()
        if roll >= self.rate:
            return sane
        if roll < self.rate * 0.75:
            return self.rng.choice(HOSTILE_STRINGS)
        return self.rng.choice(HOSTILE_VALUES)

    def url(self, sane: str | None) -> Any:
        return self.value(sane)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        roll = self.rng.random()
        if roll < self.rate * 0.1:  # a hostile answer whatever was asked
            return self._hostile_answer(request)
        payload = self._payload(request)
        if isinstance(payload, httpx.Response):
            return payload
        if payload is None:
            return httpx.Response(404, json={"error": "Record not found"})
        body = json.dumps(payload, ensure_ascii=True).encode()  # lone surrogates survive as \\ud800
        return httpx.Response(200, headers=self._headers("application/json"), content=body)

    def _headers(self, content_type: str) -> list[tuple[bytes, bytes]]:
        headers = [(b"Content-Type", content_type.encode())]
        if self.rng.random() < self.rate * 0.2:
            name = self.rng.choice([b"X-RateLimit-Remaining", b"X-RateLimit-Reset", b"Retry-After"])
            value = self.rng.choice(["inf", "nan", "²", "-1", "9" * 40, "2026-13-45T99:99:99Z", "\u202e1"])
            headers.append((name, value.encode()))
        return headers

    def _hostile_answer(self, request: httpx.Request) -> httpx.Response:
        kind = self.rng.choice(["location", "deep", "charset", "encoding", "status"])
        if kind == "location":
            target = self.rng.choice(HOSTILE_STRINGS[:4])
            return httpx.Response(302, headers=[(b"Location", target.encode("utf-8", "surrogatepass"))])
        if kind == "deep":
            return httpx.Response(200, headers=self._headers("application/json"), content=_DEEP.encode())
        if kind == "charset":
            charset = self.rng.choice(["idna", "undefined", "utf-7", "x-unknown", "utf-16"])
            return httpx.Response(
                200,
                headers=[(b"Content-Type", f"text/html; charset={charset}".encode())],
                content=b"<html>\xff",
            )
        if kind == "encoding":
            return httpx.Response(
                200, headers=[(b"Content-Type", b"text/html"), (b"Content-Encoding", b"gzip")], content=b"no"
            )
        return httpx.Response(self.rng.choice([500, 503, 429, 401, 410]), headers=self._headers("text/plain"))

    def _payload(self, request: httpx.Request) -> Any:
        host, path = request.url.host, request.url.path
        query = {k: v[0] for k, v in parse_qs(request.url.query.decode("ascii", "replace")).items()}
        v, url = self.value, self.url
        if path == "/":
            return self._homepage()
        if path == "/.well-known/webfinger":
            user = query.get("resource", "acct:x@m.fr").removeprefix("acct:").split("@")[0]
            return {
                "subject": v(f"acct:{user}@{host}"),
                "aliases": [url(f"https://{host}/@{user}")],
                "links": [
                    {
                        "rel": "self",
                        "type": "application/activity+json",
                        "href": url(f"https://{host}/users/{user}"),
                    },
                    {"rel": "http://webfinger.net/rel/profile-page", "href": url(f"https://{host}/@{user}")},
                ],
            }
        if path == "/.well-known/host-meta":
            template = self.rng.choice(
                [f"https://{host}/.well-known/webfinger?resource={{uri}}", *HOSTILE_STRINGS]
            )
            body = f'<XRD><Link rel="lrdd" template="{template}"/></XRD>'
            return httpx.Response(200, headers=self._headers("application/xrd+xml"), content=_bytes(body))
        if path == "/api/v1/accounts/lookup":
            return self._account(query.get("acct", "univ"), host)
        if path.startswith("/users/"):
            return {
                "id": url(f"https://{host}{path}"),
                "preferredUsername": v(path.rsplit("/", 1)[-1]),
                "name": v("Université Exemple"),
                "summary": v("<p>Bio</p>"),
                "url": url(f"https://{host}/@univ"),
                "published": v("2022-11-07T00:00:00Z"),
                "movedTo": v(None),
            }
        if path == "/.well-known/nodeinfo":
            return {
                "links": [
                    {
                        "rel": "http://nodeinfo.diaspora.software/ns/schema/2.0",
                        "href": url(f"https://{host}/nodeinfo/2.0"),
                    }
                ]
            }
        if path == "/nodeinfo/2.0":
            return {
                "software": {"name": v("mastodon"), "version": v("4.3.0")},
                "usage": {"users": {"total": v(1234)}},
            }
        if path in ("/api/v2/instance", "/api/v1/instance"):
            return {
                "domain": v(host),
                "uri": v(host),
                "title": v("M"),
                "version": v("4.3.0"),
                "languages": [v("fr")],
                "registrations": {"enabled": v(True), "approval_required": v(False), "url": url(None)},
                "contact": {"email": v("admin@m.fr"), "account": {"acct": v("admin")}},
                "rules": [{"id": "1", "text": v("Be nice")}],
            }
        if path == "/api/v1/instance/domain_blocks":
            return [{"domain": v("brid.gy"), "digest": v(None), "severity": v("suspend")}]
        if path == "/api/v2/search":
            return {"accounts": [self._account("univ", host), self._account("univ@elsewhere.fr", host)]}
        if path == "/.well-known/atproto-did":
            return httpx.Response(200, headers=self._headers("text/plain"), content=_bytes(str(v(DID))))
        if host == "plc.directory":
            return {
                "id": v(path.lstrip("/")),
                "alsoKnownAs": [v(f"at://{DOMAIN}")],
                "verificationMethod": [],
                "service": [
                    {
                        "id": "#atproto_pds",
                        "type": "AtprotoPersonalDataServer",
                        "serviceEndpoint": url("https://pds.fr"),
                    }
                ],
            }
        if path.startswith("/xrpc/app.bsky.actor.getProfiles"):
            return {"profiles": [self._profile(a) for a in request.url.params.get_list("actors")]}
        if path.startswith("/xrpc/app.bsky.actor.getProfile"):
            return self._profile(query.get("actor", DID))
        if path.startswith("/xrpc/app.bsky.actor.searchActors"):
            return {"actors": [self._profile(DID), self._profile("did:plc:otherotherotherotherothe")]}
        if path.startswith("/xrpc/app.bsky.feed.getAuthorFeed"):
            return {
                "feed": [{"post": {"record": {"createdAt": v("2026-01-01T00:00:00Z")}, "indexedAt": v(None)}}]
            }
        if path.startswith(("/ap/", "/bsky/")):
            return httpx.Response(
                self.rng.choice([200, 404]), headers=self._headers("text/html"), text="<html>"
            )
        return None

    def _account(self, acct: str, host: str) -> dict[str, Any]:
        v, url = self.value, self.url
        username = acct.split("@")[0]
        return {
            "id": v("1"),
            "username": v(username),
            "acct": v(acct),
            "url": url(f"https://{host}/@{username}"),
            "uri": url(f"https://{host}/users/{username}"),
            "display_name": v("Université Exemple"),
            "note": v("<p>Compte officiel</p>"),
            "avatar": url(f"https://{host}/a.png"),
            "followers_count": v(100),
            "following_count": v(10),
            "statuses_count": v(50),
            "last_status_at": v("2026-08-01"),
            "created_at": v("2022-11-07T00:00:00.000Z"),
            "bot": v(False),
            "locked": v(False),
            "moved": v(None),
            "fields": [
                {
                    "name": v("Site"),
                    "value": v(f'<a href="https://{DOMAIN}/">{DOMAIN}</a>'),
                    "verified_at": v(None),
                }
            ],
        }

    def _profile(self, did: str) -> dict[str, Any]:
        v, url = self.value, self.url
        return {
            "did": v(did),
            "handle": v(DOMAIN),
            "displayName": v("Université Exemple"),
            "description": v("Compte officiel"),
            "avatar": url("https://cdn.bsky.app/a.jpg"),
            "followersCount": v(100),
            "followsCount": v(10),
            "postsCount": v(5),
            "createdAt": v("2023-04-01T00:00:00.000Z"),
            "indexedAt": v("2023-04-01T00:00:00.000Z"),
            "labels": [{"src": v(did), "val": v("!hide"), "neg": v(False)}],
            "verification": {"verifiedStatus": v("valid"), "trustedVerifierStatus": v("none")},
        }

    def _homepage(self) -> httpx.Response:
        links = [
            f"https://{INSTANCE}/@univ",
            f"https://bsky.app/profile/{DOMAIN}",
            "https://x.com/univ",
            *(self.rng.choice(HOSTILE_STRINGS) for _ in range(5)),
            *(f"https://host{i}.fr/@univ" for i in range(self.rng.randrange(0, 40))),
        ]
        anchors = "".join(f'<a rel="me" href="{link}">{self.value("lien")}</a>' for link in links)
        meta = f'<meta name="fediverse:creator" content="{self.value("@univ@m.fr")}">'
        page = f"<html>{meta}{anchors}</html>"
        return httpx.Response(200, headers=self._headers("text/html; charset=utf-8"), content=_bytes(page))


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")  # a lone surrogate goes on the wire as a server sends it


class HostileDns(DnsResolver):
    """The DNS of the hostile world: TXT records with odd DIDs, or negatives, for any name."""

    def __init__(self, settings: Settings, rng: random.Random) -> None:
        super().__init__(settings)
        self.rng = rng

    async def ask(self, name: str, rdtype: str) -> DnsAnswer:
        if name == self.settings.dns_canary:
            return DnsAnswer(name, rdtype, DnsStatus.OK, ("192.0.2.1",), "hostile", 0)
        if rdtype == "TXT" and self.rng.random() < 0.5:
            records = tuple(
                f"did={self.rng.choice([DID, *HOSTILE_STRINGS])}" for _ in range(self.rng.randrange(1, 3))
            )
            return DnsAnswer(name, rdtype, DnsStatus.OK, records, "hostile", 0)
        status = self.rng.choice([DnsStatus.NXDOMAIN, DnsStatus.NODATA, DnsStatus.SERVFAIL])
        return DnsAnswer(name, rdtype, status, (), "hostile", 0, soa=name.rsplit(".", 1)[-1])


@dataclass
class WorldOutcome:
    crashes: list[str] = field(default_factory=list)  # exceptions that escaped a check or a writer
    active_output: list[str] = field(default_factory=list)  # printed lines that still hold a control
    checked: int = 0  # references and institutions checked
    requests: int = 0


REFERENCES = (f"@univ@{INSTANCE}", "@univ@elsewhere.fr", DOMAIN, DID)


def _settings() -> Settings:
    return load_settings(environ={}, instances=[INSTANCE], retries=0, max_rate_limit_wait=0.0)


def _crash(where: str, exc: BaseException) -> str:
    return f"{where}: {type(exc).__name__}: {exc!s:.200}\n" + "".join(traceback.format_exception(exc)[-8:])


async def run_world(seed: int, *, rate: float = 0.3) -> WorldOutcome:
    """Every reference and the institution against the world of ``seed``, and every text writer."""
    from quitx.output import render_exists, render_report
    from quitx.presence.run import run_check

    rng = random.Random(seed)  # noqa: S311 - a reproducible world, not a secret
    transport = HostileTransport(rng, rate)
    outcome = WorldOutcome()
    settings = _settings()
    resolver = HostileDns(settings, rng)
    async with (
        httpx.AsyncClient(transport=transport) as client,
        Prober(settings, client=client, resolver=resolver) as prober,
    ):
        results: list[ExistsResult] = []
        for ref in REFERENCES:
            outcome.checked += 1
            try:
                result = await asyncio.wait_for(prober.exists(ref), timeout=30)
            except Exception as exc:
                outcome.crashes.append(_crash(f"exists {ref}", exc))
                continue
            results.append(result)
            if "this is a bug in quitx" in result.detail:  # caught by the Prober's last resort
                outcome.crashes.append(f"exists {ref}: {result.detail}")
        report: Report | None = None
        outcome.checked += 1
        try:
            institution = Institution(name="Université Exemple", domain=DOMAIN, handles=[f"@univ@{INSTANCE}"])
            report = await asyncio.wait_for(run_check(prober, institution), timeout=60)
        except Exception as exc:
            outcome.crashes.append(_crash("check", exc))
    outcome.requests = transport.requests
    texts: list[tuple[str, str]] = []
    try:
        texts.append(("exists table", render_exists(results, "table")))
        if report is not None:
            texts += [
                ("report table", render_report(report, "table")),
                ("report md", render_report(report, "md")),
            ]
    except Exception as exc:
        outcome.crashes.append(_crash("render", exc))
    for where, text in texts:
        outcome.active_output += [f"{where}: {line!r}" for line in text.splitlines() if active(line)]
    return outcome


def rendered_with(text: str, report: Report) -> dict[str, str]:
    """The exists table, the report table and the Markdown report with ``text`` in the remote fields
    they print: a NodeInfo software name and version, an instance's host name, a display name, a
    Bluesky verification and account status, a verdict's detail, a found account's handle, reasons
    and proof chain; and apply's results with ``text`` in what it read and did."""
    from quitx.apply import ApplyAction, ApplyResult
    from quitx.apply import render as render_apply
    from quitx.models import (
        Activity,
        Attempt,
        BlueskyAccount,
        BlueskyRef,
        Confidence,
        Evidence,
        FoundAccount,
        FoundBy,
        InstanceInfo,
        Platform,
        PlatformVerdict,
        Reason,
        Verdict,
    )
    from quitx.output import render_exists, render_report

    own = InstanceInfo(host=text, reachable=Verdict.PRESENT, software=text, version=text)
    account = BlueskyAccount(did="did:plc:x", display_name=text, verified_status=text, status=text)
    found = FoundAccount(
        platform=Platform.BLUESKY,
        handle=text,
        confidence=Confidence.LINKED,
        reasons=(text,),
        found_by=(FoundBy.LINK.value,),
        activity=Activity.ACTIVE,
        account=account,
        evidence=(Evidence(step=text, request=text, outcome=text),),
    )
    # an instance where nothing was found: the French table and report list what was tried there
    tried = Attempt(
        ref=text, found_by="candidate", verdict=Verdict.ABSENT, reason=Reason.NOT_FOUND, detail=text
    )
    nothing = PlatformVerdict(
        platform=Platform.MASTODON, instance=text, verdict=Verdict.ABSENT, detail=text, attempts=(tried,)
    )
    hostile = report.model_copy(
        update={
            "own_mastodon_server": own,
            "instance_info": (*report.instance_info, own),
            "accounts": (*report.accounts, found),
            "instances": (*report.instances, nothing),
        }
    )
    result = ExistsResult(
        ref=BlueskyRef(handle="x.fr"),
        platform=Platform.BLUESKY,
        verdict=Verdict.PRESENT,
        reason=Reason.FOUND,
        detail=text,
        account=account,
        checked_at=report.checked_at,
    )
    action = ApplyAction(
        step="mastodon-profile",
        platform=Platform.MASTODON,
        operation="profile",
        account=text,
        method="PATCH",
        endpoint=text,
        payload=text,
    )
    applied = ApplyResult(
        action=action,
        dry_run=True,
        done=False,
        sends=True,
        before=text,
        after=text,
        evidence=(text,),
        note=text,
    )
    return {
        "exists table": render_exists([result], "table"),
        "report table": render_report(hostile, "table"),
        "report md": render_report(hostile, "md"),
        "report table fr": render_report(hostile, "table", "fr"),
        "report md fr": render_report(hostile, "md", "fr"),
        "apply": render_apply([applied], "en"),
    }


def active(text: str) -> bool:
    """Whether ``text`` holds a character that acts on a terminal or reorders a line (a line break
    aside): written independently of quitx._text, to check it."""
    return any(
        (ord(ch) < 0x20 and ch != "\n")
        or 0x7F <= ord(ch) <= 0x9F
        or ch in "\u061c\u200e\u200f"
        or "\u202a" <= ch <= "\u202e"
        or "\u2066" <= ch <= "\u2069"
        or "\ud800" <= ch <= "\udfff"
        for ch in text
    )
