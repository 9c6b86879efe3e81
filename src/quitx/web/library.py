"""The web app's one door into the quitx library.

Every other module of `quitx.web` imports quitx through this one (a test checks it): when the
library's API moves (the decision summary and the annex, PDF, the config file in the platform's
folder, the packages of the renovation), this file is what changes.

What it offers: the institution from a form (`institution`), the check with its network progress
(`check`), the letter (ending with the decision summary) and the technical annex as text to edit
(`letter_text`, `annex_text`, in `quitx.editable`'s markup), the annex as an HTML fragment
(`annex_html`), the download formats of each document (`formats`: PDF where quitx[pdf] is
installed) and the download itself from the edited text (`download`: Markdown, the printed page of
`quitx.page`, its PDF, the e-mail draft with the annex attached), and the words for the report's
codes (`reason_text`).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from .. import models
from .._text import terminal_safe
from ..batch import institution_key as _row_key
from ..batch import letter_slug
from ..config import Settings, config_path, load_settings, read_config
from ..doc import Document, Heading, plain
from ..editable import parse as parse_editable
from ..editable import to_editable, with_badges, without_frame
from ..errors import ConfigError, ConfigProblem, FieldProblem, InvalidInstitutionError, field_issues
from ..i18n import LANGUAGES, Lang, Language, Msg
from ..i18n.common import REASONS
from ..i18n.formats import singular
from ..i18n.results import FOUND_BY_WAYS
from ..i18n.sectors import SECTOR_WORDS
from ..letter.compose import Sender
from ..letter.render import render_document, render_letter
from ..models import Institution, InstitutionKind, Report
from ..page import to_html, to_html_fragment
from ..pdf import html_to_pdf, pdf_available
from ..plan import MigrationPlan, PlanOptions, annex_document, build_plan, plan_blocks, status_tones
from ..presence import CheckMany

__all__ = [
    "FOUND_BY_WAYS",
    "LANGUAGES",
    "SECTOR_WORDS",
    "CheckFailed",
    "ConfigError",
    "ConfigProblem",
    "DocumentKind",
    "Download",
    "DownloadFormat",
    "FieldProblem",
    "InputProblem",
    "Institution",
    "Lang",
    "Language",
    "Msg",
    "NetworkProgress",
    "Report",
    "Settings",
    "Texts",
    "Writer",
    "annex_html",
    "annex_text",
    "check",
    "check_settings",
    "config_path",
    "download",
    "field_issues",
    "formats",
    "institution",
    "institution_key",
    "letter_slug",
    "letter_text",
    "load_settings",
    "models",
    "plan_for",
    "read_config",
    "reason_text",
    "remote_text",
    "singular",
]

DocumentKind = Literal["letter", "annex"]

# --- the institution and the check -------------------------------------------------------------------


class InputProblem(ValueError):
    """A form field quitx cannot use: ``field`` names it, ``code`` says why (for the wording)."""

    def __init__(self, field: str, code: str) -> None:
        self.field = field
        self.code = code
        super().__init__(f"{field}: {code}")


NAME_MAX = 300  # Institution.name's bound


def institution(name: str, website: str, kind: str, language: Language) -> Institution:
    """The institution a visitor typed; `InputProblem` for what cannot be one."""
    name = " ".join(name.split())
    if not name:
        raise InputProblem("name", "missing")
    if len(name) > NAME_MAX:
        raise InputProblem("name", "too_long")
    website = website.strip()
    if website and ("://" in website and not website.lower().startswith(("http://", "https://"))):
        raise InputProblem("website", "invalid")
    if website and (len(website) > 2000 or any(c.isspace() for c in website)):
        raise InputProblem("website", "invalid")
    try:
        kind_value = InstitutionKind(kind) if kind else None  # None: read from the name
    except ValueError:
        raise InputProblem("kind", "invalid") from None
    try:
        found = Institution(name=name, domain=website or None, kind=kind_value, language=language)
    except InvalidInstitutionError:  # the name was checked above: the website is what it refuses
        raise InputProblem("website", "invalid") from None
    if website and (not found.domain or "." not in found.domain.strip(".")):
        raise InputProblem("website", "invalid")
    return found


def institution_key(found: Institution) -> str:
    """Two visitors asking for the same institution share one check: the name (case, accents and
    spaces ignored), the domain and the page read."""
    return _row_key(found) + "|" + (found.homepage or "")


def check_settings(settings: Settings, *, http_cache: bool) -> Settings:
    """quitx's settings for the checks of a server: its HTTP cache on (answers shared by all)."""
    return settings.model_copy(update={"cache": True}) if http_cache else settings


