"""quitx's own data: account references, verdicts, evidence and account facts.

Everything here is frozen and forbids extra fields: these are quitx's results and
inputs, with a stable JSON form. Upstream payloads (Mastodon, Bluesky) are parsed
by the probes into these models; raw dicts never leave a module.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from enum import StrEnum
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import idna
from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "AccountRef",
    "Activity",
    "Attempt",
    "BlueskyAccount",
    "BlueskyRef",
    "BridgeStatus",
    "Confidence",
    "Evidence",
    "ExistsResult",
    "FoundAccount",
    "FoundBy",
    "InstanceInfo",
    "Institution",
    "InstitutionKind",
    "Label",
    "LinkPlatform",
    "MastodonAccount",
    "MastodonRef",
    "Platform",
    "PlatformVerdict",
    "ProfileField",
    "Reason",
    "Report",
    "SocialLink",
    "Verdict",
    "WebsiteReport",
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


def unusable_url(url: str) -> str | None:
    """Why ``url`` cannot be requested (an unbalanced ``[``, a bad port, a host that is no host name:
    a bidi control, a space…), or None. Remote payloads hand quitx such URLs."""
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
    import httpx  # the host as the engine would send it (IDNA); lazily: ``import quitx`` stays light

    try:
        raw_host = httpx.URL(url).raw_host.decode("ascii", errors="replace").lower()
    except (httpx.InvalidURL, ValueError) as exc:  # IDNA refuses bidi and control characters
        return f"not a usable URL ({exc})"
    if not _HOST_NAME.fullmatch(raw_host):  # a space or a "%" is percent-encoded, not refused
        return f"not a host name: {host!r}"
    return None


_HOST_NAME = re.compile(r"[a-z0-9._-]+|[0-9a-f:.]+")  # a name (after IDNA) or an IPv6 literal


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


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Platform(StrEnum):
    MASTODON = "mastodon"
    BLUESKY = "bluesky"


class Verdict(StrEnum):
    """The answer of a check. ``unknown`` is never turned into ``absent``."""

    PRESENT = "present"
    ABSENT = "absent"
    UNKNOWN = "unknown"


class Reason(StrEnum):
    """Why a verdict is what it is (machine-readable; the evidence says the rest)."""

    # present
    FOUND = "found"
    FOUND_WITHOUT_DETAILS = (
        "found_without_details"  # exists (WebFinger), but its server would not describe it
    )
    # absent
    NOT_FOUND = "not_found"
    HANDLE_NOT_CLAIMED = "handle_not_claimed"  # handle points to a DID whose document names another handle
    DID_TOMBSTONED = "did_tombstoned"
    # unknown
    TIMEOUT = "timeout"
    UNAUTHORIZED = "unauthorized"  # 401/403: a locked instance
    RATE_LIMITED = "rate_limited"
    SERVER_ERROR = "server_error"
    NETWORK_ERROR = "network_error"  # refused, reset, DNS or TLS failure
    # a host did not resolve, and the DNS cannot be trusted to say it does not exist: an NXDOMAIN from
    # a resolver not shown to see the public DNS, or one for a server the settings name
    DNS_UNVERIFIED = "dns_unverified"
    BAD_RESPONSE = "bad_response"
    INVALID_DID_DOCUMENT = "invalid_did_document"
    DANGLING_DID = "dangling_did"  # a handle points to a DID that the directory does not know
    CONFLICTING_DIDS = "conflicting_dids"
    UNSUPPORTED = "unsupported"  # e.g. a DID method quitx cannot resolve
    NOT_INDEXED = "not_indexed"  # the account exists on its PDS, the AppView does not show it
    # a server answered for another account than the one asked, and that account's home did not
    # confirm it (a lookup about someone else, a WebFinger subject its own domain does not back)
    IDENTITY_NOT_PROVEN = "identity_not_proven"


class MastodonRef(_Frozen):
    """``@username@domain``. ``domain`` is the handle's domain as given (may be the web host)."""

    kind: Literal["mastodon"] = "mastodon"
    username: str
    domain: str

    @property
    def acct(self) -> str:
        return f"{self.username}@{self.domain}"

    def __str__(self) -> str:
        return f"@{self.acct}"


class BlueskyRef(_Frozen):
    """A Bluesky account by handle or by DID (exactly one of them)."""

    kind: Literal["bluesky"] = "bluesky"
    handle: str | None = None
    did: str | None = None

    @property
    def actor(self) -> str:
        """What the AppView accepts as ``actor``: the DID if known, else the handle."""
        value = self.did or self.handle
        if value is None:  # pragma: no cover - prevented by parse_ref
            raise ValueError("BlueskyRef needs a handle or a DID")
        return value

    def __str__(self) -> str:
        return self.did if self.did else f"@{self.handle}"


AccountRef = Annotated[MastodonRef | BlueskyRef, Field(discriminator="kind")]


class Evidence(_Frozen):
    """One step of a check: the request made, what came back, what it proved."""

    step: str  # e.g. "webfinger", "lookup", "dns-txt", "well-known", "did-doc", "profile"
    request: str  # "GET https://…" or "DNS TXT _atproto.example.org @127.0.0.1:5353"
    status: int | None = None  # HTTP status; None for DNS or when nothing came back
    outcome: str  # short fact: "200 JRD for acct:x@y", "NXDOMAIN", "timeout after 10.0 s"
    elapsed_ms: int | None = None


class ProfileField(_Frozen):
    name: str
    value: str  # as the server sent it (HTML for Mastodon); escape before display
    verified_at: dt.datetime | None = None


class Label(_Frozen):
    src: str
    val: str
    neg: bool = False


class MastodonAccount(_Frozen):
    """Facts about a Mastodon account, read from its home server."""

    platform: Literal["mastodon"] = "mastodon"
    acct: str  # canonical user@domain (handle domain)
    username: str
    domain: str  # handle domain
    web_host: str  # where the API and the profile live
    url: str | None = None
    actor_url: str | None = None
    id: str | None = None
    display_name: str | None = None
    note: str | None = None
    avatar: str | None = None
    followers_count: int | None = None
    following_count: int | None = None
    statuses_count: int | None = None
    last_status_at: dt.date | None = None
    created_at: dt.datetime | None = None
    bot: bool | None = None
    group: bool | None = None
    locked: bool | None = None
    discoverable: bool | None = None
    indexable: bool | None = None
    moved_to: str | None = None  # acct of the account it moved to
    suspended: bool = False
    limited: bool = False
    fields: tuple[ProfileField, ...] = ()

    @property
    def handle(self) -> str:
        return f"@{self.acct}"

    def fields_linking_to(self, domain: str | None) -> tuple[ProfileField, ...]:
        """The profile fields whose value links to ``domain`` (verified or not: see ``verified_at``)."""
        return tuple(f for f in self.fields if links_to(f.value, domain))


class BlueskyAccount(_Frozen):
    """Facts about a Bluesky account: identity (DID document) and AppView profile."""

    platform: Literal["bluesky"] = "bluesky"
    did: str
    handle: str | None = None  # the verified handle; None if it does not resolve back
    claimed_handle: str | None = None  # the handle the DID document claims
    handle_verified: bool = False  # both directions agree
    pds: str | None = None
    display_name: str | None = None
    description: str | None = None
    avatar: str | None = None
    website: str | None = None
    followers_count: int | None = None
    follows_count: int | None = None
    posts_count: int | None = None
    created_at: dt.datetime | None = None
    indexed_at: dt.datetime | None = None
    labels: tuple[Label, ...] = ()
    verified_status: str | None = None  # Bluesky blue check: "valid" / "invalid" / "none"
    trusted_verifier_status: str | None = None
    status: str | None = None  # "deactivated" / "takendown" when the AppView says so

    @property
    def url(self) -> str:
        return f"https://bsky.app/profile/{self.handle or self.did}"


class ExistsResult(_Frozen):
    """The answer to "does this account exist?", with its evidence."""

    ref: AccountRef
    platform: Platform
    verdict: Verdict
    reason: Reason
    detail: str  # one sentence for people
    account: Annotated[MastodonAccount | BlueskyAccount, Field(discriminator="platform")] | None = None
    retry_after: float | None = None  # seconds, when rate limited
    evidence: tuple[Evidence, ...] = ()
    checked_at: dt.datetime


# --- institutions and their presence report (issue: quitx check) ----------------------------------------


class InstitutionKind(StrEnum):
    RESEARCH = "research"  # research and higher education
    PUBLIC_ADMINISTRATION = "public_administration"
    LOCAL_GOVERNMENT = "local_government"
    COMPANY = "company"
    ASSOCIATION = "association"
    MEDIA = "media"
    SCHOOL = "school"


class Institution(_Frozen):
    """Who is checked: a name, usually a web domain, sometimes handles it already knows."""

    name: str = Field(min_length=1, max_length=300)
    domain: str | None = None  # ASCII (IDNA) host, no scheme, no "www."
    homepage: str | None = None  # the page to read; default https://<domain>/
    handles: tuple[str, ...] = ()  # references as given (anything parse_ref takes)
    kind: InstitutionKind = InstitutionKind.RESEARCH
    country: str = Field(default="FR", min_length=2, max_length=2)
    language: str = Field(default="fr", min_length=2, max_length=8)

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, data: Any) -> Any:
        """A homepage URL given as the domain is split into both; the domain is lowercased and
        IDNA-encoded, without "www."."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        raw = data.get("domain")
        if isinstance(raw, str) and raw.strip():
            text = raw.strip()
            if "://" in text:
                data.setdefault("homepage", text)
                text = urlsplit(text).hostname or ""
            else:
                text = text.split("/", 1)[0]
            host = text.strip().rstrip(".").lower()
            if host.startswith("www."):
                host = host[4:]
            try:
                host = idna.encode(host, uts46=True).decode("ascii")
            except idna.IDNAError as exc:
                raise ValueError(f"not a valid domain: {raw!r} ({exc})") from exc
            data["domain"] = host
        elif raw is not None and not (isinstance(raw, str) and raw.strip()):
            data["domain"] = None
        if isinstance(data.get("country"), str):
            data["country"] = data["country"].upper()
        return data

    @property
    def homepage_url(self) -> str | None:
        if self.homepage:
            return self.homepage
        return f"https://{self.domain}/" if self.domain else None


class LinkPlatform(StrEnum):
    MASTODON = "mastodon"  # a fediverse profile (confirmed Mastodon-like by its URL shape)
    BLUESKY = "bluesky"
    X = "x"
    FACEBOOK = "facebook"
    INSTAGRAM = "instagram"
    THREADS = "threads"
    LINKEDIN = "linkedin"
    YOUTUBE = "youtube"
    TIKTOK = "tiktok"


class SocialLink(_Frozen):
    """A link found on the institution's website."""

    platform: LinkPlatform
    url: str
    rel_me: bool = False  # <a rel="me"> / <link rel="me">: a claim of identity
    handle: str | None = None  # "@user@host" or "handle.bsky.social" when the URL says
    source: Literal["a", "link", "meta"] = "a"  # <meta name="fediverse:creator"> gives "meta"


