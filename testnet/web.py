"""One HTTP/1.1 server on 127.0.0.1 that plays many websites, chosen by the ``Host`` header.

quitx's host map sends ``https://univ-exemple.fr/…`` to ``http://127.0.0.1:PORT/…`` with
``Host: univ-exemple.fr``, so this single server can be every fictional website of the tests::

    with WebServer() as web:
        web.add_route("univ-exemple.fr", "/", Response(200, {"Content-Type": "text/html"}, "<html>…"))
        web.locked("locked.exemple.fr")                 # /api/… answers 401
        web.rate_limited("ratelimited.exemple.fr")      # first request to each path: 429
        web.status("down.exemple.fr", 503)
        web.add_route("drip.exemple.fr", "/", Response(200, {}, "x" * 100, drip=2.0))  # a byte every 2 s
        mastodon_site(web, "social.sciences-exemple.fr", "sciences-exemple.fr", [MastodonAccountSpec(…)])
        web.requests("univ-exemple.fr")                 # what quitx asked for

Order of evaluation for a request to a known host: slowness, forced status, always-429,
rate limiting, locked prefixes, redirect loops, redirects, routes (exact path+query, then path,
then prefix routes, longest first), else 404. An unknown host answers 421 Misdirected Request.

The Mastodon helpers at the end build a site in Mastodon 4.x's wire format (WebFinger, host-meta,
NodeInfo, accounts lookup, statuses, instance v2, v2 search, instance domain blocks), with Mastodon's headers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

__all__ = [
    "MastodonAccountSpec",
    "MastodonField",
    "MastodonStatusSpec",
    "RequestInfo",
    "Response",
    "WebServer",
    "iso_reset",
    "link_field",
    "mastodon_site",
]


# --------------------------------------------------------------------------------------------------
# requests and responses
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RequestInfo:
    """A request as the server saw it (also what :meth:`WebServer.requests` returns)."""

    method: str
    host: str  # from the Host header, lowercased, port stripped
    target: str  # path + "?" + query, as sent
    path: str  # path only, percent-decoded
    query: dict[str, list[str]]
    headers: dict[str, str]  # lowercased names
    body: bytes = b""
    at: float = 0.0

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None


Handler = Callable[[RequestInfo], "Response | bytes | str | None"]


@dataclass
class Response:
    """A canned answer. ``body`` may be a callable taking the :class:`RequestInfo` and returning
    a :class:`Response`, bytes or str (``None`` from a prefix handler means "not mine": 404)."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | str | Handler = b""
    delay: float = 0.0
    drip: float = 0.0  # > 0: the body goes one byte at a time, this many seconds apart


def json_response(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    h = {"Content-Type": "application/json; charset=utf-8"}
    h.update(headers or {})
    return Response(status, h, json.dumps(payload, ensure_ascii=False, separators=(",", ":")))


def iso_reset(at: float) -> str:
    """Mastodon's ``X-RateLimit-Reset`` form: ISO-8601 UTC with microseconds and ``Z``."""
    return dt.datetime.fromtimestamp(at, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _http_date(at: float | None = None) -> str:
    return time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(at if at is not None else time.time()))


_RATE_LIMIT = 300


@dataclass
class _RateLimit:
    first_n: int
    reset_in: float
    prefix: str
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class _Host:
    routes: dict[str, Response] = field(default_factory=dict)
    prefix_routes: dict[str, Response] = field(default_factory=dict)
    locked: list[str] = field(default_factory=list)
    rate_limit: _RateLimit | None = None
    always_429: float | None = None
    delay: float = 0.0
    status: int | None = None
    redirects: list[tuple[str, str, int]] = field(default_factory=list)
    loops: set[str] = field(default_factory=set)
    log: list[RequestInfo] = field(default_factory=list)


# --------------------------------------------------------------------------------------------------
# the server
# --------------------------------------------------------------------------------------------------
class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: WebServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up early (quitx at its byte cap or deadline) is no error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer
    server_version = "testnet"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        host = (self.headers.get("Host") or "").strip().lower()
        if host.startswith("["):
            host = host.split("]")[0] + "]"
        else:
            host = host.rsplit(":", 1)[0] if ":" in host else host
        host = host.rstrip(".")
        split = urlsplit(self.path)
        info = RequestInfo(
            method=self.command,
            host=host,
            target=self.path,
            path=unquote(split.path) or "/",
            query=parse_qs(split.query, keep_blank_values=True),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
            at=time.time(),
        )
        resp = self.server.owner._dispatch(info)
        if resp.delay > 0:
            self.server.owner._stop.wait(resp.delay)
        payload = resp.body
        if callable(payload):  # pragma: no cover - resolved in _dispatch
            payload = b""
        data = payload.encode("utf-8") if isinstance(payload, str) else payload
        try:
            self.send_response(resp.status)
            names = {k.lower() for k in resp.headers}
            for name, value in resp.headers.items():
                if name.lower() != "content-length":
                    self.send_header(name, value)
            if "date" not in names:
                self.send_header("Date", _http_date())
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD" and data:
                if resp.drip > 0:
                    self._drip(data, resp.drip)
                else:
                    self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeouts)
            self.close_connection = True

    def _drip(self, data: bytes, interval: float) -> None:
        """One byte, then a pause, and so on: never silent long enough for a per-read timeout."""
        for i in range(len(data)):
            self.wfile.write(data[i : i + 1])
            self.wfile.flush()
            if self.server.owner._stop.wait(interval):
                self.close_connection = True
                return

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _handle


