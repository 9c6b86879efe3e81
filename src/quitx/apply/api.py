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

Rules: before anything else, apply logs in and proves that the account is one the report
attributes to the institution (or one named with ``confirm_accounts``); it refuses any other. A
dry run (the default) reads the live accounts and returns the exact requests a real run would send,
field by field, and writes nothing; a real run prepares every step the same way, then writes only
what is not already done, and reads it back. Nothing is ever deleted. Credentials come from
`quitx.secrets` and never appear in results, errors or logs.

The SDKs (Mastodon.py, atproto) are imported when a run opens a session, never at import time.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .._sync import run_sync
from .._text import inert_block
from ..errors import UsageError
from ..i18n import language_of
from ..models import (
    BlueskyAccount,
    Institution,
    MastodonAccount,
    Platform,
    Report,
    load_report,
    split_subject,
)
from ..secrets import Credentials, MaskingFilter, load_credentials
from .models import (
    ApplyAction,
    ApplyError,
    ApplyResult,
    ErrorKind,
    Language,
    ProfileRequest,
    t,
)
from .rules import official_bio
from .steps import STEPS

if TYPE_CHECKING:
    from ..config import Settings
    from ..plan import MigrationPlan

__all__ = [
    "EXIT_FAILED",
    "EXIT_UNVERIFIED",
    "STEPS",
    "ApplyAction",
    "ApplyError",
    "ApplyResult",
    "ErrorKind",
    "ProfileRequest",
    "aapply_steps",
    "apply_steps",
    "exit_status",
    "mark_plan",
    "official_bio",
    "render",
    "run_apply",
]

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_FAILED = 5  # a step failed or was refused
EXIT_UNVERIFIED = 6  # every step went through, but a check afterwards does not confirm one yet

_PROFILE_STEPS = ("mastodon-profile", "bluesky-profile")
_log = logging.getLogger(__name__)


def _check_steps(steps: Sequence[str], profile: ProfileRequest, confirmed: Sequence[str]) -> list[str]:
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        raise UsageError(
            f"apply cannot do {', '.join(map(repr, unknown))}; the steps it can do: {', '.join(STEPS)}",
            option="steps",
        )
    if not steps:
        raise UsageError(f"no step given; the steps apply can do: {', '.join(STEPS)}", option="steps")
    asked = [s for s in steps if s in _PROFILE_STEPS]
    if asked and profile.empty:
        raise UsageError(
            f"{' and '.join(asked)} change only what is asked: give --display-name NAME and/or --bio TEXT "
            "(or --official-bio)",
            option="--display-name",
        )
    from ..errors import InvalidReferenceError
    from ..handles import parse_ref

    for text in confirmed:
        try:
            parse_ref(text)
        except InvalidReferenceError as exc:
            raise UsageError(
                f"--confirm-account {text!r}: {exc.reason} (write @user@instance, a handle or a DID)",
                option="--confirm-account",
            ) from exc
    return list(dict.fromkeys(steps))


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
) -> list[ApplyResult]:
    """Carry out ``steps`` (see `STEPS`); a dry run (the default) reads the accounts and writes nothing.

    ``credentials`` default to `quitx.secrets.load_credentials` (environment, then keyring). The
    logged-in accounts must be ones the report attributes to the institution, or be named in
    ``confirm_accounts`` (``@user@instance``, a Bluesky handle or DID). ``profile`` says what the
    profile steps change (nothing else is). ``subject`` is the check's `Report` (whose accounts
    are the institution's), or the institution (or its name) when there was none: then only
    ``confirm_accounts`` are. The plan (default: built from ``subject`` in the institution's language)
    gives the language and the announcement's date; ``settings`` default to `quitx.load_settings`.
    One result per request, in order. Raises `quitx.errors.UsageError` for a step apply cannot do or a
    profile step with nothing asked; every service error is a result.
    """
    from ..config import load_settings
    from ..plan import PlanOptions, build_plan
    from .run import Run, prepare, result_of, write

    report, institution = split_subject(subject)
    if plan is None:
        plan = build_plan(subject, PlanOptions(language=language_of(institution)))
    settings = settings if settings is not None else load_settings()
    asked = profile or ProfileRequest()
    wanted = _check_steps(steps, asked, confirm_accounts)
    env = os.environ if environ is None else environ
    if credentials is None:
        mastodon, bluesky = _own_names(report, confirm_accounts)
        credentials = load_credentials(mastodon_account=mastodon, bluesky_handle=bluesky, environ=env)
    language: Language = "en" if plan.language == "en" else "fr"
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
    )
    masking = MaskingFilter(credentials.secrets)
    _log.addFilter(masking)
    try:
        prepared = await prepare(run, wanted)
        for p in prepared:
            _log.info("apply %s (%s): %s", p.action.step, p.action.operation, p.state)
        if dry_run:
            results = [result_of(p, dry_run=True) for p in prepared]
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
        )
    )


_PLAN_STEPS_MARKED = ("mastodon-verification", "bluesky-domain-handle")


