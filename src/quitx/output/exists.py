"""``quitx exists``'s results: a table for people, rows for scripts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .._text import inert_block, terminal_safe
from ..errors import InvalidReferenceError, ReferenceProblem
from ..i18n import results as words
from ..i18n.messages import Lang, Language
from ..models import BlueskyAccount, ExistsResult, MastodonAccount
from .common import cell, count, csv_text, number, reason_words, word


class BadReference(BaseModel):
    """A row of ``quitx exists`` for a reference that could not be read: nothing was asked. Codes,
    no words: ``reason`` says why (a `quitx.errors.ReferenceProblem`), ``values`` what its message
    names (``problem``: a `quitx.errors.NameProblem`, ``max``, ``character``…)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    input: str
    error: Literal["invalid_reference"] = "invalid_reference"
    reason: ReferenceProblem
    values: dict[str, str] = {}

    @classmethod
    def of(cls, exc: InvalidReferenceError) -> BadReference:
        """The row of a reference `quitx.handles.parse_ref` refused."""
        return cls(input=exc.text, reason=exc.code, values={k: str(v) for k, v in exc.values.items()})

    def reason_text(self, language: Language) -> str:
        """Why it is no reference, in ``language``."""
        return InvalidReferenceError(self.input, self.reason, **self.values).reason_in(language)


def _mastodon_lines(account: MastodonAccount, lang: Lang) -> list[str]:
    lines = []
    name = terminal_safe(account.display_name) or lang(words.NO_NAME)
    lines.append(f"{name} — {terminal_safe(account.url or account.actor_url or account.web_host)}")
    last = account.last_status_at.isoformat() if account.last_status_at else lang(words.NONE)
    facts = [
        lang(words.FOLLOWERS, n=number(account.followers_count)),
        lang(words.POSTS, n=number(account.statuses_count)),
        lang(words.LAST_POST, day=last),
    ]
    if account.created_at:
        facts.append(lang(words.CREATED, day=account.created_at.date().isoformat()))
    if account.web_host != account.domain:
        facts.append(lang(words.HOSTED_ON, host=terminal_safe(account.web_host, limit=120)))
    flags = [
        lang(flag)
        for flag, on in (
            (words.BOT, account.bot),
            (words.LOCKED, account.locked),
            (words.SUSPENDED, account.suspended),
            (words.LIMITED, account.limited),
            (words.GROUP, account.group),
        )
        if on
    ]
    if account.moved_to:
        flags.append(lang(words.MOVED_TO, account=terminal_safe(account.moved_to)))
    lines.append(" · ".join(facts + flags))
    for f in account.fields:
        mark = f" ✓ {lang(words.VERIFIED_ON, day=f.verified_at.date().isoformat())}" if f.verified_at else ""
        lines.append(
            f"{lang(words.FIELD, name=terminal_safe(f.name, limit=60))}{lang.sep()}"
            f"{terminal_safe(f.value, html_input=True)}{mark}"
        )
    return lines


def _bluesky_lines(account: BlueskyAccount, lang: Lang) -> list[str]:
    lines = []
    name = terminal_safe(account.display_name) or lang(words.NO_NAME)
    lines.append(f"{name} — {terminal_safe(account.url)}")
    handle = (
        lang(words.HANDLE_VERIFIED, handle=f"@{account.handle}")
        if account.handle_verified
        else lang(
            words.HANDLE_NOT_VERIFIED,
            handle=terminal_safe(account.claimed_handle, limit=120) or lang(words.NONE),
        )
    )
    facts = [
        handle,
        f"did {terminal_safe(account.did, limit=120)}",
        lang(words.FOLLOWERS, n=number(account.followers_count)),
        lang(words.POSTS, n=number(account.posts_count)),
    ]
    if account.created_at:
        facts.append(lang(words.CREATED, day=account.created_at.date().isoformat()))
    if account.verified_status and account.verified_status != "none":
        facts.append(
            f"{lang(words.BLUE_CHECK)}{lang.sep()}{terminal_safe(account.verified_status, limit=40)}"
        )
    if account.status:
        facts.append(terminal_safe(account.status, limit=40))
    if account.labels:
        facts.append(
            lang(words.LABELS, labels=", ".join(terminal_safe(lb.val, limit=40) for lb in account.labels))
        )
    lines.append(" · ".join(facts))
    return lines


