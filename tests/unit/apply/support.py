"""What the apply tests share: the lab, its accounts and report, credentials, a result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import tests.builders as b
from testnet.web import Response

from quitx.apply import (
    ApplyAction,
    ApplyError,
    ApplyResult,
)
from quitx.apply.failures import SdkSession, describe
from quitx.apply.rules import (
    BlueskyIdentity,
    MastodonIdentity,
)
from quitx.config import Settings
from quitx.i18n import Language
from quitx.models import (
    BlueskyAccount,
    Confidence,
    FoundAccount,
    FoundBy,
    Institution,
    MastodonAccount,
    Platform,
    Report,
    Verdict,
)
from quitx.plan import MigrationPlan, PlanOptions, build_plan
from quitx.secrets import (
    BlueskyCredentials,
    Credentials,
    MastodonCredentials,
    Secret,
)

TOKEN = "tok_SUPERSECRET_0123456789abcdef"
PASSWORD = "abcd-efgh-ijkl-mnop"
DID = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa"
SETTINGS = Settings(only_mapped_hosts=True, host_map={"social.exemple.fr": "http://127.0.0.1:9"})
LABO = Institution(name="Labo Exemple", domain="labo-exemple.fr")
ME = MastodonIdentity(
    id="109",
    username="labo",
    host="social.exemple.fr",
    domain="social.exemple.fr",
    url="https://social.exemple.fr/@labo",
)
SKY = BlueskyIdentity(did=DID, handle="labo-exemple.fr")


def _found(
    account: MastodonAccount | BlueskyAccount, confidence: Confidence = Confidence.LINKED
) -> FoundAccount:
    return b.found(account, confidence=confidence, found_by=(FoundBy.KNOWN,))


MASTODON = MastodonAccount(
    acct="labo@social.exemple.fr", username="labo", domain="social.exemple.fr", web_host="social.exemple.fr"
)
BLUESKY = BlueskyAccount(
    did=DID, handle="labo-exemple.fr", handle_verified=True, pds="https://pds.exemple.fr"
)


def _report(*accounts: FoundAccount, institution: Institution = LABO, nobody: bool = False) -> Report:
    """The report apply reads: the given accounts (default: the lab's own two), or none at all."""
    found = () if nobody else accounts or (_found(MASTODON), _found(BLUESKY))
    return b.report(*found, institution=institution, mastodon=Verdict.PRESENT, bluesky=Verdict.PRESENT)


def _plan(report: Report, language: str = "fr") -> MigrationPlan:
    return build_plan(report, PlanOptions(language=language, start=dt.date(2026, 3, 2)))


CREDS = Credentials(
    mastodon=MastodonCredentials(Secret(TOKEN), "test"),
    bluesky=BlueskyCredentials("labo-exemple.fr", Secret(PASSWORD), "test"),
)


def _result(step: str, operation: Any, platform: Platform = Platform.MASTODON, **kwargs: Any) -> ApplyResult:
    action = ApplyAction(
        step=step, platform=platform, operation=operation, account="@labo@social.exemple.fr", method="POST",
        endpoint="https://social.exemple.fr/x", payload="a=1",
    )  # fmt: skip
    return ApplyResult(action=action, **{"dry_run": False, "done": True, **kwargs})


def redirect(to: str, code: int) -> Response:
    return Response(code, {"Location": to, "Content-Type": "text/html"}, b"")


def sdk_failure(
    call: Callable[[], object], session: SdkSession, *, writing: bool, language: Language = "en"
) -> ApplyError:
    """What apply reports when ``call`` fails (as `quitx.apply.run` describes it: in the language
    the session was opened in)."""
    try:
        call()
    except Exception as exc:
        return describe(exc, session, language, step="announce", writing=writing)
    raise AssertionError("the call did not fail")
