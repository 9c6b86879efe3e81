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

One language at a time: every error carries a ``code`` (a `StrEnum` of `quitx.errors.codes`,
stable: test the code, not the words) and the ``values`` its message names (texts, numbers, other
codes — no prose); ``exc.describe("fr")`` says it in French, ``str(exc)`` in English. The command
line, the batch and the web say an error in the run's language; JSON carries the code. `ApplyError`
and `LoginError` are said in the language the call was given (their ``kind`` is their code).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from .._msg import Language, Msg
from . import wording as w
from .codes import (
    BatchInputProblem,
    ConfigProblem,
    FieldProblem,
    FileProblem,
    HistoryProblem,
    NameProblem,
    ObservatoryProblem,
    OutputDirProblem,
    ReferenceProblem,
    ReportProblem,
    SourceProblem,
    TemplateProblem,
    UsageProblem,
)
from .render import FieldIssue, describe_issues, field_issues, file_problem, say, why_unreadable

if TYPE_CHECKING:  # the type only: errors sit below the models
    from ..models import Platform

__all__ = [
    "ApplyError",
    "BatchInputError",
    "BatchInputProblem",
    "ConfigError",
    "ConfigProblem",
    "ErrorKind",
    "FieldIssue",
    "FieldProblem",
    "FileProblem",
    "HistoryError",
    "HistoryProblem",
    "InputError",
    "InvalidInstitutionError",
    "InvalidReferenceError",
    "InvalidReportError",
    "LoginError",
    "NameProblem",
    "ObservatoryError",
    "ObservatoryProblem",
    "OutputDirError",
    "OutputDirProblem",
    "QuitxError",
    "ReferenceProblem",
    "ReportProblem",
    "SourceError",
    "SourceProblem",
    "TemplateError",
    "TemplateProblem",
    "UsageError",
    "UsageProblem",
    "field_issues",
    "file_problem",
    "why_unreadable",
]

_NONE: Mapping[str, str] = MappingProxyType({})


class QuitxError(Exception):
    """Root of every error quitx raises on purpose.

    ``code`` says what went wrong (a member of one of `quitx.errors.codes`' enums: stable, for
    scripts), ``values`` what its message names, ``issues`` the fields at fault when there are
    several; ``describe(language)`` says it in French or English, ``str(exc)`` is the English."""

    code: StrEnum | None = None
    values: Mapping[str, str] = _NONE
    issues: tuple[FieldIssue, ...] = ()

    def describe(self, language: Language = "en") -> str:
        """The error in words, in ``language`` ("fr" or "en")."""
        return self._words(language) if self.code is not None else str(self)

    def _coded(self, code: StrEnum, values: Mapping[str, str], issues: Sequence[FieldIssue] = ()) -> None:
        self.code = code
        self.values = MappingProxyType(dict(values))
        self.issues = tuple(issues)

    def _words(self, language: Language, names: Mapping[str, Msg] | None = None) -> str:
        """The code's own message (no frame), in ``language``."""
        assert self.code is not None  # noqa: S101 - only coded errors call it
        msg = say_code(self.code)
        return say(msg, language, self.values, issues=describe_issues(self.issues, language, names))

    def _framed(self, frame: Msg, language: Language, **values: str) -> str:
        return say(frame, language, {**values, "message": self._words(language)})


def say_code(code: StrEnum) -> Msg:
    """The message of ``code`` (a code of `quitx.errors.codes`)."""
    return w.TABLES[type(code)][code]


# --- bad input ---------------------------------------------------------------------------------------


class InputError(QuitxError, ValueError):
    """Input that quitx cannot use (a reference, an institution, a report, a file, options):
    nothing was sent."""


class InvalidReferenceError(InputError):
    """The text is not a reference to a Mastodon or Bluesky account. ``code`` says why (a
    `ReferenceProblem`), ``reason`` says it in English."""

    code: ReferenceProblem

    def __init__(self, text: str, code: ReferenceProblem, /, **values: str) -> None:
        self.text = text
        self._coded(code, values)
        self.reason = self._words("en")
        super().__init__(self.describe("en"))

    def describe(self, language: Language = "en") -> str:
        return say(w.NOT_A_REFERENCE, language, {**self.values, "text": self.text, "reason": self.code})

    def reason_in(self, language: Language = "en") -> str:
        """``reason`` in ``language``: why the text is no reference, without the text before it."""
        return self._words(language)


