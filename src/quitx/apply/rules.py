"""The rules of ``quitx apply``, as pure functions: no request, no SDK.

- **Whose account**: the logged-in identity (Mastodon username on its server, Bluesky DID) is
  compared with the accounts the report attributes to the institution (verified or linked from
  its website), or with the accounts the user named with ``--confirm-account``.
- **Which field is the website's**: a profile field whose typed value is the homepage's URL (a
  subpage of the site is not it); the fields to send keep every other field as typed.
- **Which post is the announcement**: a post of the account that mentions the account itself
  and names the other network — a mark that survives the server's HTML, the date in the text and
  its language (see `is_mastodon_announcement`, `is_bluesky_announcement`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from .._text import html_to_text
from ..errors import ApplyError, ErrorKind
from ..handles import parse_ref
from ..i18n import Lang
from ..i18n.common import CONFIDENCE
from ..models import (
    BlueskyAccount,
    BlueskyRef,
    FoundAccount,
    Institution,
    MastodonAccount,
    MastodonRef,
    Platform,
    Report,
)
from . import wording as W
from .models import Language

__all__ = [
    "MASTODON_MAX_FIELDS",
    "BlueskyIdentity",
    "Field",
    "FieldPlan",
    "MastodonIdentity",
    "bluesky_facets",
    "fields_payload",
    "homepage",
    "is_bluesky_announcement",
    "is_homepage_link",
    "is_mastodon_announcement",
    "is_profile_url",
    "mastodon_identity",
    "official_bio",
    "owner_of_bluesky",
    "owner_of_mastodon",
    "plan_fields",
    "show_fields",
]

MASTODON_MAX_FIELDS = 4
_WEBSITE_NAMES = ("site web", "website", "site", "web", "site internet")
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


# --- whose account -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MastodonIdentity:
    """The account a Mastodon token opens, as its server says (``verify_credentials``)."""

    id: str
    username: str
    host: str  # the server asked (where the API lives)
    domain: str  # the handle's domain (the report's, or the host)
    url: str

    @property
    def handle(self) -> str:
        return f"@{self.username}@{self.domain}"


@dataclass(frozen=True)
class BlueskyIdentity:
    """The account an app password opens, as its PDS says (``getSession``)."""

    did: str
    handle: str

    @property
    def label(self) -> str:
        return f"@{self.handle} ({self.did})"


def mastodon_identity(
    raw: Mapping[str, Any], host: str, known: Iterable[tuple[str, str]] = ()
) -> MastodonIdentity:
    """The account ``verify_credentials`` describes (``raw``), on the server ``host``. Its handle's
    domain is the host unless ``known`` (username, domain) pairs name the same username: the last
    such pair gives it (a server may serve a handle domain of its own: ``@user@example.org`` on
    ``social.example.org``)."""
    username = str(raw.get("username", ""))
    domain = host
    for user, where in known:
        if user.casefold() == username.casefold():
            domain = where
    return MastodonIdentity(
        id=str(raw.get("id", "")),
        username=username,
        host=host,
        domain=domain.lower(),
        url=str(raw.get("url") or f"https://{host}/@{username}"),
    )


def is_profile_url(url: str, me: MastodonIdentity) -> bool:
    """Whether ``url`` is the account's profile page (``/@user`` or ``/users/user`` on its server)."""
    got = url.strip().rstrip("/").casefold()
    forms = {
        me.url.rstrip("/"),
        f"https://{me.host}/@{me.username}",
        f"https://{me.host}/users/{me.username}",
    }
    return got in {f.casefold() for f in forms}


def _owned(report: Report | None, platform: Platform) -> tuple[FoundAccount, ...]:
    """The institution's own accounts on ``platform``, best first (`Report.own`)."""
    return report.own(platform) if report else ()


def _candidates(report: Report | None, platform: Platform) -> tuple[FoundAccount, ...]:
    """The accounts that only bear its name on ``platform`` (`Report.ranked`, not owned)."""
    return tuple(a for a in report.ranked(platform) if not a.confidence.owned) if report else ()


def _confirmed_refs(confirmed: Iterable[str]) -> list[MastodonRef | BlueskyRef]:
    refs: list[MastodonRef | BlueskyRef] = []
    for text in confirmed:
        refs.append(parse_ref(text))  # InvalidReferenceError: checked when the options are read
    return refs


