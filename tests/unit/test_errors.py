"""The exception tree: every class raised somewhere, none defined outside errors.py, named attributes."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from string import Template

import pytest

import quitx
from quitx import errors
from quitx.errors import (
    ApplyError,
    BatchInputError,
    BatchInputProblem,
    ConfigError,
    ConfigProblem,
    ErrorKind,
    FieldIssue,
    FieldProblem,
    HistoryError,
    HistoryProblem,
    InputError,
    InvalidInstitutionError,
    InvalidReferenceError,
    InvalidReportError,
    NameProblem,
    ObservatoryError,
    OutputDirError,
    OutputDirProblem,
    QuitxError,
    ReferenceProblem,
    ReportProblem,
    SourceError,
    SourceProblem,
    TemplateError,
    TemplateProblem,
    UsageError,
    UsageProblem,
    codes,
    file_problem,
    wording,
)

SRC = Path(quitx.__file__).parent
# private control flow, never seen outside its module: a body over its cap becomes an unreadable result
PRIVATE = {"quitx._http.body.BodyError"}
# the web app's own control flow, raised and caught inside quitx.web (a form field it cannot use, a
# check that broke, a full queue, a refused request): a page says it, no caller of quitx sees it
WEB_APP = {
    "quitx.web.library.InputProblem",
    "quitx.web.library.CheckFailed",
    "quitx.web.jobs.QueueFull",
    "quitx.web.app._Refused",
}


def exception_classes() -> list[type[BaseException]]:
    return [
        obj
        for obj in vars(errors).values()
        if inspect.isclass(obj) and issubclass(obj, BaseException) and obj.__module__ == "quitx.errors"
    ]


def raised_names() -> set[str]:
    """The names after ``raise`` (``raise X(…)``, ``raise X``) anywhere under src/quitx."""
    names: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and node.exc is not None:
                target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                if isinstance(target, ast.Name):
                    names.add(target.id)
                elif isinstance(target, ast.Attribute):
                    names.add(target.attr)
    return names


def test_all_lists_every_class_of_the_tree() -> None:
    assert errors.__all__ == sorted(errors.__all__)
    assert {c.__name__ for c in exception_classes()} <= set(errors.__all__)
    assert all(issubclass(c, QuitxError) for c in exception_classes())


def test_every_class_without_subclasses_is_raised_somewhere() -> None:
    classes = exception_classes()
    leaves = [c for c in classes if not any(o is not c and issubclass(o, c) for o in classes)]
    assert len(leaves) >= 8
    missing = sorted(c.__name__ for c in leaves if c.__name__ not in raised_names())
    assert not missing, f"declared but never raised: {missing}"


def test_no_exception_class_is_defined_outside_errors() -> None:
    modules = [m.name for m in pkgutil.walk_packages(quitx.__path__, "quitx.") if m.name != "quitx.__main__"]
    assert len(modules) > 30
    outside = set()
    for name in modules:
        for obj in vars(importlib.import_module(name)).values():
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseException)
                and obj.__module__ == name
                and name != "quitx.errors"
            ):
                outside.add(f"{name}.{obj.__name__}")
    assert outside == PRIVATE | WEB_APP


def test_the_tree() -> None:
    for cls in (InvalidReferenceError, InvalidInstitutionError, InvalidReportError, BatchInputError):
        assert issubclass(cls, InputError)
    assert issubclass(TemplateError, InputError) and issubclass(UsageError, InputError)
    assert issubclass(InputError, ValueError) and issubclass(InputError, QuitxError)
    for cls in (ConfigError, OutputDirError, ApplyError, SourceError):
        assert issubclass(cls, QuitxError) and not issubclass(cls, InputError)
    # the observatory: what it was given (a preset, a query file, a history) is input
    assert issubclass(HistoryError, ObservatoryError) and issubclass(ObservatoryError, InputError)


def test_named_attributes_and_messages() -> None:
    issue = FieldIssue("domain", FieldProblem.NOT_A_DOMAIN, {"value": "a b"})
    e = InvalidInstitutionError(
        [issue, FieldIssue("kind", FieldProblem.NOT_ONE_OF, {"expected": "a, b"})], value="a b"
    )
    assert (e.field, e.value, e.code, e.reason, str(e)) == (
        "domain",
        "a b",
        FieldProblem.NOT_A_DOMAIN,
        "not a valid domain: 'a b'",
        "institution: domain: not a valid domain: 'a b'; kind: must be one of: a, b",
    )
    assert e.describe("fr") == (
        "institution\u00a0: domaine\u00a0: pas un domaine valide\u00a0: «\u202fa b\u202f»\u202f; "
        "type\u00a0: doit être l’une de ces valeurs\u00a0: a, b"
    )
    r = InvalidReportError("r.json", ReportProblem.NOT_UTF8, position="7")
    assert (r.path, r.code, r.reason, str(r)) == (
        "r.json",
        ReportProblem.NOT_UTF8,
        "not a quitx report: not UTF-8 (byte 7)",
        "r.json: not a quitx report: not UTF-8 (byte 7)",
    )
    gone = file_problem(FileNotFoundError(2, "No such file or directory"))
    b = BatchInputError(BatchInputProblem.UNREADABLE, path="in.csv", **gone)
    assert (b.path, b.problem, b.code, str(b)) == (
        "in.csv",
        BatchInputProblem.UNREADABLE,
        BatchInputProblem.UNREADABLE,
        "in.csv: cannot read it: no such file",
    )
    assert b.describe("fr") == "in.csv\u00a0: illisible\u00a0: fichier introuvable"
    t = TemplateError(TemplateProblem.NO_VALUE, path="greeting (fr)", placeholder="x")
    assert (t.path, t.placeholder, t.message, str(t)) == (
        "greeting (fr)",
        "x",
        "no value for ${x}",
        "template greeting (fr): no value for ${x}",
    )
    assert str(TemplateError(TemplateProblem.NO_VALUE, placeholder="x")) == "no value for ${x}"
    assert t.describe("fr") == "modèle greeting (fr)\u00a0: aucune valeur pour ${x}"
    assert UsageError("bad", option="--map").option == "--map"
    assert UsageError("mauvais", option="--map").describe("en") == "mauvais"  # the CLI's words, as said
    c = ConfigError(ConfigProblem.INVALID_TOML, source="q.toml", origin="file", line="3", column="7")
    assert (c.source, c.origin, str(c)) == ("q.toml", "file", "q.toml: invalid TOML at line 3, column 7")
    assert c.describe("fr") == "q.toml\u00a0: TOML invalide, ligne 3, colonne 7"
    o = OutputDirError(OutputDirProblem.LOCKED, path="out")
    assert (o.path, o.locked, str(o)) == ("out", True, "another quitx batch is writing to out: wait for it")
    h = HistoryError(HistoryProblem.NO_RUN, path="history.db", run="7")
    assert (h.path, str(h), str(HistoryError(HistoryProblem.NO_RUN, run="7"))) == (
        "history.db",
        "history.db: no run 7",
        "no run 7",
    )
    w = SourceError(SourceProblem.SLOW_DOWN, url="https://q.example/sparql", status=429, retry_after=60.0)
    assert (w.url, w.status, w.retry_after, str(w)) == (
        "https://q.example/sparql",
        429,
        60.0,
        "the SPARQL endpoint asks to slow down (HTTP 429): try again later",
    )
    refused = SourceError(SourceProblem.REFUSED, status=400, answer="Lexical error at line 1")
    assert str(refused) == "the SPARQL endpoint refused the query (HTTP 400): Lexical error at line 1"
    assert refused.describe("fr").startswith("le point d’accès SPARQL a refusé la requête (HTTP 400)\u00a0: ")
    a = ApplyError(ErrorKind.RATE_LIMITED, "slow down", retry_after=30.0)
    assert (a.kind, a.code, a.message, a.platform, a.retry_after) == (
        ErrorKind.RATE_LIMITED,
        ErrorKind.RATE_LIMITED,
        "slow down",
        None,
        30.0,
    )
    assert a.describe("fr") == "slow down"  # apply says it in the language it was given, once


# --- one language at a time -----------------------------------------------------------------------------

CODES = [
    codes.ReferenceProblem,
    codes.NameProblem,
    codes.FieldProblem,
    codes.FileProblem,
    codes.ReportProblem,
    codes.BatchInputProblem,
    codes.TemplateProblem,
    codes.UsageProblem,
    codes.ObservatoryProblem,
    codes.HistoryProblem,
    codes.SourceProblem,
    codes.ConfigProblem,
    codes.OutputDirProblem,
]


def test_every_code_has_its_words_in_both_languages() -> None:
    """Each code of each error has a message, and only codes do: a new code cannot go unsaid, a
    French message cannot be the English one left untranslated."""
    assert set(wording.TABLES) == set(CODES) == {getattr(codes, name) for name in codes.__all__}
    for enum in CODES:
        table = wording.TABLES[enum]
        assert set(table) == set(enum), f"{enum.__name__}: {set(enum) ^ set(table)}"
        assert all(isinstance(key, enum) for key in table), enum.__name__
        for code, msg in table.items():
            fr, en = Template(msg.fr), Template(msg.en)
            assert set(fr.get_identifiers()) == set(en.get_identifiers()), code
            words = en.substitute(dict.fromkeys(en.get_identifiers(), ""))
            if re.search(r"[A-Za-z]{3}", words):  # words to translate, not only values
                assert msg.fr != msg.en, f"{enum.__name__}.{code.name}: the French is the English"


def test_a_code_inside_a_message_is_said_in_its_language() -> None:
    """The reason of a reference names a name's problem; the usage error names the reference's
    reason: each is said in the language asked for, down to the last."""
    with pytest.raises(InvalidReferenceError) as raised:
        quitx.parse_ref("x_y.com")
    ref = raised.value
    assert (ref.code, ref.values["problem"]) == (ReferenceProblem.INVALID_HANDLE, NameProblem.UNDERSCORE)
    assert ref.reason == "'x_y.com' is not a valid handle: underscore" == ref.reason_in("en")
    assert ref.describe("fr") == (
        "«\u202fx_y.com\u202f» n’est pas une référence de compte\u00a0: «\u202fx_y.com\u202f» n’est pas un "
        "pseudo valide\u00a0: tiret bas (_)"
    )
    from quitx.apply.models import ProfileRequest
    from quitx.apply.steps import check_steps

    with pytest.raises(UsageError) as usage:
        check_steps(["announce"], ProfileRequest(), ["x_y.com"])
    assert usage.value.code is UsageProblem.BAD_CONFIRM_ACCOUNT
    assert "tiret bas (_)" in usage.value.describe("fr") and "underscore" in str(usage.value)


def test_field_issues_are_codes_with_their_values() -> None:
    with pytest.raises(ConfigError) as raised:
        quitx.load_settings(timeout=-1, retries="many")
    issues = {issue.field: issue for issue in raised.value.issues}
    assert issues["timeout"].problem is FieldProblem.GREATER_THAN and issues["timeout"].values["limit"] == "0"
    assert issues["retries"].problem is FieldProblem.NOT_AN_INTEGER
    assert raised.value.code is ConfigProblem.INVALID_VALUES
    assert "timeout: must be greater than 0" in str(raised.value)
    assert "timeout\u00a0: doit être supérieur à 0" in raised.value.describe("fr")
    assert "retries\u00a0: doit être un nombre entier" in raised.value.describe("fr")


@pytest.mark.parametrize(
    ("call", "error", "attribute", "value"),
    [
        (
            lambda: quitx.parse_ref("not a reference at all"),
            InvalidReferenceError,
            "text",
            "not a reference at all",
        ),
        (lambda: quitx.Institution(name="X", domain="a b"), InvalidInstitutionError, "field", "domain"),
        (lambda: quitx.Institution(name=""), InvalidInstitutionError, "field", "name"),
        (lambda: quitx.load_settings(timeout=-1), ConfigError, "origin", "argument"),
    ],
)
def test_the_library_raises_them(call: object, error: type[Exception], attribute: str, value: object) -> None:
    with pytest.raises(error) as raised:
        call()  # type: ignore[operator]
    assert getattr(raised.value, attribute) == value
