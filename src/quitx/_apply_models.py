"""What ``quitx apply`` returns and raises: requests, results, error kinds (no I/O, no SDK)."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .errors import QuitxError
from .models import Platform

__all__ = [
    "ApplyAction",
    "ApplyError",
    "ApplyResult",
    "ApplyUsageError",
    "ErrorKind",
    "Language",
    "Operation",
    "ProfileRequest",
    "t",
]

Language = Literal["fr", "en"]
Operation = Literal["profile-field", "profile", "post", "pin", "handle"]


def t(language: Language, fr: str, en: str) -> str:
    """The French or the English text."""
    return fr if language == "fr" else en


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ErrorKind(StrEnum):
    MISSING_CREDENTIALS = "missing_credentials"  # none found (and why: no keyring backend…)
    INVALID_CREDENTIALS = "invalid_credentials"  # a token no server can accept (non-ASCII, spaces…)
    UNAUTHORIZED = "unauthorized"  # 401: bad, expired or revoked token / password
    FORBIDDEN = "forbidden"  # 403: the token or app password lacks the scope
    RATE_LIMITED = "rate_limited"  # 429
    HANDLE_TAKEN = "handle_taken"
    REFUSED = "refused"  # 400/422: the service refused the change (invalid value…)
    NETWORK = "network"  # timeout, refused connection, DNS, TLS — before anything was written
    SERVER = "server"  # 5xx on a read
    UNKNOWN_OUTCOME = "unknown_outcome"  # a write sent, and no answer: it may or may not have happened
    PRECONDITION = "precondition"  # a check before writing failed (DNS record missing, 4 fields…)
    WRONG_ACCOUNT = "wrong_account"  # the credentials open an account the report does not attribute
    NOT_APPLICABLE = "not_applicable"  # nothing to act on (no domain, no account…)
    NOT_ATTEMPTED = "not_attempted"  # held back because its other half cannot be done (announce)


class ApplyError(QuitxError):
    """A step could not be carried out; ``message`` says why and what to do (never a secret)."""

    def __init__(self, kind: ErrorKind, message: str, *, retry_after: float | None = None) -> None:
        self.kind = kind
        self.message = message
        self.retry_after = retry_after
        super().__init__(message)


class ApplyUsageError(QuitxError, ValueError):
    """Steps that apply does not know, or arguments that do not fit together."""


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
