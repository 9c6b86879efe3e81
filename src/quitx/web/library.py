"""The web app's one door into the quitx library.

Every other module of `quitx.web` imports quitx through this one (a test checks it): when the
library's API moves (the decision summary and the annex, PDF, the config file in the platform's
folder, the packages of the renovation), this file is what changes.

What it offers: the institution from a form (`institution`), the check with its network progress
(`check`), the plan and the letter as text to edit (`plan_text`, `letter_text`), the plan as an
HTML fragment (`plan_html`), the download formats of each document (`formats`) and the download
itself from the edited Markdown (`download`), and the words for the report's codes (`reason_text`).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

from .. import models
from .._text import terminal_safe
from ..batch import institution_key as _row_key
from ..batch import letter_slug
from ..config import Settings, config_path, load_settings, read_config
from ..doc import Document, Heading, plain, to_markdown
from ..doc import parse as parse_markup
from ..errors import ConfigError, InvalidInstitutionError
from ..i18n import LANGUAGES, Lang, Language, Msg
from ..i18n.common import REASONS
from ..i18n.formats import singular
from ..letter.compose import Sender
from ..letter.render import FORMATS as LETTER_FORMATS
from ..letter.render import render_document, render_letter
from ..models import Institution, InstitutionKind, Report
from ..page import to_html_fragment
from ..plan import MigrationPlan, PlanOptions, build_plan, plan_blocks
from ..presence import CheckMany

__all__ = [
    "LANGUAGES",
    "CheckFailed",
    "ConfigError",
    "DocumentKind",
    "Download",
    "DownloadFormat",
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
    "check",
    "check_settings",
    "config_path",
    "download",
    "formats",
    "institution",
    "institution_key",
    "letter_slug",
    "letter_text",
    "load_settings",
    "models",
    "plan_for",
    "plan_html",
    "plan_text",
    "read_config",
    "reason_text",
    "remote_text",
    "singular",
]

DocumentKind = Literal["letter", "plan"]

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


def plan_text(plan: MigrationPlan) -> Texts:
    blocks = plan_blocks(plan)
    first = blocks[0] if blocks else None
    subject = plain(first.children) if isinstance(first, Heading) else plan.institution.name
    return Texts(subject=subject, markdown=to_markdown(blocks))


def plan_html(plan: MigrationPlan, *, top: int = 2) -> str:
    """The plan as an HTML fragment whose first heading is ``<h{top+1}>`` (every text escaped by
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
    """The letter (ending with the plan, as quitx writes it), as Markdown to edit."""
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
    return Texts(subject=document.subject, markdown=to_markdown(document.blocks))


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
    "eml": DownloadFormat("eml", "E-mail (.eml)", "eml", "message/rfc822"),
    "pdf": DownloadFormat("pdf", "PDF", "pdf", "application/pdf"),
}
_OFFERED: Mapping[DocumentKind, tuple[str, ...]] = {
    "letter": ("md", "html", "eml", "pdf"),
    "plan": ("md", "html", "pdf"),
}


def formats(document: DocumentKind) -> tuple[DownloadFormat, ...]:
    """The formats a document downloads in: those the library can write (PDF once it can)."""
    available = set(LETTER_FORMATS)
    return tuple(_FORMATS[f] for f in _OFFERED[document] if f in available)


@dataclass(frozen=True)
class Download:
    content: bytes
    media_type: str
    filename: str


class _AsTyped(Mapping[str, str]):
    """Placeholder values for text a person edited: ``${x}`` stays ``${x}``, it fills nothing."""

    def __getitem__(self, key: str) -> str:
        return "${" + key + "}"

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __bool__(self) -> bool:  # not an empty mapping: the parser takes it as given
        return True

    def __contains__(self, key: object) -> bool:
        return True


_SLUG = re.compile(r"[^a-z0-9-]+")
_NAMES: Mapping[DocumentKind, Mapping[Language, str]] = {
    "letter": {"fr": "lettre", "en": "letter"},
    "plan": {"fr": "plan", "en": "plan"},
}


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
) -> Download:
    """The edited document in ``fmt``. The Markdown is parsed with quitx's markup (links only to
    http(s) and mailto, every text escaped for its format); `InputProblem` for an unknown format."""
    offered = {f.id: f for f in formats(document)}
    chosen = offered.get(fmt)
    if chosen is None:
        raise InputProblem("format", "invalid")
    text = markdown.replace("\r\n", "\n").replace("\r", "\n")
    name = f"{_NAMES[document][language]}-{_SLUG.sub('', slug.lower())[:80] or 'quitx'}.{chosen.extension}"
    if fmt == "md":
        body = text if text.endswith("\n") else text + "\n"
        return Download(body.encode("utf-8"), chosen.media_type, name)
    blocks = parse_markup(text, _AsTyped())
    page = Document(subject=" ".join(subject.split()) or name, blocks=tuple(blocks))
    rendered = render_document(
        page,
        fmt,  # type: ignore[arg-type]  # one of the library's formats (checked above)
        lang=language,
        to=to or None,
        sender_email=sender_email or None,
        when=dt.datetime.now(dt.UTC),
    )
    return Download(rendered.encode("utf-8"), chosen.media_type, name)


# --- words for the report's codes ------------------------------------------------------------------------


def reason_text(reason: models.Reason, language: Language) -> str:
    """Why a place could not be told, in words (the plan's: "délai de réponse dépassé")."""
    return Lang(language)(REASONS[reason].what)


def remote_text(text: str | None, *, html_input: bool = False, limit: int = 300) -> str:
    """Text a server chose (names, bios, hosts), made inert and bounded; the page escapes it."""
    return terminal_safe(text, html_input=html_input, limit=limit)
