"""What a URL names: the platform and the account, from its host, then its path.

* Known platforms (X, Facebook, Instagram, Threads, LinkedIn, YouTube, TikTok, Bluesky) keep only
  URLs that name an *account*: share buttons, intents, single videos and other pages of the
  platform name none. A post URL names its author (Bluesky ``/profile/<h>/post/…``, X
  ``/<user>/status/…``, Mastodon ``/@user/<id>``…).
* Any other host is a fediverse server when the path is ``/@user``, ``/@user@other``,
  ``/web/@user`` or ``/users/<user>`` (not all digits: ``/users/123`` is nearly always a forum),
  unless the host is one of the well-known sites whose ``/@user`` pages are not fediverse (Medium,
  Substack, GitHub, Unsplash, Flickr, Vimeo…). The handle is ``@user@<web host>``; WebFinger gives
  the canonical one later.

The tables (domains, reserved paths) are in `quitx.probes.link_data`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from ..handles import parse_ref
from ..models import BlueskyRef, LinkPlatform, MastodonRef
from .link_data import (
    ACCOUNT_SUBDOMAINS,
    FACEBOOK_RESERVED,
    FACEBOOK_SUBDOMAINS,
    INSTAGRAM_RESERVED,
    LINKEDIN_KINDS,
    NOT_FEDIVERSE,
    NOT_FEDIVERSE_BRANDS,
    PLATFORM_DOMAINS,
    X_RESERVED,
    YOUTUBE_RESERVED,
)

__all__ = ["Account", "classify"]

_LOCALE_SUBDOMAIN = re.compile(r"[a-z]{2}(?:-[a-z]{2})?")  # fr.linkedin.com, fr-fr.facebook.com

_X_USER = re.compile(r"[A-Za-z0-9_]{1,15}")

_INSTAGRAM_USER = re.compile(r"[A-Za-z0-9._]{1,30}")

_TIKTOK_USER = re.compile(r"[A-Za-z0-9._]{2,24}")

_FACEBOOK_NAME = re.compile(r"[A-Za-z0-9.\-]{1,80}")

_YOUTUBE_NAME = re.compile(r"[A-Za-z0-9._\-]{1,100}")


@dataclass(frozen=True)
class Account:
    """What a URL names: the platform, the handle if the URL says, and a key for deduplication."""

    platform: LinkPlatform
    handle: str | None
    identity: str  # lower-case account key ("univexemple", "company/acme", "@u@host")


def _segments(path: str) -> list[str]:
    return [unquote(s) for s in path.split("/") if s]


def _x(parts_query: str, fragment: str, segs: list[str]) -> Account | None:
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
    elif first.lower() in X_RESERVED:
        return None
    if not _X_USER.fullmatch(first):
        return None
    return Account(LinkPlatform.X, f"@{first}", first.lower())


def _facebook(domain: str, query: str, segs: list[str]) -> Account | None:
    if not segs:
        return None
    first = segs[0].lower()
    if domain == "fb.me":  # the page short link: fb.me/<page>
        name = segs[0]
    elif first == "profile.php":  # an account without a user name: the id is the account
        ids = parse_qs(query).get("id")
        if not ids or not ids[0].isdigit():
            return None
        return Account(LinkPlatform.FACEBOOK, None, f"id:{ids[0]}")
    elif first in ("pages", "people", "p") and len(segs) >= 2:
        # pages/<name>/<id>, people/<name>/<id>, p/<name>-<id>: the number is the account
        return Account(LinkPlatform.FACEBOOK, None, f"{first}/{'/'.join(segs[1:3]).lower()}")
    elif first == "pg" and len(segs) >= 2:  # the old page routes: pg/<name>/posts
        name = segs[1]
    elif first in FACEBOOK_RESERVED:
        return None
    else:
        name = segs[0]
    if not _FACEBOOK_NAME.fullmatch(name) or name.lower() in FACEBOOK_RESERVED:
        return None
    return Account(LinkPlatform.FACEBOOK, f"@{name}", name.lower())


def _instagram(segs: list[str]) -> Account | None:
    if not segs or segs[0].lower() in INSTAGRAM_RESERVED:
        return None
    name = segs[0].removeprefix("@")
    if not _INSTAGRAM_USER.fullmatch(name):
        return None
    return Account(LinkPlatform.INSTAGRAM, f"@{name}", name.lower())


def _threads(segs: list[str]) -> Account | None:
    if not segs or not segs[0].startswith("@"):
        return None
    name = segs[0][1:]
    if not _INSTAGRAM_USER.fullmatch(name):  # Threads accounts are Instagram accounts
        return None
    return Account(LinkPlatform.THREADS, f"@{name}", name.lower())


def _linkedin(segs: list[str]) -> Account | None:
    # company/, school/, showcase/ pages and in/ (pub/: old) profiles; sharing, feed, posts… are not accounts
    if len(segs) < 2 or segs[0].lower() not in LINKEDIN_KINDS:
        return None
    name = f"{segs[0].lower()}/{segs[1]}"
    return Account(LinkPlatform.LINKEDIN, name, name.lower())


def _youtube(domain: str, segs: list[str]) -> Account | None:
    if domain == "youtu.be" or not segs:  # youtu.be/<id> is always a single video
        return None
    first = segs[0]
    if first.startswith("@") and _YOUTUBE_NAME.fullmatch(first[1:]):
        return Account(LinkPlatform.YOUTUBE, first, first.lower())
    if first.lower() in ("channel", "c", "user") and len(segs) >= 2 and _YOUTUBE_NAME.fullmatch(segs[1]):
        key = f"{first.lower()}/{segs[1]}"
        # channel ids are case-sensitive; lower-casing only merges ids that differ in case, which never meet
        return Account(LinkPlatform.YOUTUBE, None, key.lower())
    if first.lower() not in YOUTUBE_RESERVED and _YOUTUBE_NAME.fullmatch(first):
        return Account(LinkPlatform.YOUTUBE, None, f"c/{first.lower()}")  # legacy youtube.com/<name>
    return None


def _tiktok(segs: list[str]) -> Account | None:
    if not segs or not segs[0].startswith("@"):
        return None
    name = segs[0][1:]
    if not _TIKTOK_USER.fullmatch(name):
        return None
    return Account(LinkPlatform.TIKTOK, f"@{name}", name.lower())


def _bluesky(path: str) -> Account | None:
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
    return Account(LinkPlatform.BLUESKY, actor, actor.lower())


def _fediverse(host: str, segs: list[str]) -> Account | None:
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
    return Account(LinkPlatform.MASTODON, str(ref), str(ref).lower())


def _platform_domain(host: str) -> tuple[str, str] | None:
    """The known platform domain ``host`` is under, and the subdomain part (``""`` for the apex)."""
    labels = host.split(".")
    for i in range(len(labels) - 1):
        candidate = ".".join(labels[i:])
        if candidate in PLATFORM_DOMAINS:
            return candidate, ".".join(labels[:i])
    return None


def _serves_accounts(platform: LinkPlatform, sub: str) -> bool:
    if sub in ACCOUNT_SUBDOMAINS:
        return True
    if platform is LinkPlatform.FACEBOOK:
        return sub in FACEBOOK_SUBDOMAINS or _LOCALE_SUBDOMAIN.fullmatch(sub) is not None
    if platform is LinkPlatform.LINKEDIN:
        return len(sub) == 2 and sub.isalpha()
    return False


def _not_fediverse(host: str) -> bool:
    labels = host.split(".")
    if any(".".join(labels[i:]) in NOT_FEDIVERSE for i in range(len(labels) - 1)):
        return True
    return any(label in NOT_FEDIVERSE_BRANDS for label in labels[:-1])


def classify(url: str) -> Account | None:
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
    platform = PLATFORM_DOMAINS[domain]
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
