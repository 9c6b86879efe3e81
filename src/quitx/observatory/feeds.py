"""What changed, for people and for feeds: Markdown, JSON, HTML and an Atom 1.0 feed.

Markdown, HTML and Atom speak the language they are given (``language``: the run's), its dates and
numbers as it writes them (7 décembre 2026, 1 200), its words typeset as `quitx.i18n.typography`
says; JSON carries the codes (and each change's English ``detail``), the same in every language.

Institution names, handles and hosts come from remote servers and from Wikidata: each renderer
escapes them for its format (Markdown's punctuation, HTML and XML entities) after making them inert
(`quitx._text`: no control character, no bidi override survives), and only them: the words around
them are quitx's own, with no markup in them.

An Atom entry's id is stable: the same change between the same two runs gets the same
``urn:uuid:`` (a UUID 5 of the later run's start, the kind, the institution and the subject),
however often the feed is written; a feed reader shows each change once.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid
from collections.abc import Sequence
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from .._text import inert, md_literal
from ..i18n import Lang, Language
from ..i18n.typography import typeset
from . import wording as w
from .change_text import change_sentence, change_title
from .changes import Change, ChangeKind, ChangeReport

__all__ = [
    "FORMATS",
    "entry_id",
    "render_atom",
    "render_changes",
    "render_html",
    "render_json",
    "render_markdown",
]

FORMATS = ("md", "json", "html", "atom")
_NAMESPACE = uuid.UUID("2f0e8f3c-5b8e-5b0c-9a57-7f4f1c0b2d11")  # quitx's change ids
_md = md_literal  # remote text in the Markdown report


def _h(text: str | None) -> str:
    return html.escape(inert(text), quote=True)


_NOT_XML = re.compile("[\ufffe\uffff]")


def _x(text: str | None) -> str:
    """Remote text as XML character data: inert, no character XML 1.0 forbids, escaped."""
    return xml_escape(_NOT_XML.sub("\ufffd", inert(text)))


def _when(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _entry_title(change: Change, lang: Lang) -> str:
    """ "Website link dropped: Université Exemple", as XML character data."""
    return lang(w.ENTRY_TITLE, title=change_title(change, lang), who=_x(change.institution or change.subject))


def render_json(report: ChangeReport) -> str:
    return report.model_dump_json(indent=2) + "\n"


def _groups(report: ChangeReport) -> list[tuple[str | None, str | None, list[Change]]]:
    """The changes by institution (instances last, under None), in order: (name, domain, changes)."""
    groups: list[tuple[str | None, str | None, list[Change]]] = []
    for change in report.changes:
        name = change.institution
        if not groups or groups[-1][0] != name:
            groups.append((name, change.domain, []))
        groups[-1][2].append(change)
    return groups


def _day(moment: dt.datetime, lang: Lang) -> str:
    """A run's day as the language writes it in a document: "7 décembre 2026", "7 December 2026"."""
    return typeset(lang.date(moment.date()), lang.code)


def _heading(report: ChangeReport, lang: Lang) -> str:
    a, b = report.from_run, report.to_run
    return lang(
        w.HEADING,
        first=str(a.id),
        first_day=_day(a.started_at, lang),
        last=str(b.id),
        last_day=_day(b.started_at, lang),
    )


def _about(report: ChangeReport, lang: Lang, source: str) -> str:
    """ "Source: …. 7 institutions in the later run; 3 changes." (``source`` escaped already)."""
    return lang(
        w.SOURCE,
        source=source,
        institutions=lang.count(report.to_run.institutions, *w.IN_THE_LATER_RUN),
        changes=lang.count(len(report.changes), *w.CHANGES),
    )


def render_markdown(report: ChangeReport, language: Language = "en") -> str:
    """``report`` as Markdown, in ``language``; remote text escaped as literal Markdown."""
    lang = Lang(language)
    lines = [f"# {_heading(report, lang)}", "", _about(report, lang, _md(report.to_run.source))]
    if not report.changes:
        lines += ["", lang(w.NOTHING_CHANGED)]
    for name, domain, changes in _groups(report):
        title = _md(name) if name is not None else lang(w.INSTANCES)
        lines += ["", f"## {title}" + (f" ({_md(domain)})" if domain else ""), ""]
        lines += [
            f"- **{change_title(c, lang)}**{lang.sep()}{change_sentence(c, lang, escape=_md)}"
            for c in changes
        ]
    return "\n".join(lines) + "\n"


