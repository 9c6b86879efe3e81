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
Each URL is classified by its host, then its path:

* known platforms (X, Facebook, Instagram, Threads, LinkedIn, YouTube, TikTok, Bluesky) keep only
  links that name an *account*: share buttons, intents, single videos and other pages of the
  platform are dropped. A post link names its author, so it is kept as that account (Bluesky
  ``/profile/<h>/post/…``, X ``/<user>/status/…``, Mastodon ``/@user/<id>``…).
* any other host is a fediverse server when the path is ``/@user``, ``/@user@other``,
  ``/web/@user`` or ``/users/<user>`` (not all digits: ``/users/123`` is nearly always a forum),
  unless the host is one of the well-known sites whose ``/@user`` pages are not fediverse
  (Medium, Substack, GitHub, Unsplash, Flickr, Vimeo…). The handle is ``@user@<web host>``;
  WebFinger gives the canonical one later.

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
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from .._http import HttpEngine, HttpResult
from ..handles import parse_ref
from ..models import (
    BlueskyRef,
    Evidence,
    LinkPlatform,
    MastodonRef,
    Reason,
    SocialLink,
    Verdict,
    WebsiteReport,
)

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

# --- hosts -------------------------------------------------------------------------------------------

_PLATFORM_DOMAINS: dict[str, LinkPlatform] = {
    "twitter.com": LinkPlatform.X,
    "x.com": LinkPlatform.X,
    "facebook.com": LinkPlatform.FACEBOOK,
    "fb.com": LinkPlatform.FACEBOOK,
    "fb.me": LinkPlatform.FACEBOOK,
    "instagram.com": LinkPlatform.INSTAGRAM,
    "instagr.am": LinkPlatform.INSTAGRAM,
    "threads.net": LinkPlatform.THREADS,
    "threads.com": LinkPlatform.THREADS,
    "linkedin.com": LinkPlatform.LINKEDIN,
    "youtube.com": LinkPlatform.YOUTUBE,
    "youtu.be": LinkPlatform.YOUTUBE,
    "youtube-nocookie.com": LinkPlatform.YOUTUBE,
    "tiktok.com": LinkPlatform.TIKTOK,
    "bsky.app": LinkPlatform.BLUESKY,
}
# the subdomains that serve account pages; others (developer., help., platform., go.bsky.app…) do not
_ACCOUNT_SUBDOMAINS = frozenset({"", "www", "m", "mobile"})
_FACEBOOK_SUBDOMAINS = frozenset({"web", "touch", "mbasic"})
_LOCALE_SUBDOMAIN = re.compile(r"[a-z]{2}(?:-[a-z]{2})?")  # fr.linkedin.com, fr-fr.facebook.com

# sites whose /@user (or /users/x) pages are not fediverse accounts
_NOT_FEDIVERSE = frozenset(
    {
        "medium.com",
        "substack.com",
        "github.com",
        "gitlab.com",
        "behance.net",
        "dribbble.com",
        "flickr.com",
        "vimeo.com",
        "soundcloud.com",
        "linktr.ee",
        "spotify.com",
        "unsplash.com",
        "figma.com",
        "hashnode.com",
        "producthunt.com",
        "snapchat.com",
        "tumblr.com",
        "deviantart.com",
        "mixcloud.com",
        "dailymotion.com",
        "twitch.tv",
        "patreon.com",
        "stackoverflow.com",
        "stackexchange.com",
        "google.com",
        "apple.com",
        "wikipedia.org",
        "wikimedia.org",
    }
)
_NOT_FEDIVERSE_BRANDS = frozenset({"pinterest", "threads"})  # under any TLD: pinterest.fr, threads.xyz

# --- per-platform path rules ---------------------------------------------------------------------------