@dataclass(frozen=True)
class NetworkProgress:
    """How far a check is, from its engine's counters."""

    requests: int  # requests sent so far
    cached: int  # answers served by the HTTP cache
    waiting: tuple[str, ...]  # hosts that asked us to slow down, being waited out


class CheckFailed(RuntimeError):
    """The check itself broke (a bug in quitx): no report."""


async def check(
    found: Institution,
    settings: Settings,
    on_progress: Callable[[NetworkProgress], None],
    *,
    every: float = 0.4,
) -> Report:
    """Check one institution, reporting the engine's progress every ``every`` seconds."""
    many = CheckMany([found], settings=settings, concurrency=1)

    async def sample() -> None:
        last: NetworkProgress | None = None
        while True:
            await asyncio.sleep(every)
            stats = many.stats()
            if stats is None:
                continue
            now = NetworkProgress(
                requests=stats.requests, cached=stats.cache_hits, waiting=tuple(sorted(stats.waits))
            )
            if now != last:
                on_progress(now)
                last = now

    sampler = asyncio.ensure_future(sample())
    outcome = None
    try:
        async for item in many:
            outcome = item
    finally:
        sampler.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sampler
    if outcome is None or outcome.report is None:
        raise CheckFailed(outcome.error if outcome is not None else "no result")
    return outcome.report


# --- the plan and the letter ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Writer:
    """Who writes, as typed in the form: used for one page, never kept."""

    name: str = ""
    role: str = ""
    gender: Literal["m", "f", "n"] = "n"
    email: str = ""
    to: str = ""


@dataclass(frozen=True)
class Texts:
    """A document to edit: its subject (the e-mail's, the page's title) and its Markdown."""

    subject: str
    markdown: str


def _as_described(report: Report, found: Institution) -> Report:
    """The report of a check another visitor may have asked for, with the institution as this
    visitor described it (its kind, the page's language)."""
    return report if report.institution == found else report.model_copy(update={"institution": found})


def plan_for(report: Report, found: Institution, language: Language) -> MigrationPlan:
    """The migration plan from the report, for the institution as this visitor described it."""
    return build_plan(_as_described(report, found), PlanOptions(language=language))


def annex_text(plan: MigrationPlan) -> Texts:
    """The technical annex (the plan's steps and artifacts, for the team), as text to edit."""
    annex = annex_document(plan)
    return Texts(subject=annex.subject, markdown=to_editable(annex.blocks))


def annex_html(plan: MigrationPlan, *, top: int = 2) -> str:
    """The annex as an HTML fragment whose first heading is ``<h{top+1}>`` (every text escaped by
    quitx's renderer)."""
    shift = max(0, top - 1)
    blocks = [
        # a fragment of the results page: its sections are the page's, not a printed annex's
        b.model_copy(update={"level": min(b.level + shift, 4), "anchor": None})
        if isinstance(b, Heading)
        else b
        for b in plan_blocks(plan)
    ]
    return to_html_fragment(blocks)


def letter_text(
    report: Report, found: Institution, plan: MigrationPlan, writer: Writer, language: Language
) -> Texts:
    """The letter, ending with the plan's decision summary (as quitx writes it), as text to edit."""
    sender = Sender(
        name=writer.name or None,
        gender=writer.gender,
        role_m=writer.role or None,
        role_f=writer.role or None,
        email=writer.email or None,
    )
    raw = render_letter(
        _as_described(report, found), plan, sender=sender, language=language, fmt="json", to=writer.to or None
    )
    data = json.loads(raw)
    data.pop("letter", None)  # how the letter was made: not part of the text to edit
    document = Document.model_validate(data)
    return Texts(subject=document.subject, markdown=to_editable(document.blocks))


# --- downloads ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DownloadFormat:
    id: str  # the value of the form's button
    label: str  # what the button says (a format's name reads the same in French and English)
    extension: str
    media_type: str


