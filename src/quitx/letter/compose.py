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

from ..doc import (
    Block,
    Bullets,
    Document,
    Heading,
    Inline,
    Lines,
    Link,
    Paragraph,
    Strong,
    Text,
    Value,
    plain,
)
from ..i18n import Lang, Language
from ..i18n.french import capitalize, sender_agreement
from ..i18n.sectors import SectorReading, chain, sector_of
from ..i18n.typography import typeset
from ..known_instances import CATALOGUE
from ..models import JOINING, Confidence, Institution, InstitutionKind, Platform, Report, Verdict
from . import phrases as P
from .claims import Claim, ClaimKind, Slot, about, load_claims, select
from .status import Status
from .templates import (
    BODY,
    FRAME_END,
    FRAME_TOP,
    LONG_ONLY,
    Template,
    has_content,
    read_template,
    render_template,
    spans,
)
from .voice import (
    Addressee,
    Naming,
    closing_formula,
    naming,
    place_date,
    recipient_title,
    relation,
    salutation,
)

__all__ = ["Letter", "LetterOptions", "Sender", "compose", "compose_letter", "name_values"]

LetterKind = Literal["standard", "finish"]


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


@dataclass(frozen=True)
class Letter:
    """The composed letter, and what the user should know about how it was made."""

    document: Document
    kind: LetterKind
    because: str
    sector: SectorReading
    claims: tuple[str, ...]  # the ids of the claims cited
    newest_claim: dt.date | None
    notices: tuple[str, ...] = field(default=())
    document_date: dt.date = dt.date.min

    @property
    def stale(self) -> bool:
        """The newest claim the letter cites is more than 12 months older than the letter."""
        return self.newest_claim is not None and (self.document_date - self.newest_claim).days > 365


def name_values(institution: Institution, options: LetterOptions) -> tuple[dict[str, Value], Naming]:
    """The institution's names and the voice's words: "l’université Rennes 2", "notre université"."""
    sector = sector_of(institution, options.sector).sector
    names = naming(
        institution.name,
        sector,
        article=options.article,
        gender=options.gender,
        plural=options.plural,
        keep_capital=options.keep_capital,
        name_en=options.name_en,
    )
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


def _sentences(claims: Sequence[Claim], language: Language, date: dt.date, long: bool) -> list[Inline]:
    out: list[Inline] = []
    for claim in claims:
        cited = claim.spans(language, date, long=long)
        if cited:
            if out:
                out.append(Text(text=" "))
            out.extend(cited)
    return out


def _bullets(claims: Sequence[Claim], language: Language, date: dt.date, long: bool) -> list[Block]:
    items = [s for claim in claims if (s := claim.spans(language, date, long=long))]
    return [Bullets(items=tuple(tuple(item) for item in items))] if items else []


class _Choice:
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


def _self_claims(claims: Sequence[Claim], institution: Institution, options: LetterOptions) -> list[Claim]:
    """The claims about the addressee, newest first (unverified ones still identify it)."""
    mine = [c for c in claims if about(c, institution) and c.date <= options.date]
    return sorted(mine, key=lambda c: c.date, reverse=True)


def _which_letter(
    mine: Sequence[Claim], status: Status, options: LetterOptions
) -> tuple[LetterKind, str, Claim | None]:
    exit_claim = next((c for c in mine if c.kind is ClaimKind.EXIT), None)
    if options.letter is not None:
        return options.letter, "asked for", exit_claim
    if exit_claim is not None:
        return "finish", f"claim {exit_claim.id} says it already left X", exit_claim
    links = status.website_links()
    if links is not None and "x" not in links and any(p.value in links for p in JOINING):
        return "finish", "its homepage no longer links to X, and links to Mastodon or Bluesky", None
    return "standard", "no claim or finding says it already left X", None


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


def _ask_accounts(report: Report | None, lang: Lang) -> str:
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


def _steps(report: Report | None, status: Status, render: _Render) -> list[Block]:
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


class _Render:
    def __init__(
        self,
        options: LetterOptions,
        chain_: Sequence[InstitutionKind],
        variant: str | None,
        outsider: bool,
        values: dict[str, Value],
    ) -> None:
        self.options = options
        self.chain = chain_
        self.variant = variant
        self.outsider = outsider
        self.values = values
        self.texts: list[str] = []  # the templates rendered, to tell which claims the letter cites

    def template(self, name: str, ext: str = "md") -> Template | None:
        return read_template(
            name,
            ext,
            language=self.options.language,
            chain=self.chain,
            variant=self.variant,
            outsider=self.outsider,
            user=self.options.template_dir,
        )

    def block(self, name: str, ext: str = "md") -> list[Block]:
        template = self.template(name, ext)
        if template is None:
            return []
        self.texts.append(template.text)
        return render_template(template, self.values)


