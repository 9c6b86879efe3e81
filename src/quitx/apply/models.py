"""What ``quitx apply`` returns and raises: requests, results, error kinds (no I/O, no SDK)."""

from __future__ import annotations

from typing import Literal

from ..errors import ErrorKind
from ..i18n import Language
from ..models import Platform
from ..models.base import _Frozen

__all__ = [
    "ApplyAction",
    "ApplyResult",
    "Language",
    "Operation",
    "ProfileRequest",
]

Operation = Literal["profile-field", "profile", "post", "pin", "handle"]


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
    note: str | None = None  # what is left to do, in words
    error: str | None = None
    error_kind: ErrorKind | None = None
    retry_after: float | None = None  # seconds, when the service said (429)

    @property
    def ok(self) -> bool:
        return self.error is None
