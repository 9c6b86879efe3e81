"""quitx: help an institution leave X and Meta for Mastodon and Bluesky.

The public API. Names are loaded on first use, so ``import quitx`` stays cheap
(no httpx, no SDK, no I/O until a check runs).
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
    from .letter.compose import Sender
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

__all__ = [
    "AccountRef",
    "Activity",
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


def __getattr__(name: str) -> Any:
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
    return __all__