_X_USER = re.compile(r"[A-Za-z0-9_]{1,15}")
_X_RESERVED = frozenset(
    {
        "i",
        "intent",
        "share",
        "home",
        "search",
        "hashtag",
        "explore",
        "settings",
        "login",
        "logout",
        "signup",
        "messages",
        "notifications",
        "compose",
        "tos",
        "privacy",
        "about",
        "download",
        "account",
        "widgets",
        "rules",
        "jobs",
        "help",
        "oauth",
        "personalization",
        "who_to_follow",
        "lists",
        "en",
        "fr",
    }
)
_INSTAGRAM_USER = re.compile(r"[A-Za-z0-9._]{1,30}")
_INSTAGRAM_RESERVED = frozenset(
    {
        "p",
        "reel",
        "reels",
        "tv",
        "explore",
        "accounts",
        "stories",
        "direct",
        "about",
        "developer",
        "legal",
        "web",
        "static",
        "emails",
        "challenge",
        "privacy",
        "terms",
        "session",
        "graphql",
        "api",
        "oauth",
        "ar",
        "create",
    }
)
_TIKTOK_USER = re.compile(r"[A-Za-z0-9._]{2,24}")
_FACEBOOK_NAME = re.compile(r"[A-Za-z0-9.\-]{1,80}")
_FACEBOOK_RESERVED = frozenset(
    {
        "sharer.php",
        "sharer",
        "share.php",
        "share",
        "dialog",
        "plugins",
        "login",
        "login.php",
        "logout.php",
        "tr",
        "events",
        "watch",
        "photo.php",
        "photo",
        "photos",
        "permalink.php",
        "story.php",
        "hashtag",
        "help",
        "policies",
        "policy.php",
        "privacy",
        "legal",
        "ads",
        "business",
        "groups",
        "gaming",
        "marketplace",
        "search",
        "home.php",
        "reg",
        "r.php",
        "l.php",
        "notes",
        "media",
        "video.php",
        "videos",
        "messages",
        "notifications",
        "settings",
        "bookmarks",
        "friends",
        "fundraisers",
        "donate",
        "live",
        "apps",
        "developers",
        "careers",
        "about",
        "terms",
        "cookies",
        "recover",
        "checkpoint",
    }
)
_LINKEDIN_KINDS = frozenset({"company", "school", "in", "showcase", "pub"})
_YOUTUBE_RESERVED = frozenset(
    {
        "watch",
        "embed",
        "shorts",
        "playlist",
        "results",
        "feed",
        "live",
        "v",
        "redirect",
        "hashtag",
        "t",
        "about",
        "premium",
        "kids",
        "gaming",
        "account",
        "signin",
        "logout",
        "upload",
        "howyoutubeworks",
        "ads",
        "creators",
        "yt",
        "s",
        "attribution_link",
        "subscription_center",
        "watch_videos",
        "channel",
        "c",
        "user",
        "post",
        "clip",
    }
)
_YOUTUBE_NAME = re.compile(r"[A-Za-z0-9._\-]{1,100}")


@dataclass(frozen=True)
class _Account:
    """What a URL names: the platform, the handle if the URL says, and a key for deduplication."""

    platform: LinkPlatform
    handle: str | None
    identity: str  # lower-case account key ("univexemple", "company/acme", "@u@host")


def _segments(path: str) -> list[str]:
    return [unquote(s) for s in path.split("/") if s]


def _x(parts_query: str, fragment: str, segs: list[str]) -> _Account | None:
    if not segs and fragment.startswith("!/"):  # the old hash-bang URLs: twitter.com/#!/user
        segs = _segments(fragment[2:].split("?", 1)[0])
    if not segs:
        return None
    first = segs[0].removeprefix("@")
    if first.lower() == "intent":
        # a follow button (intent/follow?screen_name=x) names the account; tweet/retweet intents do not
        if len(segs) < 2 or segs[1].lower() not in ("follow", "user"):
            return None
        names = parse_qs(parts_query).get("screen_name")
        first = names[0].removeprefix("@") if names else ""
    elif first.lower() in _X_RESERVED:
        return None
    if not _X_USER.fullmatch(first):
        return None
    return _Account(LinkPlatform.X, f"@{first}", first.lower())