# blocks left out when the claims they exist for are none
_NEEDS: dict[str, str] = {
    "precedents": "x_exits",
    "x_since": "x_facts_since",
    "meta": "meta_facts",
    "movement": "movement_facts",
    "sovereignty": "sovereignty_facts",
}


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
    mine = _self_claims(claims, institution, options)
    kind, because, exit_claim = _which_letter(mine, status, options)
    choice = _Choice(claims, options, sectors, institution)
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
            "x_facts": _sentences(x_facts, language, date, long),
            "x_facts_since": _sentences(x_facts_since, language, date, long),
            "x_exits": _bullets(
                choice.slot("x_exits", Slot.PRECEDENTS, limit=8 if long else 4, newest_first=True),
                language,
                date,
                long,
            ),
            "meta_facts": _sentences(choice.slot("meta_facts", Slot.META_FACTS), language, date, long),
            "bluesky_facts": _sentences(choice.slot("bluesky_facts", Slot.BLUESKY), language, date, long),
            "mastodon_facts": _sentences(choice.slot("mastodon_facts", Slot.MASTODON), language, date, long),
            "sngf_facts": _sentences(choice.slot("sngf_facts", Slot.SNGF), language, date, long),
            "sovereignty_facts": _sentences(
                choice.slot("sovereignty_facts", Slot.SOVEREIGNTY), language, date, long
            ),
            "own_instance_facts": _sentences(
                choice.slot("own_instance_facts", Slot.OWN_INSTANCE), language, date, True
            )
            if long
            else [],
            "movement_facts": _sentences(choice.slot("movement_facts", Slot.MOVEMENT), language, date, long)
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
            "ask_accounts": _ask_accounts(report, lang),
            "plan_mention": lang(P.PLAN_MENTION) if plan_blocks is not None else "",
            "plan_basis": spans(lang.template(P.PLAN_CHECKED), {"checked": status.checked})
            if report
            else lang(P.PLAN_OFFLINE),
        }
    )
    values.update(_deprecated(values, sender))
    variant = "finish" if kind == "finish" else None
    render = _Render(options, sectors, variant, outsider, values)
    if kind == "finish":
        values["finish_steps"] = _steps(report, status, render)

    blocks: list[Block] = []
    for name in FRAME_TOP if options.frame else ("greeting",):
        blocks.extend(_frame(name, render, language))
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
        blocks.extend(_frame(name, render, language))
    blocks = [_typeset_block(block, language) for block in blocks]
    if plan_blocks is not None:
        blocks.extend(render.block("plan_intro"))
        blocks.extend(plan_blocks)

    subject = " ".join(
        plain(b.children) for b in render.block("subject", "txt") if isinstance(b, Paragraph)
    ).strip()
    notices = [f"letter: {kind} ({because})"]
    if reading.source == "name":
        notices.append(
            f"sector: {reading.sector} (read from the name: {reading.word!r}; --sector to change it)"
        )
    elif reading.source == "none":
        notices.append("sector: none read from the name (the generic texts; --sector to choose one)")
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
        notices.append(
            f"claims: the newest claim cited ({newest.isoformat()}) is more than 12 months older than "
            f"the letter ({date.isoformat()}); add recent ones with --claims FILE"
        )
        letter = Letter(**{**letter.__dict__, "notices": tuple(notices)})
    return letter


def _typeset_spans(spans: Sequence[Inline], language: Language) -> tuple[Inline, ...]:
    """Typography on the text of ``spans`` (link targets untouched), after the values are in, so
    that a user's templates and claims print as quitx's own."""
    out: list[Inline] = []
    for index, span in enumerate(spans):
        if isinstance(span, Text):
            out.append(Text(text=typeset(span.text, language, first=index == 0)))
        elif isinstance(span, Link | Strong):
            out.append(span.model_copy(update={"children": _typeset_spans(span.children, language)}))
        else:
            out.append(span)
    return tuple(out)


def _typeset_block(block: Block, language: Language) -> Block:
    if isinstance(block, Paragraph | Heading):
        return block.model_copy(update={"children": _typeset_spans(block.children, language)})
    if isinstance(block, Bullets | Lines):
        items = tuple(_typeset_spans(item, language) for item in block.items)
        return block.model_copy(update={"items": items})
    return block


def _frame(name: str, render: _Render, language: Language) -> list[Block]:
    """A frame block: address blocks and the signature as lines, "Objet :" with its label."""
    if name == "objet":
        template = render.template("objet", "txt")
        if template is None:
            return []
        text = " ".join(
            plain(b.children) for b in render_template(template, render.values) if isinstance(b, Paragraph)
        )
        if not text:
            return []
        label = Lang(language)(P.OBJET) + Lang(language).sep()
        return [Paragraph(children=(Text(text=label + text),))]
    if name in ("sender_block", "recipient_block", "place_date", "signature"):
        out: list[Block] = []
        for block in render.block(name, "txt" if name == "place_date" else "md"):
            rows: tuple[tuple[Inline, ...], ...]
            if isinstance(block, Lines):
                rows = block.items
            elif isinstance(block, Paragraph):
                rows = (block.children,)
            else:
                out.append(block)
                continue
            align: Literal["left", "right"] = "left" if name == "sender_block" else "right"
            out.append(Lines(items=rows, align=align))
        return out
    return render.block(name)


def compose_letter(
    institution: Institution,
    report: Report | None,
    plan_blocks: Sequence[Block] | None,
    options: LetterOptions,
    sender: Sender,
) -> Document:
    """The letter's document alone (see `compose` for what was chosen and why)."""
    return compose(institution, report, plan_blocks, options, sender).document
