"""How an error says itself: a code's message filled in one language (`say`), one field's
problem (`FieldIssue`, from pydantic's errors by `field_issues`), why a file could not be read
(`file_problem`)."""

from __future__ import annotations

import dataclasses
import errno
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from string import Template
from typing import Any, TypedDict

from .._msg import Language, Msg
from . import wording as w
from .codes import FieldProblem, FileProblem

__all__ = [
    "FieldIssue",
    "describe_issues",
    "field_issues",
    "file_problem",
    "say",
    "why_unreadable",
    "words_of",
]

_DEPTH = 4  # a code's value may be a code, whose value may be a code…: never further


def words_of(code: StrEnum) -> Msg | None:
    """The message of ``code`` (None: a code with no words of its own, such as a `Reason`)."""
    table = w.TABLES.get(type(code))
    return None if table is None else table.get(code)


def say(msg: Msg, language: Language, values: Mapping[str, str], *, issues: str = "", depth: int = 0) -> str:
    """``msg`` in ``language`` with ``values`` put in: a value that is a code with words of its own
    is said too (with the same values); ``${issues}`` is ``issues``, already said."""
    template = Template(msg.text(language))
    filled: dict[str, str] = {}
    for name in template.get_identifiers():
        if name == "issues":
            filled[name] = issues
            continue
        value = values[name]  # a message naming a value its error does not carry is a bug
        inner = words_of(value) if isinstance(value, StrEnum) and depth < _DEPTH else None
        filled[name] = str(value) if inner is None else say(inner, language, values, depth=depth + 1)
    return template.substitute(filled)


@dataclass(frozen=True, slots=True)
class FieldIssue:
    """One field that cannot be: its name (``domain``, ``timeout``, ``sender.name``; empty for the
    whole document), what is wrong with it, and the values its words name (``max``, ``value``…)."""

    field: str
    problem: FieldProblem
    values: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def problem_text(self, language: Language = "en") -> str:
        """What is wrong, without the field: "must be greater than 0"."""
        return say(w.FIELD[self.problem], language, self.values)

    def describe(self, language: Language = "en", names: Mapping[str, Msg] | None = None) -> str:
        """ "timeout: must be greater than 0"; ``names`` says a field's first part in words
        (an institution's ``domain`` is its "domaine" in French)."""
        if not self.field:
            return self.problem_text(language)
        head, dot, rest = self.field.partition(".")
        named = (names or {}).get(head)
        shown = named.text(language) + dot + rest if named is not None else self.field
        return say(w.ISSUE, language, {"field": shown, "problem": self.problem_text(language)})


def describe_issues(
    issues: Sequence[FieldIssue], language: Language, names: Mapping[str, Msg] | None = None
) -> str:
    """Every issue, one after the other ("a: …; b: …")."""
    return w.ISSUE_SEPARATOR.text(language).join(issue.describe(language, names) for issue in issues)


# pydantic's error types (its stable ``type`` field), and what quitx calls each
_PYDANTIC: Mapping[str, FieldProblem] = {
    "missing": FieldProblem.MISSING,
    "extra_forbidden": FieldProblem.UNKNOWN_FIELD,
    "string_too_short": FieldProblem.TOO_SHORT,
    "too_short": FieldProblem.TOO_SHORT,
    "string_too_long": FieldProblem.TOO_LONG,
    "too_long": FieldProblem.TOO_LONG,
    "greater_than": FieldProblem.GREATER_THAN,
    "greater_than_equal": FieldProblem.AT_LEAST,
    "less_than": FieldProblem.LESS_THAN,
    "less_than_equal": FieldProblem.AT_MOST,
    "int_type": FieldProblem.NOT_AN_INTEGER,
    "int_parsing": FieldProblem.NOT_AN_INTEGER,
    "int_from_float": FieldProblem.NOT_AN_INTEGER,
    "float_type": FieldProblem.NOT_A_NUMBER,
    "float_parsing": FieldProblem.NOT_A_NUMBER,
    "bool_type": FieldProblem.NOT_A_BOOLEAN,
    "bool_parsing": FieldProblem.NOT_A_BOOLEAN,
    "string_type": FieldProblem.NOT_TEXT,
    "list_type": FieldProblem.NOT_A_LIST,
    "tuple_type": FieldProblem.NOT_A_LIST,
    "set_type": FieldProblem.NOT_A_LIST,
    "frozen_set_type": FieldProblem.NOT_A_LIST,
    "dict_type": FieldProblem.NOT_A_TABLE,
    "model_type": FieldProblem.NOT_A_TABLE,
    "model_attributes_type": FieldProblem.NOT_A_TABLE,
    "date_type": FieldProblem.NOT_A_DATE,
    "date_parsing": FieldProblem.NOT_A_DATE,
    "date_from_datetime_parsing": FieldProblem.NOT_A_DATE,
    "datetime_type": FieldProblem.NOT_A_DATE,
    "datetime_parsing": FieldProblem.NOT_A_DATE,
    "datetime_from_date_parsing": FieldProblem.NOT_A_DATE,
    "enum": FieldProblem.NOT_ONE_OF,
    "literal_error": FieldProblem.NOT_ONE_OF,
    "json_invalid": FieldProblem.NOT_JSON,
    "json_type": FieldProblem.NOT_JSON,
}
_QUOTED = re.compile(r"'([^']*)'")


