"""Bridgy Fed: is an account visible on the other network, and could it be?

Bridged: Bridgy Fed's user page for the account (``/ap/@user@instance`` or
``/bsky/<handle>``) answers 200 only for a user who opted in and passes its
checks; 404 otherwise. Any other answer is "unknown", never "absent".
Eligibility mirrors Bridgy Fed's published rules from the profile alone.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

from .._http import HttpEngine, HttpResult
from .._text import html_to_text
from ..handles import bluesky_handle_for, fediverse_handle_for
from ..models import BlueskyAccount, BridgeStatus, Evidence, InstanceInfo, MastodonAccount, Verdict

__all__ = [
    "GAPS",
    "HIDDEN_WHEN_LOGGED_OUT",
    "HOME_BLOCKS_BRIDGE",
    "LOCKED",
    "NAME_IS_HANDLE",
    "NAME_IS_USERNAME",
    "NOBRIDGE",
    "NO_AVATAR",
    "NO_DISPLAY_NAME",
    "TOO_YOUNG",
    "USERNAME_NOT_BRIDGEABLE",
    "bluesky_bridge",
    "bluesky_handle_for",
    "fediverse_handle_for",
    "mastodon_bridge",
]

MIN_ACCOUNT_AGE = dt.timedelta(days=7)
_DEFAULT_AVATAR = "/avatars/original/missing.png"  # Mastodon's placeholder: no avatar chosen
_USERNAME = re.compile(r"[A-Za-z0-9_~-]+")
_EDGE = "_~-"
_NO_UNAUTHENTICATED = "!no-unauthenticated"

# What keeps an account from being bridged ("gaps"), as reports record them: the plan words each
# one by these names (never by matching the text), so a new gap is a new name here and there.
NO_AVATAR = "no avatar"
NO_DISPLAY_NAME = "no display name"
NAME_IS_USERNAME = "display name equals the username"
NAME_IS_HANDLE = "display name equals the handle"
TOO_YOUNG = "account younger than 7 days"
LOCKED = "account is locked (followers-only)"
NOBRIDGE = "#nobridge in the bio"
USERNAME_NOT_BRIDGEABLE = "username has characters Bridgy Fed cannot bridge"
HOME_BLOCKS_BRIDGE = "home server blocks brid.gy"
HIDDEN_WHEN_LOGGED_OUT = "profile hidden from logged-out visitors (!no-unauthenticated)"
GAPS = (
    NO_AVATAR,
    NO_DISPLAY_NAME,
    NAME_IS_USERNAME,
    NAME_IS_HANDLE,
    TOO_YOUNG,
    LOCKED,
    NOBRIDGE,
    USERNAME_NOT_BRIDGEABLE,
    HOME_BLOCKS_BRIDGE,
    HIDDEN_WHEN_LOGGED_OUT,
)


def _has_nobridge(*texts: str | None) -> bool:
    return any("#nobridge" in html_to_text(t).casefold() for t in texts)


def _too_young(created_at: dt.datetime | None, now: dt.datetime) -> bool | None:
    if created_at is None:
        return None
    if created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=dt.UTC)
    return now - created_at < MIN_ACCOUNT_AGE


def _now(now: dt.datetime | None) -> dt.datetime:
    if now is None:
        return dt.datetime.now(dt.UTC)
    return now if now.tzinfo is not None else now.replace(tzinfo=dt.UTC)


def _bridged(result: HttpResult, who: str) -> tuple[Verdict, Evidence]:
    if result.ok:
        return Verdict.PRESENT, result.evidence("bridgy-fed", f"{who} is bridged")
    if result.status == 404 and result.failure is None:
        return Verdict.ABSENT, result.evidence("bridgy-fed", f"HTTP 404: {who} is not bridged")
    return Verdict.UNKNOWN, result.evidence("bridgy-fed", result.describe_failure())


def _bridged_handle(acct: str) -> str | None:
    try:
        return bluesky_handle_for(acct)
    except ValueError:  # a server's acct that is no user@domain: no handle to name
        return None


def _note(subject: str, outcome: str) -> Evidence:
    return Evidence(step="eligibility", request=f"profile of {subject}", outcome=outcome)


async def mastodon_bridge(
    engine: HttpEngine,
    account: MastodonAccount,
    instance: InstanceInfo | None,
    *,
    now: dt.datetime | None = None,
) -> BridgeStatus:
    """Whether a Mastodon account is bridged to Bluesky, and what keeps it from being eligible."""
    when = _now(now)
    base = engine.settings.bridgy_fed_url
    result = await engine.get(f"{base}/ap/@{quote(account.acct, safe='@')}", accept="text/html")
    bridged, evidence = _bridged(result, account.handle)
    notes: list[Evidence] = [evidence]

    gaps: list[str] = []
    if not account.avatar or _DEFAULT_AVATAR in account.avatar:
        gaps.append(NO_AVATAR)
    name = (account.display_name or "").strip()
    if not name:
        gaps.append(NO_DISPLAY_NAME)
    elif name.lstrip("@").casefold() in (account.username.casefold(), account.acct.casefold()):
        gaps.append(NAME_IS_USERNAME)
    young = _too_young(account.created_at, when)
    if young:
        gaps.append(TOO_YOUNG)
    elif young is None:
        notes.append(_note(account.handle, "creation date unknown: account age not checked"))
    if account.locked:
        gaps.append(LOCKED)
    # Bridgy Fed reads #nobridge in the bio and in the display name
    if _has_nobridge(account.note, account.display_name):
        gaps.append(NOBRIDGE)
    user = account.username
    if not _USERNAME.fullmatch(user) or user[0] in _EDGE or user[-1] in _EDGE:
        gaps.append(USERNAME_NOT_BRIDGEABLE)
    blocked = instance.brid_gy_blocked if instance is not None else None
    if blocked:
        gaps.append(HOME_BLOCKS_BRIDGE)
    elif blocked is None:
        notes.append(
            _note(account.handle, f"{account.web_host}'s block list is not public: brid.gy block not checked")
        )
    return BridgeStatus(
        bridged=bridged,
        bridged_handle=_bridged_handle(account.acct) if bridged is Verdict.PRESENT else None,
        eligible=not gaps,
        gaps=tuple(gaps),
        evidence=tuple(notes),
    )


async def bluesky_bridge(
    engine: HttpEngine, account: BlueskyAccount, *, now: dt.datetime | None = None
) -> BridgeStatus:
    """Whether a Bluesky account is bridged to the fediverse, and what keeps it from being eligible."""
    when = _now(now)
    actor = account.handle or account.did
    base = engine.settings.bridgy_fed_url
    result = await engine.get(f"{base}/bsky/{quote(actor, safe=':')}", accept="text/html")
    subject = f"@{account.handle}" if account.handle else account.did
    bridged, evidence = _bridged(result, subject)
    notes: list[Evidence] = [evidence]

    gaps: list[str] = []
    if not account.avatar:
        gaps.append(NO_AVATAR)
    name = (account.display_name or "").strip()
    if not name:
        gaps.append(NO_DISPLAY_NAME)
    elif account.handle and name.lstrip("@").casefold() == account.handle.casefold():
        gaps.append(NAME_IS_HANDLE)
    young = _too_young(account.created_at, when)
    if young:
        gaps.append(TOO_YOUNG)
    elif young is None:
        notes.append(_note(subject, "creation date unknown: account age not checked"))
    if _has_nobridge(account.description, account.display_name):
        gaps.append(NOBRIDGE)
    # the self-label that hides a profile from logged-out viewers: Bridgy Fed treats it as an opt-out
    if any(label.val == _NO_UNAUTHENTICATED and not label.neg for label in account.labels):
        gaps.append(HIDDEN_WHEN_LOGGED_OUT)
    return BridgeStatus(
        bridged=bridged,
        bridged_handle=(
            fediverse_handle_for(account.handle) if bridged is Verdict.PRESENT and account.handle else None
        ),
        eligible=not gaps,
        gaps=tuple(gaps),
        evidence=tuple(notes),
    )