def _not_ours(
    language: Language, opened: str, institution: Institution, named: Sequence[str], how: str
) -> str:
    name = institution.name
    listed = ", ".join(named)
    lang = Lang(language)
    return lang(
        W.NOT_THE_INSTITUTIONS_ACCOUNT,
        opened=opened,
        name=name,
        attributed=lang(W.IT_ATTRIBUTES, listed=listed) if named else lang(W.IT_NAMES_NONE, how=how),
        ref=opened.split(" ")[0],
    )


def owner_of_mastodon(
    me: MastodonIdentity,
    report: Report | None,
    institution: Institution,
    confirmed: Iterable[str],
    language: Language,
) -> str:
    """Why the logged-in Mastodon account is the institution's (evidence), or ApplyError."""
    user = me.username.casefold()
    for found in _owned(report, Platform.MASTODON):
        account, confidence = found.account, found.confidence
        if not isinstance(account, MastodonAccount):
            continue
        same_server = me.host.lower() in (account.web_host.lower(), account.domain.lower())
        if same_server and account.username.casefold() == user:
            how = Lang(language)(CONFIDENCE[confidence])
            return Lang(language)(W.OWNER_FROM_REPORT, handle=account.handle, how=how)
    for ref in _confirmed_refs(confirmed):
        if (
            isinstance(ref, MastodonRef)
            and ref.username.casefold() == user
            and ref.domain.lower() in (me.host.lower(), me.domain.lower())
        ):
            return Lang(language)(W.OWNER_CONFIRMED, handle=me.handle)
    named = [
        a.account.handle for a in _owned(report, Platform.MASTODON) if isinstance(a.account, MastodonAccount)
    ]
    message = _not_ours(language, me.handle, institution, named, "Mastodon")
    if any(
        c.username.casefold() == user and me.host.lower() in (c.web_host.lower(), c.domain.lower())
        for c in (a.account for a in _candidates(report, Platform.MASTODON))
        if isinstance(c, MastodonAccount)
    ):
        message += Lang(language)(W.REPORT_FOUND_BY_ITS_NAME)
    raise ApplyError(ErrorKind.WRONG_ACCOUNT, message)


def owner_of_bluesky(
    me: BlueskyIdentity,
    report: Report | None,
    institution: Institution,
    confirmed: Iterable[str],
    language: Language,
) -> str:
    """Why the logged-in Bluesky account is the institution's (evidence), or ApplyError."""
    for found in _owned(report, Platform.BLUESKY):
        account, confidence = found.account, found.confidence
        if isinstance(account, BlueskyAccount) and account.did == me.did:
            how = Lang(language)(CONFIDENCE[confidence])
            return Lang(language)(W.OWNER_FROM_REPORT, handle=me.label, how=how)
    for ref in _confirmed_refs(confirmed):
        if isinstance(ref, BlueskyRef) and (
            ref.did == me.did or (ref.handle is not None and ref.handle.lower() == me.handle.lower())
        ):
            return Lang(language)(W.OWNER_CONFIRMED, handle=me.label)
    named = [
        f"@{a.account.handle or a.account.did}"
        for a in _owned(report, Platform.BLUESKY)
        if isinstance(a.account, BlueskyAccount)
    ]
    message = _not_ours(language, f"@{me.handle} ({me.did})", institution, named, "Bluesky")
    if any(
        isinstance(c.account, BlueskyAccount) and c.account.did == me.did
        for c in _candidates(report, Platform.BLUESKY)
    ):
        message += Lang(language)(W.REPORT_FOUND_BY_ITS_NAME)
    raise ApplyError(ErrorKind.WRONG_ACCOUNT, message)


# --- the website field ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A Mastodon profile field: its name and value as typed (``source.fields``), and its check."""

    name: str
    value: str
    verified_at: str | None = None


def homepage(institution: Institution) -> str | None:
    """The URL the website field holds: the homepage (given, or https://<domain>)."""
    if institution.homepage:
        return institution.homepage
    return f"https://{institution.domain}" if institution.domain else None


def _site_parts(url: str) -> tuple[str, str] | None:
    """(host without www., path without trailing /) of an http(s) URL; None for anything else."""
    text = url.strip()
    if not re.match(r"(?i)https?://", text) or any(c.isspace() for c in text):
        return None
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if parts.query or parts.fragment or not host:
        return None
    return host.removeprefix("www."), parts.path.rstrip("/")