def _facebook(domain: str, query: str, segs: list[str]) -> _Account | None:
    if not segs:
        return None
    first = segs[0].lower()
    if domain == "fb.me":  # the page short link: fb.me/<page>
        name = segs[0]
    elif first == "profile.php":  # an account without a user name: the id is the account
        ids = parse_qs(query).get("id")
        if not ids or not ids[0].isdigit():
            return None
        return _Account(LinkPlatform.FACEBOOK, None, f"id:{ids[0]}")
    elif first in ("pages", "people", "p") and len(segs) >= 2:
        # pages/<name>/<id>, people/<name>/<id>, p/<name>-<id>: the number is the account
        return _Account(LinkPlatform.FACEBOOK, None, f"{first}/{'/'.join(segs[1:3]).lower()}")
    elif first == "pg" and len(segs) >= 2:  # the old page routes: pg/<name>/posts
        name = segs[1]
    elif first in _FACEBOOK_RESERVED:
        return None
    else:
        name = segs[0]
    if not _FACEBOOK_NAME.fullmatch(name) or name.lower() in _FACEBOOK_RESERVED:
        return None
    return _Account(LinkPlatform.FACEBOOK, f"@{name}", name.lower())


def _instagram(segs: list[str]) -> _Account | None:
    if not segs or segs[0].lower() in _INSTAGRAM_RESERVED:
        return None
    name = segs[0].removeprefix("@")
    if not _INSTAGRAM_USER.fullmatch(name):
        return None
    return _Account(LinkPlatform.INSTAGRAM, f"@{name}", name.lower())


def _threads(segs: list[str]) -> _Account | None:
    if not segs or not segs[0].startswith("@"):
        return None
    name = segs[0][1:]
    if not _INSTAGRAM_USER.fullmatch(name):  # Threads accounts are Instagram accounts
        return None
    return _Account(LinkPlatform.THREADS, f"@{name}", name.lower())


def _linkedin(segs: list[str]) -> _Account | None:
    # company/, school/, showcase/ pages and in/ (pub/: old) profiles; sharing, feed, posts… are not accounts
    if len(segs) < 2 or segs[0].lower() not in _LINKEDIN_KINDS:
        return None
    name = f"{segs[0].lower()}/{segs[1]}"
    return _Account(LinkPlatform.LINKEDIN, name, name.lower())


def _youtube(domain: str, segs: list[str]) -> _Account | None:
    if domain == "youtu.be" or not segs:  # youtu.be/<id> is always a single video
        return None
    first = segs[0]
    if first.startswith("@") and _YOUTUBE_NAME.fullmatch(first[1:]):
        return _Account(LinkPlatform.YOUTUBE, first, first.lower())
    if first.lower() in ("channel", "c", "user") and len(segs) >= 2 and _YOUTUBE_NAME.fullmatch(segs[1]):
        key = f"{first.lower()}/{segs[1]}"
        # channel ids are case-sensitive; lower-casing only merges ids that differ in case, which never meet
        return _Account(LinkPlatform.YOUTUBE, None, key.lower())
    if first.lower() not in _YOUTUBE_RESERVED and _YOUTUBE_NAME.fullmatch(first):
        return _Account(LinkPlatform.YOUTUBE, None, f"c/{first.lower()}")  # legacy youtube.com/<name>
    return None


def _tiktok(segs: list[str]) -> _Account | None:
    if not segs or not segs[0].startswith("@"):
        return None
    name = segs[0][1:]
    if not _TIKTOK_USER.fullmatch(name):
        return None
    return _Account(LinkPlatform.TIKTOK, f"@{name}", name.lower())


def _bluesky(path: str) -> _Account | None:
    raw = [s for s in path.split("/") if s]
    if len(raw) < 2 or raw[0] != "profile":
        return None
    try:  # parse_ref checks the handle or DID strictly and normalises it
        ref = parse_ref(f"https://bsky.app/profile/{raw[1]}")
    except ValueError:
        return None
    if not isinstance(ref, BlueskyRef):  # pragma: no cover - a bsky.app URL gives a BlueskyRef
        return None
    actor = ref.did or ref.handle or ""
    return _Account(LinkPlatform.BLUESKY, actor, actor.lower())


