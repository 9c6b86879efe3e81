"""Lean local servers for the batch benchmark: one asyncio HTTP/1.1 server (stdlib streams) that
plays every website, Mastodon instance, the Bluesky AppView, the PLC directory, the bsky.social
handle host and Bridgy Fed, each request delayed by an injected latency, with an enforced
Mastodon-style rate limit on ``/api/*`` and a Bluesky-style one on the AppView's ``/xrpc/*``.

The AppView and PLC here are *fakes* sized for thousands of accounts (a real AT Protocol network is
far too heavy for that): the benchmark measures quitx's scheduling, not the AT Protocol. The
Mastodon payloads come from :mod:`testnet.web` (the project's model of Mastodon 4.x's wire format).

Every server counts what it received per host and per endpoint, in "phases" (one per client run),
so the benchmark can compute a lower bound from the servers' own logs.
"""

from __future__ import annotations

import asyncio
import json
import math
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from testnet.dns import DnsServer
from testnet.web import RequestInfo, Response, _Site, host_meta_xml, iso_reset

# --------------------------------------------------------------------------------------------------
# rate limiting
# --------------------------------------------------------------------------------------------------


@dataclass
class FixedWindow:
    """``limit`` requests per ``window`` seconds. The first window starts at the host's first limited
    request of the phase (a fresh client, as a new IP is to rack-attack); windows follow back to back."""

    limit: int
    window: float
    start: float | None = None
    index: int = -1
    count: int = 0

    def hit(self, now: float) -> tuple[bool, int, float]:
        """Count one request: (allowed, remaining, reset epoch)."""
        if self.start is None:
            self.start = now
        k = int((now - self.start) // self.window)
        if k != self.index:
            self.index, self.count = k, 0
        self.count += 1
        reset_mono = self.start + (k + 1) * self.window
        reset_epoch = time.time() + (reset_mono - now)
        return self.count <= self.limit, max(0, self.limit - self.count), reset_epoch


def parse_rate(text: str) -> tuple[int, float]:
    """``"300/5s"`` -> (300, 5.0); ``"300/5m"``, ``"300/300"`` too."""
    count, _, per = text.strip().partition("/")
    per = per.strip().lower()
    scale = 1.0
    if per.endswith("ms"):
        per, scale = per[:-2], 0.001
    elif per.endswith("s"):
        per = per[:-1]
    elif per.endswith("m"):
        per, scale = per[:-1], 60.0
    return int(count), float(per or 1) * scale


# --------------------------------------------------------------------------------------------------
# the HTTP server
# --------------------------------------------------------------------------------------------------

Handler = Callable[[RequestInfo], Response]


@dataclass
class Site:
    """A virtual host: a handler, and optionally a rate limit on a path prefix."""

    name: str
    handler: Handler
    limit_prefix: str | None = None
    limit_style: str = "mastodon"  # "mastodon" (X-RateLimit-*, ISO reset) or "bluesky" (RateLimit-*, epoch)
    rate: tuple[int, float] | None = None
    limiter: FixedWindow | None = None


@dataclass
class PhaseLog:
    """What the servers received during one phase."""

    started: float = field(default_factory=time.monotonic)
    per_host: Counter[str] = field(default_factory=Counter)
    per_host_api: Counter[str] = field(default_factory=Counter)  # rate-limited requests
    per_endpoint: Counter[tuple[str, str]] = field(default_factory=Counter)  # (host kind, endpoint)
    status: Counter[int] = field(default_factory=Counter)
    http429: Counter[str] = field(default_factory=Counter)
    first: dict[str, float] = field(default_factory=dict)
    last: dict[str, float] = field(default_factory=dict)
    per_second: dict[str, Counter[int]] = field(default_factory=dict)  # arrivals, by second of the phase

    @property
    def total(self) -> int:
        return sum(self.per_host.values())


def _endpoint(path: str) -> str:
    if path == "/":
        return "homepage"
    if path.startswith("/xrpc/"):
        return path[6:]
    if path.startswith("/did:"):
        return "plc-did-doc"
    if path.startswith("/ap/@"):
        return "bridgy /ap/@acct"
    if path.startswith("/bsky/"):
        return "bridgy /bsky/handle"
    if path.startswith("/@"):
        return "/@user"
    return path


class BenchHttp:
    """The HTTP server. Listeners are ports; a request goes to the site named by its ``Host`` header
    (exact, then ``*.suffix`` sites), else to the listener's default site."""

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.sites: dict[str, Site] = {}
        self.suffix_sites: list[tuple[str, Site]] = []
        self.port_default: dict[int, Site | None] = {}
        self.kinds: dict[str, str] = {}  # site name -> kind, for the per-endpoint counts
        self.phase = PhaseLog()
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._servers: list[asyncio.AbstractServer] = []
        self._ready = threading.Event()
        self._open_writers: set[asyncio.StreamWriter] = set()

    # ---- setup (before start) ------------------------------------------------------------------
    def add_site(self, site: Site, kind: str) -> Site:
        self.sites[site.name] = site
        self.kinds[site.name] = kind
        if site.rate is not None:
            site.limiter = FixedWindow(*site.rate)
        return site

    def add_suffix_site(self, suffix: str, site: Site, kind: str) -> Site:
        self.suffix_sites.append((suffix, site))
        self.kinds[site.name] = kind
        return site

    def new_phase(self) -> PhaseLog:
        """Start counting afresh; rate-limit windows restart with the next request (a fresh client)."""
        for site in self.sites.values():
            if site.rate is not None:
                site.limiter = FixedWindow(*site.rate)
        self.phase = PhaseLog()
        return self.phase

    # ---- lifecycle -----------------------------------------------------------------------------
    def start(self, default_sites: list[Site | None]) -> list[int]:
        """Start the loop thread and one listener per entry (its default site, or None)."""
        ports: list[int] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self.loop = loop
            asyncio.set_event_loop(loop)

            async def open_all() -> None:
                for default in default_sites:
                    server = await asyncio.start_server(self._serve, "127.0.0.1", 0, backlog=1024)
                    port = server.sockets[0].getsockname()[1]
                    self.port_default[port] = default
                    self._servers.append(server)
                    ports.append(port)

            loop.run_until_complete(open_all())
            self._ready.set()
            loop.run_forever()
            loop.close()

        self._thread = threading.Thread(target=run, name="bench-http", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the benchmark HTTP server did not start")
        return ports

    def stop(self) -> None:
        loop = self.loop
        if loop is None:
            return

        async def close() -> None:
            for server in self._servers:
                server.close()
            for writer in list(self._open_writers):
                writer.close()
            for server in self._servers:
                await server.wait_closed()

        try:
            asyncio.run_coroutine_threadsafe(close(), loop).result(timeout=10)
        except Exception:
            pass
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.loop = None

    # ---- serving -------------------------------------------------------------------------------
    def _site_for(self, host: str, port: int) -> Site | None:
        site = self.sites.get(host)
        if site is not None:
            return site
        for suffix, candidate in self.suffix_sites:
            if host.endswith(suffix):
                return candidate
        return self.port_default.get(port)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._open_writers.add(writer)
        port = writer.get_extra_info("sockname")[1]
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                try:
                    method, target, _version = lines[0].split(" ", 2)
                except ValueError:
                    return
                headers: dict[str, str] = {}
                for line in lines[1:]:
                    if not line:
                        continue
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                length = int(headers.get("content-length") or 0)
                body = await reader.readexactly(length) if length else b""
                raw_host = headers.get("host", "").lower()
                host = raw_host.rsplit(":", 1)[0] if raw_host.count(":") == 1 else raw_host
                started = time.monotonic()
                status, resp_headers, resp_body = self._respond(method, target, host, port, headers, body)
                # the injected latency: the network and the server's own work, on every request
                delay = self.latency - (time.monotonic() - started)
                if delay > 0:
                    await asyncio.sleep(delay)
                out = [f"HTTP/1.1 {status} {_REASONS.get(status, 'OK')}"]
                for name, value in resp_headers.items():
                    if name.lower() not in ("content-length", "connection"):
                        out.append(f"{name}: {value}")
                out.append(f"Content-Length: {len(resp_body)}")
                out.append("Connection: keep-alive")
                writer.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") + resp_body)
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    return
        except (ConnectionError, asyncio.CancelledError):
            return
        finally:
            self._open_writers.discard(writer)
            writer.close()

    def _respond(
        self, method: str, target: str, host: str, port: int, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        site = self._site_for(host, port)
        parts = urlsplit(target)
        path = unquote(parts.path or "/")
        name = site.name if site is not None else (host or f"127.0.0.1:{port}")
        now = time.monotonic()
        log = self.phase
        log.per_host[name] += 1
        log.per_endpoint[(self.kinds.get(name, "website") if site else "unknown", _endpoint(path))] += 1
        log.first.setdefault(name, now)
        log.last[name] = now
        log.per_second.setdefault(name, Counter())[int(now - log.started)] += 1
        if site is None:
            log.status[421] += 1
            return 421, {"Content-Type": "text/plain"}, b"Misdirected Request"
        limit_headers: dict[str, str] = {}
        if site.limiter is not None and site.limit_prefix and path.startswith(site.limit_prefix):
            log.per_host_api[name] += 1
            allowed, remaining, reset = site.limiter.hit(now)
            limit = site.limiter.limit
            if site.limit_style == "mastodon":
                limit_headers = {
                    "X-RateLimit-Limit": str(limit),
                    "X-RateLimit-Remaining": str(remaining),
                    "X-RateLimit-Reset": iso_reset(reset),
                }
            else:
                limit_headers = {
                    "RateLimit-Limit": str(limit),
                    "RateLimit-Remaining": str(remaining),
                    "RateLimit-Reset": str(math.ceil(reset)),
                    "RateLimit-Policy": f"{limit};w={site.limiter.window:g}",
                }
            if not allowed:
                log.status[429] += 1
                log.http429[name] += 1
                error = (
                    {"error": "Too many requests"}
                    if site.limit_style == "mastodon"
                    else {
                        "error": "RateLimitExceeded",
                        "message": "Rate Limit Exceeded",
                    }
                )
                return (
                    429,
                    {"Content-Type": "application/json; charset=utf-8", **limit_headers},
                    json.dumps(error).encode(),
                )
        req = RequestInfo(
            method=method,
            host=host,
            target=target,
            path=path,
            query=parse_qs(parts.query, keep_blank_values=True),
            headers=headers,
            body=body,
            at=time.time(),
        )
        try:
            resp = site.handler(req)
        except Exception as exc:
            resp = Response(500, {"Content-Type": "text/plain"}, f"benchmark server error: {exc!r}")
        while callable(resp.body):  # testnet's routes may hand back a handler
            inner = resp.body(req)
            resp = inner if isinstance(inner, Response) else Response(resp.status, resp.headers, inner or b"")
        data = resp.body if isinstance(resp.body, bytes) else str(resp.body).encode()
        out_headers = dict(resp.headers)
        if limit_headers:
            # the fake's own X-RateLimit-* (testnet's fixed 300/5 min) give way to the enforced ones
            for k in [k for k in out_headers if k.lower().startswith(("x-ratelimit", "ratelimit"))]:
                del out_headers[k]
            out_headers.update(limit_headers)
        log.status[resp.status] += 1
        return resp.status, out_headers, data


_REASONS = {
    200: "OK",
    301: "Moved Permanently",
    302: "Found",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    421: "Misdirected Request",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


# --------------------------------------------------------------------------------------------------
# DNS: testnet's server, with an O(1) existence test (its own scans the zone: fine for tests, not 10k names)
# --------------------------------------------------------------------------------------------------


class BenchDns(DnsServer):
    def __init__(self) -> None:
        super().__init__()
        self._names: set[str] = set()

    def freeze(self) -> None:
        """Index the zone: every name that has records, and their parents (empty non-terminals)."""
        names: set[str] = set()
        for name, node in self._zone.items():
            if node.empty():
                continue
            labels = name.split(".")
            for i in range(len(labels)):
                names.add(".".join(labels[i:]))
        self._names = names

    def _exists(self, name: str) -> bool:
        return name in self._names

    def _answer(self, request: Any, protocol: str) -> Any | None:
        reply = super()._answer(request, protocol)
        with self._lock:
            self._queries.clear()  # count only, keep no list (10k institutions make many queries)
            self.count += 1
        return reply

    count = 0


# --------------------------------------------------------------------------------------------------
# simple JSON / HTML responses
# --------------------------------------------------------------------------------------------------


def json_resp(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    h = {"Content-Type": "application/json; charset=utf-8"}
    h.update(headers or {})
    return Response(status, h, json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode())


def not_found_html() -> Response:
    return Response(404, {"Content-Type": "text/html; charset=utf-8"}, b"<html><body>Not Found</body></html>")


def mastodon_handler(site: _Site) -> Handler:
    """Route a Mastodon 4.x instance (testnet's payloads) by path."""
    base = site.base
    nodeinfo_index = {
        "links": [{"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0", "href": f"{base}/nodeinfo/2.0"}]
    }
    public = {"Cache-Control": "max-age=259200, public", "Vary": "Origin", "Server": "Mastodon"}

    def instance_v1() -> dict[str, Any]:
        v2 = site.instance_json()
        return {
            "uri": site.local_domain,
            "title": v2["title"],
            "version": v2["version"],
            "languages": v2["languages"],
            "registrations": True,
            "approval_required": False,
            "stats": {"user_count": len(site.accounts)},
        }

    def handle(req: RequestInfo) -> Response:
        p = req.path.rstrip("/") or "/"
        if p == "/.well-known/webfinger":
            return site.webfinger(req)
        if p == "/.well-known/host-meta":
            return site.host_meta(req)
        if p == "/.well-known/nodeinfo":
            return json_resp(200, nodeinfo_index, public)
        if p == "/nodeinfo/2.0":
            return json_resp(200, site.nodeinfo_json(), {"Cache-Control": "max-age=1800, public"})
        if p == "/api/v1/accounts/lookup":
            return site.lookup(req)
        if p == "/api/v2/search":
            return site.search(req)
        if p == "/api/v2/instance":
            v2 = {**site.instance_json(), "api_versions": {"mastodon": 2}}  # Mastodon 4.3 sends it
            return json_resp(200, v2, {"Cache-Control": "max-age=300, public"})
        if p == "/api/v1/instance":
            return json_resp(200, instance_v1(), {"Cache-Control": "max-age=300, public"})
        if p == "/api/v1/instance/domain_blocks":
            return site.domain_blocks(req)
        if p.startswith("/api/v1/accounts/"):
            resp = site.account_paths(req)
            return resp if resp is not None else json_resp(404, {"error": "Record not found"})
        if p.startswith("/api/"):
            return json_resp(404, {"error": "Record not found"})
        return not_found_html()

    return handle


__all__ = [
    "BenchDns",
    "BenchHttp",
    "FixedWindow",
    "PhaseLog",
    "Site",
    "host_meta_xml",
    "json_resp",
    "mastodon_handler",
    "not_found_html",
    "parse_rate",
]