class InvalidInstitutionError(InputError):
    """An institution that cannot be: no name, a domain that is no domain, an unknown kind…
    ``issues`` lists every field at fault; ``field``, ``value``, ``code`` and ``reason`` (in English)
    are the first one's."""

    code: FieldProblem

    def __init__(self, issues: Sequence[FieldIssue], *, value: object = None) -> None:
        first = issues[0]
        self._coded(first.problem, first.values, issues)
        self.field = first.field
        self.value = value
        self.reason = first.problem_text("en")
        super().__init__(self.describe("en"))

    def describe(self, language: Language = "en") -> str:
        problems = describe_issues(self.issues, language, w.INSTITUTION_FIELDS)
        return say(w.INSTITUTION, language, {}, issues=problems)

    def problems(self, language: Language = "en") -> str:
        """Every field at fault, without the "institution:" before them (a batch row's error)."""
        return describe_issues(self.issues, language, w.INSTITUTION_FIELDS)


class InvalidReportError(InputError):
    """A file that is no readable quitx report (``quitx check --format json``); ``code`` says why,
    ``reason`` says it in English."""

    code: ReportProblem

    def __init__(
        self, path: str, code: ReportProblem, /, *, issues: Sequence[FieldIssue] = (), **values: str
    ) -> None:
        self.path = path
        self._coded(code, values, issues)
        self.reason = self._words("en")
        super().__init__(self.describe("en"))

    def describe(self, language: Language = "en") -> str:
        return self._framed(w.AT_PATH, language, path=self.path)


class BatchInputError(InputError):
    """The batch input cannot be read at all (missing, no header with ``name``, not UTF-8);
    ``problem`` is its ``code``."""

    code: BatchInputProblem

    def __init__(self, code: BatchInputProblem, /, *, path: str, **values: str) -> None:
        self.path = path
        self.problem = code
        self._coded(code, values)
        super().__init__(self.describe("en"))

    def describe(self, language: Language = "en") -> str:
        return self._framed(w.AT_PATH, language, path=self.path)


class TemplateError(InputError):
    """A letter template that cannot be filled: a placeholder with no value (``placeholder``), a
    block value put inside a line. ``path`` names the template (file or block) when known;
    ``message`` says what is wrong in English, without it."""

    code: TemplateProblem

    def __init__(
        self,
        code: TemplateProblem,
        /,
        *,
        path: str | None = None,
        placeholder: str | None = None,
        **values: str,
    ) -> None:
        self.path = path
        self.placeholder = placeholder
        self._coded(code, {**values, **({"placeholder": placeholder} if placeholder is not None else {})})
        self.message = self._words("en")
        super().__init__(self.describe("en"))

    def describe(self, language: Language = "en") -> str:
        if self.path is None:
            return self._words(language)
        return self._framed(w.TEMPLATE_AT, language, path=self.path)


class UsageError(InputError):
    """Options or arguments that do not fit together; ``option`` names the one at fault. A library
    call gives a `UsageProblem` (and its values); the command line gives its own words, already in
    the run's language (no code)."""

    def __init__(
        self,
        message: str | UsageProblem,
        /,
        *,
        option: str | None = None,
        issues: Sequence[FieldIssue] = (),
        **values: str,
    ) -> None:
        self.option = option
        if isinstance(message, UsageProblem):
            self._coded(message, values, issues)
            message = self._words("en")
        super().__init__(message)


class ObservatoryError(InputError):
    """The observatory cannot go on with what it was given: an unknown preset, a query file it
    cannot read or that binds no ``?item`` (an `ObservatoryProblem`), a history database it cannot
    use (`HistoryError`)."""

    def __init__(self, code: ObservatoryProblem | HistoryProblem, /, **values: str) -> None:
        self._coded(code, values)
        super().__init__(self.describe("en"))


class HistoryError(ObservatoryError):
    """The history database cannot be used: not a quitx history, another schema version, a run
    that is not there (a `HistoryProblem`). ``path`` names the database when known."""

    code: HistoryProblem

    def __init__(self, code: HistoryProblem, /, *, path: str | None = None, **values: str) -> None:
        self.path = path
        super().__init__(code, **values)

    def describe(self, language: Language = "en") -> str:
        if self.path is None:
            return self._words(language)
        return self._framed(w.AT_PATH, language, path=self.path)


