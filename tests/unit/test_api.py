"""The public API: `dir(quitx)` is exactly the surface (a change is deliberate: edit EXPECTED), every
name is the object its module defines, the types it speaks of are public too, sync and async twins
take the same parameters, and `import quitx` stays cheap."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import pydoc
import re
import subprocess
import sys
import types
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pydantic
import pytest

import quitx
from quitx import apply

EXPECTED = [
    "AccountRef",
    "Activity",
    "Addressee",
    "ApplyError",
    "Artifact",
    "Attempt",
    "BatchInputError",
    "BatchInputProblem",
    "BatchItem",
    "BlueskyAccount",
    "BlueskyRef",
    "BridgeStatus",
    "CheckMany",
    "Confidence",
    "ConfigError",
    "DecisionSummary",
    "DnsResolver",
    "Effort",
    "EngineStats",
    "ErrorKind",
    "Evidence",
    "ExistsResult",
    "FoundAccount",
    "FoundBy",
    "InputError",
    "InstanceInfo",
    "Institution",
    "InstitutionKind",
    "InvalidInstitutionError",
    "InvalidReferenceError",
    "InvalidReportError",
    "Label",
    "LinkPlatform",
    "MastodonAccount",
    "MastodonRef",
    "MigrationPlan",
    "NameOptions",
    "Nameserver",
    "OutputDirError",
    "PlanOptions",
    "PlanPhase",
    "PlanStep",
    "Platform",
    "PlatformVerdict",
    "Prober",
    "ProfileField",
    "QuitxError",
    "Reason",
    "Report",
    "Sender",
    "Settings",
    "SocialLink",
    "StepStatus",
    "Team",
    "TemplateError",
    "UsageError",
    "Verdict",
    "WebsiteReport",
    "__version__",
    "acheck",
    "aexists",
    "aexists_many",
    "build_plan",
    "check",
    "check_many",
    "exists",
    "exists_many",
    "is_valid_at_identifier",
    "is_valid_at_uri",
    "is_valid_did",
    "is_valid_handle",
    "is_valid_mastodon_username",
    "load_report",
    "load_settings",
    "parse_ref",
    "render_letter",
    "render_plan",
]

# quitx classes that public signatures name but that stay out of `quitx` on purpose
NOT_EXPORTED = {
    "HttpCache": "Prober(cache=…) is for check_many and the benchmarks; users set Settings.cache",
    "ProfileRequest": "quitx.apply's own (apply_steps is imported from quitx.apply: it writes)",
    "Credentials": "quitx.secrets' own (apply's credentials, never an argument of a check)",
    "ApplyResult": "quitx.apply's own",
    "Stage": "quitx.plan's own (a row of DecisionSummary.stages)",
    "Risk": "quitx.plan's own (an item of DecisionSummary.risks)",
    # an error's code and its fields: import them from quitx.errors, where the errors are (only
    # BatchInputProblem, exported before, is at the top level too)
    "ConfigProblem": "quitx.errors' own (ConfigError.code)",
    "FieldIssue": "quitx.errors' own (ConfigError.issues, InvalidInstitutionError.issues…)",
    "ReferenceProblem": "quitx.errors' own (InvalidReferenceError.code)",
    "ReportProblem": "quitx.errors' own (InvalidReportError.code)",
    "OutputDirProblem": "quitx.errors' own (OutputDirError.code)",
    "TemplateProblem": "quitx.errors' own (TemplateError.code)",
    "UsageProblem": "quitx.errors' own (UsageError.code)",
}

TWINS = [
    (quitx.exists, quitx.aexists),
    (quitx.exists_many, quitx.aexists_many),
    (quitx.check, quitx.acheck),
    (apply.apply_steps, apply.aapply_steps),
]


def public() -> dict[str, Any]:
    return {name: getattr(quitx, name) for name in dir(quitx) if name != "__version__"}


def test_dir_is_exactly_the_public_surface() -> None:
    assert dir(quitx) == EXPECTED
    # type checkers see the same list as __all__ (quitx/__init__.py, under TYPE_CHECKING)
    source = Path(quitx.__file__).read_text(encoding="utf-8")
    listed = re.search(r"\n    __all__ = \[(.*?)\]", source, re.DOTALL)
    assert listed is not None
    assert re.findall(r'"(\w+)"', listed.group(1)) == EXPECTED


def test_help_is_a_page_a_person_reads() -> None:
    """help(quitx) is the guide in the package's docstring, not every class of the API."""
    page = pydoc.render_doc(quitx, renderer=pydoc.plaintext)
    assert len(page.splitlines()) < 150
    functions = [name for name, value in public().items() if inspect.isfunction(value)]
    assert len(functions) >= 15
    for name in functions:  # every function is named in the guide (is_valid_* as a family)
        assert name in page or (name.startswith("is_valid_") and "is_valid_*" in page), name
    assert "class Report" not in page