def mark_plan(plan: MigrationPlan, results: Sequence[ApplyResult]) -> MigrationPlan:
    """The plan with the steps apply completed and verified marked done, with the evidence.

    ``mastodon-verification`` is done once verified_at is set, ``bluesky-domain-handle`` once the
    handle checks both ways. ``announce`` gets the evidence of the posts, but keeps its status: its
    farewell on X and the Meta accounts is out of apply's reach.
    """
    from ..plan import StepStatus

    by_step: dict[str, list[ApplyResult]] = {}
    for r in results:
        if not r.dry_run:
            by_step.setdefault(r.action.step, []).append(r)
    phases = []
    for phase in plan.phases:
        steps = []
        for step in phase.steps:
            done = by_step.get(step.id)
            if done:
                evidence = tuple(e for r in done if r.ok for e in r.evidence)
                complete = all(r.ok and r.done and r.verified for r in done)
                update: dict[str, Any] = {"evidence": (*step.evidence, *evidence)}
                if complete and step.id in _PLAN_STEPS_MARKED:
                    update = {"status": StepStatus.DONE, "evidence": evidence or step.evidence}
                step = step.model_copy(update=update)
            steps.append(step)
        phases.append(phase.model_copy(update={"steps": tuple(steps)}))
    return plan.model_copy(update={"phases": tuple(phases)})


def exit_status(results: Sequence[ApplyResult]) -> int:
    """0 all done (or shown), 5 a step failed or was refused, 6 written but not confirmed yet."""
    if not all(r.ok for r in results):
        return EXIT_FAILED
    if any(r.verified is False for r in results):
        return EXIT_UNVERIFIED
    return EXIT_OK


# --- the command ---------------------------------------------------------------------------------------


def _settings_from(args: argparse.Namespace) -> Settings:
    if all(hasattr(args, a) for a in ("map", "appview_url", "plc_url", "dns", "timeout", "user_agent")):
        from ..cli import _settings

        return _settings(args)
    from ..config import load_settings

    return load_settings(getattr(args, "config", None))


def _indented(label: str, text: str) -> list[str]:
    lines = text.splitlines() or [""]
    if len(lines) == 1:
        return [f"  {label}{lines[0]}"]
    return [f"  {label.rstrip()}", *("    " + line for line in lines)]


def _head(r: ApplyResult, language: Language) -> str:
    if r.error:
        return (
            t(language, "[échec]", "[failed]") if not r.dry_run else t(language, "[impossible]", "[cannot]")
        )
    if r.dry_run:
        return t(language, "[simulation]", "[dry run]")
    if r.changed:
        return t(language, "[fait]", "[done]")
    return t(language, "[déjà fait]", "[already done]")


def render(results: Sequence[ApplyResult], language: Language) -> str:
    """The results for people: the account, the whole request, before and after, the checks.
    Remote text in it (field values, notes, posts) is made inert for a terminal."""

    def tr(fr: str, en: str) -> str:
        return t(language, fr, en)

    lines: list[str] = []
    for r in results:
        a = r.action
        platform = a.platform.label
        who = f" {a.account}" if a.account else ""
        lines.append(f"{_head(r, language)} {platform}{who} — {a.step} ({a.operation})")
        if r.sends or (r.error and a.payload):
            if a.endpoint:
                lines.append(f"  {a.method} {a.endpoint}")
            lines.extend("    " + line for line in a.payload.splitlines())
        elif r.done and not r.changed:
            lines.append(
                tr("  déjà fait : rien n’est envoyé", "  already done: nothing is sent")
                if not r.dry_run
                else tr("  déjà fait : rien ne serait envoyé", "  already done: nothing would be sent")
            )
        if r.before is not None:
            lines += _indented(tr("avant : ", "before: "), r.before)
        if r.after is not None and r.after != r.before:
            label = tr("après (prévu) : ", "after (expected): ") if r.dry_run else tr("après : ", "after: ")
            lines += _indented(label, r.after)
        if r.verified is not None:
            lines.append(
                tr("  vérifié : ", "  verified: ") + (tr("oui", "yes") if r.verified else tr("non", "no"))
            )
        lines.extend("  · " + e for e in r.evidence)
        if r.note:
            lines.append("  → " + r.note)
        if r.error:
            lines.append(tr("  erreur : ", "  error: ") + r.error)
        lines.append("")
    if results and results[0].dry_run:
        lines.append(
            tr(
                "Simulation : les comptes ont été lus, rien n’a été envoyé. Ajouter --yes pour envoyer.",
                "Dry run: the accounts were read, nothing was sent. Add --yes to send.",
            )
        )
    return inert_block("\n".join(lines)) + "\n"


def run_apply(args: argparse.Namespace) -> int:
    """Run ``quitx apply`` from parsed arguments; returns the exit status (0, 5 or 6). Bad input
    (an unreadable report, an unknown step, a bad setting) raises, for the command line to say."""
    from pathlib import Path

    from ..plan import PlanOptions, build_plan

    report = load_report(args.report)
    institution = report.institution
    language = language_of(institution, args.lang)
    plan = build_plan(report, PlanOptions(language=language))
    settings = _settings_from(args)
    bio = official_bio(institution, language) if getattr(args, "official_bio", False) else args.bio
    results = apply_steps(
        report,
        args.steps,
        plan=plan,
        settings=settings,
        dry_run=not args.yes,
        confirm_accounts=tuple(args.confirm_account or ()),
        profile=ProfileRequest(display_name=args.display_name, bio=bio),
    )
    if args.format == "json":
        sys.stdout.write(
            json.dumps([r.model_dump(mode="json") for r in results], ensure_ascii=False, indent=2) + "\n"
        )
    else:
        sys.stdout.write(render(results, language))  # inert: profiles hold remote text
    if getattr(args, "plan_output", None):
        Path(args.plan_output).write_text(mark_plan(plan, results).model_dump_json(indent=2) + "\n", "utf-8")
    return exit_status(results)
