"""URL facts that never raise: which host a remote URL names, whether a request could carry it,
which URLs on a domain a text holds. Servers hand quitx URLs that may hold anything."""

from __future__ import annotations

import functools
import html
import re
from urllib.parse import urlsplit

__all__ = [
    "PLAIN_AUTHORITY",
    "host_within",
    "links_to",
    "unusable_url",
    "url_host",
    "urls_on",
]


_URL = re.compile(r"https?://[^\s\"'<>]+", re.IGNORECASE)


def host_within(host: str | None, domain: str | None) -> bool:
    """Whether ``host`` is ``domain`` or one of its subdomains."""
    if not host or not domain:
        return False
    host = host.lower().rstrip(".")
    return host == domain or host.endswith("." + domain)


def url_host(url: str | None, *, port: bool = False) -> str:
    """The lower-case host of ``url``, ``""`` when it is no URL a request could carry (`unusable_url`:
    remote URLs may hold anything, an unbalanced ``[``, a bidi control in the host, a bad port).
    With ``port``, the authority as a URL writes it: ``host:port`` when it names a port, an IPv6
    address in brackets. Never raises."""
    if not url or unusable_url(url) is not None:
        return ""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    if not port:
        return host
    host = f"[{host}]" if ":" in host else host
    return f"{host}:{parts.port}" if parts.port else host


_MEMO_URL_CHARS = 512  # URLs up to this length have their answer remembered (a run asks again and again)


def unusable_url(url: str) -> str | None:
    """Why ``url`` cannot be requested (an unbalanced ``[``, a bad port, a host that is no host name:
    a bidi control, a space…), or None. Remote payloads hand quitx such URLs."""
    # the engine, the transport and the probes each ask of the same URLs (three times per request
    # sent): the answer is remembered for the short ones, which are nearly all; a long one, which a
    # remote payload may hold by the thousand, is judged each time and never kept
    return _unusable_remembered(url) if len(url) <= _MEMO_URL_CHARS else _unusable(url)


@functools.lru_cache(maxsize=4096)
def _unusable_remembered(url: str) -> str | None:
    return _unusable(url)


def _unusable(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        _ = parts.port
        host = parts.hostname
    except ValueError as exc:
        return f"not a usable URL ({exc})"
    if parts.scheme not in ("http", "https"):
        return "not an http(s) URL"
    if not host:
        return "a URL without a host"
    if (
        PLAIN_AUTHORITY.fullmatch(parts.netloc)
        and url.isascii()
        and url.isprintable()
        and " " not in url  # urlsplit strips leading spaces, httpx does not: let httpx judge those
        and len(url) < 65536
    ):
        # a plain ASCII name or a valid dotted quad, no user info: httpx would send it as it is,
        # lower-cased; its full parse (a third of a URL's cost in the engine) can say nothing more
        return None
    import httpx  # the host as the engine would send it (IDNA); lazily: ``import quitx`` stays light

    try:
        raw_host = httpx.URL(url).raw_host.decode("ascii", errors="replace").lower()
    except (httpx.InvalidURL, ValueError) as exc:  # IDNA refuses bidi and control characters
        return f"not a usable URL ({exc})"
    if not _HOST_NAME.fullmatch(raw_host):  # a space or a "%" is percent-encoded, not refused
        return f"not a host name: {host!r}"
    return None


_HOST_NAME = re.compile(r"[a-z0-9._-]+|[0-9a-f:.]+")  # a name (after IDNA) or an IPv6 literal
# host[:port] that httpx sends as it is written (lower-cased): a name with a letter, a "-" or a "_"
# and no character IDNA or percent-encoding could change, or a valid dotted quad
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
PLAIN_AUTHORITY = re.compile(
    rf"(?:(?=[0-9.]*[a-z_-])[a-z0-9._-]+|(?:{_OCTET}\.){{3}}{_OCTET})(?::[0-9]{{1,5}})?", re.IGNORECASE
)


def urls_on(text: str, domain: str | None) -> list[str]:
    """The URLs on ``domain`` that ``text`` holds (plain or HTML, as Mastodon sends field values)."""
    found: list[str] = []
    for raw in _URL.findall(text):
        url = html.unescape(raw)
        if host_within(url_host(url), domain) and url not in found:
            found.append(url)
    return found


def links_to(text: str, domain: str | None) -> bool:
    """Whether ``text`` (plain or HTML, as Mastodon sends field values) holds a URL on ``domain``."""
    return bool(urls_on(text, domain))