class WebsiteReport(_Frozen):
    url: str
    final_url: str | None = None
    status: int | None = None
    verdict: Verdict  # present: the page was read; unknown: it could not be; absent: the host does not exist
    reason: Reason
    links: tuple[SocialLink, ...] = ()
    truncated: bool = False
    links_skipped: int = 0  # account links not followed: their servers were beyond the cap per page
    retry_after: float | None = None  # seconds, when the site asked to come back later (429, 503)
    evidence: tuple[Evidence, ...] = ()

    @property
    def platforms(self) -> tuple[LinkPlatform, ...]:
        """Platforms the homepage links to, in a stable order."""
        found = {link.platform for link in self.links}
        return tuple(p for p in LinkPlatform if p in found)


class InstanceInfo(_Frozen):
    """What a plan needs to know about a Mastodon server, read live."""

    host: str
    reachable: Verdict  # present: described itself; unknown: could not be read
    title: str | None = None
    software: str | None = None  # from NodeInfo: mastodon, gotosocial, akkoma…
    version: str | None = None
    registrations: Literal["open", "approval", "closed"] | None = None
    registration_url: str | None = None
    registration_message: str | None = None
    min_age: int | None = None
    languages: tuple[str, ...] = ()
    rules_count: int | None = None
    contact_email: str | None = None
    contact_account: str | None = None
    users: int | None = None
    brid_gy_blocked: bool | None = None  # None: the block list is not public
    evidence: tuple[Evidence, ...] = ()


