"""Writers: results as JSON / JSON lines for scripts, a readable table for people.

Remote text (display names, bios, field values, host names, software names) is made inert for
the terminal by `quitx._text`, the one sanitiser: control characters, escape sequences and bidi
overrides are made visible. Each field goes through it (with HTML tags dropped and entities
decoded where the server sends HTML, and a length bound), and then every line of the table and
of the Markdown report does again, so that a field forgotten here still cannot act on a
terminal. Markdown escapes what it would read as markup, backticks included.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ._text import inert_block, terminal_safe
from .errors import InvalidReferenceError, ReferenceProblem
from .i18n import results as words
from .i18n.common import ACTIVITY, CONFIDENCE, REASONS
from .i18n.messages import Lang, Language, Msg
from .models import (
    BlueskyAccount,
    ExistsResult,
    FoundAccount,
    MastodonAccount,
    PlatformVerdict,
    Reason,
    Report,
    Verdict,
)

__all__ = [
    "EXISTS_COLUMNS",
    "REPORT_COLUMNS",
    "BadReference",
    "render_exists",
    "render_report",
    "terminal_safe",
    "website_sentence",
]


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


def _num(value: int | None) -> str:
    return "?" if value is None else f"{value:,}".replace(",", " ")


def _mastodon_lines(account: MastodonAccount, lang: Lang) -> list[str]:
    lines = []
    name = terminal_safe(account.display_name) or lang(words.NO_NAME)
    lines.append(f"{name} — {terminal_safe(account.url or account.actor_url or account.web_host)}")
    last = account.last_status_at.isoformat() if account.last_status_at else lang(words.NONE)
    facts = [
        lang(words.FOLLOWERS, n=_num(account.followers_count)),
        lang(words.POSTS, n=_num(account.statuses_count)),
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
        lang(words.FOLLOWERS, n=_num(account.followers_count)),
        lang(words.POSTS, n=_num(account.posts_count)),
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
        verdict = _word(result.verdict.value, lang)
        out.append(f"{result.ref}  {verdict}  ({result.platform.value}, {result.reason.value})")
        if lang.code == "en":  # the check's own sentence
            out.append(f"  {terminal_safe(result.detail, limit=500)}")
        else:  # that sentence is English: why, in words ("délai de réponse dépassé")
            out.append(f"  {_reason(result.reason, lang)}")
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
        return _csv(EXISTS_COLUMNS, (_exists_row(r, g) for r, g in zip(results, given, strict=True)))
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


def _cell(text: str | None) -> str:
    """Remote text for a spreadsheet cell: inert, and never read as a formula (OWASP's advice:
    a leading ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a quote before it)."""
    safe = terminal_safe(text, limit=300)
    return "'" + safe if safe[:1] in ("=", "+", "-", "@", "\t", "\r") else safe


def _csv(columns: Sequence[str], rows: Iterable[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _count(value: int | None) -> str:
    return "" if value is None else str(value)


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
            display_name=_cell(account.display_name),
            followers=_count(account.followers_count),
            posts=_count(account.statuses_count),
            last_post=account.last_status_at.isoformat() if account.last_status_at else "",
        )
    elif isinstance(account, BlueskyAccount):
        row.update(
            account=terminal_safe(
                account.handle if account.handle_verified and account.handle else account.did, limit=200
            ),
            url=terminal_safe(account.url, limit=300),
            display_name=_cell(account.display_name),
            followers=_count(account.followers_count),
            posts=_count(account.posts_count),
        )
    return row


# --- the institution report -------------------------------------------------------------------------


def website_sentence(report: Report, language: Language = "en") -> str:
    """ "the homepage links to X and Facebook, and to no Mastodon or Bluesky account"."""
    lang = Lang(language)
    site = report.website
    if site is None:
        return lang(words.NO_WEBSITE)
    if site.verdict is not Verdict.PRESENT:
        return lang(words.SITE_UNREAD, reason=site.reason.value)
    names = [p.label for p in site.platforms]
    if not names:
        return lang(words.LINKS_NOTHING)
    sentence = lang(words.LINKS_TO, listed=lang.join(names))
    missing = [n for n in ("Mastodon", "Bluesky") if n not in names]
    if len(missing) == 2:
        sentence += lang(words.AND_TO_NEITHER)
    elif missing:
        sentence += lang(words.AND_NOT_TO, network=missing[0])
    return sentence


def _word(code: str, lang: Lang) -> str:
    msg = words.WORDS.get(code)
    if msg is not None:
        return lang(msg)
    return code.replace("_", " ") if lang.code == "en" else code


def _account_line(account: FoundAccount, lang: Lang) -> str:
    facts = [_word(account.confidence.value, lang), _word(account.activity.value, lang)]
    inner = account.account
    facts.append(lang(words.FOLLOWERS, n=_num(inner.followers_count)))
    if account.last_post:
        facts.append(lang(words.LAST_POST, day=account.last_post.isoformat()))
    if account.bridge is not None and account.bridge.bridged is Verdict.PRESENT:
        facts.append(lang(words.BRIDGED_AS, handle=terminal_safe(account.bridge.bridged_handle, limit=120)))
    name = terminal_safe(inner.display_name, limit=60)
    return f"{terminal_safe(account.handle, limit=120)}  {lang.quote(name)}  " + " · ".join(facts)


def _detail(
    verdict: PlatformVerdict,
    lang: Lang,
    *,
    tried: bool = True,
    safe: Callable[[str], str] = lambda text: terminal_safe(text, limit=120),
) -> str:
    """The verdict's sentence: the check's own in English; in French, built from its codes (the
    accounts it rests on, else the reasons of its attempts and, with ``tried``, what was tried),
    never English prose. ``safe`` makes each handle inert for where the sentence goes."""
    if lang.code == "en":
        return terminal_safe(verdict.detail, limit=300)
    if verdict.accounts:
        return ", ".join(safe(a) for a in verdict.accounts)
    asked = (*verdict.attempts, *((verdict.search,) if verdict.search else ()))
    what = ", ".join(dict.fromkeys(_reason(a.reason, lang) for a in asked))
    asked_for = [safe(a.ref) for a in verdict.attempts] if tried else []
    if tried and verdict.search is not None:
        asked_for.append(lang(words.SEARCH_BY_NAME))
    return lang(words.TRIED, what=what, tried=", ".join(asked_for)) if asked_for else what


def _reason(reason: Reason, lang: Lang) -> str:
    """Why a place gave what it gave, in words ("introuvable", "délai de réponse dépassé")."""
    known = REASONS.get(reason)
    return lang(known.what) if known is not None else reason.value


def _verdict_line(label: str, verdict: PlatformVerdict, lang: Lang, *, tried: bool = True) -> str:
    return f"{label:<9} {_word(verdict.verdict.value, lang):8} {_detail(verdict, lang, tried=tried)}"


def _report_table(report: Report, language: Language = "en") -> str:
    lang = Lang(language)
    sep = lang.sep()
    domain = terminal_safe(report.institution.domain, limit=120) or lang(words.NO_DOMAIN)
    out = [f"{terminal_safe(report.institution.name)} ({domain})", ""]
    out.append(f"{lang(words.WEBSITE)}{sep}{website_sentence(report, lang.code)}")
    if report.own_mastodon_server:
        own = report.own_mastodon_server
        software = f"{terminal_safe(own.software, limit=40) or '?'} {terminal_safe(own.version, limit=40)}"
        out.append(f"{lang(words.OWN_SERVER)}{sep}{terminal_safe(own.host, limit=120)} ({software.rstrip()})")
    out.append("")
    # what each instance was asked is on its own line, below
    out.append(_verdict_line("Mastodon", report.mastodon, lang, tried=not report.instances))
    for inst in report.instances:
        out.append(
            f"  {terminal_safe(inst.instance, limit=120):<28} {_word(inst.verdict.value, lang):8} "
            f"{_detail(inst, lang)}"
        )
    out.append(_verdict_line("Bluesky", report.bluesky, lang))
    if report.accounts:
        out += ["", f"{lang(words.ACCOUNTS_FOUND)}{sep.rstrip()}"]
        for account in report.accounts:
            out.append(f"  {_account_line(account, lang)}")
            if lang.code == "en":
                out.extend(f"      - {terminal_safe(reason, limit=200)}" for reason in account.reasons)
            elif account.found_by:
                ways = [_said(words.FOUND_BY_WAYS, way, lang) for way in account.found_by]
                out.append(f"      - {lang(words.FOUND_BY, how=', '.join(ways))}")
            if account.bridge is not None and account.bridge.gaps:
                gaps = lang.sep(";").join(_said(words.BRIDGE_GAPS, gap, lang) for gap in account.bridge.gaps)
                out.append(f"      - {lang(words.NOT_BRIDGEABLE)}{sep}{gaps}")
    if report.instance_info:
        out += ["", f"{lang(words.INSTANCES)}{sep.rstrip()}"]
        for info in report.instance_info:
            reg = _word(info.registrations, lang) if info.registrations else "?"
            software = f"{terminal_safe(info.software, limit=40)} {terminal_safe(info.version, limit=40)}"
            out.append(
                f"  {terminal_safe(info.host, limit=120):<28} {lang(words.REGISTRATIONS, state=reg)}"
                + (f", {software.rstrip()}" if info.software else "")
                + (
                    f", {lang.count(info.rules_count, words.RULE, words.RULES)}"
                    if info.rules_count is not None
                    else ""
                )
                + (f", {lang(words.BLOCKS_BRIDGY)}" if info.brid_gy_blocked else "")
            )
    return inert_block("\n".join(out)) + "\n"


def _said(table: Mapping[str, Msg], code: str, lang: Lang) -> str:
    """A code of a report in words (one this version has no words for, from a report written by
    another version, as it was recorded)."""
    known = table.get(code)
    return lang(known) if known is not None else terminal_safe(code, limit=80)


def _md(text: str | None) -> str:
    """Remote text made inert for Markdown: no HTML, no emphasis, links or tables from it."""
    if not text:
        return ""
    text = terminal_safe(text, limit=300)
    text = html.escape(text, quote=False)
    return re.sub(r"([\\`*_{}\[\]()#+!|~>-])", r"\\\1", text)


def _report_md(report: Report, language: Language = "en") -> str:
    """The report as a Markdown document in ``language``: remote text inert (`_md`), codes said in
    words in French (English keeps the report's own sentences and codes)."""
    lang = Lang(language)
    english = lang.code == "en"
    sep = lang.sep()
    inst = report.institution
    checked = report.checked_at
    day = f"{checked:%Y-%m-%d}" if english else lang.date(checked.date())
    lines = [f"# {_md(inst.name)}", ""]
    lines.append(lang(words.MD_CHECKED, day=day, time=f"{checked:%H:%M}", version=report.quitx_version))
    lines += ["", f"- {lang(words.WEBSITE)}{sep}{website_sentence(report, lang.code)}."]

    def verdict(pv: PlatformVerdict, *, tried: bool = True) -> str:
        said = pv.verdict.value if english else _word(pv.verdict.value, lang).lower()
        detail = _md(pv.detail) if english else _detail(pv, lang, tried=tried, safe=_md)
        return f"**{said}** — {detail}"

    lines.append(f"- Mastodon{sep}{verdict(report.mastodon, tried=not report.instances)}")
    for pv in report.instances:
        lines.append(f"  - {_code(pv.instance)}{sep}{verdict(pv)}")
    lines.append(f"- Bluesky{sep}{verdict(report.bluesky)}")
    if report.accounts:
        lines += ["", f"| {lang(words.MD_COLUMNS)} |", "|---|---|---|---|---|---|---|"]
        for a in report.accounts:
            if english:
                confidence, activity = a.confidence.value, a.activity.value.replace("_", " ")
                bridged = a.bridge.bridged.value if a.bridge else "?"
                last = a.last_post.isoformat() if a.last_post else "—"
            else:
                confidence, activity = lang(CONFIDENCE[a.confidence]), lang(ACTIVITY[a.activity])
                bridged = _word(a.bridge.bridged.value, lang).lower() if a.bridge else "?"
                last = lang.date(a.last_post) if a.last_post else "—"
            lines.append(
                f"| {_md(a.handle)} | {_md(a.account.display_name)} | {confidence} | {activity} | "
                f"{_num(a.account.followers_count)} | {last} | {bridged} |"
            )
    return inert_block("\n".join(lines)) + "\n"


def _code(text: str | None) -> str:
    """A Markdown code span that holds ``text`` whatever backticks it has (CommonMark: a fence
    longer than any run inside, padded with spaces)."""
    text = terminal_safe(text, limit=120)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    padded = f" {text} " if "`" in text else text
    return f"{fence}{padded}{fence}"


def render_report(report: Report, fmt: str, language: Language = "en") -> str:
    """``table`` for people and ``md`` for documents (both in ``language``), ``json`` (the versioned Report)
    for scripts; ``jsonl`` and ``csv``, a row per place checked and account found (`REPORT_COLUMNS`)."""
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    if fmt == "md":
        return _report_md(report, language)
    if fmt == "csv":
        return _csv(REPORT_COLUMNS, report_rows(report))
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in report_rows(report))
    return _report_table(report, language)


