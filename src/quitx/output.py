"""Writers: results as JSON / JSON lines for scripts, a readable table for people.

Remote text (display names, bios, field values, host names, software names) is made inert for
the terminal by `quitx._text`, the one sanitiser: control characters, escape sequences and bidi
overrides are made visible. Each field goes through it (with HTML tags dropped and entities
decoded where the server sends HTML, and a length bound), and then every line of the table and
of the Markdown report does again, so that a field forgotten here still cannot act on a
terminal. Markdown escapes what it would read as markup, backticks included.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence

from ._text import inert_block, terminal_safe
from .models import (
    BlueskyAccount,
    ExistsResult,
    FoundAccount,
    MastodonAccount,
    PlatformVerdict,
    Report,
    Verdict,
)

__all__ = ["render_exists", "render_report", "terminal_safe", "website_sentence"]


def _num(value: int | None) -> str:
    return "?" if value is None else f"{value:,}".replace(",", " ")


_MARK = {Verdict.PRESENT: "PRESENT", Verdict.ABSENT: "ABSENT", Verdict.UNKNOWN: "UNKNOWN"}


def _mastodon_lines(account: MastodonAccount) -> list[str]:
    lines = []
    name = terminal_safe(account.display_name) or "(no display name)"
    lines.append(f"{name} — {terminal_safe(account.url or account.actor_url or account.web_host)}")
    facts = [
        f"followers {_num(account.followers_count)}",
        f"posts {_num(account.statuses_count)}",
        f"last post {account.last_status_at.isoformat() if account.last_status_at else 'none'}",
    ]
    if account.created_at:
        facts.append(f"created {account.created_at.date().isoformat()}")
    if account.web_host != account.domain:
        facts.append(f"hosted on {terminal_safe(account.web_host, limit=120)}")
    flags = [
        flag
        for flag, on in (
            ("bot", account.bot),
            ("locked", account.locked),
            ("suspended", account.suspended),
            ("limited", account.limited),
            ("group", account.group),
        )
        if on
    ]
    if account.moved_to:
        flags.append(f"moved to @{terminal_safe(account.moved_to)}")
    lines.append(" · ".join(facts + flags))
    for f in account.fields:
        mark = f" ✓ verified {f.verified_at.date().isoformat()}" if f.verified_at else ""
        lines.append(
            f"field {terminal_safe(f.name, limit=60)}: {terminal_safe(f.value, html_input=True)}{mark}"
        )
    return lines


def _bluesky_lines(account: BlueskyAccount) -> list[str]:
    lines = []
    name = terminal_safe(account.display_name) or "(no display name)"
    lines.append(f"{name} — {terminal_safe(account.url)}")
    handle = (
        f"handle @{account.handle} (verified both ways)"
        if account.handle_verified
        else f"handle {terminal_safe(account.claimed_handle, limit=120) or 'none'} (NOT verified)"
    )
    facts = [
        handle,
        f"did {terminal_safe(account.did, limit=120)}",
        f"followers {_num(account.followers_count)}",
        f"posts {_num(account.posts_count)}",
    ]
    if account.created_at:
        facts.append(f"created {account.created_at.date().isoformat()}")
    if account.verified_status and account.verified_status != "none":
        facts.append(f"blue check: {terminal_safe(account.verified_status, limit=40)}")
    if account.status:
        facts.append(terminal_safe(account.status, limit=40))
    if account.labels:
        facts.append("labels " + ", ".join(terminal_safe(lb.val, limit=40) for lb in account.labels))
    lines.append(" · ".join(facts))
    return lines


def _table(results: Sequence[ExistsResult]) -> str:
    out: list[str] = []
    for result in results:
        out.append(f"{result.ref}  {_MARK[result.verdict]}  ({result.platform.value}, {result.reason.value})")
        out.append(f"  {terminal_safe(result.detail, limit=500)}")
        account = result.account
        if isinstance(account, MastodonAccount):
            out.extend(f"  {line}" for line in _mastodon_lines(account))
        elif isinstance(account, BlueskyAccount):
            out.extend(f"  {line}" for line in _bluesky_lines(account))
        if result.retry_after is not None:
            out.append(f"  retry after {result.retry_after:.0f} s")
        out.append("  evidence:")
        for ev in result.evidence:
            status = f" [{ev.status}]" if ev.status is not None else ""
            took = f" {ev.elapsed_ms} ms" if ev.elapsed_ms is not None else ""
            out.append(f"    {ev.step:<13} {terminal_safe(ev.request, limit=200)}{status}{took}")
            out.append(f"    {'':<13} → {terminal_safe(ev.outcome, limit=300)}")
        out.append("")
    return inert_block("\n".join(out))


def render_exists(results: Sequence[ExistsResult], fmt: str) -> str:
    """``table`` for people; ``json`` (one object, or an array for several); ``jsonl``."""
    if fmt == "json":
        if len(results) == 1:
            return results[0].model_dump_json(indent=2) + "\n"
        return json.dumps([r.model_dump(mode="json") for r in results], indent=2, ensure_ascii=False) + "\n"
    if fmt == "jsonl":
        return "".join(r.model_dump_json() + "\n" for r in results)
    return _table(results)


# --- the institution report -------------------------------------------------------------------------


def website_sentence(report: Report) -> str:
    """ "the homepage links to X and Facebook, and to no Mastodon or Bluesky account"."""
    site = report.website
    if site is None:
        return "no website given"
    if site.verdict is not Verdict.PRESENT:
        return f"the homepage could not be read ({site.reason.value})"
    names = [p.label for p in site.platforms]
    if not names:
        return "the homepage links to no social network"
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    sentence = f"the homepage links to {listed}"
    missing = [n for n in ("Mastodon", "Bluesky") if n not in names]
    if len(missing) == 2:
        sentence += ", and to no Mastodon or Bluesky account"
    elif missing:
        sentence += f", and to no {missing[0]} account"
    return sentence


def _account_line(account: FoundAccount) -> str:
    facts = [account.confidence.value.upper(), account.activity.value.replace("_", " ")]
    inner = account.account
    if isinstance(inner, MastodonAccount):
        facts.append(f"followers {_num(inner.followers_count)}")
    else:
        facts.append(f"followers {_num(inner.followers_count)}")
    if account.last_post:
        facts.append(f"last post {account.last_post.isoformat()}")
    if account.bridge is not None and account.bridge.bridged is Verdict.PRESENT:
        facts.append(f"bridged as {terminal_safe(account.bridge.bridged_handle, limit=120)}")
    name = terminal_safe(inner.display_name, limit=60)
    return f"{terminal_safe(account.handle, limit=120)}  {name!r}  " + " · ".join(facts)


def _verdict_line(label: str, verdict: PlatformVerdict) -> str:
    return f"{label:<9} {verdict.verdict.value.upper():8} {terminal_safe(verdict.detail, limit=300)}"


def _report_table(report: Report) -> str:
    domain = terminal_safe(report.institution.domain, limit=120) or "no domain"
    out = [f"{terminal_safe(report.institution.name)} ({domain})", ""]
    out.append(f"Website: {website_sentence(report)}")
    if report.own_mastodon_server:
        own = report.own_mastodon_server
        software = f"{terminal_safe(own.software, limit=40) or '?'} {terminal_safe(own.version, limit=40)}"
        out.append(f"Own Mastodon server: {terminal_safe(own.host, limit=120)} ({software.rstrip()})")
    out.append("")
    out.append(_verdict_line("Mastodon", report.mastodon))
    for inst in report.instances:
        out.append(
            f"  {terminal_safe(inst.instance, limit=120):<28} {inst.verdict.value.upper():8} "
            f"{terminal_safe(inst.detail, limit=300)}"
        )
    out.append(_verdict_line("Bluesky", report.bluesky))
    if report.accounts:
        out += ["", "Accounts found:"]
        for account in report.accounts:
            out.append(f"  {_account_line(account)}")
            for reason in account.reasons:
                out.append(f"      - {terminal_safe(reason, limit=200)}")
            if account.bridge is not None and account.bridge.gaps:
                gaps = "; ".join(terminal_safe(g, limit=80) for g in account.bridge.gaps)
                out.append(f"      - not bridgeable yet: {gaps}")
    if report.instance_info:
        out += ["", "Instances:"]
        for info in report.instance_info:
            reg = info.registrations or "?"
            software = f"{terminal_safe(info.software, limit=40)} {terminal_safe(info.version, limit=40)}"
            out.append(
                f"  {terminal_safe(info.host, limit=120):<28} registrations {reg}"
                + (f", {software.rstrip()}" if info.software else "")
                + (f", {info.rules_count} rules" if info.rules_count is not None else "")
                + (", blocks brid.gy" if info.brid_gy_blocked else "")
            )
    return inert_block("\n".join(out)) + "\n"


def _md(text: str | None) -> str:
    """Remote text made inert for Markdown: no HTML, no emphasis, links or tables from it."""
    if not text:
        return ""
    text = terminal_safe(text, limit=300)
    text = html.escape(text, quote=False)
    return re.sub(r"([\\`*_{}\[\]()#+!|~>-])", r"\\\1", text)


def _report_md(report: Report) -> str:
    inst = report.institution
    lines = [f"# {_md(inst.name)}", ""]
    lines.append(f"Checked {report.checked_at:%Y-%m-%d %H:%M} UTC by quitx {report.quitx_version}.")
    lines += ["", f"- Website: {website_sentence(report)}."]
    lines.append(f"- Mastodon: **{report.mastodon.verdict.value}** — {_md(report.mastodon.detail)}")
    for pv in report.instances:
        lines.append(f"  - {_code(pv.instance)}: **{pv.verdict.value}** — {_md(pv.detail)}")
    lines.append(f"- Bluesky: **{report.bluesky.verdict.value}** — {_md(report.bluesky.detail)}")
    if report.accounts:
        lines += [
            "",
            "| account | name | confidence | activity | followers | last post | bridged |",
            "|---|---|---|---|---|---|---|",
        ]
        for a in report.accounts:
            bridged = a.bridge.bridged.value if a.bridge else "?"
            lines.append(
                f"| {_md(a.handle)} | {_md(a.account.display_name)} | {a.confidence.value} | "
                f"{a.activity.value.replace('_', ' ')} | {_num(a.account.followers_count)} | "
                f"{a.last_post.isoformat() if a.last_post else '—'} | {bridged} |"
            )
    return inert_block("\n".join(lines)) + "\n"


def _code(text: str | None) -> str:
    """A Markdown code span that holds ``text`` whatever backticks it has (CommonMark: a fence
    longer than any run inside, padded with spaces)."""
    text = terminal_safe(text, limit=120)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    padded = f" {text} " if "`" in text else text
    return f"{fence}{padded}{fence}"


def render_report(report: Report, fmt: str) -> str:
    """``table`` for people, ``md`` for documents, ``json`` (the versioned Report) for scripts."""
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    if fmt == "md":
        return _report_md(report)
    return _report_table(report)
