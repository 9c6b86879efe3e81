"""The institution's homepage: can it be read, and which social accounts does it link to?

**Verdict** — it answers one question, "could the homepage be read?":

* ``present`` / ``found``: a 2xx HTML page was read (even if only its first megabyte was:
  ``truncated`` then says so, and the links are those of the part read);
* ``absent`` / ``not_found``: the host does not exist (its name did not resolve *and* the DNS
  says NXDOMAIN, verified as `quitx._http.dns` says), or the server answered 404 / 410 for the homepage;
* ``unknown``: anything else, with the engine's reason — timeout, 5xx (``server_error``),
  401/403 (``unauthorized``), 429 (``rate_limited``), a refused connection or a TLS error
  (``network_error``), a redirect loop or too many redirects (``bad_response``), a page that is
  not HTML (``bad_response``), and the other 4xx (400, 405, 406…, ``bad_response``; 408 is a
  ``timeout``): those say the request was not liked, not that the homepage is missing. An
  ``unknown`` is never turned into ``absent``. A name that did not resolve under a DNS that looks
  offline or filtered is ``dns_unverified``.

**Links** (`extract_links`) — ``<a href>``, ``<area href>``, ``<link href>`` (``rel="me"``
is kept as a claim of identity) and ``<meta name="fediverse:creator" content="@user@host">``.
Each URL is classified by `quitx.probes.links.classify` (its host, then its path): only URLs that
name an account on a known platform or a fediverse server are kept.

**Hosts** — the Mastodon and Bluesky accounts a page links to are checked on their own servers
(WebFinger on the handle's domain, the handle's ``/.well-known/atproto-did``): `probe_website`
keeps the links of at most `MAX_LINK_HOSTS` such servers (those of ``rel="me"`` links first, then
in document order) and says in the evidence and in ``links_skipped`` how many it left out, so that
the check reads "unknown", not "absent", where a skipped link could have named the account. Links
to X, Facebook and the other platforms are never fetched and never capped.

Duplicates (same platform and same account, or same URL when the URL names no account) are
merged, in document order; the merged link is ``rel_me`` if any occurrence was, and then carries
the URL of a ``rel="me"`` occurrence (the one Mastodon's verification compares). Links to the
site itself, ``javascript:``, ``mailto:``, ``tel:``, ``data:`` and ``#fragment`` links are ignored.

**Parsing** — the page is parsed as browsers parse it (the HTML5 algorithm, by Lexbor through
``selectolax``: links in comments, scripts and unfinished tags do not count; duplicated
attributes keep the first; entities are decoded), in linear time whatever the markup. At most
`_MAX_HTML_CHARS` characters are read and `MAX_LINKS` elements looked at. (Python's
``html.parser``, used before, needed chunked feeding and hand-made limits to stay bounded on
junk, and took 14 times as long on an ordinary 30 kB homepage.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from .._http import HttpEngine, HttpResult
from ..handles import parse_ref
from ..models import (
    Evidence,
    LinkPlatform,
    MastodonRef,
    Reason,
    SocialLink,
    Verdict,
    WebsiteReport,
)
from .links import classify

__all__ = ["MAX_LINKS", "MAX_LINK_HOSTS", "MAX_PAGE_BYTES", "extract_links", "homepage_url", "probe_website"]

MAX_PAGE_BYTES = 1_000_000  # Mastodon's own rel="me" fetch reads 1 MB: a link further down verifies nothing
MAX_LINKS = 5000  # elements with a URL looked at; a real homepage has a few hundred
# servers that one page's links may make quitx contact (a real homepage names one to three): a page
# that links to 5,000 fediverse hosts must not turn quitx into a crawler of them
MAX_LINK_HOSTS = 20
_MAX_HTML_CHARS = 2_000_000  # extract_links reads no further (a 1 MB page decodes to at most 1 M characters)
_MAX_URL_CHARS = 2048  # no account URL is longer; a huge href is not worth resolving

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_IGNORED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "sms:", "callto:", "fax:")
_ASCII_WS = re.compile(r"[ \t\n\f\r]+")  # HTML token lists split on ASCII whitespace only
_TAB_NEWLINE = re.compile(r"[\t\n\r]")  # the URL standard removes these anywhere in a URL
_C0_OR_SPACE = "".join(chr(c) for c in range(0x21))  # and strips these at both ends
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x1f\x7f]|\s")  # \s is str.isspace (Py_UNICODE_ISSPACE)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
# what may follow a leading "/" and make it other than a path on the same site: "//host", "/\\host"
# (browsers read "\\" as "/"), or a tab or newline that the URL standard removes ("/\t/host"); and
# "" (a lone "/", left to the full reading)
_NOT_A_PATH = ("", "/", "\\", "\t", "\n", "\r")

# --- HTML ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Raw:
    source: str  # "a", "link" or "meta"
    value: str  # the href as written, or the meta content
    rel_me: bool


@dataclass
class _Parsed:
    found: list[_Raw]
    base_href: str | None


_ELEMENTS = "a[href], area[href], link[href], meta[name][content], base[href]"
# the same without the <a href="/path"> links, which can only name a page of the site itself when
# the page has no <base>: most links of a homepage are these, and each cost a node, its attributes
# and a record (half of the parse). What may follow the "/" and make it other than a path on the
# same site is kept (see _NOT_A_PATH): "/" alone, "//host", "/\\host", and a tab or a newline (the
# parser has already turned a carriage return into a newline)
_ELEMENTS_OFF_SITE = (
    'a[href]:not([href^="/"]), a[href="/"], a[href^="//"], a[href^="/\\\\"], a[href^="/\\9"],'
    ' a[href^="/\\a"], area[href], link[href], meta[name][content], base[href]'
)


def _parse(html: str, *, skip_site_paths: bool = False) -> _Parsed:
    """The elements that can name an account, in document order, and the first ``<base href>``.
    With ``skip_site_paths``, ``<a href="/path">`` is left out unless the page has a ``<base>``
    (which may send relative links elsewhere). Never raises (a parser failure gives what was found:
    nothing)."""
    found: list[_Raw] = []
    base_href: str | None = None
    try:
        tree = LexborHTMLParser(html[:_MAX_HTML_CHARS])
        narrow = skip_site_paths and tree.css_first("base[href]") is None
        for node in tree.css(_ELEMENTS_OFF_SITE if narrow else _ELEMENTS):
            tag = node.tag
            attrs = node.attributes
            if tag == "base":
                if base_href is None:  # only the first <base href> counts
                    base_href = attrs.get("href") or ""
                continue
            if tag == "meta":
                if (attrs.get("name") or "").strip().lower() == "fediverse:creator":
                    found.append(_Raw("meta", attrs.get("content") or "", False))
            else:
                rel = attrs.get("rel")  # most links have none: no token list to build
                rel_me = "me" in _ASCII_WS.split(rel.lower()) if rel else False
                found.append(_Raw("link" if tag == "link" else "a", attrs.get("href") or "", rel_me))
            if len(found) >= MAX_LINKS:
                break
    except Exception:  # noqa: S110 - a page that cannot be parsed names no account
        pass
    return _Parsed(found, base_href)


def _clean_url(value: str) -> str | None:
    """The href as a browser reads it (stripped, tabs and newlines removed), or None to skip it."""
    value = _TAB_NEWLINE.sub("", value.strip(_C0_OR_SPACE))
    if not value or len(value) > _MAX_URL_CHARS or value.startswith("#"):
        return None
    if value[:12].lower().startswith(_IGNORED_SCHEMES):
        return None
    if _CONTROL_OR_SPACE.search(value):
        return None  # no account URL holds spaces or control characters
    return value


def _resolve(base: str, href: str) -> str | None:
    try:
        url = urljoin(base, href)
        parts = urlsplit(url)
        _ = parts.port  # raises on a bad port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url


def _site_host_exact(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return ""


def _site_host(url: str) -> str:
    """The host without "www.": www.univ-exemple.fr and univ-exemple.fr are the same site."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").removeprefix("www.")


