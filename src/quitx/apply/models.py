"""What ``quitx apply`` returns and raises: requests, results, error kinds (no I/O, no SDK)."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from ..errors import ErrorKind
from ..i18n import Language
from ..models import Platform, Report
from ..models.base import _Frozen

__all__ = [
    "ApplyAction",
    "ApplyResult",
    "Language",
    "NoteCode",
    "Operation",
    "ProfileRequest",
    "SectorRequest",
    "Status",
]

Operation = Literal[
    "profile-field", "profile", "post", "pin", "handle", "list", "list-item", "starter-pack", "follow"
]
# what became of a request, for scripts: the words for people are in the run's language
Status = Literal["would_send", "sent", "already_done", "skipped", "refused", "failed"]


class NoteCode(StrEnum):
    """What an `ApplyResult.note` says, as a code (the note itself is in the run's language)."""

    FIELD_SENT_AGAIN = "field_sent_again"  # the website field is sent again: Mastodon re-checks it
    VERIFICATION_PENDING = "verification_pending"  # the homepage links back: Mastodon checks later
    REL_ME_MISSING = "rel_me_missing"  # verified_at null: the homepage lacks the rel="me" link
    HANDLE_CHECK_PENDING = "handle_check_pending"  # switched, the two-way check not passing yet
    ANNOUNCES_CURRENT_HANDLE = "announces_current_handle"  # not the domain handle (not switched yet)
    SEVERAL_PINNED = "several_pinned"  # more than one announcement pinned (left by hand)
    ANNOUNCED_ON_ONE_NETWORK = "announced_on_one_network"  # the other half failed: how to finish
    FOLLOW_FIRST = "follow_first"  # Mastodon lists hold followed accounts only
    FOLLOW_REQUESTED = "follow_requested"  # a locked account: added by a later run, once accepted
    NOT_FOLLOWED = "not_followed"  # follow=False, and the account is not followed
    UNKNOWN_TO_SERVER = "unknown_to_server"  # the owner's server cannot find it: the follow file lists it


class SectorRequest(_Frozen):
    """What the sector steps (``bluesky-sector-list``, ``mastodon-sector-list``) build: lists named
    ``title`` of the accounts the batch's ``reports`` attribute to their institutions."""

    reports: tuple[Report, ...]
    title: str = Field(min_length=1)
    description: str = ""
    follow: bool = True  # Mastodon: follow a member first (lists hold followed accounts only)


class ProfileRequest(_Frozen):
    """What ``mastodon-profile`` / ``bluesky-profile`` change: only what is named here."""

    display_name: str | None = None
    bio: str | None = None

    @property
    def empty(self) -> bool:
        return self.display_name is None and self.bio is None


class ApplyAction(_Frozen):
    """One request apply sends (or would send): to whom, what, and the text of it."""

    step: str  # the step id asked for
    platform: Platform
    operation: Operation
    account: str | None  # the account written to, as read from the service (or the report's)
    method: str  # "PATCH", "POST", or the XRPC procedure for Bluesky
    endpoint: str  # the URL the request goes to
    payload: str  # the whole body, as readable text (never a credential); "" when nothing is sent
    target: str | None = None  # what the request is about, when not the account: a list, a member


class ApplyResult(_Frozen):
    action: ApplyAction
    dry_run: bool
    done: bool  # the action is in effect (written now, or already so)
    changed: bool = False  # something was written during this run
    sends: bool = False  # a real run sends the request (False: already done, or refused)
    before: str | None = None
    after: str | None = None  # a dry run: what the write would leave
    verified: bool | None = None  # the re-check afterwards confirms it (None: not checked)
    evidence: tuple[str, ...] = ()
    note: str | None = None  # what is left to do, in the run's words (`note_code` says it as a code)
    note_code: NoteCode | None = None
    error: str | None = None  # in the run's words (`error_kind` says it as a code)
    error_kind: ErrorKind | None = None
    retry_after: float | None = None  # seconds, when the service said (429)
    language: Language = "fr"  # the language of ``note``, ``error`` and the other words

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def status(self) -> Status:
        """What became of the request: would_send (a dry run), sent, already_done, skipped (not sent,
        and no error: ``note_code`` says why), refused (nothing sent), failed (sent, and failed)."""
        if self.error is not None:
            return "failed" if self.sends and not self.dry_run else "refused"
        if self.dry_run and self.sends:
            return "would_send"
        if self.changed:
            return "sent"
        return "already_done" if self.done else "skipped"
