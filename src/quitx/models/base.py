"""The vocabulary of quitx's models: platforms, verdicts and their reasons, evidence, confidence,
activity, how an account was found, what sort of institution."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

__all__ = [
    "CONFIDENCE_ORDER",
    "JOINING",
    "LEAVING",
    "META",
    "Activity",
    "Confidence",
    "Evidence",
    "FoundBy",
    "InstitutionKind",
    "LinkPlatform",
    "Platform",
    "Reason",
    "Verdict",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# how people write the names of the networks (one table: plan, letter, apply, output and batch read it)
_LABELS = {
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "x": "X",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "threads": "Threads",
    "linkedin": "LinkedIn",
    "youtube": "YouTube",
    "tiktok": "TikTok",
}


class Platform(StrEnum):
    MASTODON = "mastodon"
    BLUESKY = "bluesky"

    @property
    def label(self) -> str:
        """The network's name as people write it: "Mastodon", "Bluesky"."""
        return _LABELS[self.value]


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


class Evidence(_Frozen):
    """One step of a check: the request made, what came back, what it proved."""

    step: str  # e.g. "webfinger", "lookup", "dns-txt", "well-known", "did-doc", "profile"
    request: str  # "GET https://…" or "DNS TXT _atproto.example.org @127.0.0.1:5353"
    status: int | None = None  # HTTP status; None for DNS or when nothing came back
    outcome: str  # short fact: "200 JRD for acct:x@y", "NXDOMAIN", "timeout after 10.0 s"
    elapsed_ms: int | None = None


class Confidence(StrEnum):
    VERIFIED = "verified"  # proven to be the institution's
    LINKED = "linked"  # the official site links to it, without a two-way proof
    CANDIDATE = "candidate"  # matches the name only: could be a fan account or an impersonator

    @property
    def owned(self) -> bool:
        """Whether an account of this confidence is taken as the institution's own (verified or
        linked from its website); a candidate only bears its name."""
        return self is not Confidence.CANDIDATE


CONFIDENCE_ORDER = (Confidence.VERIFIED, Confidence.LINKED, Confidence.CANDIDATE)  # the most certain first


class Activity(StrEnum):
    ACTIVE = "active"
    DORMANT = "dormant"  # last post older than the dormancy threshold
    NEVER_POSTED = "never_posted"
    MOVED = "moved"
    SUSPENDED = "suspended"
    DEACTIVATED = "deactivated"
    UNKNOWN = "unknown"


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

    @property
    def label(self) -> str:
        """The network's name as people write it: "X", "Facebook", "LinkedIn"…"""
        return _LABELS[self.value]


LEAVING = (LinkPlatform.X, LinkPlatform.FACEBOOK, LinkPlatform.INSTAGRAM, LinkPlatform.THREADS)  # X and Meta
META = (LinkPlatform.FACEBOOK, LinkPlatform.INSTAGRAM, LinkPlatform.THREADS)
JOINING = (LinkPlatform.MASTODON, LinkPlatform.BLUESKY)


class FoundBy(StrEnum):
    """How an account was found (``FoundAccount.found_by``)."""

    KNOWN = "known handle"  # given with the institution
    LINK = "website link"  # the homepage links to it
    DOMAIN_HANDLE = "domain handle"  # the institution's domain as a Bluesky handle
    DOMAIN_RECORD = "domain record"  # the DID the domain's _atproto record (or well-known file) names
    MOVED = "moved account"  # a found account moved to it
    CANDIDATE = "candidate name"  # a likely username
    SEARCH = "search"  # a search by name


class InstitutionKind(StrEnum):
    """The sector an institution belongs to: it chooses the letter's arguments and precedents and the
    instances the plan proposes (`quitx.i18n.sectors` reads it from the name when nobody says)."""

    RESEARCH = "research"  # research bodies and institutes
    HIGHER_EDUCATION = "higher_education"  # universities and grandes écoles (research's texts otherwise)
    PUBLIC_ADMINISTRATION = "public_administration"
    LOCAL_GOVERNMENT = "local_government"
    HOSPITAL = "hospital"
    COMPANY = "company"
    ASSOCIATION = "association"
    MEDIA = "media"
    SCHOOL = "school"
