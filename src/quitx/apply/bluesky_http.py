"""The one way quitx opens atproto's client with the institution's credentials (apply's session,
the sector's lists, login's password check): an httpx client that sends to the account's own PDS
only.

The account's own hosts are the server quitx logs in to (the PDS the account's DID document names,
as the check or login found it; or the configured one, ``bsky.social`` by default) and, when the
session's answer moves atproto's client to another address (an entryway such as ``bsky.social``
hands back the account's real PDS), that address only if the account's DID document names it — read
afresh by quitx's own identity resolution (the PLC directory, or ``did:web``), never taken from the
answer. A session answer naming any other PDS is refused (`OwnPds.admit`).

Every request goes through `_OwnPdsTransport`, an httpx transport: to one of those hosts (scheme,
host and port), through the host map when it names the host (the test server, with ``Host:`` the
host's name). A request for anything else — a redirect, an address in an answer — is refused before
it is sent, with an `ApplyError` of kind ``foreign_host``: neither the request, its body, nor the
token leaves the account's PDS. (atproto's httpx client follows redirects: httpx alone drops the
``Authorization`` header on a redirect to another host, but still sends the request there, a 307's
body included.) A redirect within those hosts is followed.

atproto and httpx are imported when a session opens, never at import time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

from .._text import terminal_safe
from ..errors import ApplyError, ErrorKind
from ..i18n import Lang, Msg
from . import wording as W
from .failures import refuse_host, where_of
from .models import Language

if TYPE_CHECKING:
    import httpx

    from ..config import Settings

__all__ = ["DidPds", "Origin", "OwnPds", "bluesky_client", "did_pds"]

_DEFAULT_PORTS = {"https": 443, "http": 80}


@dataclass(frozen=True)
class Origin:
    """Where a request goes: scheme, host (lower case), port (the scheme's default when unsaid)."""

    scheme: str
    host: str
    port: int

    @classmethod
    def of(cls, url: str) -> Origin | None:
        """The origin of ``url``; None when it has none quitx would send to (no host, another scheme,
        a port that is no number)."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        try:
            port = parts.port
        except ValueError:
            return None
        if scheme not in _DEFAULT_PORTS or not parts.hostname:
            return None
        return cls(scheme, parts.hostname.lower(), port if port is not None else _DEFAULT_PORTS[scheme])

    def __str__(self) -> str:
        port = "" if self.port == _DEFAULT_PORTS[self.scheme] else f":{self.port}"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}{port}"

    def shown(self) -> str:
        """The origin, for a message (made inert: a server may have chosen it)."""
        return terminal_safe(str(self), limit=120)


class DidPds(NamedTuple):
    """What the account's DID document says of its PDS: its address, or why it is not known."""

    pds: str | None
    why: str = ""  # when ``pds`` is None
    unknown: bool = False  # the document could not be read (a network failure): try again later


def did_pds(settings: Settings, did: str) -> DidPds:
    """The PDS that the DID document of ``did`` names, read now (no cache) by quitx's identity
    resolution: the PLC directory configured (``plc_url``), or the ``did:web`` host."""
    from .._sync import run_sync

    return run_sync(_did_pds(settings, did))


async def _did_pds(settings: Settings, did: str) -> DidPds:
    from ..lookup import Prober
    from ..models import Verdict
    from ..probes.bluesky_identity import fetch_did_document

    async with Prober(settings.model_copy(update={"cache": False})) as prober:
        fetched = await fetch_did_document(prober.engine, did)
    if fetched.document is None:
        return DidPds(None, fetched.detail, unknown=fetched.verdict is Verdict.UNKNOWN)
    pds = fetched.document.get_pds_endpoint()
    return DidPds(pds, "" if pds else f"the DID document of {did} names no PDS")


class OwnPds:
    """The hosts a session may send to: the one it logs in to, then the PDS the account's DID
    document names, once a session answer moves the client there (`admit`)."""

    def __init__(
        self, login: Origin, language: Language, resolve: Callable[[str], DidPds] | None = None
    ) -> None:
        self.login = login
        self.language = language
        self._resolve = resolve
        self._origins = [login]
        self.last = login  # the host the last request went to: the one that named the next address

    def __contains__(self, origin: object) -> bool:
        return origin in self._origins

    def admit(self, endpoint: str, did: str) -> None:
        """A session answer (login, refresh) names ``endpoint`` as the account ``did``'s PDS, where
        atproto's client now sends: allowed if it is one of the session's hosts already, or the PDS
        that ``did``'s DID document names; refused otherwise, before anything is sent there."""
        origin = Origin.of(endpoint)
        if origin is not None and origin in self:
            return
        where = origin.shown() if origin is not None else where_of(endpoint)
        if origin is None or self._resolve is None:
            raise self.refusal(where)
        found = self._resolve(did)
        if found.pds is None and found.unknown:
            why = terminal_safe(found.why, limit=200)
            raise self._error(
                ErrorKind.NETWORK, W.BLUESKY_PDS_UNCHECKED, where, did=terminal_safe(did, limit=120), why=why
            )
        if found.pds is None or Origin.of(found.pds) != origin:
            raise self.refusal(where)
        self._origins.append(origin)

    def refusal(self, where: str) -> ApplyError:
        """The refusal of a request to ``where`` (made inert: a server chose it)."""
        own = ", ".join(o.shown() for o in self._origins)
        return self._error(ErrorKind.FOREIGN_HOST, W.BLUESKY_ANOTHER_HOST_REFUSED, where, own=own)

    def _error(self, kind: ErrorKind, message: Msg, where: str, **values: str) -> ApplyError:
        """``message``, saying that the last host named ``where``."""
        return ApplyError(kind, Lang(self.language)(message, host=self.last.shown(), where=where, **values))


def bluesky_client(
    settings: Settings, pds: str, language: Language, *, resolve: Callable[[str], DidPds] | None = None
) -> Any:
    """atproto's client for the account logging in on ``pds``: quitx's User-Agent and timeout,
    every request to the account's own PDS only (`OwnPds`). ``resolve``: how the PDS a DID document
    names is read (default `did_pds`, on these settings). A host the settings do not allow
    (``only_mapped_hosts``), or a ``pds`` that is no http(s) address, opens no session."""
    pds = pds if "://" in pds else f"https://{pds}"  # a host name alone: its https address
    login = Origin.of(pds)
    if login is None:
        raise ApplyError(
            ErrorKind.NETWORK, Lang(language)(W.NOT_A_PDS_ADDRESS, pds=terminal_safe(pds, limit=120))
        )
    if not settings.allows(login.host):
        raise refuse_host(login.host, language)
    from atproto import Client, Request

    own = OwnPds(login, language, resolve or (lambda did: did_pds(settings, did)))
    request = Request(timeout=settings.timeout, transport=_transport(settings, own))
    request.set_additional_headers({"User-Agent": settings.user_agent})  # atproto's own otherwise
    client = Client(base_url=pds, request=request)
    # a session answer may move the client to another address: the account's PDS, or refused
    client.on_session_change(lambda _event, session: own.admit(session.pds_endpoint or pds, session.did))
    return client


def _transport(settings: Settings, own: OwnPds) -> httpx.BaseTransport:
    """The httpx transport that sends to ``own``'s hosts only (a class made when a session opens:
    httpx is imported then)."""
    import httpx

    class _OwnPdsTransport(httpx.BaseTransport):
        def __init__(self) -> None:
            self._pools: dict[str | None, httpx.HTTPTransport] = {}

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            url = str(request.url)
            origin = Origin.of(url)
            if origin is None or origin not in own:
                raise own.refusal(origin.shown() if origin is not None else where_of(url))
            own.last = origin
            mapped = settings.mapped_url(url)
            if mapped is None:
                if not settings.allows(origin.host):
                    raise refuse_host(origin.host, own.language)
                return self._pool(request.url).handle_request(request)
            # the test server the host map names, with the host's own Host header (already set)
            target = httpx.URL(mapped)
            sent = httpx.Request(
                request.method,
                target,
                headers=request.headers,
                stream=request.stream,
                extensions=request.extensions,
            )
            # the answer reads as the host's: httpx resolves a relative redirect against the
            # request it gave (the host's address), and it comes back here
            return self._pool(target).handle_request(sent)

        def _pool(self, url: httpx.URL) -> httpx.HTTPTransport:
            """The connection pool for ``url``: direct, or through the environment's proxy for it
            (``HTTPS_PROXY``, ``NO_PROXY``…), as atproto's own client would."""
            proxy = _environ_proxy(url.scheme, url.host)
            if proxy not in self._pools:
                self._pools[proxy] = httpx.HTTPTransport(proxy=proxy)
            return self._pools[proxy]

        def close(self) -> None:
            for pool in self._pools.values():
                pool.close()

    return _OwnPdsTransport()


def _environ_proxy(scheme: str, host: str) -> str | None:
    import urllib.request

    proxies = urllib.request.getproxies()
    proxy = proxies.get(scheme) or proxies.get("all")
    if not proxy or urllib.request.proxy_bypass(host):
        return None
    return proxy