class Confidence(StrEnum):
    VERIFIED = "verified"  # proven to be the institution's
    LINKED = "linked"  # the official site links to it, without a two-way proof
    CANDIDATE = "candidate"  # matches the name only: could be a fan account or an impersonator


class Activity(StrEnum):
    ACTIVE = "active"
    DORMANT = "dormant"  # last post older than the dormancy threshold
    NEVER_POSTED = "never_posted"
    MOVED = "moved"
    SUSPENDED = "suspended"
    DEACTIVATED = "deactivated"
    UNKNOWN = "unknown"


class BridgeStatus(_Frozen):
    """Bridgy Fed: is the account visible on the other network, and could it be?"""

    bridged: Verdict
    bridged_handle: str | None = None  # how it appears on the other network
    eligible: bool | None = None
    gaps: tuple[str, ...] = ()  # why it is not eligible yet
    evidence: tuple[Evidence, ...] = ()


class FoundBy(StrEnum):
    """How an account was found (``FoundAccount.found_by``)."""

    KNOWN = "known handle"  # given with the institution
    LINK = "website link"  # the homepage links to it
    DOMAIN_HANDLE = "domain handle"  # the institution's domain as a Bluesky handle
    DOMAIN_RECORD = "domain record"  # the DID the domain's _atproto record (or well-known file) names
    MOVED = "moved account"  # a found account moved to it
    CANDIDATE = "candidate name"  # a likely username
    SEARCH = "search"  # a search by name