def _fediverse(host: str, segs: list[str]) -> _Account | None:
    if segs and segs[0] == "web":  # Mastodon's old web-app routes: /web/@user
        segs = segs[1:]
    if not segs:
        return None
    if segs[0].startswith("@") and len(segs[0]) > 1:
        # /@user is an account of this server; /@user@other is another server's, seen from here
        user, sep, other = segs[0][1:].partition("@")
        acct = f"{user}@{other}" if sep else f"{user}@{host}"
    elif segs[0] == "users" and len(segs) >= 2 and not segs[1].isdigit():
        # the ActivityPub actor (/users/x) or one of its posts (/users/x/statuses/<id>)
        if len(segs) != 2 and not (len(segs) == 4 and segs[2] == "statuses"):
            return None
        acct = f"{segs[1]}@{host}"
    else:
        return None
    try:  # the username and the domain must be valid (an IP address or a port is not a handle)
        ref = parse_ref(f"@{acct}")
    except ValueError:
        return None
    if not isinstance(ref, MastodonRef):  # pragma: no cover - "@user@host" gives a MastodonRef
        return None
    return _Account(LinkPlatform.MASTODON, str(ref), str(ref).lower())


def _platform_domain(host: str) -> tuple[str, str] | None:
    """The known platform domain ``host`` is under, and the subdomain part (``""`` for the apex)."""
    labels = host.split(".")
    for i in range(len(labels) - 1):
        candidate = ".".join(labels[i:])
        if candidate in _PLATFORM_DOMAINS:
            return candidate, ".".join(labels[:i])
    return None


def _serves_accounts(platform: LinkPlatform, sub: str) -> bool:
    if sub in _ACCOUNT_SUBDOMAINS:
        return True
    if platform is LinkPlatform.FACEBOOK:
        return sub in _FACEBOOK_SUBDOMAINS or _LOCALE_SUBDOMAIN.fullmatch(sub) is not None
    if platform is LinkPlatform.LINKEDIN:
        return len(sub) == 2 and sub.isalpha()
    return False


def _not_fediverse(host: str) -> bool:
    labels = host.split(".")
    if any(".".join(labels[i:]) in _NOT_FEDIVERSE for i in range(len(labels) - 1)):
        return True
    return any(label in _NOT_FEDIVERSE_BRANDS for label in labels[:-1])


def _classify(url: str) -> _Account | None:
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:  # a bad IPv6 literal or port
        return None
    if not host:
        return None
    segs = _segments(parts.path)
    found = _platform_domain(host)
    if found is None:
        return None if _not_fediverse(host) else _fediverse(host, segs)
    domain, sub = found
    platform = _PLATFORM_DOMAINS[domain]
    if not _serves_accounts(platform, sub):
        return None
    match platform:
        case LinkPlatform.X:
            return _x(parts.query, parts.fragment, segs)
        case LinkPlatform.FACEBOOK:
            return _facebook(domain, parts.query, segs)
        case LinkPlatform.INSTAGRAM:
            return _instagram(segs)
        case LinkPlatform.THREADS:
            return _threads(segs)
        case LinkPlatform.LINKEDIN:
            return _linkedin(segs)
        case LinkPlatform.YOUTUBE:
            return _youtube(domain, segs)
        case LinkPlatform.TIKTOK:
            return _tiktok(segs)
        case _:
            return _bluesky(parts.path)


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


def _parse(html: str) -> _Parsed:
    """The elements that can name an account, in document order, and the first ``<base href>``.
    Never raises (a parser failure gives what was found: nothing)."""
    found: list[_Raw] = []
    base_href: str | None = None
    try:
        tree = LexborHTMLParser(html[:_MAX_HTML_CHARS])
        for node in tree.css(_ELEMENTS):
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
                rel = {token.lower() for token in _ASCII_WS.split(attrs.get("rel") or "") if token}
                found.append(_Raw("link" if tag == "link" else "a", attrs.get("href") or "", "me" in rel))
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
    collector = _parse(html)
    base = base_url
    if collector.base_href is not None:
        href = _clean_url(collector.base_href)
        resolved = _resolve(base_url, href) if href is not None else None
        if resolved is not None:
            base = resolved
    own_host = _site_host(base_url)
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
            href = _clean_url(raw.value)
            if href is not None and relative_is_own and not href.startswith("//") and not _SCHEME.match(href):
                continue
            url = _resolve(base, href) if href is not None else None
            if url is None or (own_host and _site_host(url) == own_host):
                continue
            account = _classify(url)
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
