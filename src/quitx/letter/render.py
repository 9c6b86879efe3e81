"""The letter in every format: Markdown, plain text, standalone HTML, e-mail (.eml), JSON.

The letter ends with the plan's decision summary; the plan's technical annex is its second part:
after it in Markdown and text, a second part of the HTML page, an attachment of the e-mail (a PDF
where quitx[pdf] is installed, else the HTML page). The e-mail is a draft to send from one's own
mail program (``X-Unsent: 1``: Outlook and Thunderbird open it to edit, not as a received message)."""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
import hashlib
import json
from collections.abc import Callable, Sequence
from email.message import EmailMessage
from enum import Enum
from pathlib import Path
from typing import Literal, TypeVar

from ..doc import Block, Document, to_markdown, to_text
from ..errors import UsageError, UsageProblem
from ..i18n import Language, language_of
from ..i18n.formats import punctuation
from ..i18n.naming import NameOptions
from ..i18n.sectors import sector_of
from ..models import Institution, InstitutionKind, Report, split_subject
from ..page import to_html
from ..pdf import html_to_pdf, pdf_available
from ..plan import MigrationPlan, annex_document, summary_blocks
from .choose import LetterKind
from .compose import Letter, LetterOptions, Sender, compose
from .frame import Addressee
from .notices import Notice

__all__ = ["FORMATS", "AnnexAs", "Format", "annex_format", "render_document", "render_letter"]

Format = Literal["md", "txt", "html", "eml", "json"]
FORMATS: tuple[Format, ...] = ("md", "txt", "html", "eml", "json")
# how the e-mail attaches the technical annex: a PDF (as a letter's "P. J." is), or the HTML page
AnnexAs = Literal["pdf", "html"]
T = TypeVar("T")


def annex_format(asked: AnnexAs | None = None) -> AnnexAs:
    """How an e-mail attaches the annex: as ``asked``, else a PDF where quitx[pdf] is installed,
    else the HTML page."""
    if asked is not None:
        return asked
    return "pdf" if pdf_available() else "html"


def _one_line(text: str) -> str:
    # a header with a line break would let text forge other headers
    return " ".join(text.split())


def _address(name: str | None, address: str | None) -> str | None:
    """ "Jeanne Martin <jeanne@univ.fr>" (the name quoted as RFC 5322 needs), or the address alone."""
    if not address:
        return None
    return email.utils.formataddr((_one_line(name or ""), _one_line(address)))


def to_eml(
    document: Document,
    *,
    lang: str,
    to: str | None = None,
    sender: str | None = None,
    when: dt.datetime | None = None,
    sender_name: str | None = None,
    to_name: str | None = None,
    annex: Document | None = None,
    annex_as: AnnexAs | None = None,
) -> str:
    """A draft e-mail: text and HTML parts, the annex attached, a Message-ID, display names, and
    the date with its time zone (now, in the local one, unless ``when`` says). The annex is a PDF
    (``annex_as`` "pdf", or None where quitx[pdf] is installed) or the HTML page ("html", or None
    without quitx[pdf])."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["Subject"] = _one_line(document.subject)
    if from_ := _address(sender_name, sender):
        message["From"] = from_
    if to_ := _address(to_name, to):
        message["To"] = to_
    message["Date"] = email.utils.format_datetime(when or dt.datetime.now().astimezone())
    message["X-Unsent"] = "1"  # a draft: mail programs open it to edit and send
    text, page = to_text(document.blocks, colon=_colon(lang)), to_html(document, lang=lang, medium="email")
    annexed = to_html(annex, lang=lang) if annex is not None else ""
    if annex is not None:
        annex_as = annex_format(annex_as)
    # a PDF annex makes another message (its Message-ID says so); the page keeps the first one's
    attached = "\x00pdf" if annex is not None and annex_as == "pdf" else ""
    digest = hashlib.sha256((text + page + annexed + message["Date"] + attached).encode()).hexdigest()
    domain = (sender or "").rpartition("@")[2] or "quitx.invalid"
    # derived from the content: the same letter gives the same file
    message["Message-ID"] = f"<quitx.{digest[:32]}@{_one_line(domain)}>"
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(page, subtype="html", charset="utf-8")
    if annex is not None and annex_as == "pdf":
        message.add_attachment(
            html_to_pdf(annexed), maintype="application", subtype="pdf", filename=_annex_file(lang, "pdf")
        )
    elif annex is not None:
        message.add_attachment(annexed, subtype="html", charset="utf-8", filename=_annex_file(lang, "html"))
    message["Content-Language"] = lang  # after set_content, which drops Content-* headers
    # boundaries derived from the content too (the text and HTML parts nest in the mixed one)
    for index, part in enumerate(p for p in message.walk() if p.is_multipart()):
        part.set_boundary(f"=_quitx_{index}_{digest[:24]}")
    return message.as_string()


def _colon(lang: str) -> str:
    """A colon between a table's header and its cell in plain text, as the language writes it."""
    return punctuation(":", "fr" if lang == "fr" else "en")


