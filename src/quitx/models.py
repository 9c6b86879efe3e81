"""quitx's own data: account references, verdicts, evidence and account facts.

Everything here is frozen and forbids extra fields: these are quitx's results and
inputs, with a stable JSON form. Upstream payloads (Mastodon, Bluesky) are parsed
by the probes into these models; raw dicts never leave a module.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AccountRef",
    "BlueskyAccount",
    "BlueskyRef",
    "Evidence",
    "ExistsResult",
    "Label",
    "MastodonAccount",
    "MastodonRef",
    "Platform",
    "ProfileField",
    "Reason",
    "Verdict",
]


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
    BAD_RESPONSE = "bad_response"
    INVALID_DID_DOCUMENT = "invalid_did_document"
    CONFLICTING_DIDS = "conflicting_dids"
    UNSUPPORTED = "unsupported"  # e.g. a DID method quitx cannot resolve
    NOT_INDEXED = "not_indexed"  # the account exists on its PDS, the AppView does not show it


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