def _table(results: Sequence[ExistsResult | BadReference], language: Language = "en") -> str:
    lang = Lang(language)
    out: list[str] = []
    for result in results:
        if isinstance(result, BadReference):
            shown = f"{terminal_safe(result.input, limit=200)}  {lang(words.ERROR)}"
            out.append(f"{shown}  ({result.error}, {result.reason.value})")
            out.append(f"  {terminal_safe(result.reason_text(lang.code), limit=500, message=True)}")
            out.append("")
            continue
        verdict = word(result.verdict.value, lang)
        out.append(f"{result.ref}  {verdict}  ({result.platform.value}, {result.reason.value})")
        if lang.code == "en":  # the check's own sentence
            out.append(f"  {terminal_safe(result.detail, limit=500)}")
        else:  # that sentence is English: why, in words ("délai de réponse dépassé")
            out.append(f"  {reason_words(result.reason, lang)}")
        account = result.account
        if isinstance(account, MastodonAccount):
            out.extend(f"  {line}" for line in _mastodon_lines(account, lang))
        elif isinstance(account, BlueskyAccount):
            out.extend(f"  {line}" for line in _bluesky_lines(account, lang))
        if result.retry_after is not None:
            out.append(f"  {lang(words.RETRY_AFTER, seconds=f'{result.retry_after:.0f}')}")
        out.append(f"  {lang(words.EVIDENCE)}{lang.sep().rstrip()}")
        for ev in result.evidence:
            status = f" [{ev.status}]" if ev.status is not None else ""
            took = f" {ev.elapsed_ms} ms" if ev.elapsed_ms is not None else ""
            out.append(f"    {ev.step:<13} {terminal_safe(ev.request, limit=200)}{status}{took}")
            out.append(f"    {'':<13} → {terminal_safe(ev.outcome, limit=300)}")
        out.append("")
    return inert_block("\n".join(out))


def render_exists(
    results: Sequence[ExistsResult | BadReference],
    fmt: str,
    language: Language = "en",
    inputs: Sequence[str] | None = None,
) -> str:
    """``table`` for people; ``json`` (one object, or an array for several); ``jsonl`` and ``csv``,
    a row per reference (`EXISTS_COLUMNS`). A reference that could not be read is a row with its
    error code. ``inputs``: the text each reference was given as (CSV's ``input`` column)."""
    if fmt == "json":
        if len(results) == 1:
            return results[0].model_dump_json(indent=2) + "\n"
        return json.dumps([r.model_dump(mode="json") for r in results], indent=2, ensure_ascii=False) + "\n"
    if fmt == "jsonl":
        return "".join(r.model_dump_json() + "\n" for r in results)
    if fmt == "csv":
        given = list(inputs) if inputs is not None and len(inputs) == len(results) else [None] * len(results)
        return csv_text(EXISTS_COLUMNS, (_exists_row(r, g) for r, g in zip(results, given, strict=True)))
    return _table(results, language)


EXISTS_COLUMNS = (
    "input",
    "ref",
    "platform",
    "verdict",
    "reason",
    "error",
    "account",
    "url",
    "display_name",
    "followers",
    "posts",
    "last_post",
    "checked_at",
)


def _exists_row(result: ExistsResult | BadReference, given: str | None = None) -> dict[str, str]:
    row = dict.fromkeys(EXISTS_COLUMNS, "")
    if isinstance(result, BadReference):
        row.update(
            input=terminal_safe(result.input, limit=300), error=result.error, reason=result.reason.value
        )
        return row
    row.update(
        input=terminal_safe(given if given is not None else str(result.ref), limit=300),
        ref=str(result.ref),
        platform=result.platform.value,
        verdict=result.verdict.value,
        reason=result.reason.value,
        checked_at=result.checked_at.isoformat(),
    )
    account = result.account
    if isinstance(account, MastodonAccount):
        row.update(
            account=f"@{terminal_safe(account.acct, limit=200)}",
            url=terminal_safe(account.url or account.actor_url, limit=300),
            display_name=cell(account.display_name),
            followers=count(account.followers_count),
            posts=count(account.statuses_count),
            last_post=account.last_status_at.isoformat() if account.last_status_at else "",
        )
    elif isinstance(account, BlueskyAccount):
        row.update(
            account=terminal_safe(
                account.handle if account.handle_verified and account.handle else account.did, limit=200
            ),
            url=terminal_safe(account.url, limit=300),
            display_name=cell(account.display_name),
            followers=count(account.followers_count),
            posts=count(account.posts_count),
        )
    return row


# --- the institution report -------------------------------------------------------------------------