class FoundAccount(_Frozen):
    platform: Platform
    handle: str  # "@user@domain" or "@handle" / DID
    url: str | None = None
    instance: str | None = None  # Mastodon: the web host
    confidence: Confidence
    reasons: tuple[str, ...]  # why this confidence, for people
    found_by: tuple[str, ...]  # FoundBy values
    activity: Activity
    last_post: dt.date | None = None
    account: Annotated[MastodonAccount | BlueskyAccount, Field(discriminator="platform")]
    bridge: BridgeStatus | None = None
    # the proof chain behind ``confidence``: which page of the institution links to the account,
    # which home vouches for a verified field, which record names it (empty for a candidate)
    evidence: tuple[Evidence, ...] = ()


class Attempt(_Frozen):
    """One candidate tried, and what it gave: the record of what "absent" rests on."""

    ref: str
    found_by: str
    verdict: Verdict
    reason: Reason
    detail: str


class PlatformVerdict(_Frozen):
    """The verdict for one network (Bluesky) or one Mastodon instance."""

    platform: Platform
    instance: str | None = None  # Mastodon instance host; None for Bluesky and for Mastodon overall
    verdict: Verdict
    detail: str
    best_confidence: Confidence | None = None
    accounts: tuple[str, ...] = ()  # handles of the FoundAccounts on it
    attempts: tuple[Attempt, ...] = ()
    search: Attempt | None = None
    evidence: tuple[Evidence, ...] = ()


class Report(_Frozen):
    """What ``quitx check`` found. Versioned JSON: load it back with ``Report.model_validate_json``."""

    schema_version: Literal[1] = 1
    quitx_version: str
    institution: Institution
    checked_at: dt.datetime
    dormant_after_days: int
    website: WebsiteReport | None = None
    own_mastodon_server: InstanceInfo | None = None  # a Mastodon-like server on the institution's domain
    mastodon: PlatformVerdict  # overall, over every instance asked
    instances: tuple[PlatformVerdict, ...] = ()  # one per instance asked
    instance_info: tuple[InstanceInfo, ...] = ()
    bluesky: PlatformVerdict
    accounts: tuple[FoundAccount, ...] = ()

    def accounts_on(self, platform: Platform) -> tuple[FoundAccount, ...]:
        return tuple(a for a in self.accounts if a.platform is platform)