def _issue(error: Mapping[str, Any], name: Callable[[tuple[Any, ...]], str]) -> FieldIssue:
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    where = name(tuple(error.get("loc", ())))
    try:
        problem: FieldProblem | None = FieldProblem(kind)  # a quitx validator's own code
    except ValueError:
        problem = _PYDANTIC.get(kind)
    if problem is None:  # a type quitx has no words for: pydantic's own, in English
        message = str(error.get("msg", kind)).removeprefix("Value error, ")
        return FieldIssue(where, FieldProblem.INVALID, {"error": message})
    if problem is FieldProblem.TOO_SHORT and ctx.get("min_length") == 1:
        return FieldIssue(where, FieldProblem.EMPTY)
    values: dict[str, str] = {}
    if kind == problem.value:  # a quitx validator's context is its message's values
        values.update({str(k): str(v) for k, v in ctx.items()})
    if "min_length" in ctx:
        values["min"] = _number(ctx["min_length"])
    if "max_length" in ctx:
        values["max"] = _number(ctx["max_length"])
    for bound in ("gt", "ge", "lt", "le"):
        if bound in ctx:
            values["limit"] = _number(ctx[bound])
    if problem is FieldProblem.NOT_ONE_OF:
        values["expected"] = ", ".join(_QUOTED.findall(str(ctx.get("expected", ""))))
    return FieldIssue(where, problem, values)


def _number(value: Any) -> str:
    """A bound as a person writes it: 0, not 0.0."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def field_issues(
    errors: Iterable[Mapping[str, Any]], *, name: Callable[[tuple[Any, ...]], str] = _dotted
) -> tuple[FieldIssue, ...]:
    """pydantic's errors (``ValidationError.errors()``) as issues quitx can say in either language.
    A validator of quitx's that raises ``PydanticCustomError(code, …)`` with a `FieldProblem` value
    as its type gives that code, with its context as the values. ``name``: a field's name from its
    location (default: dotted, ``sender.name``)."""
    return tuple(_issue(error, name) for error in errors)


_ERRNO: Mapping[int, FileProblem] = {
    errno.ENOENT: FileProblem.NO_SUCH_FILE,
    errno.EISDIR: FileProblem.IS_A_DIRECTORY,
    errno.ENOTDIR: FileProblem.NOT_A_DIRECTORY,
    errno.EACCES: FileProblem.PERMISSION_DENIED,
    errno.EPERM: FileProblem.PERMISSION_DENIED,
}


class FileValues(TypedDict):
    """The values of an error about a file that could not be read."""

    why: FileProblem
    error: str


def file_problem(exc: OSError | UnicodeDecodeError) -> FileValues:
    """Why a file could not be read, as an error's values: ``why`` (a `FileProblem`) and ``error``
    (the system's own words, for `FileProblem.OTHER`)."""
    if isinstance(exc, UnicodeDecodeError):
        return {"why": FileProblem.NOT_UTF8, "error": exc.reason}
    return {"why": _ERRNO.get(exc.errno or 0, FileProblem.OTHER), "error": exc.strerror or type(exc).__name__}


def why_unreadable(exc: OSError | UnicodeDecodeError, language: Language = "en") -> str:
    """Why a file could not be read (or written), said in ``language``: "fichier introuvable"."""
    values = file_problem(exc)
    return say(w.FILE[values["why"]], language, {"why": values["why"], "error": values["error"]})
