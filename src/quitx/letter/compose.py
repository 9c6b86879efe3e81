"""The letter as a `quitx.doc.Document`: the frame (sender, recipient, place and date, "Objet :",
salutation; closing, signature) around the body's blocks (`templates`), filled with the
institution's names and the sender's voice (`voice`), sourced claims chosen for the sector and never
about the addressee (`claims`), and what the check found (`status`).

Which letter: the usual one, or the *finishing* one when a claim says the addressee already left X
(or the report shows its homepage no longer links to X while it links to Mastodon or Bluesky);
`LetterOptions.letter` forces either. `Letter.notices` says what was chosen and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..doc import Block, Document, Inline, Paragraph, Text, Value, plain
from ..i18n import Lang, Language, Msg
from ..i18n.french import capitalize, sender_agreement
from ..i18n.naming import NameOptions, Naming, names_of
from ..i18n.sectors import SECTOR_WORDS, SectorReading, as_written, chain, sector_of
from ..known_instances import CATALOGUE
from ..models import Institution, InstitutionKind, Report
from . import phrases as P
from .blocks import Renderer, frame_block, typeset_block
from .choose import (
    ClaimChoice,
    LetterKind,
    ask_accounts,
    bullets,
    finish_steps,
    self_claims,
    sentences,
    which_letter,
)
from .claims import ClaimKind, Slot, load_claims
from .frame import Addressee, closing_formula, place_date, recipient_title, salutation
from .notices import BECAUSE, LETTER_WORDS, SECTOR_NONE, SECTOR_READ, STALE_CLAIMS, Notice
from .status import Status
from .templates import BODY, FRAME_END, FRAME_TOP, LONG_ONLY, Template, has_content, render_template, spans
from .voice import relation

__all__ = ["Letter", "LetterOptions", "Sender", "compose", "compose_letter", "name_values"]


class Sender(BaseModel):
    """Who signs the letter. ``role``: as typed ("maître de conférences"), or both forms
    ("chercheur/chercheuse", the gender chooses), optionally with its preposition ("chargée de
    mission|à"); ``relation``: a key of `voice.RELATIONS` when there is no role."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str | None = None
    gender: Literal["m", "f", "n"] = "n"
    role: str | None = None
    role_en: str | None = None
    relation: str | None = None
    unit: str | None = None
    email: str | None = None
    inclusive: bool = False
    # quitx 0.1's fields, read when ``role`` is not given
    role_m: str | None = None
    role_f: str | None = None


class LetterOptions(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    language: Language = "fr"
    sector: InstitutionKind | None = None  # None: the institution's kind, else read from its name
    date: dt.date = Field(default_factory=dt.date.today)
    include_unverified: bool = False
    extra_paragraphs: tuple[str, ...] = ()  # the user's own markup, put before the ask
    template_dir: Path | None = None
    claims_file: Path | None = None
    letter: LetterKind | None = None  # None: chosen from the claims and the report
    long: bool = False
    presence: bool = True  # False: no paragraph on what was (or was not) checked
    frame: bool = True  # False (an e-mail): no address blocks, place and date, "Objet :"; signed in full
    place: str | None = None
    to: Addressee = Field(default_factory=Addressee)
    # overrides for the French forms of the institution's name (see i18n.french.french_name)
    article: str | None = None
    gender: Literal["m", "f"] | None = None
    plural: bool | None = None
    keep_capital: bool = False
    name_en: str | None = None
    to_email: str | None = None
    from_email: str | None = None

    @property
    def naming(self) -> NameOptions:
        """The overrides of the name's forms, as the plan built for this letter takes them."""
        return NameOptions(
            article=self.article,
            gender=self.gender,
            plural=self.plural,
            keep_capital=self.keep_capital,
            name_en=self.name_en,
        )


@dataclass(frozen=True)
class Letter:
    """The composed letter, and what the user should know about how it was made."""

    document: Document
    kind: LetterKind
    because: str  # a code: asked, exit_claim, homepage, none (letter/notices.BECAUSE)
    sector: SectorReading
    claims: tuple[str, ...]  # the ids of the claims cited
    newest_claim: dt.date | None
    notices: tuple[Notice, ...] = field(default=())
    document_date: dt.date = dt.date.min

    @property
    def stale(self) -> bool:
        """The newest claim the letter cites is more than 12 months older than the letter."""
        return self.newest_claim is not None and (self.document_date - self.newest_claim).days > 365


def name_values(institution: Institution, options: LetterOptions) -> tuple[dict[str, Value], Naming]:
    """The institution's names and the voice's words: "l’université Rennes 2", "notre université"."""
    sector = sector_of(institution, options.sector).sector
    names = names_of(institution.name, sector, options.naming)
    fname = names.french
    values: dict[str, Value] = {
        "institution": institution.name,
        "name_le": fname.le,
        "Name_le": capitalize(fname.le),
        "name_de": fname.de,
        "name_a": fname.a,
        "name_the": names.en_the,
        "Name_the": capitalize(names.en_the),
        "domain": institution.domain or "",
    }
    return values, names


def _voice_values(names: Naming, outsider: bool, language: Language) -> dict[str, Value]:
    det, dets = ("votre", "vos") if outsider else ("notre", "nos")
    en_det = "your" if outsider else "our"
    il = "elle" if names.gender == "f" else "il"
    return {
        "notre": f"{det} {names.noun}",
        "Notre": f"{capitalize(det)} {names.noun}",
        "notre_det": det,
        "Notre_det": capitalize(det),
        "nos": dets,
        "Nos": capitalize(dets),
        "il": il,
        "Il": capitalize(il),
        "our": f"{en_det} {names.en_noun}",
        "Our": f"{capitalize(en_det)} {names.en_noun}",
        "our_det": en_det,
        "Our_det": capitalize(en_det),
    }


def _deprecated(values: dict[str, Value], sender: Sender) -> dict[str, Value]:
    """quitx 0.1's placeholders, for one release, so that users' template directories still fill."""

    def paragraph(name: str) -> list[Block]:
        spans_ = values.get(name)
        return [Paragraph(children=tuple(spans_))] if isinstance(spans_, list) and spans_ else []

    return {
        "status": values["presence"],
        "status_intro": "",
        "bluesky_news": values["bluesky_facts"],
        "mastodon_news": values["mastodon_facts"],
        "own_instance_news": values["own_instance_facts"],
        "meta_claims": paragraph("meta_facts"),
        "movement": paragraph("movement_facts"),
        "own_server": values["own_server_host"],
        "sender_role_line": values["Sender_relation"],
        "sender_ready": sender_agreement("prêt", "prête", sender.gender),
    }


# blocks left out when the claims they exist for are none
_NEEDS: dict[str, str] = {
    "precedents": "x_exits",
    "x_since": "x_facts_since",
    "meta": "meta_facts",
    "movement": "movement_facts",
    "sovereignty": "sovereignty_facts",
}


def _in_a_sentence(label: Msg) -> Msg:
    """A label ("Collectivité territoriale") as words inside a sentence ("collectivité territoriale")."""
    return Msg(label.fr[:1].lower() + label.fr[1:], label.en[:1].lower() + label.en[1:])


def compose(
    institution: Institution,
    report: Report | None,
    plan_blocks: Sequence[Block] | None,
    options: LetterOptions,
    sender: Sender,
) -> Letter:
    """The letter to ``institution``'s management, knowing what ``report`` found (None: nothing was
    checked), with ``plan_blocks`` appended after an introduction (None: no plan)."""
    language = options.language
    lang = Lang(language)
    reading = sector_of(institution, options.sector)
    sectors = chain(reading.sector)
    date = options.date
    names_values, names = name_values(institution, options)
    gender = None if sender.gender == "n" else sender.gender
    role = sender.role
    if role is None and (sender.role_m or sender.role_f):
        role = "/".join(dict.fromkeys(r for r in (sender.role_m, sender.role_f) if r))
    voice = relation(
        names,
        reading.sector,
        role=role,
        role_en=sender.role_en,
        key=sender.relation,
        gender=gender,
        inclusive=sender.inclusive,
    )
    outsider = voice.voice == "outsider"
    values: dict[str, Value] = {**names_values, **_voice_values(names, outsider, language)}
    status = Status(report, institution, language, values, date)

    claims = load_claims(options.claims_file)
    mine = self_claims(claims, institution, options)
    kind, because, exit_claim = which_letter(mine, status, options)
    choice = ClaimChoice(claims, options, sectors, institution)
    long = options.long

    self_exit: list[Inline] = []
    if kind == "finish":
        if exit_claim is not None and (s := exit_claim.self_spans(language, values)):
            self_exit = s
            choice.by_value["self_exit"] = [exit_claim]
        elif (links := status.website_links()) is not None and "x" not in links:
            # said only when the homepage was read and links to X no more
            self_exit = spans(lang.template(P.SELF_EXIT_SITE), values)
        else:
            self_exit = spans(lang.template(P.SELF_EXIT_GIVEN), values)
    presence_claim = next((c for c in mine if c.kind is ClaimKind.PRESENCE and c.verified), None)
    self_presence: list[Inline] = []
    if kind == "standard" and presence_claim is not None:
        self_presence = [*(presence_claim.self_spans(language, values) or []), Text(text=" ")]
        choice.by_value["self_presence"] = [presence_claim]

    x_facts = choice.slot("x_facts", Slot.X_FACTS)
    since = exit_claim.date if exit_claim is not None else None
    x_facts_since = (
        choice.slot("x_facts_since", Slot.X_FACTS, after=since, top_up=False) if kind == "finish" else []
    )
    domain = institution.domain
    sender_name = sender.name or lang(P.NO_NAME)
    to = options.to
    title, function = recipient_title(to, language)
    hello = salutation(to, language)
    own_server = status.own_server()
    values.update(
        {
            "date": lang.date(date),
            "Sender_relation": capitalize(voice.fr),
            "sender_relation": voice.en if language == "en" else voice.fr,
            "sender_role": voice.en if language == "en" else voice.fr,  # quitx 0.1's name
            "sender_name": sender_name,
            "sender_title": voice.title_en if language == "en" else voice.title,
            "sender_unit": sender.unit or "",
            "sender_institution": institution.name if not outsider else "",
            "sender_email": sender.email or "",
            "salutation": hello,
            "closing_formula": closing_formula(to, language),
            "recipient_title": title,
            "recipient_name": function,
            "recipient_service": to.service or "",
            "recipient_institution": institution.name,
            "recipient_address": to.address or "",
            "place_date": place_date(options.place, date, language),
            "x_facts": sentences(x_facts, language, date, long),
            "x_facts_since": sentences(x_facts_since, language, date, long),
            "x_exits": bullets(
                choice.slot("x_exits", Slot.PRECEDENTS, limit=8 if long else 4, newest_first=True),
                language,
                date,
                long,
            ),
            "meta_facts": sentences(choice.slot("meta_facts", Slot.META_FACTS), language, date, long),
            "bluesky_facts": sentences(choice.slot("bluesky_facts", Slot.BLUESKY), language, date, long),
            "mastodon_facts": sentences(choice.slot("mastodon_facts", Slot.MASTODON), language, date, long),
            "sngf_facts": sentences(choice.slot("sngf_facts", Slot.SNGF), language, date, long),
            "sovereignty_facts": sentences(
                choice.slot("sovereignty_facts", Slot.SOVEREIGNTY), language, date, long
            ),
            "own_instance_facts": sentences(
                choice.slot("own_instance_facts", Slot.OWN_INSTANCE), language, date, True
            )
            if long
            else [],
            "movement_facts": sentences(choice.slot("movement_facts", Slot.MOVEMENT), language, date, long)
            if long
            else [],
            "self_exit": self_exit,
            "self_presence": self_presence,
            "presence": status.paragraph(),
            **{
                f"{k.letter_key}_registrations": status.registrations(k.host)
                for k in CATALOGUE
                if k.letter_key
            },
            "own_server_host": own_server,
            "bluesky_handle_example": spans(lang.template(P.HANDLE_EXAMPLE_BLUESKY), {"domain": domain})
            if domain
            else "",
            "handle_example": spans(lang.template(P.HANDLE_EXAMPLE_OWN), {"domain": domain})
            if domain
            else "",
            "ask_accounts": ask_accounts(report, lang),
            "plan_mention": lang(P.PLAN_MENTION) if plan_blocks is not None else "",
            "plan_basis": spans(lang.template(P.PLAN_CHECKED), {"checked": status.checked})
            if report
            else lang(P.PLAN_OFFLINE),
        }
    )
    values.update(_deprecated(values, sender))
    variant = "finish" if kind == "finish" else None
    render = Renderer(language, options.template_dir, sectors, variant, outsider, values)
    if kind == "finish":
        values["finish_steps"] = finish_steps(report, status, render)

    blocks: list[Block] = []
    for name in FRAME_TOP if options.frame else ("greeting",):
        blocks.extend(frame_block(name, render, language))
    for name in BODY[kind]:
        if name in LONG_ONLY and not long:
            continue
        needs = _NEEDS.get(name)
        if needs is not None and not values.get(needs):
            continue
        if name == "sovereignty" and not values.get("verify_step"):
            continue
        if name == "own_instance" and own_server:
            name = "own_instance_existing"
        if name == "presence":
            if not options.presence:
                continue
            if report is None:
                if kind == "finish":
                    continue  # offline, the finishing letter says it after the steps
                name = "presence_offline"
        if name == "ask":
            for index, markup in enumerate(options.extra_paragraphs):
                blocks.extend(render_template(Template(markup, f"extra paragraph {index + 1}"), values))
        rendered = render.block(name)
        if has_content(rendered):  # an empty file leaves the block out
            blocks.extend(rendered)
        if name == "steps" and report is None and options.presence:
            blocks.extend(render.block("presence_offline"))
    for name in FRAME_END:
        if name == "signature" and not options.frame:  # an e-mail is signed with the sender's block
            blocks.extend(render.block("sender_block"))
            continue
        blocks.extend(frame_block(name, render, language))
    blocks = [typeset_block(block, language) for block in blocks]
    if plan_blocks is not None:
        blocks.extend(typeset_block(block, language) for block in render.block("plan_intro"))
        blocks.extend(plan_blocks)

    subject = " ".join(
        plain(b.children) for b in render.block("subject", "txt") if isinstance(b, Paragraph)
    ).strip()
    claim_id = exit_claim.id if exit_claim else ""
    notices = [Notice(BECAUSE[because], {"kind": kind, "claim": claim_id}, {"words": LETTER_WORDS[kind]})]
    if reading.source == "name" and reading.sector is not None:
        notices.append(
            Notice(
                SECTOR_READ,
                {"sector": reading.sector.value, "word": as_written(institution.name, reading.word or "")},
                {"words": _in_a_sentence(SECTOR_WORDS[reading.sector])},
            )
        )
    elif reading.source == "none":
        notices.append(Notice(SECTOR_NONE))
    if voice.notice:
        notices.append(voice.notice)
    cited = [
        claim
        for value, claims in choice.by_value.items()
        if any(f"${{{value}}}" in text for text in render.texts)
        for claim in claims
    ]
    used = sorted({c.id: c for c in cited}.values(), key=lambda c: c.date)
    newest = max((c.date for c in used if c.date_precision != "as_of"), default=None)
    letter = Letter(
        document=Document(subject=subject, blocks=tuple(blocks)),
        kind=kind,
        because=because,
        sector=reading,
        claims=tuple(c.id for c in used),
        newest_claim=newest,
        notices=tuple(notices),
        document_date=date,
    )
    if letter.stale and newest is not None:
        notices.append(Notice(STALE_CLAIMS, {"newest": newest.isoformat(), "date": date.isoformat()}))
        letter = Letter(**{**letter.__dict__, "notices": tuple(notices)})
    return letter


def compose_letter(
    institution: Institution,
    report: Report | None,
    plan_blocks: Sequence[Block] | None,
    options: LetterOptions,
    sender: Sender,
) -> Document:
    """The letter's document alone (see `compose` for what was chosen and why)."""
    return compose(institution, report, plan_blocks, options, sender).document