def _annex_file(lang: str, extension: str) -> str:
    return ("annexe-technique" if lang == "fr" else "technical-annex") + "." + extension


def render_document(
    document: Document,
    fmt: Format,
    *,
    lang: str,
    to: str | None = None,
    sender_email: str | None = None,
    when: dt.datetime | None = None,
    annex: Document | None = None,
    sender_name: str | None = None,
    to_name: str | None = None,
    letter: Letter | None = None,
    annex_as: AnnexAs | None = None,
) -> str:
    """``document`` in ``fmt``, with ``annex`` as its second part (JSON: the letter alone; the
    e-mail attaches it as ``annex_as`` says, see `to_eml`)."""
    second = list(annex.blocks) if annex is not None else []
    if fmt == "md":
        return to_markdown([*document.blocks, *second])
    if fmt == "txt":
        return to_text([*document.blocks, *second], colon=_colon(lang))
    if fmt == "html":
        return to_html(document, lang=lang, annex=annex)
    if fmt == "eml":
        return to_eml(
            document,
            lang=lang,
            to=to,
            sender=sender_email,
            when=when,
            sender_name=sender_name,
            to_name=to_name,
            annex=annex,
            annex_as=annex_as,
        )
    if letter is None:
        return document.model_dump_json(indent=2) + "\n"
    # the document, and how it was made: which letter and why, the sector and where it was read,
    # the claims cited, and whether they are stale
    data = json.loads(document.model_dump_json())
    about: dict[str, object] = {
        "kind": letter.kind,
        "because": letter.because,
        "sector": letter.sector.sector.value if letter.sector.sector else None,
        "sector_source": letter.sector.source,
        "sector_word": letter.sector.word,
        "claims": list(letter.claims),
    }
    if letter.stale and letter.newest_claim is not None:
        about["stale_claims"] = {
            "newest": letter.newest_claim.isoformat(),
            "letter": letter.document_date.isoformat(),
        }
    data["letter"] = about
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_letter(
    subject: Report | Institution | str,
    plan: MigrationPlan | None = None,
    *,
    sender: Sender | str | None = None,
    language: Language | None = None,
    sector: InstitutionKind | None = None,
    fmt: Format = "md",
    date: dt.date | None = None,
    extra_paragraphs: Sequence[str] = (),
    template_dir: Path | None = None,
    include_unverified: bool = False,
    to: str | None = None,
    article: str | None = None,
    letter: LetterKind | None = None,
    long: bool = False,
    presence: bool = True,
    place: str | None = None,
    addressee: Addressee | None = None,
    claims_file: Path | None = None,
    keep_capital: bool | None = None,
    name_en: str | None = None,
    on_notice: Callable[[Notice], None] | None = None,
    sent_at: dt.datetime | None = None,
    annex_as: AnnexAs | None = None,
) -> str:
    """The letter in ``fmt``, knowing what the check found: ``subject`` is its `Report`, or the
    institution (or its name) when there was no check; with ``plan``, the letter ends with its
    decision summary and the technical annex follows (None: no plan). ``sent_at``: the e-mail's
    date (default: now, in the local time zone, for a letter dated today; else 9:00 on its day).
    ``letter`` forces the usual letter or the finishing one (default: chosen from the claims and
    the report); ``on_notice`` hears what was chosen and why (the sector, the letter, stale claims).
    ``annex_as``: how the e-mail attaches the annex (a PDF where quitx[pdf] is installed, else the
    HTML page; see `to_eml`).

    One language for the whole letter: ``language``, else the plan's, else the institution's
    (French unless it is English). A plan in another language than ``language`` raises
    `quitx.UsageError`: build it with ``PlanOptions(language=…)``. One way to name the institution,
    too: ``sector``, ``article``, ``keep_capital`` and ``name_en`` left out are the plan's (its
    ``PlanOptions``); given otherwise than the plan's, they raise `quitx.UsageError`."""
    if isinstance(plan, Report | Institution):
        raise TypeError(
            "render_letter(subject, plan, …): the institution comes from the report; "
            "render_letter(institution, report, plan, …) is the call of quitx 0.1"
        )
    report, institution = split_subject(subject)
    if plan is not None and language is not None and plan.language != language:
        raise UsageError(UsageProblem.PLAN_LANGUAGE, option="language", plan=plan.language, letter=language)
    if language is None:
        language = plan.language if plan is not None else language_of(institution)
    if isinstance(sender, str) or sender is None:
        sender = Sender(name=sender)
    naming = plan.naming if plan is not None else NameOptions()
    if plan is not None:
        # the plan's sector when it differs from what the letter reads itself (it was given to the
        # plan): a sector the letter reads as the plan did stays "read from the name" in its notes
        read = sector_of(institution, sector).sector
        # a plan that read no sector wrote the general words ("l’établissement"): a sector given to
        # the letter alone would argue for another (a plan of an earlier quitx kept none: not known)
        if sector is not None and plan.sector is None and "sector" in plan.model_fields_set:
            raise UsageError(
                UsageProblem.PLAN_NAMING, option="sector", name="sector", plan="none", letter=_said(sector)
            )
        if sector is not None or read != plan.sector:
            sector = _as_planned("sector", sector, plan.sector)
        article = _as_planned("article", article, naming.article)
        keep_capital = _as_planned("keep_capital", keep_capital, naming.keep_capital)
        name_en = _as_planned("name_en", name_en, naming.name_en)
    options = LetterOptions(
        language=language,
        sector=sector,
        date=date or dt.date.today(),
        include_unverified=include_unverified,
        extra_paragraphs=tuple(extra_paragraphs),
        template_dir=template_dir,
        article=article,
        gender=naming.gender,
        plural=naming.plural,
        to_email=to,
        from_email=sender.email,
        letter=letter,
        long=long,
        presence=presence,
        place=place,
        to=addressee or Addressee(),
        claims_file=claims_file,
        keep_capital=bool(keep_capital),
        name_en=name_en,
        frame=fmt != "eml",  # an e-mail's headers carry the addresses and the date
    )
    # the letter ends with the plan's decision summary (a page of its own); the annex follows it
    blocks: list[Block] | None = summary_blocks(plan) if plan is not None else None
    annex = annex_document(plan) if plan is not None else None
    composed = compose(institution, report, blocks, options, sender)
    if on_notice is not None:
        for notice in composed.notices:
            on_notice(notice)
    if sent_at is None and options.date != dt.date.today():
        sent_at = dt.datetime.combine(options.date, dt.time(9, 0)).astimezone()
    return render_document(
        composed.document,
        fmt,
        lang=language,
        to=to,
        sender_email=sender.email,
        when=sent_at,
        annex=annex,
        sender_name=sender.name,
        to_name=institution.name,
        letter=composed,
        annex_as=annex_as,
    )


def _as_planned(option: str, given: T | None, planned: T | None) -> T | None:
    """The letter names the institution as its plan does: an option left out is the plan's; one
    given otherwise is refused (a letter and its annex saying "l’université" and "l’établissement")."""
    if given is None:
        return planned
    if planned is not None and given != planned:
        raise UsageError(
            UsageProblem.PLAN_NAMING, option=option, name=option, plan=_said(planned), letter=_said(given)
        )
    return given


def _said(value: object) -> str:
    return str(value.value) if isinstance(value, Enum) else str(value)