def is_homepage_link(value: str, institution: Institution) -> bool:
    """Whether a field's typed value is the institution's homepage URL (not a page under it)."""
    if not institution.domain:
        return False
    got = _site_parts(value)
    if got is None:
        return False
    allowed = {(institution.domain.lower().removeprefix("www."), "")}
    page = _site_parts(institution.homepage) if institution.homepage else None
    if page is not None:
        allowed.add(page)
    return got in allowed


def _on_site(value: str, institution: Institution) -> bool:
    got = _site_parts(value)
    domain = (institution.domain or "").lower().removeprefix("www.")
    return got is not None and (got[0] == domain or got[0].endswith("." + domain))


FieldState = Literal["done", "recheck", "add", "update"]


@dataclass(frozen=True)
class FieldPlan:
    """What ``mastodon-verification`` does to the fields: ``fields`` is the whole list to send."""

    state: FieldState
    current: tuple[Field, ...]
    fields: tuple[tuple[str, str], ...]
    index: int  # the website field's position in ``fields``

    @property
    def sends(self) -> bool:
        return self.state != "done"

    def diff(self, language: Language) -> str:
        """Field by field: what stays, what is added or replaced (one line each)."""
        lines = []
        for i, (name, value) in enumerate(self.fields):
            old = self.current[i] if i < len(self.current) else None
            if old is None:
                mark = Lang(language)(W.ADDED)
            elif (old.name, old.value) == (name, value):
                mark = Lang(language)(W.UNCHANGED)
            else:
                mark = Lang(language)(W.REPLACES, value=old.value)
            lines.append(f"[{i}] {name} = {value}  ({mark})")
        return "\n".join(lines)


def plan_fields(
    current: Sequence[Field],
    institution: Institution,
    language: Language,
    field_language: Language | None = None,
) -> FieldPlan:
    """The website field added or updated, every other field kept as typed; ApplyError (in
    ``language``) if full. The field's name is in ``field_language`` (default ``language``): the
    account's language, which may not be the run's."""
    site = homepage(institution)
    if not site:
        raise ApplyError(ErrorKind.NOT_APPLICABLE, Lang(language)(W.NO_DOMAIN_GIVEN))
    kept = tuple(current)
    pairs = [(f.name, f.value) for f in kept]
    for i, f in enumerate(kept):
        if is_homepage_link(f.value, institution):
            return FieldPlan("done" if f.verified_at else "recheck", kept, tuple(pairs), i)
    if len(pairs) < MASTODON_MAX_FIELDS:
        pairs.append((Lang(field_language or language)(W.WEBSITE), site))
        return FieldPlan("add", kept, tuple(pairs), len(pairs) - 1)
    for i, f in enumerate(kept):
        # full: only a field meant for a website, and not pointing to a page of this site
        if f.name.strip().casefold() in _WEBSITE_NAMES and not _on_site(f.value, institution):
            pairs[i] = (f.name, site)
            return FieldPlan("update", kept, tuple(pairs), i)
    listed = "; ".join(f"{f.name} = {f.value}" for f in kept)
    raise ApplyError(
        ErrorKind.PRECONDITION,
        Lang(language)(W.PROFILE_ALREADY_HAS_FIELDS_MASTODON, count=str(len(kept)), listed=listed, site=site),
    )


def fields_payload(fields: Sequence[tuple[str, str]]) -> str:
    """The form body of ``update_credentials``: every field, as typed."""
    return "\n".join(
        f"fields_attributes[{i}][name]={n}\nfields_attributes[{i}][value]={v}"
        for i, (n, v) in enumerate(fields)
    )


def show_fields(fields: Sequence[Field] | Sequence[tuple[str, str]], language: Language) -> str:
    pairs = [(f.name, f.value) if isinstance(f, Field) else f for f in fields]
    return "\n".join(f"[{i}] {n} = {v}" for i, (n, v) in enumerate(pairs)) or Lang(language)(W.NO_FIELD)


# --- the bio -------------------------------------------------------------------------------------------


def official_bio(institution: Institution, language: Language) -> str:
    """ "Compte officiel de l’Université Exemple. https://univ-exemple.fr" (articles from the grammar)."""
    from ..i18n.english import english_name
    from ..i18n.french import french_name

    site = homepage(institution)
    tail = f" {site}" if site else ""
    if language == "fr":
        return f"Compte officiel {french_name(institution.name).de}.{tail}"
    return f"Official account {english_name(institution.name).of}.{tail}"