_FORMATS: Mapping[str, DownloadFormat] = {
    "md": DownloadFormat("md", "Markdown", "md", "text/markdown; charset=utf-8"),
    "html": DownloadFormat("html", "HTML", "html", "text/html; charset=utf-8"),
    "pdf": DownloadFormat("pdf", "PDF", "pdf", "application/pdf"),
    "eml": DownloadFormat("eml", "E-mail (.eml)", "eml", "message/rfc822"),
}
_OFFERED: Mapping[DocumentKind, tuple[str, ...]] = {
    "letter": ("md", "html", "pdf", "eml"),
    "annex": ("md", "html", "pdf"),
}


@functools.cache
def _pdf_available() -> bool:
    return pdf_available()


def formats(document: DocumentKind) -> tuple[DownloadFormat, ...]:
    """The formats a document downloads in: PDF only where quitx[pdf] is installed."""
    return tuple(_FORMATS[f] for f in _OFFERED[document] if f != "pdf" or _pdf_available())


@dataclass(frozen=True)
class Download:
    content: bytes
    media_type: str
    filename: str


_SLUG = re.compile(r"[^a-z0-9-]+")
_NAMES: Mapping[DocumentKind, Mapping[Language, str]] = {
    "letter": {"fr": "lettre", "en": "letter"},
    "annex": {"fr": "annexe-technique", "en": "technical-annex"},
}


def _typed(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def download(
    document: DocumentKind,
    fmt: str,
    markdown: str,
    *,
    subject: str,
    language: Language,
    slug: str,
    to: str = "",
    sender_email: str = "",
    annex: str = "",
    annex_subject: str = "",
) -> Download:
    """The edited document in ``fmt``; for the letter, the edited ``annex`` follows it as the CLI
    writes it (after it in Markdown, its second part on a page and in the PDF, attached to the
    e-mail: as a PDF where quitx[pdf] is installed). The text is read with quitx's markup (links
    only to http(s) and mailto, every text escaped for its format); `InputProblem` for a format not
    offered."""
    chosen = {f.id: f for f in formats(document)}.get(fmt)
    if chosen is None:
        raise InputProblem("format", "invalid")
    text = _typed(markdown)
    second = _typed(annex) if document == "letter" and annex.strip() else ""
    name = f"{_NAMES[document][language]}-{_SLUG.sub('', slug.lower())[:80] or 'quitx'}.{chosen.extension}"
    if fmt == "md":
        body = "\n\n".join(t.strip("\n") for t in (text, second) if t.strip()) + "\n"
        return Download(body.encode("utf-8"), chosen.media_type, name)
    # the annex's status marks ("**à faire**") are badges again, coloured as the CLI prints them
    tones = status_tones(language)
    blocks = parse_editable(text)
    page = Document(
        subject=" ".join(subject.split()) or name,
        blocks=tuple(with_badges(blocks, tones) if document == "annex" else blocks),
    )
    appended = None
    if second:
        blocks = with_badges(parse_editable(second), tones)
        first = blocks[0] if blocks else None
        title = " ".join(annex_subject.split()) or (
            plain(first.children) if isinstance(first, Heading) else ""
        )
        appended = Document(subject=title or page.subject, blocks=blocks)
    if fmt == "eml":
        rendered = render_document(
            page.model_copy(update={"blocks": tuple(without_frame(page.blocks))}),
            "eml",
            lang=language,
            to=to or None,
            sender_email=sender_email or None,
            when=dt.datetime.now(dt.UTC),
            annex=appended,
            annex_as="pdf" if _pdf_available() else "html",  # as the page offers its formats
        )
        return Download(rendered.encode("utf-8"), chosen.media_type, name)
    html = to_html(page, lang=language, annex=appended)
    if fmt == "pdf":
        return Download(html_to_pdf(html), chosen.media_type, name)
    return Download(html.encode("utf-8"), chosen.media_type, name)


# --- words for the report's codes ------------------------------------------------------------------------


def reason_text(reason: models.Reason, language: Language) -> str:
    """Why a place could not be told, in words (the plan's: "délai de réponse dépassé")."""
    return Lang(language)(REASONS[reason].what)


def remote_text(text: str | None, *, html_input: bool = False, limit: int = 300) -> str:
    """Text a server chose (names, bios, hosts), made inert and bounded; the page escapes it."""
    return terminal_safe(text, html_input=html_input, limit=limit)