def test_each_name_is_its_modules_object_and_no_submodule_shadows_it() -> None:
    modules = [m.name for m in pkgutil.walk_packages(quitx.__path__, "quitx.") if m.name != "quitx.__main__"]
    for name in modules:  # importing `quitx.x.y` sets the attribute `quitx.x`: none may be a public name
        importlib.import_module(name)
    assert len(modules) > 30
    where = quitx._WHERE
    for name, value in public().items():
        assert not inspect.ismodule(value), f"quitx.{name} is a module"
        assert value is getattr(importlib.import_module(f"quitx.{where[name]}"), name), name
    assert callable(quitx.check) and quitx.check.__module__ == "quitx.presence.run"
    assert callable(quitx.exists) and quitx.exists.__module__ == "quitx.lookup"


def _namespace(obj: Any) -> dict[str, Any]:
    """Where the string annotations of ``obj`` resolve (TYPE_CHECKING imports included)."""
    module = sys.modules[obj.__module__]
    names: dict[str, Any] = {"httpx": httpx, "dt": dt, "Path": Path, "pydantic": pydantic}
    for info in pkgutil.walk_packages(quitx.__path__, "quitx."):
        if info.name != "quitx.__main__":
            names.update(
                {k: v for k, v in vars(importlib.import_module(info.name)).items() if inspect.isclass(v)}
            )
    return {**names, **vars(module)}


def _hints(obj: Any) -> dict[str, Any]:
    if inspect.isclass(obj) and issubclass(obj, pydantic.BaseModel):
        return {name: field.annotation for name, field in obj.model_fields.items()}
    target = obj.__init__ if inspect.isclass(obj) else obj
    if inspect.isclass(obj) and hasattr(obj, "__dataclass_fields__"):
        target = obj
    try:
        return typing.get_type_hints(target, globalns=_namespace(obj))
    except TypeError:  # a builtin __init__
        return {}


def _classes(annotation: Any) -> Iterator[type]:
    if inspect.isclass(annotation) and not isinstance(annotation, types.GenericAlias):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _classes(arg)


def test_the_types_public_names_speak_of_are_public() -> None:
    exported = {id(v) for v in public().values()}
    named: dict[str, set[str]] = {}
    for name, value in public().items():
        if not (inspect.isclass(value) or inspect.isfunction(value)):
            continue
        for hint in _hints(value).values():
            for cls in _classes(hint):
                if cls.__module__.startswith("quitx") and id(cls) not in exported:
                    named.setdefault(cls.__name__, set()).add(name)
    assert len(public()) > 60
    assert "resolver" in _hints(quitx.check) and "fields" in _hints(quitx.MastodonAccount)  # it reads them
    missing = {cls: users for cls, users in named.items() if cls not in NOT_EXPORTED}
    assert not missing, f"public signatures name these, export them (or say why not): {missing}"


@pytest.mark.parametrize(("sync", "asynchronous"), TWINS, ids=lambda f: f.__name__)
def test_sync_and_async_twins_take_the_same_parameters(
    sync: Callable[..., Any], asynchronous: Callable[..., Any]
) -> None:
    assert asynchronous.__name__ == "a" + sync.__name__
    assert inspect.iscoroutinefunction(asynchronous) and not inspect.iscoroutinefunction(sync)
    assert inspect.signature(sync).parameters == inspect.signature(asynchronous).parameters