# --- the announcement ----------------------------------------------------------------------------------


def _mentions_self(status: Mapping[str, Any], me: MastodonIdentity) -> bool:
    for m in status.get("mentions") or ():
        if not isinstance(m, Mapping):
            continue
        if str(m.get("id", "")) == me.id or str(m.get("url", "")).rstrip("/") == me.url.rstrip("/"):
            return True
        acct = str(m.get("acct", "")).casefold()
        if acct in (me.username.casefold(), f"{me.username}@{me.domain}".casefold()):
            return True
    content = str(status.get("content") or "")
    if any(href.rstrip("/") == me.url.rstrip("/") for href in _HREF.findall(content)):
        return True  # an h-card mention, even where the server left ``mentions`` out
    return f"{me.handle}".casefold() in html_to_text(content).casefold()  # a mention the server did not link


def is_mastodon_announcement(status: Mapping[str, Any], me: MastodonIdentity) -> bool:
    """A status of the account, not a boost or a reply, naming the account itself and Bluesky.

    Whatever the language or the date in its text: the self-mention is read from ``mentions`` (or
    the h-card link, or the text), Bluesky from the text or a bsky.app link.
    """
    if status.get("reblog") or status.get("in_reply_to_id"):
        return False
    author = status.get("account")
    if isinstance(author, Mapping) and str(author.get("id", me.id)) != me.id:
        return False
    content = str(status.get("content") or "")
    names_bluesky = "bluesky" in html_to_text(content).casefold() or "bsky.app/" in content
    return names_bluesky and _mentions_self(status, me)


_MENTION_FACET = "app.bsky.richtext.facet#mention"
_LINK_FACET = "app.bsky.richtext.facet#link"


def _features(record: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    out: list[Mapping[str, Any]] = []
    for facet in record.get("facets") or ():
        if isinstance(facet, Mapping):
            out += [f for f in facet.get("features") or () if isinstance(f, Mapping)]
    return out


def is_bluesky_announcement(record: Mapping[str, Any], me: BlueskyIdentity) -> bool:
    """A post of the account (its own repository), not a reply, naming the account itself and Mastodon.

    The self-mention is the mention facet holding the account's DID (it outlives a handle change),
    or, for a post written without facets, the handle in the text.
    """
    if record.get("reply"):
        return False
    text = str(record.get("text") or "")
    features = _features(record)
    mentions_self = any(f.get("$type") == _MENTION_FACET and f.get("did") == me.did for f in features) or (
        f"@{me.handle}".casefold() in text.casefold()
    )
    names_mastodon = "mastodon" in text.casefold() or any(f.get("$type") == _LINK_FACET for f in features)
    return mentions_self and names_mastodon


def _find_word(text: str, needle: str) -> int:
    """Where ``needle`` stands alone in ``text`` (not inside a longer handle), or -1."""
    at = text.find(needle)
    while at >= 0:
        before = text[at - 1 : at]
        after = text[at + len(needle) : at + len(needle) + 1]
        if before in ("", " ", "\n", "(") and after in ("", " ", "\n", ".", ",", ")", "!", "?"):
            return at
        at = text.find(needle, at + 1)
    return -1


def bluesky_facets(
    text: str, me: BlueskyIdentity, mastodon_handle: str, mastodon_url: str
) -> list[dict[str, Any]]:
    """The facets of the announcement: its own handle as a mention (of its DID), the Mastodon address
    as a link. Offsets count UTF-8 bytes, as the lexicon says."""
    wanted = (
        (mastodon_handle, {"$type": _LINK_FACET, "uri": mastodon_url}),
        (f"@{me.handle}", {"$type": _MENTION_FACET, "did": me.did}),
    )
    facets: list[dict[str, Any]] = []
    for needle, feature in wanted:
        at = _find_word(text, needle)
        if at < 0:
            continue
        start = len(text[:at].encode("utf-8"))
        facets.append(
            {
                "$type": "app.bsky.richtext.facet",
                "index": {"byteStart": start, "byteEnd": start + len(needle.encode("utf-8"))},
                "features": [feature],
            }
        )
    return sorted(facets, key=lambda f: int(f["index"]["byteStart"]))
