"""What changed, for people and for feeds: Markdown, JSON, HTML and an Atom 1.0 feed.

Institution names, handles and hosts come from remote servers and from Wikidata: each renderer
escapes them for its format (Markdown's punctuation, HTML and XML entities) after making them inert
(`quitx._text`: no control character, no bidi override survives).

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

from .._text import inert
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
_TITLES = {
    ChangeKind.ACCOUNT_APPEARED: "New account",
    ChangeKind.ACCOUNT_VERIFIED: "Account verified",
    ChangeKind.VERIFICATION_LOST: "Verification lost",
    ChangeKind.ACCOUNT_DORMANT: "Account gone quiet",
    ChangeKind.ACCOUNT_ACTIVE_AGAIN: "Account active again",
    ChangeKind.ACCOUNT_MOVED: "Account moved",
    ChangeKind.ACCOUNT_DISAPPEARED: "Account gone",
    ChangeKind.NOT_CONFIRMED: "Not seen again (not checked)",
    ChangeKind.LOOKALIKE_APPEARED: "Look-alike account",
    ChangeKind.LINK_DROPPED: "Website link dropped",
    ChangeKind.LINK_ADDED: "Website link added",
    ChangeKind.INSTANCE_CLOSED: "Instance closed registrations",
    ChangeKind.INSTANCE_REOPENED: "Instance reopened registrations",
    ChangeKind.INSTITUTION_ADDED: "Institution added",
    ChangeKind.INSTITUTION_REMOVED: "Institution removed",
}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def _md(text: str | None) -> str:
    """Remote text as literal Markdown: inert, every punctuation Markdown reads escaped."""
    return _MD_SPECIAL.sub(r"\\\1", inert(text))


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


def _title(change: Change) -> str:
    who = change.institution or change.subject
    return f"{_TITLES[change.kind]}: {who}"


def render_json(report: ChangeReport) -> str:
    return report.model_dump_json(indent=2) + "\n"


def _groups(report: ChangeReport) -> list[tuple[str, str | None, list[Change]]]:
    """The changes by institution (instances last), in order: (name, domain, changes)."""
    groups: list[tuple[str, str | None, list[Change]]] = []
    for change in report.changes:
        name = change.institution or "Instances"
        if not groups or groups[-1][0] != name:
            groups.append((name, change.domain, []))
        groups[-1][2].append(change)
    return groups


def _heading(report: ChangeReport) -> str:
    a, b = report.from_run, report.to_run
    return f"What changed: run {a.id} ({a.started_at:%Y-%m-%d}) → run {b.id} ({b.started_at:%Y-%m-%d})"


def render_markdown(report: ChangeReport) -> str:
    count = len(report.changes)
    lines = [
        f"# {_heading(report)}",
        "",
        f"Source: {_md(report.to_run.source)}. {report.to_run.institutions} institutions in the later run; "
        f"{count} change{'s' if count != 1 else ''}.",
    ]
    if not report.changes:
        lines += ["", "Nothing changed."]
    for name, domain, changes in _groups(report):
        lines += ["", f"## {_md(name)}" + (f" ({_md(domain)})" if domain else ""), ""]
        lines += [f"- **{_TITLES[c.kind]}**: {_md(c.detail)}" for c in changes]
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


def render_html(report: ChangeReport) -> str:
    title = _heading(report)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_h(title)}</h1>",
        f"<p>Source: {_h(report.to_run.source)}. {report.to_run.institutions} institutions in the later run; "
        f"{len(report.changes)} changes.</p>",
    ]
    if not report.changes:
        out.append("<p>Nothing changed.</p>")
    for name, domain, changes in _groups(report):
        out += [f"<h2>{_h(name)}" + (f" <small>{_h(domain)}</small>" if domain else "") + "</h2>", "<ul>"]
        for change in changes:
            tone = _tone(change)
            css = f"kind {tone}" if tone else "kind"
            out.append(f'<li><span class="{css}">{_h(_TITLES[change.kind])}</span>: {_h(change.detail)}</li>')
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
    title: str = "quitx observatory: what changed",
    self_url: str | None = None,
    author: str = "quitx",
) -> str:
    """An Atom 1.0 feed (RFC 4287) of the changes in ``reports`` (newest first). ``feed_id`` is the
    feed's permanent IRI (say the URL it is published at)."""
    entries: list[str] = []
    updated = None
    for report in reports:
        when = _when(report.to_run.finished_at)
        updated = max(updated or when, when)
        for change in report.changes:
            entries.append(
                "  <entry>\n"
                f"    <id>{xml_escape(entry_id(report, change))}</id>\n"
                f"    <title>{_x(_title(change))}</title>\n"
                f"    <updated>{when}</updated>\n"
                f"    <category term={quoteattr(change.kind.value)}/>\n"
                f'    <summary type="text">{_x(change.detail)}</summary>\n'
                "  </entry>"
            )
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <id>{xml_escape(feed_id)}</id>",
        f"  <title>{_x(title)}</title>",
        f"  <updated>{updated or _when(dt.datetime.now(dt.UTC))}</updated>",
        f"  <author><name>{_x(author)}</name></author>",
        '  <generator uri="https://pypi.org/project/quitx/">quitx</generator>',
    ]
    if self_url:
        head.append(f'  <link rel="self" href={quoteattr(self_url)}/>')
    return "\n".join([*head, *entries, "</feed>"]) + "\n"


def render_changes(report: ChangeReport, fmt: str) -> str:
    """``report`` in ``fmt`` (md, json, html; atom: a feed of this one report, id from its runs)."""
    if fmt == "md":
        return render_markdown(report)
    if fmt == "json":
        return render_json(report)
    if fmt == "html":
        return render_html(report)
    if fmt == "atom":
        return render_atom([report], feed_id=f"urn:uuid:{uuid.uuid5(_NAMESPACE, report.to_run.source)}")
    raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
