"""``quitx check``'s report: a table and a Markdown document for people, rows for scripts."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable

from .._text import inert_block, terminal_safe
from ..i18n import results as words
from ..i18n.common import ACTIVITY, CONFIDENCE
from ..i18n.messages import Lang, Language
from ..models import FoundAccount, PlatformVerdict, Report, Verdict
from .common import cell, count, csv_text, number, reason_words, said, word


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


def _account_line(account: FoundAccount, lang: Lang) -> str:
    facts = [word(account.confidence.value, lang), word(account.activity.value, lang)]
    inner = account.account
    facts.append(lang(words.FOLLOWERS, n=number(inner.followers_count)))
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
    what = ", ".join(dict.fromkeys(reason_words(a.reason, lang) for a in asked))
    asked_for = [safe(a.ref) for a in verdict.attempts] if tried else []
    if tried and verdict.search is not None:
        asked_for.append(lang(words.SEARCH_BY_NAME))
    return lang(words.TRIED, what=what, tried=", ".join(asked_for)) if asked_for else what


def _verdict_line(label: str, verdict: PlatformVerdict, lang: Lang, *, tried: bool = True) -> str:
    return f"{label:<9} {word(verdict.verdict.value, lang):8} {_detail(verdict, lang, tried=tried)}"


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
            f"  {terminal_safe(inst.instance, limit=120):<28} {word(inst.verdict.value, lang):8} "
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
                ways = [said(words.FOUND_BY_WAYS, way, lang) for way in account.found_by]
                out.append(f"      - {lang(words.FOUND_BY, how=', '.join(ways))}")
            if account.bridge is not None and account.bridge.gaps:
                gaps = lang.sep(";").join(said(words.BRIDGE_GAPS, gap, lang) for gap in account.bridge.gaps)
                out.append(f"      - {lang(words.NOT_BRIDGEABLE)}{sep}{gaps}")
    if report.instance_info:
        out += ["", f"{lang(words.INSTANCES)}{sep.rstrip()}"]
        for info in report.instance_info:
            reg = word(info.registrations, lang) if info.registrations else "?"
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
        said = pv.verdict.value if english else word(pv.verdict.value, lang).lower()
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
                bridged = word(a.bridge.bridged.value, lang).lower() if a.bridge else "?"
                last = lang.date(a.last_post) if a.last_post else "—"
            lines.append(
                f"| {_md(a.handle)} | {_md(a.account.display_name)} | {confidence} | {activity} | "
                f"{number(a.account.followers_count)} | {last} | {bridged} |"
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
        return csv_text(REPORT_COLUMNS, report_rows(report))
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
        institution=cell(report.institution.name),
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
        "followers": count(account.account.followers_count),
        "last_post": account.last_post.isoformat() if account.last_post else "",
        "bridged": account.bridge.bridged.value if account.bridge else "",
    }