def test_one_naming_rule_for_sync_and_async() -> None:
    functions = {n: v for n, v in public().items() if inspect.isfunction(v)}
    coroutines = {n for n, v in functions.items() if inspect.iscoroutinefunction(v)}
    assert coroutines == {"acheck", "aexists", "aexists_many"}
    for name in coroutines:
        assert name[1:] in functions and name[1:] not in coroutines
    # check_many is the documented exception: one object, iterated with `for` or `async for`
    many = quitx.check_many([])
    assert isinstance(many, quitx.CheckMany) and hasattr(many, "__iter__") and hasattr(many, "__aiter__")


@pytest.mark.parametrize(
    ("code", "never"),
    [
        # import quitx: no I/O, no heavy import, not even the version (read from the metadata when asked)
        (
            "import quitx",
            ("httpx", "atproto", "atproto_core", "mastodon", "dns", "pydantic", "importlib.metadata"),
        ),
        # quitx --help neither
        (
            "import quitx.cli.app; quitx.cli.app.build_parser().format_help()",
            ("pydantic", "httpx", "importlib.metadata"),
        ),
        # checking does not import the SDKs it does not need
        ("import quitx; quitx.parse_ref('@a@b.fr'); import quitx.lookup, quitx.cli", ("atproto", "mastodon")),
    ],
)
def test_what_importing_does_not_import(code: str, never: tuple[str, ...]) -> None:
    script = f"import sys; {code}; print(','.join(m for m in {never!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


# --- the calls ----------------------------------------------------------------------------------------


def test_a_name_will_do_where_an_institution_is_expected() -> None:
    from quitx.models import as_institution

    assert as_institution("CNRS") == quitx.Institution(name="CNRS")
    inst = quitx.Institution(name="X", domain="x.fr")
    assert as_institution(inst) is inst
    plan = quitx.build_plan("CNRS")
    assert plan.institution.name == "CNRS" and plan.checked_at is None
    assert "CNRS" in quitx.render_letter("CNRS", plan, fmt="txt", date=dt.date(2026, 3, 2))
    with pytest.raises(quitx.InvalidInstitutionError):
        quitx.check("")  # refused before anything is sent


def test_the_report_comes_first_and_the_old_calls_say_so() -> None:
    from tests.builders import mastodon, report

    checked = report(mastodon())
    plan = quitx.build_plan(checked, quitx.PlanOptions(language="en"))
    assert plan.institution == checked.institution and plan.checked_at == checked.checked_at
    with pytest.raises(TypeError, match="the institution comes from the report"):
        quitx.build_plan(checked, checked.institution)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="the institution comes from the report"):
        quitx.render_letter(checked.institution, checked)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        quitx.build_plan(None, checked.institution)  # type: ignore[arg-type]


def test_settings_with_instances() -> None:
    settings = quitx.Settings(instances=("a.fr",))
    assert settings.with_instances(["B.fr ", "a.fr", ""]).instances == ("a.fr", "b.fr")
    assert settings.with_instances([]) is settings


def test_report_reasons_are_what_the_check_met() -> None:
    from tests.builders import instance, report, site

    from quitx.models import Reason, Verdict

    checked = report(
        mastodon=Verdict.UNKNOWN,
        instances=[instance("down.fr", Verdict.UNKNOWN, Reason.DNS_UNVERIFIED)],
        website=site(),
    )
    assert checked.reasons() == (Reason.TIMEOUT, Reason.DNS_UNVERIFIED, Reason.FOUND)


async def test_the_engine_counters_as_one_snapshot() -> None:
    from quitx._http import HttpEngine

    async with HttpEngine(quitx.Settings()) as engine:
        stats = engine.stats()
    assert stats == quitx.EngineStats(requests=0, http429=0, cache_hits=0, waits={}, slowed={})
    assert quitx.check_many([]).stats() is None  # before it runs


def test_a_resolver_given_is_the_one_used() -> None:
    resolver = quitx.DnsResolver(quitx.Settings())
    assert quitx.Prober(quitx.Settings(), resolver=resolver).dns is resolver
    assert isinstance(quitx.Prober(quitx.Settings()).dns, quitx.DnsResolver)
