"""quitx: help an institution leave X and Meta for Mastodon and Bluesky.

Check where an institution stands, plan its move, write the letter that asks for it::

    import quitx

    report = quitx.check(quitx.Institution(name="Université Rennes 2", domain="univ-rennes2.fr"))
    report.ranked(quitx.Platform.MASTODON)   # its Mastodon accounts, the institution's own first
    plan = quitx.build_plan(report)          # the ordered steps, done or to do, with artifacts
    print(quitx.render_plan(plan, "md"))
    print(quitx.render_letter(report, plan, sender="Camille Martin"))

Checks
    check, acheck            one institution -> Report (accounts, website, verdicts, evidence)
    check_many               many institutions through one engine, results as they come
    exists, aexists          does this account exist already? -> ExistsResult
    exists_many,             several at once, through one engine
    aexists_many
    Prober                   one engine and one resolver shared by many checks
    parse_ref, is_valid_*    account references and AT Protocol identifiers

Every verdict is PRESENT, ABSENT or UNKNOWN (Verdict), with a Reason and its Evidence: a
timeout, a 401, a 429 or a 5xx is UNKNOWN, never ABSENT. Checks never raise for an account or a
server they cannot reach; only input that cannot be used raises (QuitxError and its subclasses).

Plan and letter
    build_plan, render_plan  MigrationPlan (PlanPhase, PlanStep, StepStatus, Artifact)
    render_letter            the letter, in Markdown, text or HTML; Sender signs it
    load_report              a report saved by ``quitx check --format json``

Settings
    load_settings, Settings  every endpoint and limit; the defaults are the public services,
                             the config file and QUITX_* variables change them (docs:
                             configuration.md)

Writing to the institution's own accounts is `quitx.apply` (apply_steps), and storing their
credentials `quitx.login`: imported from there, never by ``import quitx``.

Each name is loaded on first use, so ``import quitx`` stays cheap (no httpx, no SDK, no I/O until
a check runs). ``dir(quitx)`` lists them all; help(quitx.Report) and friends say the rest.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._http import EngineStats
    from ._http.dns import DnsResolver
    from .config import Nameserver, Settings, load_settings
    from .errors import (
        ApplyError,
        BatchInputError,
        BatchInputProblem,
        ConfigError,
        ErrorKind,
        InputError,
        InvalidInstitutionError,
        InvalidReferenceError,
        InvalidReportError,
        OutputDirError,
        QuitxError,
        TemplateError,
        UsageError,
    )
    from .handles import (
        is_valid_at_identifier,
        is_valid_at_uri,
        is_valid_did,
        is_valid_handle,
        is_valid_mastodon_username,
        parse_ref,
    )
    from .i18n.naming import NameOptions
    from .letter.compose import Sender
    from .letter.frame import Addressee
    from .letter.render import render_letter
    from .lookup import Prober, aexists, aexists_many, exists, exists_many
    from .models import (
        AccountRef,
        Activity,
        Attempt,
        BlueskyAccount,
        BlueskyRef,
        BridgeStatus,
        Confidence,
        Evidence,
        ExistsResult,
        FoundAccount,
        FoundBy,
        InstanceInfo,
        Institution,
        InstitutionKind,
        Label,
        LinkPlatform,
        MastodonAccount,
        MastodonRef,
        Platform,
        PlatformVerdict,
        ProfileField,
        Reason,
        Report,
        SocialLink,
        Verdict,
        WebsiteReport,
        load_report,
    )
    from .plan import (
        Artifact,
        DecisionSummary,
        Effort,
        MigrationPlan,
        PlanOptions,
        PlanPhase,
        PlanStep,
        StepStatus,
        Team,
        build_plan,
        render_plan,
    )
    from .presence import BatchItem, CheckMany, acheck, check, check_many

    __version__: str  # from the installed metadata, on first use (quitx._version)

    # for type checkers only: at run time `dir(quitx)` lists the public names, and no `__all__`
    # makes help(quitx) document every class again (pydoc documents all of `__all__`; without it,
    # only what the package itself defines: its guide, above)
    __all__ = [
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

_WHERE = {
    "AccountRef": "models",
    "Activity": "models",
    "ApplyError": "errors",
    "Artifact": "plan",
    "DecisionSummary": "plan",
    "Effort": "plan",
    "Attempt": "models",
    "BatchInputError": "errors",
    "BatchInputProblem": "errors",
    "BatchItem": "presence",
    "BlueskyAccount": "models",
    "BlueskyRef": "models",
    "BridgeStatus": "models",
    "CheckMany": "presence",
    "Confidence": "models",
    "ConfigError": "errors",
    "DnsResolver": "_http.dns",
    "EngineStats": "_http",
    "ErrorKind": "errors",
    "Evidence": "models",
    "ExistsResult": "models",
    "FoundAccount": "models",
    "FoundBy": "models",
    "InputError": "errors",
    "InstanceInfo": "models",
    "Institution": "models",
    "InstitutionKind": "models",
    "InvalidInstitutionError": "errors",
    "InvalidReferenceError": "errors",
    "InvalidReportError": "errors",
    "Label": "models",
    "LinkPlatform": "models",
    "MastodonAccount": "models",
    "MastodonRef": "models",
    "MigrationPlan": "plan",
    "NameOptions": "i18n.naming",
    "Nameserver": "config",
    "OutputDirError": "errors",
    "PlanOptions": "plan",
    "PlanPhase": "plan",
    "PlanStep": "plan",
    "Platform": "models",
    "PlatformVerdict": "models",
    "Prober": "lookup",
    "ProfileField": "models",
    "QuitxError": "errors",
    "Reason": "models",
    "Report": "models",
    "Sender": "letter.compose",
    "Addressee": "letter.frame",
    "Settings": "config",
    "SocialLink": "models",
    "StepStatus": "plan",
    "Team": "plan",
    "TemplateError": "errors",
    "UsageError": "errors",
    "Verdict": "models",
    "WebsiteReport": "models",
    "acheck": "presence",
    "aexists": "lookup",
    "aexists_many": "lookup",
    "build_plan": "plan",
    "check": "presence",
    "check_many": "presence",
    "exists": "lookup",
    "exists_many": "lookup",
    "is_valid_at_identifier": "handles",
    "is_valid_at_uri": "handles",
    "is_valid_did": "handles",
    "is_valid_handle": "handles",
    "is_valid_mastodon_username": "handles",
    "load_report": "models",
    "load_settings": "config",
    "parse_ref": "handles",
    "render_letter": "letter.render",
    "render_plan": "plan",
}


_PUBLIC = sorted([*_WHERE, "__version__"])


def __getattr__(name: str) -> Any:
    """Load a public name on first use."""
    if name == "__version__":
        from ._version import version

        return version()
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'quitx' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names (what type checkers see as ``__all__``)."""
    return _PUBLIC
