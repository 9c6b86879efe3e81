"""What to do next after an error: the hint is chosen by the error's type, then its named attributes
(never by its text). Each class of `quitx.errors` has its rule here (None: its message already says
what to do). Also the hint after results that a doubtful DNS left unknown."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..errors import BatchInputError, ConfigError, InvalidReportError, UsageError
    from ..i18n.messages import Msg
    from ..models import Reason

__all__ = [
    "DNS_HINT",
    "REF_HINT",
    "REPORT_HINT",
    "dns_hint",
    "error",
    "hint_for",
    "print_error",
    "rules",
    "said",
    "source_failed",
]

from . import wording as w

REF_HINT = w.REF_HINT.en  # English, for the code that quotes it; said in the run's language
REPORT_HINT = w.REPORT_HINT.en
_USAGE_HINTS: dict[str | None, Msg | None] = {
    "--map": w.MAP_HINT,
    "--start": w.DATE_HINT,
    "--date": w.DATE_HINT,
    "NAME": w.NAME_HINT,
    "--from-json": w.FROM_JSON_HINT,
    "steps": w.STEPS_HINT,
    "--display-name": w.STEPS_HINT,
    "--confirm-account": w.REF_HINT,
    "-o": w.OUTPUT_DIR_HINT,
    "--review": w.OUTPUT_DIR_HINT,
    "--follow-file": w.OUTPUT_DIR_HINT,
    "--templates": w.TEMPLATES_HINT,
    "REF": w.NO_REFS_HINT,
    "--from": None,  # the file could not be read: its message says why
    "--token-stdin": None,  # login: the message says what to give
    "--password-stdin": None,
    "stdin": None,
    "code": None,
    "--format": None,  # "--format is the letters' format: it needs --letters LANG"
}


def _t(msg: Msg) -> str:
    from .voice import voice

    return voice().t(msg)


def _report_hint(exc: InvalidReportError, command: str | None) -> str:
    if not isinstance(exc.__cause__, OSError):  # read, but not a report
        return _t(w.REPORT_HINT) + _t(w.REPORT_NOT_A_REPORT)
    if command in ("plan", "letter"):
        return _t(w.REPORT_HINT) + _t(w.REPORT_OR_OFFLINE)
    return _t(w.REPORT_HINT)


def _config_hint(exc: ConfigError) -> str:
    if exc.origin == "file":
        if isinstance(exc.__cause__, OSError):
            return _t(w.CONFIG_HINT)
        return _t(w.CONFIG_HINT) + _t(w.SETTINGS_LISTED)
    if exc.origin == "env":
        return _t(w.ENV_HINT)
    return _t(w.GENERIC_HINT)


def _batch_input_hint(exc: BatchInputError) -> str | None:
    from ..errors import BatchInputProblem

    hint = {
        BatchInputProblem.UNREADABLE: w.BATCH_UNREADABLE_HINT,
        BatchInputProblem.NO_NAME_COLUMN: w.BATCH_NO_NAME_HINT,
        BatchInputProblem.NOT_UTF8: None,
    }[exc.problem]
    return None if hint is None else _t(hint)


def _usage_hint(exc: UsageError) -> str | None:
    hint = _USAGE_HINTS.get(exc.option, w.GENERIC_HINT)
    return None if hint is None else _t(hint)


def rules() -> dict[type[Exception], Callable[[Any, str | None], str | None]]:
    """Each error class of quitx.errors and its hint (the first class of an error's MRO found here)."""
    from .. import errors as e

    return {
        e.InvalidReferenceError: lambda exc, command: _t(w.REF_HINT),
        e.InvalidInstitutionError: lambda exc, command: _t(
            w.NAME_HINT if exc.field == "name" else w.GENERIC_HINT
        ),
        e.InvalidReportError: _report_hint,
        e.BatchInputError: lambda exc, command: _batch_input_hint(exc),
        e.TemplateError: lambda exc, command: _t(w.TEMPLATE_ERROR_HINT),
        e.UsageError: lambda exc, command: _usage_hint(exc),
        e.HistoryError: lambda exc, command: None,  # no run yet, only one run, another file: it says so
        e.ObservatoryError: lambda exc, command: None,  # an unknown preset: the presets are listed
        e.ConfigError: lambda exc, command: _config_hint(exc),
        e.OutputDirError: lambda exc, command: None if exc.locked else _t(w.OUTPUT_DIR_ERROR_HINT),
        e.SourceError: lambda exc, command: None,  # the endpoint could not be read: try again later
        e.ApplyError: lambda exc, command: None,  # a step's failure says what to do, in its result
        e.LoginError: lambda exc, command: None,  # its message says what to do (app password, keyring…)
        e.InputError: lambda exc, command: _t(w.GENERIC_HINT),
        e.QuitxError: lambda exc, command: _t(w.GENERIC_HINT),
    }


def hint_for(exc: BaseException, command: str | None = None) -> str | None:
    """What to do next after ``exc``, chosen by its type and attributes; None when its message says."""
    table = rules()
    for kind in type(exc).__mro__:
        rule = table.get(kind)
        if rule is not None:
            return rule(exc, command)
    return _t(w.GENERIC_HINT)


def said(exc: BaseException) -> str:
    """What ``exc`` says, in the run's language (a quitx error says itself in French or English;
    any other exception has its own words only)."""
    from ..errors import QuitxError
    from .voice import voice

    return exc.describe(voice().language) if isinstance(exc, QuitxError) else str(exc)


def source_failed(exc: BaseException) -> str:
    """ "Wikidata: the SPARQL endpoint could not be read (timeout)", in the run's language."""
    from .voice import voice

    return voice().t(w.SOURCE_FAILED, error=said(exc))


def print_error(exc: BaseException, command: str | None = None) -> None:
    """``quitx: error: …`` then ``hint: …`` on stderr, in the run's language (the message may
    quote remote text: inert)."""
    error(said(exc), hint_for(exc, command))


def error(message: str, hint: str | None = None) -> None:
    """``quitx: error: …`` and ``hint: …`` on stderr, the labels in the run's language."""
    from .._text import inert_message
    from .voice import voice

    said = voice()
    sep = said.lang.sep()
    print(f"quitx: {said.t(w.ERROR)}{sep}{inert_message(message)}", file=sys.stderr)
    if hint:
        print(f"{said.t(w.HINT)}{sep}{hint}", file=sys.stderr)


DNS_HINT = w.DNS_HINT.en


def dns_hint(reasons: Iterable[Reason]) -> None:
    """The hint after a result that a doubtful DNS left unknown (on stderr: stdout is the result)."""
    from ..models import Reason

    if Reason.DNS_UNVERIFIED in set(reasons):
        from .voice import voice

        said = voice()
        print(f"{said.t(w.HINT)}{said.lang.sep()}{said.t(w.DNS_HINT)}", file=sys.stderr)