REPORT_COLUMNS = (
    "institution",
    "domain",
    "platform",
    "place",
    "verdict",
    "confidence",
    "account",
    "url",
    "activity",
    "followers",
    "last_post",
    "bridged",
    "checked_at",
)


def report_rows(report: Report) -> list[dict[str, str]]:
    """The report as rows: one per place checked (each Mastodon instance, Bluesky), repeated for
    each account found there; an account found elsewhere (its own server) has its own row. Codes
    only (verdict, confidence, activity): no words of one language."""
    base = dict.fromkeys(REPORT_COLUMNS, "")
    base.update(
        institution=_cell(report.institution.name),
        domain=terminal_safe(report.institution.domain, limit=120),
        checked_at=report.checked_at.isoformat(),
    )
    by_handle = {a.handle: a for a in report.accounts}
    rows: list[dict[str, str]] = []
    shown: set[str] = set()
    places = [(pv.instance or "", pv) for pv in report.instances] + [("bsky.app", report.bluesky)]
    for place, pv in places:
        row = {**base, "platform": pv.platform.value, "place": terminal_safe(place, limit=120)}
        row["verdict"] = pv.verdict.value
        accounts = [by_handle[h] for h in pv.accounts if h in by_handle]
        if not accounts:
            rows.append(row)
        for account in accounts:
            rows.append({**row, **_account_cells(account)})
            shown.add(account.handle)
    for account in report.accounts:
        if account.handle not in shown:
            place = terminal_safe(account.instance, limit=120)
            row = {**base, "platform": account.platform.value, "place": place, "verdict": "present"}
            rows.append({**row, **_account_cells(account)})
    return rows


def _account_cells(account: FoundAccount) -> dict[str, str]:
    return {
        "confidence": account.confidence.value,
        "account": terminal_safe(account.handle, limit=200),
        "url": terminal_safe(account.url, limit=300),
        "activity": account.activity.value,
        "followers": _count(account.account.followers_count),
        "last_post": account.last_post.isoformat() if account.last_post else "",
        "bridged": account.bridge.bridged.value if account.bridge else "",
    }
