"""The exception tree: every class raised somewhere, none defined outside errors.py, named attributes."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import quitx
from quitx import errors
from quitx.errors import (
    ApplyError,
    BatchInputError,
    BatchInputProblem,
    ConfigError,
    ErrorKind,
    HistoryError,
    InputError,
    InvalidInstitutionError,
    InvalidReferenceError,
    InvalidReportError,
    ObservatoryError,
    OutputDirError,
    QuitxError,
    SourceError,
    TemplateError,
    UsageError,
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
    e = InvalidInstitutionError("domain", "a b", "not a valid domain", problems="domain: not a valid domain")
    assert (e.field, e.value, e.reason, str(e)) == (
        "domain",
        "a b",
        "not a valid domain",
        "institution: domain: not a valid domain",
    )
    r = InvalidReportError("r.json", "not a quitx report: x")
    assert (r.path, r.reason, str(r)) == ("r.json", "not a quitx report: x", "r.json: not a quitx report: x")
    b = BatchInputError("cannot read it: gone", path="in.csv", problem=BatchInputProblem.UNREADABLE)
    assert (b.path, b.problem, str(b)) == (
        "in.csv",
        BatchInputProblem.UNREADABLE,
        "in.csv: cannot read it: gone",
    )
    t = TemplateError("no value for ${x}", path="greeting (fr)", placeholder="x")
    assert (t.path, t.placeholder, str(t)) == (
        "greeting (fr)",
        "x",
        "template greeting (fr): no value for ${x}",
    )
    assert str(TemplateError("no value for ${x}")) == "no value for ${x}"
    assert UsageError("bad", option="--map").option == "--map"
    c = ConfigError("invalid TOML", source="q.toml", origin="file")
    assert (c.source, c.origin, str(c)) == ("q.toml", "file", "q.toml: invalid TOML")
    o = OutputDirError("another run", path="out", locked=True)
    assert (o.path, o.locked) == ("out", True)
    h = HistoryError("no run 7", path="history.db")
    assert (h.path, str(h), str(HistoryError("no run 7"))) == (
        "history.db",
        "history.db: no run 7",
        "no run 7",
    )
    w = SourceError("asks to slow down", url="https://q.example/sparql", status=429, retry_after=60.0)
    assert (w.url, w.status, w.retry_after, str(w)) == (
        "https://q.example/sparql",
        429,
        60.0,
        "asks to slow down",
    )
    a = ApplyError(ErrorKind.RATE_LIMITED, "slow down", retry_after=30.0)
    assert (a.kind, a.message, a.platform, a.retry_after) == (ErrorKind.RATE_LIMITED, "slow down", None, 30.0)


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