def _meta_link(content: str) -> SocialLink | None:
    try:
        ref = parse_ref(content)
    except ValueError:
        return None
    if not isinstance(ref, MastodonRef):
        return None
    # the conventional profile URL; WebFinger finds the real web host later
    url = f"https://{ref.domain}/@{ref.username}"
    return SocialLink(platform=LinkPlatform.MASTODON, url=url, handle=str(ref), source="meta")


def extract_links(html: str, base_url: str) -> list[SocialLink]:
    """The social accounts ``html`` links to, in document order, deduplicated. Pure; never raises."""
    own_host = _site_host(base_url)
    collector = _parse(html, skip_site_paths=bool(own_host))
    base = base_url
    if collector.base_href is not None:
        href = _clean_url(collector.base_href)
        resolved = _resolve(base_url, href) if href is not None else None
        if resolved is not None:
            base = resolved
    # a relative href stays on the base's site: when that is the page's own site, it cannot name a
    # social account (most links of a homepage are these; resolving each one was the probe's cost)
    relative_is_own = bool(own_host) and _site_host(base) == own_host

    links: list[SocialLink] = []
    index: dict[tuple[LinkPlatform, str], int] = {}
    for raw in collector.found:
        link: SocialLink | None
        if raw.source == "meta":
            link = _meta_link(raw.value.strip())
            key = link.handle.lower() if link is not None and link.handle else ""
        else:
            value = raw.value
            if relative_is_own and value[:1] == "/" and value[1:2] not in _NOT_A_PATH:
                continue  # "/path": the site's own page (what the next lines decide, without the work)
            href = _clean_url(value)
            if href is not None and relative_is_own and not href.startswith("//") and not _SCHEME.match(href):
                continue
            url = _resolve(base, href) if href is not None else None
            if url is None or (own_host and _site_host(url) == own_host):
                continue
            account = classify(url)
            if account is None:
                continue
            link = SocialLink(
                platform=account.platform,
                url=url,
                rel_me=raw.rel_me,
                handle=account.handle,
                source="link" if raw.source == "link" else "a",
            )
            key = account.identity
        if link is None:
            continue
        seen = index.get((link.platform, key))
        if seen is None:
            index[(link.platform, key)] = len(links)
            links.append(link)
        elif link.rel_me and not links[seen].rel_me:
            # keep the first position, but the rel="me" URL: it is the one a verification compares
            links[seen] = link
    return links


