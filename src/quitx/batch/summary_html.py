"""``summary.html``: the batch's summary as one self-contained page (no script, no external
resource, printable), in the run's language: the counts as inline SVG charts, then a row per
institution with a link to its letter when one was written beside it. Every piece of text from
the input or the servers is escaped.

The counts go by what is proven (`quitx.batch.summary.STANDINGS`): verified and linked accounts
are the institution's presence; an account found by name only is shown apart, as a candidate, and
never counted as present. No code reaches the page: verdicts, reasons and activities are words.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ..i18n import Lang
from . import wording as w
from .summary import CHARTED_ACTIVITIES, STANDINGS, NetworkSummary, SummaryRow, SummaryStats, summary_text

if TYPE_CHECKING:
    from ..i18n import Language, Msg

__all__ = ["render_summary_html"]

_COLOURS = {
    "verified": "#1b5e20",
    "linked": "#66bb6a",
    "candidate": "#ffcc80",
    "absent": "#9e9e9e",
    "unknown": "#f9a825",
    "active": "#2e7d32",
    "dormant": "#ef6c00",
    "never_posted": "#bdbdbd",
    "other": "#6d4c41",
}
_DARK_TEXT = {"linked", "candidate", "unknown", "never_posted", "absent"}  # light fills: dark numbers

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:72rem;
padding:0 1rem;color:#1a1a1a;line-height:1.4}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem}
.meta{color:#555;font-size:.9rem}.lead{font-size:1.1rem}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem}
figure{margin:0;flex:1 1 20rem;max-width:34rem;border:1px solid #ddd;border-radius:6px;padding:.8rem}
figcaption{font-weight:600;margin-bottom:.4rem}
figure p{font-size:.85rem;color:#444;margin:.3rem 0 0}
svg{width:100%;max-width:30rem;height:auto;display:block}
table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{border-bottom:1px solid #ddd;padding:.35rem .4rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}
.v{display:inline-block;padding:0 .35rem;border-radius:3px;font-weight:600;font-size:.8rem;white-space:nowrap}
.verified{background:#1b5e20;color:#fff}.linked{background:#c8e6c9;color:#1b5e20}
.candidate{background:#fff3e0;color:#8a4b00;border:1px dashed #e0a040}
.absent{background:#eee;color:#444}.unknown{background:#fff3cd;color:#7a5a00}.error{color:#b00020}
.small{color:#555;font-size:.8rem}.nowrap{white-space:nowrap}
.legend{font-size:.8rem;color:#333}
@media print{body{margin:0;max-width:none}figure{break-inside:avoid}tr{break-inside:avoid}
a{color:inherit;text-decoration:none}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""


def _h(text: object) -> str:
    """Text for the page, escaped; its French spacing kept (`quitx.i18n.typography`)."""
    from .._text import terminal_safe

    return html.escape(terminal_safe(str(text), limit=500, message=True), quote=True)


def _nowrap(text: str) -> str:
    """Escaped text that the browser keeps on one line (a date, a count)."""
    return f'<span class="nowrap">{_h(text)}</span>'


_SLOT = "@@quitx-slot@@"  # where markup goes into a sentence once the sentence is escaped


def _sentence(text_with_slot: str, markup: str) -> str:
    """A sentence filled with ``_SLOT`` where ``markup`` goes: the sentence escaped, then the markup
    put in (the markup is escaped by whoever built it)."""
    return _h(text_with_slot).replace(_SLOT, markup)


def _labels(lang: Lang) -> dict[str, str]:
    from ..i18n.common import ACTIVITY
    from ..models import Activity

    labels = {key: lang(msg) for key, msg in w.STANDING_LABEL.items()}
    labels.update({a.value: lang(ACTIVITY[a]) for a in Activity if a.value in CHARTED_ACTIVITIES})
    labels["other"] = lang(w.ACTIVITY_LABEL_OTHER)
    return labels


def _chart(
    title: str,
    series: Sequence[tuple[str, Counter[str]]],
    keys: Sequence[str],
    labels: Mapping[str, str],
    lang: Lang,
) -> str:
    """A stacked horizontal bar per network, as inline SVG, with the numbers also in text."""
    bar_x, bar_w, row_h = 80, 340, 34
    legend_rows = 2 if len(keys) > 4 else 1
    height = row_h * len(series) + 18 * legend_rows + 12
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 440 {height}" role="img" '
        f'aria-label="{_h(title)}">'
    ]
    for i, (label, counts) in enumerate(series):
        y = 6 + i * row_h
        total = sum(counts[k] for k in keys)
        parts.append(f'<text x="0" y="{y + 16}" font-size="13">{_h(label)}</text>')
        parts.append(f'<rect x="{bar_x}" y="{y}" width="{bar_w}" height="22" fill="#fafafa" stroke="#ccc"/>')
        x = float(bar_x)
        for key in keys:
            n = counts[key]
            if not n or not total:
                continue
            width = bar_w * n / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="22" fill="{_COLOURS[key]}">'
                f"<title>{_h(label)}: {n} {_h(labels[key])}</title></rect>"
            )
            if width >= 18:
                fill = "#111" if key in _DARK_TEXT else "#fff"
                parts.append(
                    f'<text x="{x + width / 2:.1f}" y="{y + 15}" font-size="11" text-anchor="middle" '
                    f'fill="{fill}">{n}</text>'
                )
            x += width
        if not total:
            parts.append(
                f'<text x="{bar_x + 6}" y="{y + 15}" font-size="11" fill="#666">{_h(lang(w.NONE_YET))}</text>'
            )
    y = row_h * len(series) + 20
    x = 0.0
    for index, key in enumerate(keys):
        if legend_rows == 2 and index == 3:
            y, x = y + 18, 0.0
        name = labels[key]
        parts.append(f'<rect x="{x:.0f}" y="{y - 9}" width="10" height="10" fill="{_COLOURS[key]}"/>')
        parts.append(f'<text x="{x + 14:.0f}" y="{y}" font-size="11">{_h(name)}</text>')
        x += 30 + 6.2 * len(name)
    parts.append("</svg>")
    sep = lang.sep(":")
    text = lang.sep(";").join(
        f"{label}{sep}" + ", ".join(f"{counts[k]} {labels[k]}" for k in keys) for label, counts in series
    )
    return (
        f"<figure><figcaption>{_h(title)}</figcaption>{''.join(parts)}"
        f'<p class="legend">{_h(text)}</p></figure>'
    )


def _account_html(net: NetworkSummary | None, labels: Mapping[str, str], lang: Lang) -> str:
    from ..i18n.common import ACTIVITY
    from ..models import Activity

    if net is None:
        return ""
    standing = net.standing
    out = f'<span class="v {standing}">{_h(labels[standing])}</span>'
    if net.account:
        account = _h(net.account)
        if net.url and net.url.startswith(("https://", "http://")):
            account = f'<a href="{_h(net.url)}" rel="noopener noreferrer nofollow">{account}</a>'
        facts: list[str] = []
        if net.activity in {a.value for a in Activity}:
            facts.append(_h(lang(ACTIVITY[Activity(net.activity)])))
        if net.followers is not None:
            facts.append(_nowrap(lang.count(net.followers, *w.FOLLOWERS)))
        if net.last_post:
            try:
                day = lang.date(dt.date.fromisoformat(net.last_post))
            except ValueError:
                day = net.last_post
            facts.append(_sentence(lang(w.LAST_POST, date=_SLOT), _nowrap(day)))
        out += f"<br>{account}<br><span class=small>{' · '.join(facts)}</span>"
    return out


def _website_html(row: SummaryRow, lang: Lang) -> str:
    from ..i18n.common import REASONS
    from ..models import LinkPlatform, Reason

    if row.website_unread:
        try:
            why = lang(REASONS[Reason(row.website_unread)].what)
        except (KeyError, ValueError):
            why = row.website_unread
        return _h(lang(w.HOMEPAGE_NOT_READ, why=why))
    if row.website_links is None:
        return ""
    if not row.website_links:
        return _h(lang(w.NO_NETWORK))
    names = []
    for code in row.website_links:
        try:
            names.append(LinkPlatform(code).label)
        except ValueError:
            names.append(code)
    return _h(", ".join(names))


def _letter_html(row: SummaryRow, lang: Lang) -> str:
    if not row.letter:
        return ""
    from urllib.parse import quote

    return f'<a class="nowrap" href="{_h(quote(row.letter))}">{_h(lang(w.LETTER_LINK))}</a>'


def _when(moment: dt.datetime, lang: Lang) -> str:
    moment = moment.astimezone(dt.UTC)
    return f"{lang.date(moment.date())}, {moment:%H:%M} UTC"


def render_summary_html(
    rows: Sequence[SummaryRow], *, generated_at: dt.datetime | None = None, language: Language = "en"
) -> str:
    """``summary.html`` in ``language``: self-contained (no script, no external resource),
    printable; every piece of text from the input or the servers is escaped."""
    from .._version import version

    lang = Lang(language)
    labels = _labels(lang)
    stats = SummaryStats.of(rows)
    when = _when(generated_at or dt.datetime.now(dt.UTC), lang)
    networks = ("mastodon", "Mastodon"), ("bluesky", "Bluesky")
    charts = [
        _chart(
            lang(w.CHART_STANDING),
            [(label, stats.standing[n]) for n, label in networks],
            STANDINGS,
            labels,
            lang,
        ),
        _chart(
            lang(w.CHART_ACTIVITY),
            [(label, stats.activity[n]) for n, label in networks],
            CHARTED_ACTIVITIES,
            labels,
            lang,
        ),
    ]
    letters = any(row.letter for row in rows)
    body = []
    for row in rows:
        cells = [
            f"<td>{_h(row.name)}</td>",
            f"<td>{_h(row.domain)}</td>",
            f"<td>{_account_html(row.mastodon, labels, lang)}</td>",
            f"<td>{_account_html(row.bluesky, labels, lang)}</td>",
            f"<td>{_website_html(row, lang)}</td>",
            *([f"<td>{_letter_html(row, lang)}</td>"] if letters else []),
            f'<td class="error">{_h(row.error)}</td>' if row.error else "<td></td>",
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    heads: list[Msg] = [w.COLUMN_INSTITUTION, w.COLUMN_DOMAIN]
    tail: list[Msg] = [w.COLUMN_WEBSITE, *([w.COLUMN_LETTER] if letters else []), w.COLUMN_ERROR]
    header = "".join(f"<th>{_h(lang(m))}</th>" for m in heads)
    header += "<th>Mastodon</th><th>Bluesky</th>" + "".join(f"<th>{_h(lang(m))}</th>" for m in tail)
    lead = summary_text(stats, language).splitlines()[0]
    title = lang(w.HTML_TITLE)
    meta = _sentence(
        lang.count(stats.institutions, *w.HTML_META, when=_SLOT, version=version()), _nowrap(when)
    )
    return f"""<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{_h(lang.count(stats.institutions, *w.HTML_TITLE_COUNT, title=title))}</title>
<style>{_CSS}</style>
</head>
<body>
<h1>{_h(title)}</h1>
<p class="meta">{meta}</p>
<p class="lead">{_h(lead)}</p>
<section class="charts">
{chr(10).join(charts)}
</section>
<h2>{_h(lang(w.INSTITUTIONS))}</h2>
<table>
<thead><tr>{header}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table>
<p class="small">{lang(w.LEGEND)}</p>
</body>
</html>
"""
