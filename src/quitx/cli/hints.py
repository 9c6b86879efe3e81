"""What to do next after an error: the hint is chosen by the error's type, then its named attributes
(never by its text). Each class of `quitx.errors` has its rule here (None: its message already says
what to do). Also the hint after results that a doubtful DNS left unknown."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..errors import BatchInputError, ConfigError, InvalidReportError
    from ..models import Reason

__all__ = ["DNS_HINT", "REF_HINT", "REPORT_HINT", "dns_hint", "error", "hint_for", "print_error", "rules"]

REF_HINT = (
    "an account reference is @user@host, https://host/@user, a Bluesky handle (name.bsky.social, "
    "example.org), https://bsky.app/profile/…, did:plc:…, did:web:… or at://…"
)
REPORT_HINT = 'save a check first: quitx check "NAME" --domain DOMAIN --format json -o report.json'
_CONFIG_HINT = (
    "the config file comes from --config or $QUITX_CONFIG: fix that path, or unset QUITX_CONFIG "
    "to use the defaults"
)
_SETTINGS_LISTED = "; the settings are listed in docs/reference/settings.md"
_NAME_HINT = (
    'give its name first: quitx check "Université Rennes 2" --domain univ-rennes2.fr '
    "(or --from-json institution.json, or --report report.json)"
)
_FROM_JSON_HINT = "--from-json takes a JSON object: an institution, or a report saved with --format json"
_STEPS_HINT = "'quitx apply --help' lists the steps apply can do"
_GENERIC_HINT = (
    "check the option or setting named above: 'quitx COMMAND --help' for options, "
    "docs/reference/settings.md for settings"
)
_USAGE_HINTS: dict[str | None, str | None] = {
    "--map": "write --map HOST=URL, e.g. --map univ-exemple.fr=http://127.0.0.1:8081",
    "--start": "write the date as YYYY-MM-DD, e.g. 2026-03-02",
    "--date": "write the date as YYYY-MM-DD, e.g. 2026-03-02",
    "NAME": _NAME_HINT,
    "--from-json": _FROM_JSON_HINT,
    "steps": _STEPS_HINT,
    "--display-name": _STEPS_HINT,
    "--confirm-account": REF_HINT,
    "--format": None,  # "--format is the letters' format: it needs --letters LANG"
}


def _report_hint(exc: InvalidReportError, command: str | None) -> str:
    if not isinstance(exc.__cause__, OSError):  # read, but not a report
        return REPORT_HINT + " (--report takes a check saved with --format json)"
    if command in ("plan", "letter"):
        return REPORT_HINT + ", or do without a check: --offline"
    return REPORT_HINT


def _config_hint(exc: ConfigError) -> str:
    if exc.origin == "file":
        return _CONFIG_HINT if isinstance(exc.__cause__, OSError) else _CONFIG_HINT + _SETTINGS_LISTED
    if exc.origin == "env":
        return "fix or unset the QUITX_* variable named above ('quitx --help' says where settings come from)"
    return _GENERIC_HINT


def _batch_input_hint(exc: BatchInputError) -> str | None:
    from ..errors import BatchInputProblem

    return {
        BatchInputProblem.UNREADABLE: "check the path of the input file, or give - to read it from stdin",
        BatchInputProblem.NO_NAME_COLUMN: (
            "the first row names the columns (name,domain,kind,…): 'quitx batch --help' lists them"
        ),
        BatchInputProblem.NOT_UTF8: None,
    }[exc.problem]


def rules() -> dict[type[Exception], Callable[[Any, str | None], str | None]]:
    """Each error class of quitx.errors and its hint (the first class of an error's MRO found here)."""
    from .. import errors as e

    return {
        e.InvalidReferenceError: lambda exc, command: REF_HINT,
        e.InvalidInstitutionError: lambda exc, command: _NAME_HINT if exc.field == "name" else _GENERIC_HINT,
        e.InvalidReportError: _report_hint,
        e.BatchInputError: lambda exc, command: _batch_input_hint(exc),
        e.TemplateError: lambda exc, command: "the placeholders and the markup are listed in docs/letter.md",
        e.UsageError: lambda exc, command: _USAGE_HINTS.get(exc.option, _GENERIC_HINT),
        e.HistoryError: lambda exc, command: None,  # no run yet, only one run, another file: it says so
        e.ObservatoryError: lambda exc, command: None,  # an unknown preset: the presets are listed
        e.ConfigError: lambda exc, command: _config_hint(exc),
        e.OutputDirError: lambda exc, command: (
            None if exc.locked else "choose another --output-dir, one you can write to"
        ),
        e.SourceError: lambda exc, command: None,  # the endpoint could not be read: try again later
        e.ApplyError: lambda exc, command: None,  # a step's failure says what to do, in its result
        e.LoginError: lambda exc, command: None,  # its message says what to do (app password, keyring…)
        e.InputError: lambda exc, command: _GENERIC_HINT,
        e.QuitxError: lambda exc, command: _GENERIC_HINT,
    }


def hint_for(exc: BaseException, command: str | None = None) -> str | None:
    """What to do next after ``exc``, chosen by its type and attributes; None when its message says."""
    table = rules()
    for kind in type(exc).__mro__:
        rule = table.get(kind)
        if rule is not None:
            return rule(exc, command)
    return _GENERIC_HINT


def print_error(exc: BaseException, command: str | None = None) -> None:
    """``quitx: error: …`` then ``hint: …`` on stderr (the message may quote remote text: inert)."""
    error(str(exc), hint_for(exc, command))


def error(message: str, hint: str | None = None) -> None:
    from .._text import inert

    print(f"quitx: error: {inert(message)}", file=sys.stderr)
    if hint:
        print(f"hint: {hint}", file=sys.stderr)


DNS_HINT = (
    "your DNS looks offline or filtered: a name it does not find may still exist. Check the "
    "connection, or name a resolver that sees the public DNS (--dns HOST); quitx believes a resolver "
    "that resolves the dns_canary setting (example.com by default)"
)


def dns_hint(reasons: Iterable[Reason]) -> None:
    """The hint after a result that a doubtful DNS left unknown (on stderr: stdout is the result)."""
    from ..models import Reason

    if Reason.DNS_UNVERIFIED in set(reasons):
        print(f"hint: {DNS_HINT}", file=sys.stderr)