class WebServer:
    """A threaded HTTP/1.1 server with virtual hosts and declarative misbehaviours."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ---- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> WebServer:
        server = _HTTPServer((self.host, 0), _RequestHandler)
        server.owner = self
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="web", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()  # wakes slow handlers
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> WebServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("WebServer is not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # ---- declaring hosts ------------------------------------------------------------------------------
    def _h(self, host: str) -> _Host:
        return self._hosts.setdefault(host.lower().rstrip("."), _Host())

    def hosts(self) -> list[str]:
        with self._lock:
            return sorted(self._hosts)

    def add_host(self, host: str) -> None:
        """Make ``host`` known (so it answers 404 rather than 421)."""
        with self._lock:
            self._h(host)

    def add_route(self, host: str, path: str, response: Response, *, prefix: bool = False) -> None:
        """Serve ``response`` at ``path`` (with ``?query`` for an exact match, else any query).
        With ``prefix=True`` the route covers every path starting with ``path``."""
        with self._lock:
            h = self._h(host)
            if prefix:
                h.prefix_routes[path] = response
            else:
                h.routes[path] = response

    def locked(self, host: str, prefix: str = "/api/") -> None:
        """Paths under ``prefix`` answer 401 like Mastodon without a user token."""
        with self._lock:
            self._h(host).locked.append(prefix)

    def rate_limited(self, host: str, first_n: int = 1, reset_in: float = 1.0, prefix: str = "/") -> None:
        """The first ``first_n`` requests to each path (query ignored) under ``prefix`` answer 429
        with Mastodon's headers, the reset ``reset_in`` seconds ahead; later ones pass, with a
        positive ``X-RateLimit-Remaining``."""
        with self._lock:
            self._h(host).rate_limit = _RateLimit(first_n, reset_in, prefix)

    def always_429(self, host: str, reset_in: float = 3600) -> None:
        with self._lock:
            self._h(host).always_429 = reset_in

    def slow(self, host: str, delay: float) -> None:
        """Every answer from ``host`` comes after ``delay`` seconds."""
        with self._lock:
            self._h(host).delay = delay

    def status(self, host: str, status: int) -> None:
        """Every request to ``host`` answers ``status`` (e.g. 503)."""
        with self._lock:
            self._h(host).status = status

    def redirect(self, host: str, path_prefix: str, target_base: str, code: int = 301) -> None:
        """Requests under ``path_prefix`` redirect to ``target_base`` + the same path and query."""
        with self._lock:
            self._h(host).redirects.append((path_prefix, target_base.rstrip("/"), code))

    def redirect_loop(self, host: str, path: str) -> None:
        """``path`` redirects (302) to itself, forever."""
        with self._lock:
            self._h(host).loops.add(path)

    def big_page(self, host: str, path: str, n_bytes: int) -> None:
        """An HTML page of exactly ``n_bytes`` bytes."""
        head = b"<!DOCTYPE html><html><head><title>Grande page</title></head><body>\n"
        tail = b"</body></html>\n"
        filler = b"<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>\n"
        room = max(0, n_bytes - len(head) - len(tail))
        body = head + (filler * (room // len(filler) + 1))[:room] + tail
        self.add_route(host, path, Response(200, {"Content-Type": "text/html; charset=utf-8"}, body))

    # ---- inspecting ---------------------------------------------------------------------------------
    def requests(self, host: str) -> list[RequestInfo]:
        with self._lock:
            h = self._hosts.get(host.lower())
            return list(h.log) if h else []

    def clear_requests(self, host: str | None = None) -> None:
        with self._lock:
            for name, h in self._hosts.items():
                if host is None or name == host.lower():
                    h.log.clear()

    def clear(self) -> None:
        """Forget every host, route and behaviour: a new world on the same port."""
        with self._lock:
            self._hosts.clear()

    def reset(self) -> None:
        """Clear rate-limit counters and request logs (behaviours stay)."""
        with self._lock:
            for h in self._hosts.values():
                h.log.clear()
                if h.rate_limit is not None:
                    h.rate_limit.counts.clear()

    # ---- answering ----------------------------------------------------------------------------------
    def _dispatch(self, req: RequestInfo) -> Response:
        with self._lock:
            h = self._hosts.get(req.host)
            if h is None:
                return Response(
                    421, {"Content-Type": "text/plain; charset=utf-8"}, f"Misdirected Request: {req.host}\n"
                )
            h.log.append(req)
            delay = h.delay
            plan = self._plan(h, req)
        if delay > 0:
            self._stop.wait(delay)
        resp, extra = plan
        resp = self._resolve(resp, req)
        if extra:
            resp = Response(resp.status, {**resp.headers, **extra}, resp.body, resp.delay, resp.drip)
        return resp

    def _plan(self, h: _Host, req: RequestInfo) -> tuple[Response, dict[str, str]]:
        now = time.time()
        if h.status is not None:
            return _status_page(h.status), {}
        if h.always_429 is not None:
            return _too_many(now + h.always_429, 0), {}
        extra: dict[str, str] = {}
        rl = h.rate_limit
        if rl is not None and req.path.startswith(rl.prefix):
            n = rl.counts.get(req.path, 0) + 1
            rl.counts[req.path] = n
            if n <= rl.first_n:
                return _too_many(now + rl.reset_in, 0), {}
            extra = {
                "X-RateLimit-Limit": str(_RATE_LIMIT),
                "X-RateLimit-Remaining": str(max(1, _RATE_LIMIT - n)),
                "X-RateLimit-Reset": iso_reset(now + rl.reset_in),
            }
        for prefix in h.locked:
            if req.path.startswith(prefix):
                return _unauthorized(), {}
        if req.path in h.loops:
            return Response(302, {"Location": req.target, "Content-Type": "text/html"}, b""), extra
        for prefix, target, code in h.redirects:
            if req.path.startswith(prefix):
                return Response(
                    code, {"Location": target + req.target, "Content-Type": "text/html"}, b""
                ), extra
        if req.target in h.routes:
            return h.routes[req.target], extra
        if req.path in h.routes:
            return h.routes[req.path], extra
        for prefix in sorted(h.prefix_routes, key=len, reverse=True):
            if req.path.startswith(prefix):
                return h.prefix_routes[prefix], extra
        return _not_found(), extra

    @staticmethod
    def _resolve(resp: Response, req: RequestInfo) -> Response:
        body = resp.body
        if not callable(body):
            return resp
        out = body(req)
        if out is None:
            return _not_found()
        if isinstance(out, Response):
            if callable(out.body):
                raise TypeError("a handler must return a concrete Response")
            return Response(out.status, out.headers, out.body, out.delay or resp.delay, out.drip or resp.drip)
        return Response(resp.status, resp.headers, out, resp.delay, resp.drip)


def _not_found() -> Response:
    return Response(404, {"Content-Type": "text/html; charset=utf-8"}, "<h1>404 Not Found</h1>\n")


def _status_page(status: int) -> Response:
    return Response(status, {"Content-Type": "text/html; charset=utf-8"}, f"<h1>Error {status}</h1>\n")


def _unauthorized() -> Response:
    return json_response(
        401,
        {"error": "This method requires an authenticated user"},
        {"Cache-Control": "private, no-store", "Vary": "Authorization, Origin"},
    )


def _too_many(reset_at: float, remaining: int) -> Response:
    return json_response(
        429,
        {"error": "Too many requests"},
        {
            "X-RateLimit-Limit": str(_RATE_LIMIT),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": iso_reset(reset_at),
        },
    )


# --------------------------------------------------------------------------------------------------
# Mastodon 4.x sites
# --------------------------------------------------------------------------------------------------
MASTODON_VERSION = "4.3.8"
_VAPID_KEY = "BCkMmVlCMdjVIKCSUcSVZbnUZcq5uXEBM9bdnNkXZwd3GKvhW5gaTsW2W2r4QE5k5FhIU1VA3nzQHdzsYcHX3Hk="


@dataclass(frozen=True)
class MastodonField:
    """A profile field. ``value`` is HTML, as Mastodon sends it (see :func:`link_field`)."""

    name: str
    value: str
    verified_at: str | None = None  # e.g. "2026-03-02T09:15:27.004+00:00"


def link_field(name: str, url: str, verified_at: str | None = None) -> MastodonField:
    """A field holding a link, rendered the way Mastodon renders it (``rel="me"`` included)."""
    scheme, _, rest = url.partition("://")
    display = html.escape(rest)
    value = (
        f'<a href="{html.escape(url)}" target="_blank" rel="nofollow noopener me" translate="no">'
        f'<span class="invisible">{html.escape(scheme)}://</span><span class="">{display}</span>'
        '<span class="invisible"></span></a>'
    )
    return MastodonField(name, value, verified_at)


@dataclass(frozen=True)
class MastodonStatusSpec:
    text: str  # plain text; wrapped in <p> like Mastodon
    created_at: str  # "2026-07-30T10:00:00.000Z"
    language: str = "fr"


@dataclass(frozen=True)
class MastodonAccountSpec:
    """An account on a :func:`mastodon_site`. ``moved_to`` names another username on the site."""

    username: str
    display_name: str = ""
    note: str = ""  # HTML, e.g. "<p>Compte officiel</p>"
    fields: tuple[MastodonField, ...] = ()
    followers_count: int = 0
    following_count: int = 0
    statuses_count: int = 0
    last_status_at: str | None = None  # a DATE, "2026-08-01", as Mastodon sends it
    created_at: str = "2023-01-01T00:00:00.000Z"
    locked: bool = False
    bot: bool = False
    group: bool = False
    discoverable: bool | None = True
    indexable: bool = True
    moved_to: str | None = None
    suspended: bool = False
    limited: bool = False
    avatar: str | None = None  # absolute URL; default: the "missing" image
    statuses: tuple[MastodonStatusSpec, ...] = ()
    id: str | None = None  # default: derived from the username


def _account_id(username: str) -> str:
    digest = int(hashlib.sha256(username.lower().encode()).hexdigest()[:12], 16)
    return str(109_000_000_000_000_000 + digest % 1_000_000_000_000_000)


def _api_headers(extra: dict[str, str] | None = None) -> dict[str, str]:
    now = time.time()
    reset = now + (300 - int(now) % 300)  # rack-attack's 5-minute window, fraction kept
    h = {
        "Content-Type": "application/json; charset=utf-8",
        "Cache-Control": "private, no-store",
        "Vary": "Authorization, Origin",
        "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; form-action 'none'",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "SAMEORIGIN",
        "X-Permitted-Cross-Domain-Policies": "none",
        "X-RateLimit-Limit": str(_RATE_LIMIT),
        "X-RateLimit-Remaining": str(_RATE_LIMIT - 1),
        "X-RateLimit-Reset": iso_reset(reset),
        "X-Request-Id": str(uuid.uuid4()),
        "X-Runtime": "0.021337",
        "X-Xss-Protection": "0",
        "Server": "Mastodon",
    }
    h.update(extra or {})
    return h


def _api_json(status: int, payload: Any, extra: dict[str, str] | None = None) -> Response:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    headers = _api_headers(extra)
    if status == 200:
        headers["ETag"] = 'W/"' + hashlib.md5(body.encode(), usedforsecurity=False).hexdigest() + '"'
    return Response(status, headers, body)


def _public_json(payload: Any, cache: str, content_type: str = "application/json; charset=utf-8") -> Response:
    return Response(
        200,
        {"Content-Type": content_type, "Cache-Control": cache, "Vary": "Origin", "Server": "Mastodon"},
        json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
    )


def _not_found_api() -> Response:
    return _api_json(404, {"error": "Record not found"})


_RESOLVE_NEEDS_USER = "Search queries that resolve remote resources are not supported without authentication"


class _Site:
    def __init__(
        self, web_host: str, local_domain: str, accounts: Iterable[MastodonAccountSpec], **opts: Any
    ):
        self.web_host = web_host
        self.local_domain = local_domain
        self.accounts = {a.username.lower(): a for a in accounts}
        self.opts = opts
        self.base = f"https://{web_host}"

    def find(self, username: str) -> MastodonAccountSpec | None:
        return self.accounts.get(username.strip().lower())

    def by_id(self, account_id: str) -> MastodonAccountSpec | None:
        for a in self.accounts.values():
            if (a.id or _account_id(a.username)) == account_id:
                return a
        return None

    # ---- payloads ------------------------------------------------------------------------------
    def account_json(self, a: MastodonAccountSpec, *, nested: bool = False) -> dict[str, Any]:
        gone = a.suspended
        aid = a.id or _account_id(a.username)
        missing_avatar = f"{self.base}/avatars/original/missing.png"
        avatar = missing_avatar if gone or not a.avatar else a.avatar
        header = f"{self.base}/headers/original/missing.png"
        out: dict[str, Any] = {
            "id": aid,
            "username": a.username,
            "acct": a.username,
            "display_name": "" if gone else a.display_name,
            "locked": False if gone else a.locked,
            "bot": False if gone else a.bot,
            "discoverable": False if gone else a.discoverable,
            "indexable": False if gone else a.indexable,
            "group": a.group,
            "created_at": a.created_at,
            "note": "" if gone else a.note,
            "url": f"{self.base}/@{a.username}",
            "uri": f"{self.base}/users/{a.username}",
            "avatar": avatar,
            "avatar_static": avatar,
            "avatar_description": "",
            "header": header,
            "header_static": header,
            "header_description": "",
            "followers_count": a.followers_count,
            "following_count": a.following_count,
            "statuses_count": a.statuses_count,
            "last_status_at": a.last_status_at,
            "hide_collections": None,
            "show_media": True,
            "show_media_replies": True,
            "show_featured": True,
            "noindex": False,
            "feature_approval": {"automatic": [], "manual": [], "current_user": "denied"},
            "emojis": [],
            "roles": [],
            "fields": []
            if gone
            else [{"name": f.name, "value": f.value, "verified_at": f.verified_at} for f in a.fields],
        }
        if a.moved_to and not nested:
            target = self.find(a.moved_to)
            if target is not None:
                out["moved"] = self.account_json(target, nested=True)
        if a.suspended:
            out["suspended"] = True
        if a.limited:
            out["limited"] = True
        return out

    def status_json(self, a: MastodonAccountSpec, index: int, s: MastodonStatusSpec) -> dict[str, Any]:
        sid = str(int(a.id or _account_id(a.username)) + 1000 + index)
        return {
            "id": sid,
            "created_at": s.created_at,
            "in_reply_to_id": None,
            "in_reply_to_account_id": None,
            "sensitive": False,
            "spoiler_text": "",
            "visibility": "public",
            "language": s.language,
            "uri": f"{self.base}/users/{a.username}/statuses/{sid}",
            "url": f"{self.base}/@{a.username}/{sid}",
            "replies_count": 0,
            "reblogs_count": 0,
            "favourites_count": 0,
            "quotes_count": 0,
            "edited_at": None,
            "content": f"<p>{html.escape(s.text)}</p>",
            "reblog": None,
            "application": None,
            "account": self.account_json(a),
            "media_attachments": [],
            "mentions": [],
            "tags": [],
            "emojis": [],
            "quote": None,
            "card": None,
            "poll": None,
        }

    def jrd(self, a: MastodonAccountSpec) -> dict[str, Any]:
        links: list[dict[str, str]] = [
            {
                "rel": "http://webfinger.net/rel/profile-page",
                "type": "text/html",
                "href": f"{self.base}/@{a.username}",
            },
            {"rel": "self", "type": "application/activity+json", "href": f"{self.base}/users/{a.username}"},
            {
                "rel": "http://ostatus.org/schema/1.0/subscribe",
                "template": f"{self.base}/authorize_interaction?uri={{uri}}",
            },
        ]
        if a.avatar and not a.suspended:
            links.append({"rel": "http://webfinger.net/rel/avatar", "type": "image/png", "href": a.avatar})
        return {
            "subject": f"acct:{a.username}@{self.local_domain}",
            "aliases": [f"{self.base}/@{a.username}", f"{self.base}/users/{a.username}"],
            "links": links,
        }

    def instance_json(self) -> dict[str, Any]:
        o = self.opts
        contact_account = None
        if o.get("contact_username"):
            acc = self.find(o["contact_username"])
            contact_account = self.account_json(acc) if acc else None
        reg = {
            "enabled": True,
            "approval_required": False,
            "reason_required": False,
            "message": None,
            "min_age": None,
            "url": None,
        }
        reg.update(o.get("registrations") or {})
        return {
            "domain": self.local_domain,
            "title": o.get("title") or self.web_host,
            "version": MASTODON_VERSION,
            "source_url": "https://github.com/mastodon/mastodon",
            "description": o.get("description") or "",
            "usage": {"users": {"active_month": len(self.accounts)}},
            "thumbnail": {
                "url": f"{self.base}/packs/media/images/preview-6399aebd96ccf025654e2977454f168f.png"
            },
            "icon": [
                {"src": f"{self.base}/packs/media/icons/android-chrome-{s}-1234abcd.png", "size": s}
                for s in (
                    "36x36",
                    "48x48",
                    "72x72",
                    "96x96",
                    "144x144",
                    "192x192",
                    "256x256",
                    "384x384",
                    "512x512",
                )
            ],
            "languages": list(o.get("languages") or ["fr"]),
            "configuration": {
                "urls": {
                    "streaming": f"wss://{self.web_host}",
                    "status": None,
                    "about": f"{self.base}/about",
                    "privacy_policy": f"{self.base}/privacy-policy",
                    "terms_of_service": None,
                },
                "vapid": {"public_key": _VAPID_KEY},
                "accounts": {"max_featured_tags": 10, "max_pinned_statuses": 5},
                "statuses": {
                    "max_characters": 500,
                    "max_media_attachments": 4,
                    "characters_reserved_per_url": 23,
                },
                "media_attachments": {
                    "supported_mime_types": [
                        "image/jpeg",
                        "image/png",
                        "image/gif",
                        "image/webp",
                        "video/mp4",
                    ],
                    "description_limit": 1500,
                    "image_size_limit": 16777216,
                    "image_matrix_limit": 33177600,
                    "video_size_limit": 103809024,
                    "video_frame_rate_limit": 120,
                    "video_matrix_limit": 8294400,
                },
                "polls": {
                    "max_options": 4,
                    "max_characters_per_option": 50,
                    "min_expiration": 300,
                    "max_expiration": 2629746,
                },
                "translation": {"enabled": False},
                "limited_federation": bool(o.get("limited_federation", False)),
            },
            "registrations": reg,
            "api_versions": {"mastodon": 2},
            "contact": {
                "email": o.get("contact_email") or f"contact@{self.local_domain}",
                "account": contact_account,
            },
            "rules": [{"id": str(i + 1), "text": t, "hint": ""} for i, t in enumerate(o.get("rules") or [])],
        }

    def nodeinfo_json(self) -> dict[str, Any]:
        reg = self.opts.get("registrations") or {}
        return {
            "version": "2.0",
            "software": {"name": "mastodon", "version": MASTODON_VERSION},
            "protocols": ["activitypub"],
            "services": {"outbound": [], "inbound": []},
            "usage": {
                "users": {
                    "total": len(self.accounts),
                    "activeMonth": len(self.accounts),
                    "activeHalfyear": len(self.accounts),
                },
                "localPosts": sum(a.statuses_count for a in self.accounts.values()),
            },
            "openRegistrations": bool(reg.get("enabled", True)),
            "metadata": {
                "nodeName": self.opts.get("title") or self.web_host,
                "nodeDescription": self.opts.get("description") or "",
            },
        }

    # ---- handlers ------------------------------------------------------------------------------------
    def _local_user(self, acct: str) -> MastodonAccountSpec | None:
        user, _, domain = acct.strip().lstrip("@").partition("@")
        if domain and domain.lower() not in (self.local_domain.lower(), self.web_host.lower()):
            return None
        return self.find(user)

    def webfinger(self, req: RequestInfo) -> Response:
        resource = req.arg("resource")
        if not resource:
            return Response(400, {"Content-Type": "text/html; charset=utf-8"}, b"")
        account: MastodonAccountSpec | None = None
        if resource.startswith("acct:"):
            account = self._local_user(resource[5:])
        elif "@" in resource and "://" not in resource:
            account = self._local_user(resource)
        else:
            for prefix in (f"{self.base}/@", f"{self.base}/users/"):
                if resource.startswith(prefix):
                    account = self.find(resource[len(prefix) :])
        if account is None:
            return Response(
                404, {"Content-Type": "application/jrd+json; charset=utf-8", "Vary": "Origin"}, b""
            )
        return _public_json(
            self.jrd(account), "max-age=259200, public", "application/jrd+json; charset=utf-8"
        )

    def host_meta(self, req: RequestInfo) -> Response:
        return Response(
            200,
            {"Content-Type": "application/xrd+xml; charset=utf-8", "Cache-Control": "max-age=259200, public"},
            host_meta_xml(self.web_host),
        )

    def lookup(self, req: RequestInfo) -> Response:
        acct = req.arg("acct")
        if not acct:
            return _api_json(400, {"error": "Missing acct parameter"})
        account = self._local_user(acct)
        return _api_json(200, self.account_json(account)) if account else _not_found_api()

    def account_paths(self, req: RequestInfo) -> Response | None:
        rest = req.path[len("/api/v1/accounts/") :].strip("/").split("/")
        account = self.by_id(rest[0]) if rest and rest[0] else None
        if account is None:
            return _not_found_api()
        if len(rest) == 1:
            return _api_json(200, self.account_json(account))
        if rest[1:] == ["statuses"]:
            try:
                limit = max(1, min(40, int(req.arg("limit") or 20)))
            except ValueError:
                limit = 20
            items = (
                []
                if account.suspended
                else [self.status_json(account, i, s) for i, s in enumerate(account.statuses)]
            )
            items.sort(key=lambda s: s["created_at"], reverse=True)
            return _api_json(200, items[:limit])
        return _not_found_api()

    def search(self, req: RequestInfo) -> Response:
        """``/api/v2/search`` for an anonymous caller, as Mastodon 4.x answers it: ``q`` required
        (400), any ``offset`` or ``resolve=true`` → 401, ``limit`` ≤ 40 (default 20); accounts whose
        username or display name contains ``q`` (case-insensitive); no statuses or hashtags."""
        q_raw = req.arg("q")
        if q_raw is None:
            return _api_json(400, {"error": "param is missing or the value is empty: q"})
        if req.arg("offset"):  # Rails: present, even "0"
            return _api_json(
                401, {"error": "Search queries pagination is not supported without authentication"}
            )
        if (req.arg("resolve") or "").lower() in ("1", "true", "t", "yes", "on"):
            return _api_json(401, {"error": _RESOLVE_NEEDS_USER})
        try:
            limit = max(1, min(40, int(req.arg("limit") or 20)))
        except ValueError:
            limit = 20
        user, _, domain = q_raw.strip().lstrip("@").partition("@")
        q = user.casefold()
        kind = req.arg("type")
        found: list[dict[str, Any]] = []
        local = domain.lower() in ("", self.local_domain.lower(), self.web_host.lower())
        if q and local and kind in (None, "", "accounts"):
            for a in self.accounts.values():
                if a.suspended:
                    continue
                if q in a.username.casefold() or q in a.display_name.casefold():
                    found.append(self.account_json(a))
        return _api_json(200, {"accounts": found[:limit], "statuses": [], "hashtags": []})

    def domain_blocks(self, req: RequestInfo) -> Response:
        """``/api/v1/instance/domain_blocks``: the list when the admin made it public, else what
        Mastodon's controller does when it is not (``head 404``: empty body)."""
        blocks = self.opts.get("domain_blocks")
        if blocks is None:
            return Response(404, _api_headers({"Content-Type": "text/html; charset=utf-8"}), b"")
        payload = [
            {
                "domain": domain,
                "digest": hashlib.sha256(domain.encode()).hexdigest(),
                "severity": severity,
                **({"comment": comment} if comment is not None else {}),
            }
            for domain, severity, comment in blocks
        ]
        return _public_json(payload, "max-age=180, public")


