"""Writers: results as JSON / JSON lines for scripts, a readable table for people.

Remote text (display names, bios, field values) is made inert for the terminal:
HTML tags dropped, entities decoded, control and bidi-override characters removed.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence

from .models import BlueskyAccount, ExistsResult, MastodonAccount, Verdict

__all__ = ["render_exists", "terminal_safe"]

_TAG = re.compile(r"<[^>]{0,2000}>")
_BREAK = re.compile(r"<\s*(br|/p)\b[^>]*>", re.IGNORECASE)
# C0/C1 controls (ESC included), DEL, and the Unicode bidi overrides/isolates that can reorder a line
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str | None, *, html_input: bool = False, limit: int = 300) -> str:
    """Remote text made inert for a terminal (one line, bounded)."""
    if not text:
        return ""
    if html_input:
        text = _BREAK.sub(" ", text)
        text = _TAG.sub("", text)
        text = html.unescape(text)
    text = _UNSAFE.sub("", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
        facts.append(f"hosted on {account.web_host}")
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
    lines.append(f"{name} — {account.url}")
    handle = (
        f"handle @{account.handle} (verified both ways)"
        if account.handle_verified
        else f"handle {account.claimed_handle or 'none'} (NOT verified)"
    )
    facts = [
        handle,
        f"did {account.did}",
        f"followers {_num(account.followers_count)}",
        f"posts {_num(account.posts_count)}",
    ]
    if account.created_at:
        facts.append(f"created {account.created_at.date().isoformat()}")
    if account.verified_status and account.verified_status != "none":
        facts.append(f"blue check: {account.verified_status}")
    if account.status:
        facts.append(account.status)
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
    return "\n".join(out)


def render_exists(results: Sequence[ExistsResult], fmt: str) -> str:
    """``table`` for people; ``json`` (one object, or an array for several); ``jsonl``."""
    if fmt == "json":
        if len(results) == 1:
            return results[0].model_dump_json(indent=2) + "\n"
        return json.dumps([r.model_dump(mode="json") for r in results], indent=2, ensure_ascii=False) + "\n"
    if fmt == "jsonl":
        return "".join(r.model_dump_json() + "\n" for r in results)
    return _table(results)
