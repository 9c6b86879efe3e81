"""What a letter says, chosen: which letter (the usual one, or the finishing one), the claims per
slot (priority 1 for the default letter, a thin slot topped up, every priority for the long one;
never a claim about the addressee), the request fitted to the accounts found, the finishing steps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from ..doc import Block, Bullets, Inline, Paragraph, Text
from ..i18n import Lang, Language
from ..models import JOINING, Confidence, Institution, InstitutionKind, Platform, Report, Verdict
from . import phrases as P
from .blocks import Renderer
from .claims import Claim, ClaimKind, Slot, about, select
from .status import Status

if TYPE_CHECKING:
    from .compose import LetterOptions

__all__ = [
    "ClaimChoice",
    "LetterKind",
    "ask_accounts",
    "bullets",
    "finish_steps",
    "self_claims",
    "sentences",
    "which_letter",
]

LetterKind = Literal["standard", "finish"]


def sentences(claims: Sequence[Claim], language: Language, date: dt.date, long: bool) -> list[Inline]:
    out: list[Inline] = []
    for claim in claims:
        cited = claim.spans(language, date, long=long)
        if cited:
            if out:
                out.append(Text(text=" "))
            out.extend(cited)
    return out


def bullets(claims: Sequence[Claim], language: Language, date: dt.date, long: bool) -> list[Block]:
    items = [s for claim in claims if (s := claim.spans(language, date, long=long))]
    return [Bullets(items=tuple(tuple(item) for item in items))] if items else []


class ClaimChoice:
    """Claims chosen per slot (BLOCKS.md §5): priority 1 for the default letter (a thin slot topped
    up with priority 2), every priority for the long one."""

    def __init__(
        self,
        claims: list[Claim],
        options: LetterOptions,
        sectors: Sequence[InstitutionKind],
        institution: Institution,
    ) -> None:
        self.claims = claims
        self.options = options
        self.sectors = sectors
        self.institution = institution
        self.by_value: dict[str, list[Claim]] = {}  # the placeholder each chosen claim fills

    def slot(
        self,
        value: str,
        slot: Slot,
        *,
        limit: int | None = None,
        newest_first: bool = False,
        after: dt.date | None = None,
        top_up: bool = True,
    ) -> list[Claim]:
        pool = [
            c
            for c in select(
                self.claims,
                sectors=self.sectors,
                date=self.options.date,
                slot=slot,
                addressee=self.institution,
                include_unverified=self.options.include_unverified,
            )
            if after is None or c.date > after
        ]
        chosen = [c for c in pool if self.options.long or c.priority == 1]
        if top_up and not self.options.long and len(chosen) < 2:
            chosen += [c for c in pool if c.priority == 2][: 2 - len(chosen)]
        chosen.sort(key=lambda c: c.date, reverse=newest_first)
        chosen = chosen[:limit] if limit else chosen
        self.by_value.setdefault(value, []).extend(chosen)
        return chosen


def self_claims(claims: Sequence[Claim], institution: Institution, options: LetterOptions) -> list[Claim]:
    """The claims about the addressee, newest first (unverified ones still identify it)."""
    mine = [c for c in claims if about(c, institution) and c.date <= options.date]
    return sorted(mine, key=lambda c: c.date, reverse=True)


def which_letter(
    mine: Sequence[Claim], status: Status, options: LetterOptions
) -> tuple[LetterKind, str, Claim | None]:
    exit_claim = next((c for c in mine if c.kind is ClaimKind.EXIT), None)
    if options.letter is not None:
        return options.letter, "asked", exit_claim
    if exit_claim is not None:
        return "finish", "exit_claim", exit_claim
    links = status.website_links()
    if links is not None and "x" not in links and any(p.value in links for p in JOINING):
        return "finish", "homepage", None
    return "standard", "none", None


def ask_accounts(report: Report | None, lang: Lang) -> str:
    """What the request asks of the open networks, knowing which accounts the check found."""
    owned = [a for a in (report.accounts if report else ()) if a.confidence.owned]
    on = {a.platform for a in owned}
    if len(on) == 2:
        verified = all(a.confidence is Confidence.VERIFIED for a in owned)
        return lang(P.ASK_MAIN if verified else P.ASK_VERIFY)
    if len(on) == 1:
        (has,) = on
        other = next(p for p in (Platform.MASTODON, Platform.BLUESKY) if p is not has)
        return lang(P.ASK_ALSO, has=has.label, other=other.label)
    return lang(P.ASK_OPEN)


def finish_steps(report: Report | None, status: Status, render: Renderer) -> list[Block]:
    """The finishing letter's steps (BLOCKS.md §7), each kept or dropped by what the check found."""
    names: list[str] = ["step_meta"]
    owned = [a for a in (report.accounts if report else ()) if a.confidence.owned]
    on = {a.platform.value for a in owned}
    if report is None:
        names.append("step_open_offline")
    elif not on:
        names.append("step_open")
    elif on == {"mastodon"}:
        names.append("step_open_bluesky")
    elif on == {"bluesky"}:
        names.append("step_open_mastodon")
    all_verified = bool(owned) and all(a.confidence is Confidence.VERIFIED for a in owned)
    if not all_verified:
        names.append("step_verify")
    bridged = any(a.bridge is not None and a.bridge.bridged is Verdict.PRESENT for a in owned)
    if not bridged:
        names.append("step_bridge")
    links = status.website_links()
    if links is None or "x" in links:
        names.append("step_links")
    names += ["step_x_accounts", "step_archive"]
    items: list[tuple[Inline, ...]] = []
    for name in names:
        for block in render.block(name):
            if isinstance(block, Paragraph):
                items.append(block.children)
    render.values["verify_step"] = "yes" if "step_verify" in names else ""
    return [Bullets(items=tuple(items))] if items else []