_CSS = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.5rem}li{margin:.3rem 0}
.kind{font-weight:600}.bad{color:#a40000}.good{color:#1b6e20}small{color:#666}"""
_GOOD = {
    ChangeKind.ACCOUNT_APPEARED,
    ChangeKind.ACCOUNT_VERIFIED,
    ChangeKind.ACCOUNT_ACTIVE_AGAIN,
    ChangeKind.INSTANCE_REOPENED,
}
_BAD = {
    ChangeKind.VERIFICATION_LOST,
    ChangeKind.ACCOUNT_DISAPPEARED,
    ChangeKind.LOOKALIKE_APPEARED,
    ChangeKind.INSTANCE_CLOSED,
    ChangeKind.ACCOUNT_DORMANT,
}


def _tone(change: Change) -> str:
    if change.kind is ChangeKind.LINK_DROPPED:
        return "good" if change.subject in ("x", "facebook", "instagram", "threads") else "bad"
    if change.kind is ChangeKind.LINK_ADDED:
        return "good" if change.subject in ("mastodon", "bluesky") else "bad"
    return "good" if change.kind in _GOOD else "bad" if change.kind in _BAD else ""


def render_html(report: ChangeReport, language: Language = "en") -> str:
    """``report`` as a page, in ``language``; remote text escaped."""
    lang = Lang(language)
    title = html.escape(_heading(report, lang))
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang.code}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title><style>{_CSS}</style></head><body>",
        f"<h1>{title}</h1>",
        f"<p>{_about(report, lang, _h(report.to_run.source))}</p>",
    ]
    if not report.changes:
        out.append(f"<p>{html.escape(lang(w.NOTHING_CHANGED))}</p>")
    for name, domain, changes in _groups(report):
        heading = _h(name) if name is not None else html.escape(lang(w.INSTANCES))
        out += [f"<h2>{heading}" + (f" <small>{_h(domain)}</small>" if domain else "") + "</h2>", "<ul>"]
        for change in changes:
            tone = _tone(change)
            css = f"kind {tone}" if tone else "kind"
            kind = html.escape(change_title(change, lang))
            said = change_sentence(change, lang, escape=_h)
            out.append(f'<li><span class="{css}">{kind}</span>{lang.sep()}{said}</li>')
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def entry_id(report: ChangeReport, change: Change) -> str:
    """The change's stable id: ``urn:uuid:`` + a UUID 5 of what makes it this change."""
    name = "|".join(
        [
            _when(report.to_run.started_at),
            change.kind.value,
            change.institution_key or "",
            change.platform or "",
            change.subject,
        ]
    )
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, name)}"


def render_atom(
    reports: Sequence[ChangeReport],
    *,
    feed_id: str,
    title: str | None = None,
    self_url: str | None = None,
    author: str = "quitx",
    language: Language = "en",
) -> str:
    """An Atom 1.0 feed (RFC 4287) of the changes in ``reports`` (newest first), in ``language``.
    ``feed_id`` is the feed's permanent IRI (say the URL it is published at); ``title`` defaults
    to "quitx observatory: what changed" in ``language``."""
    lang = Lang(language)
    entries: list[str] = []
    updated = None
    for report in reports:
        when = _when(report.to_run.finished_at)
        updated = max(updated or when, when)
        for change in report.changes:
            entries.append(
                "  <entry>\n"
                f"    <id>{xml_escape(entry_id(report, change))}</id>\n"
                f"    <title>{_entry_title(change, lang)}</title>\n"
                f"    <updated>{when}</updated>\n"
                f"    <category term={quoteattr(change.kind.value)}/>\n"
                f'    <summary type="text">{change_sentence(change, lang, escape=_x)}</summary>\n'
                "  </entry>"
            )
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang.code}">',
        f"  <id>{xml_escape(feed_id)}</id>",
        f"  <title>{xml_escape(lang(w.FEED_TITLE)) if title is None else _x(title)}</title>",
        f"  <updated>{updated or _when(dt.datetime.now(dt.UTC))}</updated>",
        f"  <author><name>{_x(author)}</name></author>",
        '  <generator uri="https://pypi.org/project/quitx/">quitx</generator>',
    ]
    if self_url:
        head.append(f'  <link rel="self" href={quoteattr(self_url)}/>')
    return "\n".join([*head, *entries, "</feed>"]) + "\n"


def render_changes(report: ChangeReport, fmt: str, language: Language = "en") -> str:
    """``report`` in ``fmt`` (md, json, html; atom: a feed of this one report, id from its runs),
    in ``language`` (JSON: codes, the same in every language)."""
    if fmt == "md":
        return render_markdown(report, language)
    if fmt == "json":
        return render_json(report)
    if fmt == "html":
        return render_html(report, language)
    if fmt == "atom":
        feed_id = f"urn:uuid:{uuid.uuid5(_NAMESPACE, report.to_run.source)}"
        return render_atom([report], feed_id=feed_id, language=language)
    raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
