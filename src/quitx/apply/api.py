"""``quitx apply``: carry out the plan steps an API can do, with the institution's own accounts.

What it can do (step ids; the first three are the plan's own)::

    mastodon-verification   add the "Site web"/"Website" profile field (the homepage's URL), every
                            other field kept as typed; then read back, and report verified_at
    announce                post the announcement on Mastodon (and pin it) and on Bluesky: on both,
                            or on neither; never twice
    bluesky-domain-handle   switch the Bluesky handle to the institution's domain, once the DNS TXT
                            record _atproto.<domain> or https://<domain>/.well-known/atproto-did
                            names the account's DID (checked first; what is missing is explained)
    mastodon-profile        the display name and/or the bio, only as asked (`ProfileRequest`)
    bluesky-profile         the same on Bluesky, keeping every other field of the profile (avatar…)
    bluesky-sector-list     from a batch (`SectorRequest`): a list and a starter pack of the accounts
                            the batch's reports attribute to their institutions (verified or linked,
                            never a candidate), as app.bsky.graph records in the account's repository
    mastodon-sector-list    the same as a Mastodon list; a member not followed yet is followed first
                            (lists hold followed accounts only); the follow file is `follow_csv`

Rules: before anything else, apply logs in and proves that the account is one the report
attributes to the institution (or one named with ``confirm_accounts``); it refuses any other. A
dry run (the default) reads the live accounts and returns the exact requests a real run would send,
field by field, and writes nothing; a real run prepares every step the same way, then writes only
what is not already done, and reads it back. Nothing is ever deleted. Credentials come from
`quitx.secrets` and never appear in results, errors or logs.

The SDKs (Mastodon.py, atproto) are imported when a run opens a session, never at import time.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .._sync import run_sync
from ..errors import ApplyError
from ..i18n import language_of
from ..models import BlueskyAccount, Institution, MastodonAccount, Platform, Report, split_subject
from ..secrets import Credentials, MaskingFilter, load_credentials
from .announce import prepare_announce
from .failures import describe
from .handle import prepare_handle
from .models import ApplyResult, Language, Operation, ProfileRequest, SectorRequest
from .profile import prepare_bluesky_profile, prepare_mastodon_profile, prepare_verification
from .run import SDKS, Prepared, Run, action, result_of, write
from .sector_lists import prepare_bluesky_lists, prepare_mastodon_list
from .steps import check_steps

if TYPE_CHECKING:
    from ..config import Settings
    from ..plan import MigrationPlan

__all__ = ["aapply_steps", "apply_steps", "prepare"]

_log = logging.getLogger(__name__)


def _own_names(report: Report | None, confirmed: Sequence[str]) -> tuple[str | None, str | None]:
    """The institution's Mastodon acct and Bluesky handle (the report's, else the confirmed ones):
    the keyring entries to look up."""
    from ..handles import parse_ref
    from ..models import BlueskyRef, MastodonRef

    mastodon = bluesky = None
    own_mastodon = report.own_account(Platform.MASTODON) if report else None
    own_bluesky = report.own_account(Platform.BLUESKY) if report else None
    if own_mastodon is not None and isinstance(own_mastodon.account, MastodonAccount):
        mastodon = own_mastodon.account.acct
    if own_bluesky is not None and isinstance(own_bluesky.account, BlueskyAccount):
        bluesky = own_bluesky.account.handle
    for text in confirmed:
        ref = parse_ref(text)
        if isinstance(ref, MastodonRef) and mastodon is None:
            mastodon = f"{ref.username}@{ref.domain}"
        if isinstance(ref, BlueskyRef) and ref.handle and bluesky is None:
            bluesky = ref.handle
    return mastodon, bluesky


async def aapply_steps(
    subject: Report | Institution | str,
    steps: Sequence[str],
    *,
    plan: MigrationPlan | None = None,
    settings: Settings | None = None,
    dry_run: bool = True,
    credentials: Credentials | None = None,
    environ: Mapping[str, str] | None = None,
    confirm_accounts: Sequence[str] = (),
    profile: ProfileRequest | None = None,
    sector: SectorRequest | None = None,
    language: Language | None = None,
) -> list[ApplyResult]:
    """Carry out ``steps`` (see `STEPS`); a dry run (the default) reads the accounts and writes nothing.

    ``credentials`` default to `quitx.secrets.load_credentials` (environment, then keyring). The
    logged-in accounts must be ones the report attributes to the institution, or be named in
    ``confirm_accounts`` (``@user@instance``, a Bluesky handle or DID). ``profile`` says what the
    profile steps change (nothing else is). ``subject`` is the check's `Report` (whose accounts
    are the institution's), or the institution (or its name) when there was none: then only
    ``confirm_accounts`` are. The plan (default: built from ``subject`` in the institution's language)
    gives the language and the announcement's date; ``settings`` default to `quitx.load_settings`.
    ``sector`` is the batch the sector steps build lists from. ``language`` is the language of the
    results' words (notes, errors, before/after; default: the plan's); what is written to the
    accounts (the announcement, the website field's name) is in the plan's language.
    One result per request, in order. Raises `quitx.errors.UsageError` for a step apply cannot do or a
    profile step with nothing asked; every service error is a result.
    """
    from ..config import load_settings
    from ..plan import PlanOptions, build_plan

    report, institution = split_subject(subject)
    if plan is None:
        plan = build_plan(subject, PlanOptions(language=language_of(institution)))
    settings = settings if settings is not None else load_settings()
    asked = profile or ProfileRequest()
    wanted = check_steps(steps, asked, confirm_accounts, sector)
    env = os.environ if environ is None else environ
    if credentials is None:
        mastodon, bluesky = _own_names(report, confirm_accounts)
        credentials = load_credentials(mastodon_account=mastodon, bluesky_handle=bluesky, environ=env)
    if language is None:
        language = "en" if plan.language == "en" else "fr"
    run = Run(
        report=report,
        institution=institution,
        plan=plan,
        settings=settings,
        language=language,
        environ=env,
        credentials=credentials,
        confirmed=tuple(confirm_accounts),
        profile=asked,
        sector=sector,
    )
    masking = MaskingFilter(credentials.secrets)
    _log.addFilter(masking)
    try:
        prepared = await prepare(run, wanted)
        for p in prepared:
            _log.info("apply %s (%s): %s", p.action.step, p.action.operation, p.state)
        if dry_run:
            results = [result_of(p, dry_run=True, language=language) for p in prepared]
        else:
            results = await write(run, prepared)
    finally:
        run.close()
        _log.removeFilter(masking)
    return [_masked(r, credentials) for r in results]


def _masked(result: ApplyResult, credentials: Credentials) -> ApplyResult:
    """The result with any secret value scrubbed from its texts (belt and braces): each text on its
    own, so that masking never cuts through the JSON around it."""

    def scrub(value: Any) -> Any:
        if isinstance(value, str):
            return credentials.mask(value)
        if isinstance(value, dict):
            return {key: scrub(item) for key, item in value.items()}
        if isinstance(value, list):
            return [scrub(item) for item in value]
        return value

    data = result.model_dump(mode="json")
    masked = scrub(data)
    return result if masked == data else ApplyResult.model_validate(masked)


def apply_steps(
    subject: Report | Institution | str,
    steps: Sequence[str],
    *,
    plan: MigrationPlan | None = None,
    settings: Settings | None = None,
    dry_run: bool = True,
    credentials: Credentials | None = None,
    environ: Mapping[str, str] | None = None,
    confirm_accounts: Sequence[str] = (),
    profile: ProfileRequest | None = None,
    sector: SectorRequest | None = None,
    language: Language | None = None,
) -> list[ApplyResult]:
    """The sync face of `aapply_steps`."""
    return run_sync(
        aapply_steps(
            subject,
            steps,
            plan=plan,
            settings=settings,
            dry_run=dry_run,
            credentials=credentials,
            environ=environ,
            confirm_accounts=confirm_accounts,
            profile=profile,
            sector=sector,
            language=language,
        )
    )


# step -> how it is prepared, and what it writes (announce and the sector steps: several requests)
_PREPARE: dict[str, tuple[Callable[[Run, str], Awaitable[Prepared]], Platform, Operation]] = {
    "mastodon-verification": (prepare_verification, Platform.MASTODON, "profile-field"),
    "mastodon-profile": (prepare_mastodon_profile, Platform.MASTODON, "profile"),
    "bluesky-profile": (prepare_bluesky_profile, Platform.BLUESKY, "profile"),
    "bluesky-domain-handle": (prepare_handle, Platform.BLUESKY, "handle"),
}
_PREPARE_MANY: dict[str, tuple[Callable[[Run, str], Awaitable[list[Prepared]]], Platform, Operation]] = {
    "bluesky-sector-list": (prepare_bluesky_lists, Platform.BLUESKY, "list"),
    "mastodon-sector-list": (prepare_mastodon_list, Platform.MASTODON, "list"),
}


async def prepare(run: Run, steps: Sequence[str]) -> list[Prepared]:
    """Every step, prepared from the live accounts; a step that cannot be prepared is refused."""
    out: list[Prepared] = []
    for step in steps:
        if step == "announce":
            out += await prepare_announce(run, step)
            continue
        try:
            if step in _PREPARE_MANY:
                many, platform, operation = _PREPARE_MANY[step]
                out += await many(run, step)
            else:
                preparer, platform, operation = _PREPARE[step]
                out.append(await preparer(run, step))
        except Exception as exc:  # an ApplyError, or a service error while reading: nothing was written
            p = Prepared(action(run, step, platform, operation, "", ""), "refused")
            if not isinstance(exc, ApplyError):
                exc = describe(
                    exc, SDKS[platform], run.language, step=step, writing=False, headers=run.headers(platform)
                )
            p.refuse(exc)
            out.append(p)
    return out
