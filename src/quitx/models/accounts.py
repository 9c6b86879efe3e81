"""Accounts: references to them, the facts read from their homes, and the answer to "does this
account exist?"."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field

from .._urls import links_to
from .base import Evidence, Platform, Reason, Verdict, _Frozen

__all__ = [
    "AccountRef",
    "BlueskyAccount",
    "BlueskyRef",
    "BridgeStatus",
    "ExistsResult",
    "Label",
    "MastodonAccount",
    "MastodonRef",
    "ProfileField",
]


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


class BridgeStatus(_Frozen):
    """Bridgy Fed: is the account visible on the other network, and could it be?"""

    bridged: Verdict
    bridged_handle: str | None = None  # how it appears on the other network
    eligible: bool | None = None
    gaps: tuple[str, ...] = ()  # why it is not eligible yet
    evidence: tuple[Evidence, ...] = ()


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
