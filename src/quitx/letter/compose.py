"""The letter as a `quitx.doc.Document`: the content blocks in order (`templates`), filled with the
institution's name forms, the sender, sourced claims, and what the check found (`status`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..doc import Block, Bullets, Document, Heading, Inline, Paragraph, Text, Value, plain
from ..i18n import Lang, Language
from ..i18n.english import english_name
from ..i18n.french import FrenchName, capitalize, french_name, sender_agreement
from ..i18n.sectors import sector_of
from ..known_instances import CATALOGUE
from ..models import Institution, InstitutionKind, Report
from . import phrases as P
from .claims import Claim, Topic, load_claims, select
from .status import Status
from .templates import BLOCKS, NEEDS_CLAIMS, Template, has_content, read_template, render_template, spans

__all__ = ["BLOCKS", "LetterOptions", "Sender", "compose_letter", "name_values"]


class Sender(BaseModel):
    """Who signs the letter. ``role_m``/``role_f``: the role in each gender ("permanent" /
    "permanente"); the one matching ``gender`` is used, an inclusive form for ``"n"``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str | None = None
    gender: Literal["m", "f", "n"] = "n"
    role_m: str | None = None
    role_f: str | None = None
    email: str | None = None


class LetterOptions(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    language: Language = "fr"
    sector: InstitutionKind | None = None  # None: the institution's kind
    date: dt.date = Field(default_factory=dt.date.today)
    include_unverified: bool = False
    extra_paragraphs: tuple[str, ...] = ()  # the user's own markup, put before the ask
    template_dir: Path | None = None
    # overrides for the French forms of the institution's name (see i18n.french.french_name)
    article: str | None = None
    gender: Literal["m", "f"] | None = None
    plural: bool | None = None
    to_email: str | None = None
    from_email: str | None = None


def _claim_blocks(claims: Sequence[Claim], language: Language, date: dt.date) -> list[Block]:
    items = [spans for claim in claims if (spans := claim.spans(language, date))]
    return [Bullets(items=tuple(tuple(item) for item in items))] if items else []


def _claim_spans(claims: Sequence[Claim], language: Language, date: dt.date) -> list[Inline]:
    out: list[Inline] = []
    for claim in claims:
        spans = claim.spans(language, date)
        if spans:
            if out:
                out.append(Text(text=" "))
            out.extend(spans)
    return out


def name_values(institution: Institution, options: LetterOptions) -> tuple[dict[str, Value], FrenchName]:
    fname = french_name(
        institution.name, article=options.article, gender=options.gender, plural=options.plural
    )
    ename = english_name(institution.name)
    values: dict[str, Value] = {
        "institution": institution.name,
        "name_le": fname.le,
        "Name_le": capitalize(fname.le),
        "name_de": fname.de,
        "name_a": fname.a,
        "name_the": ename.the,
        "Name_the": ename.capital_the,
        "domain": institution.domain or "",
    }
    return values, fname


def _sender_values(sender: Sender, language: Language, name_de: str, name: str) -> dict[str, Value]:
    lang = Lang(language)
    given_m = sender.role_m or sender.role_f
    given_f = sender.role_f or sender.role_m
    if language == "fr":
        role = (
            sender_agreement(given_m, given_f or given_m, sender.gender) if given_m else lang(P.DEFAULT_ROLE)
        )
        ready = sender_agreement("prêt", "prête", sender.gender)
        role_line = f"{capitalize(role)} {name_de}" if given_m else ""
    else:
        role = (given_m or "").strip() or lang(P.DEFAULT_ROLE)
        if given_m and not role.lower().startswith(("a ", "an ", "the ")):
            role = ("an " if role[:1].lower() in "aeiou" else "a ") + role
        ready = "ready"
        role_line = f"{capitalize(given_m)}, {name}" if given_m else ""
    return {
        "sender_name": sender.name or lang(P.NO_NAME),
        "sender_role": role,
        "sender_role_line": role_line,
        "sender_ready": ready,
        "sender_email": sender.email or "",
    }


def compose_letter(
    institution: Institution,
    report: Report | None,
    plan_blocks: Sequence[Block] | None,
    options: LetterOptions,
    sender: Sender,
) -> Document:
    """The letter to ``institution``'s management, knowing what ``report`` found (None: nothing was
    checked), with ``plan_blocks`` appended after an introduction (None: no plan)."""
    language = options.language
    sector = sector_of(institution, options.sector).sector
    date = options.date
    names, fname = name_values(institution, options)
    status = Status(report, institution, language, names, fname)
    lang = Lang(language)

    claims = load_claims()

    def about(topic: Topic) -> list[Claim]:
        return select(
            claims, sector=sector, date=date, include_unverified=options.include_unverified, topic=topic
        )

    # the precedents read best from the most recent (and most telling) back
    x_exits = list(reversed(about(Topic.X_EXIT)))
    by_topic = {
        Topic.X_EXIT: x_exits,
        Topic.META: about(Topic.META),
    }
    domain = institution.domain
    values: dict[str, Value] = {
        **names,
        **_sender_values(sender, language, fname.de, institution.name),
        "date": lang.date(date),
        "x_exits": _claim_blocks(x_exits, language, date),
        "meta_claims": _claim_blocks(by_topic[Topic.META], language, date),
        "movement": [
            Paragraph(children=tuple(s))
            for claim in about(Topic.MOVEMENT)
            if (s := claim.spans(language, date))
        ],
        "bluesky_news": _claim_spans(about(Topic.BLUESKY), language, date),
        "mastodon_news": _claim_spans(about(Topic.MASTODON), language, date),
        "own_instance_news": _claim_spans(about(Topic.OWN_INSTANCE), language, date),
        "status_intro": status.intro(),
        "status": [Bullets(items=tuple(tuple(item) for item in status.items()))],
        # ${sngf_registrations}, ${piaille_registrations}: the modes the check read, or nothing
        **{f"{k.letter_key}_registrations": status.registrations(k.host) for k in CATALOGUE if k.letter_key},
        "own_server": status.own_server(),
        "bluesky_handle_example": spans(lang.template(P.HANDLE_EXAMPLE_BLUESKY), {"domain": domain})
        if domain
        else "",
        "handle_example": spans(lang.template(P.HANDLE_EXAMPLE_OWN), {"domain": domain}) if domain else "",
        "plan_basis": spans(lang.template(P.PLAN_CHECKED), {"checked": status.checked})
        if report
        else lang(P.PLAN_OFFLINE),
    }

    def block(name: str, ext: str = "md") -> list[Block]:
        template = read_template(name, ext, language=language, sector=sector, user=options.template_dir)
        return render_template(template, values)

    subject_blocks = block("subject", "txt")
    subject = " ".join(
        plain(b.children) for b in subject_blocks if isinstance(b, Paragraph | Heading)
    ).strip()

    blocks: list[Block] = []
    for name in BLOCKS:
        if name == "ask":
            for index, markup in enumerate(options.extra_paragraphs):
                blocks.extend(render_template(Template(markup, f"extra paragraph {index + 1}"), values))
        topic = NEEDS_CLAIMS.get(name)
        if topic is not None and not by_topic[topic]:
            continue
        rendered = block(name)
        if has_content(rendered):  # a heading alone (or an empty file) leaves the block out
            blocks.extend(rendered)
    if plan_blocks is not None:
        blocks.extend(block("plan_intro"))
        blocks.extend(plan_blocks)
    return Document(subject=subject, blocks=tuple(blocks))
