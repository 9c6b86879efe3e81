"""The quitx exception tree: every error quitx raises on purpose, each with named attributes.

::

    QuitxError                       root; raised ``from`` the cause
     ├── InputError (a ValueError)   bad input from the caller: nothing was sent
     │    ├── InvalidReferenceError     not an account reference (parse_ref)        text, reason
     │    ├── InvalidInstitutionError   a bad name, domain, kind, country…          field, value, reason
     │    ├── InvalidReportError        not a readable quitx report (load_report)   path, reason
     │    ├── BatchInputError           batch input: unreadable, no name column,
     │    │                             not UTF-8                                   path, problem
     │    ├── TemplateError             a letter template: a placeholder with no
     │    │                             value, blocks inline                        path, placeholder
     │    ├── UsageError                options that do not fit: an unknown apply
     │    │                             step, a profile step with nothing asked,
     │    │                             a bad --article…                            option
     │    └── ObservatoryError          the observatory cannot go on: an unknown
     │         │                        preset, an unreadable query file
     │         └── HistoryError         a history database it cannot use, a run
     │                                  that is not there                           path
     ├── ConfigError                 a bad setting, config file or QUITX_* variable  source, origin
     ├── OutputDirError              the batch OUT_DIR cannot be created, or another
     │                               run holds it                                    path, locked
     ├── SourceError                 the observatory's source of institutions (a
     │                               SPARQL endpoint) could not be read: nothing
     │                               was checked                                     url, status,
     │                                                                               retry_after
     ├── ApplyError                  one apply step could not be carried out (caught
     │                               into ApplyResult.error / error_kind)            kind, platform,
     │                                                                               retry_after
     └── LoginError                  a credential the server refused, a token that
                                     opens another account, a main password, a
                                     keyring that cannot be used: nothing stored     kind, platform

Checks never raise for an account or a server they cannot reach: "absent" and "unknown" are
results (`quitx.models.Verdict`), with the reason and the evidence; so are apply's failures
(`ApplyResult.error_kind`). Only input that cannot be used raises — and the observatory's source
(`SourceError`): without the list of institutions there is no run to give results.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # the type only: errors sit below the models
    from .models import Platform

__all__ = [
    "ApplyError",
    "BatchInputError",
    "BatchInputProblem",
    "ConfigError",
    "ErrorKind",
    "HistoryError",
    "InputError",
    "InvalidInstitutionError",
    "InvalidReferenceError",
    "InvalidReportError",
    "LoginError",
    "ObservatoryError",
    "OutputDirError",
    "QuitxError",
    "SourceError",
    "TemplateError",
    "UsageError",
]


class QuitxError(Exception):
    """Root of every error quitx raises on purpose."""


# --- bad input ---------------------------------------------------------------------------------------


class InputError(QuitxError, ValueError):
    """Input that quitx cannot use (a reference, an institution, a report, a file, options):
    nothing was sent."""


class InvalidReferenceError(InputError):
    """The text is not a reference to a Mastodon or Bluesky account."""

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(f"not an account reference: {text!r}: {reason}")


class InvalidInstitutionError(InputError):
    """An institution that cannot be: no name, a domain that is no domain, an unknown kind…
    ``field`` names the first problem, ``problems`` lists them all."""

    def __init__(self, field: str, value: object, reason: str, *, problems: str | None = None) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"institution: {problems or f'{field}: {reason}'}")


class InvalidReportError(InputError):
    """A file that is no readable quitx report (``quitx check --format json``)."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class BatchInputProblem(StrEnum):
    UNREADABLE = "unreadable"  # missing, a directory, no permission
    NO_NAME_COLUMN = "no_name_column"  # a CSV whose header row names no name column (name, nom…)
    NOT_UTF8 = "not_utf8"  # not UTF-8 from its first line


class BatchInputError(InputError):
    """The batch input cannot be read at all (missing, no header with ``name``, not UTF-8)."""

    def __init__(self, message: str, *, path: str, problem: BatchInputProblem) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {message}")


class TemplateError(InputError):
    """A letter template that cannot be filled: a placeholder with no value (``placeholder``), a
    block value put inside a line. ``path`` names the template (file or block) when known."""

    def __init__(self, message: str, *, path: str | None = None, placeholder: str | None = None) -> None:
        self.path = path
        self.placeholder = placeholder
        self.message = message
        super().__init__(f"template {path}: {message}" if path else message)


class UsageError(InputError):
    """Options or arguments that do not fit together; ``option`` names the one at fault."""

    def __init__(self, message: str, *, option: str | None = None) -> None:
        self.option = option
        super().__init__(message)


class ObservatoryError(InputError):
    """The observatory cannot go on with what it was given: an unknown preset, a query file it
    cannot read or that binds no ``?item``, a history database it cannot use (`HistoryError`)."""


class HistoryError(ObservatoryError):
    """The history database cannot be used: not a quitx history, another schema version, a run
    that is not there. ``path`` names the database when known."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


# --- the environment ---------------------------------------------------------------------------------

Origin = Literal["file", "env", "argument"]


class ConfigError(QuitxError):
    """A setting could not be read or is out of range. ``source`` names the file or the variable,
    ``origin`` where the faulty value came from (a config file, a QUITX_* variable, an argument),
    when known."""

    def __init__(self, message: str, *, source: str | None = None, origin: Origin | None = None) -> None:
        self.source = source
        self.origin = origin
        super().__init__(f"{source}: {message}" if source else message)


class OutputDirError(QuitxError):
    """The batch output directory cannot be created, or another run is writing to it (``locked``)."""

    def __init__(self, message: str, *, path: str, locked: bool = False) -> None:
        self.path = path
        self.locked = locked
        super().__init__(message)


class SourceError(QuitxError):
    """The observatory's source of institutions (a SPARQL endpoint: Wikidata's by default) could
    not be read, so nothing was checked. ``url`` names the endpoint; ``status`` is the HTTP status
    (None: nothing came back; 429: it asked to slow down for longer than quitx waits,
    ``retry_after`` says how long)."""

    def __init__(
        self,
        message: str,
        *,
        url: str | None = None,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.url = url
        self.status = status
        self.retry_after = retry_after
        super().__init__(message)


# --- apply -------------------------------------------------------------------------------------------


class ErrorKind(StrEnum):
    """What sort of failure an `ApplyError` (and so an ``ApplyResult.error_kind``) is."""

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
    FOREIGN_HOST = "foreign_host"  # the server pointed quitx to another host: refused, nothing sent there


class ApplyError(QuitxError):
    """A step could not be carried out; ``message`` says why and what to do (never a secret)."""

    def __init__(
        self,
        kind: ErrorKind,
        message: str,
        *,
        platform: Platform | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.kind = kind
        self.message = message
        self.platform = platform
        self.retry_after = retry_after
        super().__init__(message)


class LoginError(QuitxError):
    """``quitx login`` stored nothing; ``message`` says why and what to do (never a secret)."""

    def __init__(self, kind: ErrorKind, message: str, *, platform: Platform | None = None) -> None:
        self.kind = kind
        self.message = message
        self.platform = platform
        super().__init__(message)
