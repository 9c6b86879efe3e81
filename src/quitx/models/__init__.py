"""quitx's own data: account references, verdicts, evidence, account facts, reports.

Everything here is frozen and forbids extra fields: these are quitx's results and
inputs, with a stable JSON form. Upstream payloads (Mastodon, Bluesky) are parsed
by the probes into these models; raw dicts never leave a module.

``base`` holds the vocabulary (platforms, verdicts, reasons, confidence…), ``accounts`` the
references and account facts, ``report`` the institution and its report. Import them from here.
"""

from .accounts import (
    AccountRef,
    BlueskyAccount,
    BlueskyRef,
    BridgeStatus,
    ExistsResult,
    Label,
    MastodonAccount,
    MastodonRef,
    ProfileField,
)
from .base import (
    CONFIDENCE_ORDER,
    JOINING,
    LEAVING,
    META,
    Activity,
    Confidence,
    Evidence,
    FoundBy,
    InstitutionKind,
    LinkPlatform,
    Platform,
    Reason,
    Verdict,
)
from .report import (
    Attempt,
    FoundAccount,
    InstanceInfo,
    Institution,
    PlatformVerdict,
    Report,
    SocialLink,
    WebsiteReport,
    account_rank,
    as_institution,
    load_report,
    split_subject,
    strongest,
)

__all__ = [
    "CONFIDENCE_ORDER",
    "JOINING",
    "LEAVING",
    "META",
    "AccountRef",
    "Activity",
    "Attempt",
    "BlueskyAccount",
    "BlueskyRef",
    "BridgeStatus",
    "Confidence",
    "Evidence",
    "ExistsResult",
    "FoundAccount",
    "FoundBy",
    "InstanceInfo",
    "Institution",
    "InstitutionKind",
    "Label",
    "LinkPlatform",
    "MastodonAccount",
    "MastodonRef",
    "Platform",
    "PlatformVerdict",
    "ProfileField",
    "Reason",
    "Report",
    "SocialLink",
    "Verdict",
    "WebsiteReport",
    "account_rank",
    "as_institution",
    "load_report",
    "split_subject",
    "strongest",
]