# --- the environment ---------------------------------------------------------------------------------

Origin = Literal["file", "env", "argument"]


class ConfigError(QuitxError):
    """A setting could not be read or is out of range (a `ConfigProblem`; ``issues`` lists the
    fields at fault). ``source`` names the file, the variable or the option every faulty value came
    from, ``origin`` where the first came from (a config file, a QUITX_* variable, an argument),
    when known. When the values came from several places, ``source`` is None and ``set_in`` says,
    for each field at fault, where its value was set (its origin and the file's path, the
    variable's or the option's name): each issue is said under that name ("QUITX_TIMEOUT: must be
    greater than 0", "quitx.toml: retries: …")."""

    code: ConfigProblem

    def __init__(
        self,
        code: ConfigProblem,
        /,
        *,
        source: str | None = None,
        origin: Origin | None = None,
        issues: Sequence[FieldIssue] = (),
        set_in: Mapping[str, tuple[Origin, str]] | None = None,
        **values: str,
    ) -> None:
        self.source = source
        self.origin = origin
        self.set_in: Mapping[str, tuple[Origin, str]] = MappingProxyType(dict(set_in or {}))
        self._coded(code, values, issues)
        super().__init__(self.describe("en"))

    def describe(self, language: Language = "en") -> str:
        if self.source is None:
            return self._words(language, self._names())
        return self._framed(w.AT_PATH, language, path=self.source)

    def _names(self) -> dict[str, Msg]:
        """Each field as its value was set: the variable or the option itself, or the file's field
        under the file's path."""
        names: dict[str, Msg] = {}
        for field, (origin, where) in self.set_in.items():
            if origin == "file":
                at = {"path": where, "message": field}
                names[field] = Msg(say(w.AT_PATH, "fr", at), say(w.AT_PATH, "en", at))
            else:
                names[field] = Msg(where, where)
        return names


class OutputDirError(QuitxError):
    """The batch output directory cannot be created, or another run is writing to it (``locked``)."""

    code: OutputDirProblem

    def __init__(self, code: OutputDirProblem, /, *, path: str, **values: str) -> None:
        self.path = path
        self.locked = code is OutputDirProblem.LOCKED
        self._coded(code, {**values, "path": path})
        super().__init__(self.describe("en"))


class SourceError(QuitxError):
    """The observatory's source of institutions (a SPARQL endpoint: Wikidata's by default) could
    not be read, so nothing was checked (a `SourceProblem`). ``url`` names the endpoint; ``status``
    is the HTTP status (None: nothing came back; 429: it asked to slow down for longer than quitx
    waits, ``retry_after`` says how long); ``answer``, what the endpoint said (inert text)."""

    code: SourceProblem

    def __init__(
        self,
        code: SourceProblem,
        /,
        *,
        url: str | None = None,
        status: int | None = None,
        retry_after: float | None = None,
        answer: str | None = None,
        issues: Sequence[FieldIssue] = (),
        **values: str,
    ) -> None:
        self.url = url
        self.status = status
        self.retry_after = retry_after
        self.answer = answer
        self._coded(code, {**values, **({"status": str(status)} if status is not None else {})}, issues)
        super().__init__(self.describe("en"))

    def describe(self, language: Language = "en") -> str:
        if not self.answer:
            return self._words(language)
        return self._framed(w.ANSWERED, language, answer=self.answer)


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
    """A step could not be carried out; ``message`` says why and what to do (never a secret), in
    the language apply was asked to speak; ``kind`` is its code."""

    def __init__(
        self,
        kind: ErrorKind,
        message: str,
        *,
        platform: Platform | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.kind = self.code = kind
        self.message = message
        self.platform = platform
        self.retry_after = retry_after
        super().__init__(message)

    def describe(self, language: Language = "en") -> str:
        """``message``: said already, in the language the call was given."""
        return self.message


class LoginError(QuitxError):
    """``quitx login`` stored nothing; ``message`` says why and what to do (never a secret), in the
    language login was given; ``kind`` is its code."""

    def __init__(self, kind: ErrorKind, message: str, *, platform: Platform | None = None) -> None:
        self.kind = self.code = kind
        self.message = message
        self.platform = platform
        super().__init__(message)

    def describe(self, language: Language = "en") -> str:
        """``message``: said already, in the language the call was given."""
        return self.message
