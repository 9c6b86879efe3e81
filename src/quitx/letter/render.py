"""The letter in every format: Markdown, plain text, standalone HTML, e-mail (.eml), JSON."""

from __future__ import annotations

import datetime as dt
import email.policy
import email.utils
import hashlib
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path
from typing import Literal

from ..doc import Block, Document, Heading, to_markdown, to_text
from ..i18n import Language
from ..models import Institution, InstitutionKind, Report, split_subject
from ..page import to_html
from ..plan import MigrationPlan, plan_blocks
from .compose import LetterOptions, Sender, compose_letter

__all__ = ["FORMATS", "Format", "render_document", "render_letter"]

Format = Literal["md", "txt", "html", "eml", "json"]
FORMATS: tuple[Format, ...] = ("md", "txt", "html", "eml", "json")


def _one_line(text: str) -> str:
    # a header with a line break would let text forge other headers
    return " ".join(text.split())


def to_eml(
    document: Document,
    *,
    lang: str,
    to: str | None = None,
    sender: str | None = None,
    when: dt.datetime | None = None,
) -> str:
    message = EmailMessage(policy=email.policy.SMTP)
    message["Subject"] = _one_line(document.subject)
    if sender:
        message["From"] = _one_line(sender)
    if to:
        message["To"] = _one_line(to)
    message["Date"] = email.utils.format_datetime(when or dt.datetime.now(dt.UTC))
    text, page = to_text(document.blocks), to_html(document, lang=lang)
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(page, subtype="html", charset="utf-8")
    message["Content-Language"] = lang  # after set_content, which drops Content-* headers
    # a boundary derived from the content: the same letter gives the same file
    message.set_boundary("=_quitx_" + hashlib.sha256((text + page).encode()).hexdigest()[:24])
    return message.as_string()


def render_document(
    document: Document,
    fmt: Format,
    *,
    lang: str,
    to: str | None = None,
    sender_email: str | None = None,
    when: dt.datetime | None = None,
) -> str:
    if fmt == "md":
        return to_markdown(document.blocks)
    if fmt == "txt":
        return to_text(document.blocks)
    if fmt == "html":
        return to_html(document, lang=lang)
    if fmt == "eml":
        return to_eml(document, lang=lang, to=to, sender=sender_email, when=when)
    return document.model_dump_json(indent=2) + "\n"


def _demote(blocks: list[Block]) -> list[Block]:
    return [
        b.model_copy(update={"level": min(b.level + 1, 4)}) if isinstance(b, Heading) else b for b in blocks
    ]


def render_letter(
    subject: Report | Institution | str,
    plan: MigrationPlan | None = None,
    *,
    sender: Sender | str | None = None,
    language: Language = "fr",
    sector: InstitutionKind | None = None,
    fmt: Format = "md",
    date: dt.date | None = None,
    extra_paragraphs: Sequence[str] = (),
    template_dir: Path | None = None,
    include_unverified: bool = False,
    to: str | None = None,
    article: str | None = None,
) -> str:
    """The letter in ``fmt``, knowing what the check found: ``subject`` is its `Report`, or the
    institution (or its name) when there was no check; ``plan`` appended (None: no plan)."""
    if isinstance(plan, Report | Institution):
        raise TypeError(
            "render_letter(subject, plan, …): the institution comes from the report; "
            "render_letter(institution, report, plan, …) is the call of quitx 0.1"
        )
    report, institution = split_subject(subject)
    if isinstance(sender, str) or sender is None:
        sender = Sender(name=sender)
    options = LetterOptions(
        language=language,
        sector=sector,
        date=date or dt.date.today(),
        include_unverified=include_unverified,
        extra_paragraphs=tuple(extra_paragraphs),
        template_dir=template_dir,
        article=article,
        to_email=to,
        from_email=sender.email,
    )
    # the plan's headings go one level down: in the letter it is a section, not a document
    blocks: list[Block] | None = _demote(plan_blocks(plan)) if plan is not None else None
    document = compose_letter(institution, report, blocks, options, sender)
    # the e-mail's Date is the letter's, so that a letter written for a given day reads the same
    when = dt.datetime.combine(options.date, dt.time(9, 0), tzinfo=dt.UTC)
    return render_document(document, fmt, lang=language, to=to, sender_email=sender.email, when=when)