def host_meta_xml(webfinger_host: str) -> str:
    """Mastodon's ``/.well-known/host-meta``: an XRD whose lrdd template names the WebFinger host."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n'
        f'  <Link rel="lrdd" template="https://{webfinger_host}/.well-known/webfinger?resource={{uri}}"/>\n'
        "</XRD>\n"
    )


def mastodon_site(
    web: WebServer,
    web_host: str,
    local_domain: str,
    accounts: Iterable[MastodonAccountSpec],
    *,
    title: str | None = None,
    description: str | None = None,
    registrations: dict[str, Any] | None = None,
    rules: Iterable[str] = (),
    languages: Iterable[str] = ("fr",),
    contact_email: str | None = None,
    contact_username: str | None = None,
    limited_federation: bool = False,
    domain_blocks: Iterable[tuple[str, str, str | None]] | None = None,
) -> None:
    """Serve a Mastodon 4.x instance on ``web_host`` whose handles end in ``@local_domain``.

    ``domain_blocks`` — ``(domain, severity, comment)`` triples — makes
    ``/api/v1/instance/domain_blocks`` public (``show_domain_blocks = all``); ``None`` hides it
    (404 with an empty body, Mastodon's answer when the list is not shown to anonymous callers)."""
    site = _Site(
        web_host,
        local_domain,
        accounts,
        title=title,
        description=description,
        registrations=registrations,
        rules=list(rules),
        languages=list(languages),
        contact_email=contact_email,
        contact_username=contact_username,
        limited_federation=limited_federation,
        domain_blocks=None if domain_blocks is None else list(domain_blocks),
    )
    base = site.base
    web.add_route(web_host, "/.well-known/webfinger", Response(body=site.webfinger))
    web.add_route(web_host, "/.well-known/host-meta", Response(body=site.host_meta))
    web.add_route(
        web_host,
        "/.well-known/nodeinfo",
        _public_json(
            {
                "links": [
                    {"rel": "http://nodeinfo.diaspora.software/ns/schema/2.0", "href": f"{base}/nodeinfo/2.0"}
                ]
            },
            "max-age=259200, public",
        ),
    )
    web.add_route(
        web_host,
        "/nodeinfo/2.0",
        Response(body=lambda req: _public_json(site.nodeinfo_json(), "max-age=1800, public")),
    )
    web.add_route(web_host, "/api/v1/accounts/lookup", Response(body=site.lookup))
    web.add_route(web_host, "/api/v1/accounts/", Response(body=site.account_paths), prefix=True)
    web.add_route(web_host, "/api/v2/search", Response(body=site.search))
    web.add_route(web_host, "/api/v1/instance/domain_blocks", Response(body=site.domain_blocks))
    web.add_route(
        web_host,
        "/api/v2/instance",
        Response(
            body=lambda req: _public_json(
                site.instance_json(), "max-age=300, public, stale-while-revalidate=30, stale-if-error=86400"
            )
        ),
    )
    for a in site.accounts.values():
        web.add_route(
            web_host,
            f"/@{a.username}",
            Response(200, {"Content-Type": "text/html; charset=utf-8"}, _profile_html(site, a)),
        )


def _profile_html(site: _Site, a: MastodonAccountSpec) -> str:
    name = html.escape(a.display_name or a.username)
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{name} '
        f"(@{a.username}@{site.local_domain}) - {html.escape(site.web_host)}</title>"
        f'<link href="{site.base}/users/{a.username}" rel="alternate" type="application/activity+json">'
        f"</head><body><noscript>Pour utiliser Mastodon, activez JavaScript.</noscript></body></html>\n"
    )