# --- the probe -----------------------------------------------------------------------------------------


def homepage_url(domain_or_url: str) -> str:
    """``"univ-exemple.fr"`` → ``"https://univ-exemple.fr/"``; an http(s) URL is kept (``/`` added
    when it has no path). Raises ``ValueError`` for an empty string or another scheme."""
    text = domain_or_url.strip()
    if not text:
        raise ValueError("empty domain or URL")
    if text.startswith("//"):
        text = "https:" + text
    elif "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"not an http(s) URL: {domain_or_url!r}")
    if not parts.netloc:
        raise ValueError(f"no host in {domain_or_url!r}")
    return text if parts.path else parts._replace(path="/").geturl()


def _server(link: SocialLink) -> str | None:
    """The server quitx contacts to check the account ``link`` names (None: none of its own)."""
    handle = (link.handle or "").lower()
    if link.platform is LinkPlatform.MASTODON and "@" in handle:
        return handle.rpartition("@")[2]
    if link.platform is LinkPlatform.BLUESKY and handle:
        if handle.startswith("did:web:"):
            return handle.removeprefix("did:web:")
        return None if handle.startswith("did:") else handle  # did:plc: the PLC directory, always asked
    return None


def _cap_hosts(links: list[SocialLink]) -> tuple[list[SocialLink], int]:
    """The links whose servers are among the first `MAX_LINK_HOSTS` (``rel="me"`` links first), in
    document order, and how many links were left out."""
    servers: set[str] = set()
    for link in sorted(links, key=lambda item: not item.rel_me):  # stable: document order otherwise
        server = _server(link)
        if server is not None and len(servers) < MAX_LINK_HOSTS:
            servers.add(server)
    kept = [link for link in links if (server := _server(link)) is None or server in servers]
    return kept, len(links) - len(kept)


def _media_type(result: HttpResult) -> tuple[str | None, str | None]:
    """The media type and charset of the Content-Type header (lower case), or None."""
    header = result.headers.get("content-type")
    if header is None:
        return None, None
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("'\"").lower() or None
    return media.strip().lower() or None, charset


def _looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def _decode(body: bytes, charset: str | None) -> str:
    if charset:
        try:
            return body.decode(charset, errors="replace")
        except (LookupError, UnicodeError, ValueError):  # an unknown name, or a codec such as "idna"
            pass
    return body.decode("utf-8", errors="replace")


def _size(n: int) -> str:
    return f"{n} B" if n < 1000 else f"{n / 1000:.0f} kB"


def _links_outcome(body: bytes, truncated: bool, links: list[SocialLink]) -> str:
    text = f"HTML read ({_size(len(body))}{', truncated' if truncated else ''}), "
    if not links:
        return text + "no social links"
    found = {link.platform for link in links}
    names = ", ".join(p.value for p in LinkPlatform if p in found)
    rel_me = sum(link.rel_me for link in links)
    plural = "s" if len(links) > 1 else ""
    return text + f"{len(links)} social link{plural}: {names}" + (f" ({rel_me} rel=me)" if rel_me else "")


async def probe_website(engine: HttpEngine, url: str) -> WebsiteReport:
    """Read the homepage at ``url`` (a domain is made ``https://<domain>/``) and list its social links."""
    url = homepage_url(url)
    result = await engine.get(
        url, accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.1", max_bytes=MAX_PAGE_BYTES
    )
    evidence: list[Evidence] = []

    def report(
        verdict: Verdict,
        reason: Reason,
        links: tuple[SocialLink, ...] = (),
        truncated: bool = False,
        skipped: int = 0,
    ) -> WebsiteReport:
        return WebsiteReport(
            url=url,
            final_url=result.final_url,
            status=result.status,
            verdict=verdict,
            reason=reason,
            links=links,
            truncated=truncated,
            links_skipped=skipped,
            retry_after=result.retry_after,
            evidence=tuple(evidence),
        )

    if result.ok and result.failure is None:
        media, charset = _media_type(result)
        if media not in _HTML_TYPES and not (media is None and _looks_like_html(result.body)):
            evidence.append(result.evidence("homepage", f"not HTML: {media or 'no Content-Type'}"))
            return report(Verdict.UNKNOWN, Reason.BAD_RESPONSE)
        links, skipped = _cap_hosts(extract_links(_decode(result.body, charset), result.final_url))
        outcome = _links_outcome(result.body, result.truncated, links)
        if skipped:
            outcome += f"; {skipped} more left out: links to at most {MAX_LINK_HOSTS} servers are followed"
        evidence.append(result.evidence("homepage", outcome))
        return report(Verdict.PRESENT, Reason.FOUND, tuple(links), result.truncated, skipped)

    if result.failure is None:  # the server chose this answer
        if result.status in (404, 410):
            evidence.append(result.evidence("homepage", f"HTTP {result.status}: no homepage"))
            return report(Verdict.ABSENT, Reason.NOT_FOUND)
        reason = Reason.TIMEOUT if result.status == 408 else Reason.BAD_RESPONSE
        evidence.append(result.evidence("homepage", f"HTTP {result.status}: the homepage was not given"))
        return report(Verdict.UNKNOWN, reason)

    evidence.append(result.evidence("homepage", result.describe_failure()))
    missing = None if result.hops else await engine.host_missing(_site_host_exact(url), result)
    if missing is not None:  # (a redirect came back: the site exists, its target is what failed)
        evidence.append(missing.evidence)
        if missing.proven:
            return report(Verdict.ABSENT, Reason.NOT_FOUND)
        return report(Verdict.UNKNOWN, Reason.DNS_UNVERIFIED)
    return report(Verdict.UNKNOWN, result.failure)
