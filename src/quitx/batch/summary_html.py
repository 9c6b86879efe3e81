"""``summary.html``: the batch's summary as one self-contained page (no script, no external
resource, printable): the counts as inline SVG charts, then a row per institution. Every piece of
text from the input or the servers is escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Sequence

from .summary import NetworkSummary, SummaryRow, SummaryStats, summary_text

__all__ = ["render_summary_html"]

_COLOURS = {
    "present": "#2e7d32",
    "absent": "#9e9e9e",
    "unknown": "#f9a825",
    "verified": "#1565c0",
    "linked": "#64b5f6",
    "candidate": "#d7dde3",
    "active": "#2e7d32",
    "dormant": "#ef6c00",
    "never_posted": "#bdbdbd",
    "other": "#6d4c41",
}
_LABELS = {"never_posted": "never posted"}

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:72rem;
padding:0 1rem;color:#1a1a1a;line-height:1.4}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem}
.meta{color:#555;font-size:.9rem}.lead{font-size:1.1rem}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem}
figure{margin:0;flex:1 1 20rem;max-width:30rem;border:1px solid #ddd;border-radius:6px;padding:.8rem}
figcaption{font-weight:600;margin-bottom:.4rem}
figure p{font-size:.85rem;color:#444;margin:.3rem 0 0}
svg{width:100%;max-width:26rem;height:auto;display:block}
table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{border-bottom:1px solid #ddd;padding:.35rem .4rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}
.v{display:inline-block;padding:0 .35rem;border-radius:3px;font-weight:600;font-size:.8rem}
.present{background:#e3f1e4;color:#1b5e20}.absent{background:#eee;color:#444}
.unknown{background:#fff3cd;color:#7a5a00}.error{color:#b00020}
.small{color:#555;font-size:.8rem}
.legend{font-size:.8rem;color:#333}
@media print{body{margin:0;max-width:none}figure{break-inside:avoid}tr{break-inside:avoid}
a{color:inherit;text-decoration:none}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""


def _h(text: object) -> str:
    from .._text import terminal_safe

    return html.escape(terminal_safe(str(text), limit=500), quote=True)


def _chart(title: str, series: Sequence[tuple[str, Counter[str]]], keys: Sequence[str]) -> str:
    """A stacked horizontal bar per network, as inline SVG, with the numbers also in text."""
    bar_x, bar_w, row_h = 80, 300, 34
    height = row_h * len(series) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 {height}" role="img" '
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
            w = bar_w * n / total
            name = _LABELS.get(key, key)
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="22" fill="{_COLOURS[key]}">'
                f"<title>{_h(label)}: {n} {_h(name)}</title></rect>"
            )
            if w >= 18:
                dark = key in ("candidate", "never_posted", "linked", "unknown", "absent")
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 15}" font-size="11" text-anchor="middle" '
                    f'fill="{"#111" if dark else "#fff"}">{n}</text>'
                )
            x += w
        if not total:
            parts.append(f'<text x="{bar_x + 6}" y="{y + 15}" font-size="11" fill="#666">none</text>')
    y = height - 12
    x = 0.0
    for key in keys:
        name = _LABELS.get(key, key)
        parts.append(f'<rect x="{x:.0f}" y="{y - 9}" width="10" height="10" fill="{_COLOURS[key]}"/>')
        parts.append(f'<text x="{x + 14:.0f}" y="{y}" font-size="11">{_h(name)}</text>')
        x += 24 + 6.5 * len(name)
    parts.append("</svg>")
    text = "; ".join(
        f"{label}: " + ", ".join(f"{counts[k]} {_LABELS.get(k, k)}" for k in keys) for label, counts in series
    )
    return (
        f"<figure><figcaption>{_h(title)}</figcaption>{''.join(parts)}"
        f'<p class="legend">{_h(text)}</p></figure>'
    )


def _account_html(net: NetworkSummary | None) -> str:
    if net is None:
        return ""
    out = f'<span class="v {_h(net.verdict)}">{_h(net.verdict)}</span>'
    if net.account:
        account = _h(net.account)
        if net.url and net.url.startswith(("https://", "http://")):
            account = f'<a href="{_h(net.url)}" rel="noopener noreferrer nofollow">{account}</a>'
        facts = [net.confidence, _LABELS.get(net.activity, net.activity)]
        if net.followers is not None:
            facts.append(f"{net.followers:,} followers".replace(",", "\u202f"))
        if net.last_post:
            facts.append(f"last post {net.last_post}")
        out += f"<br>{account}<br><span class=small>{_h(' · '.join(f for f in facts if f))}</span>"
    return out


def render_summary_html(rows: Sequence[SummaryRow], *, generated_at: dt.datetime | None = None) -> str:
    """``summary.html``: self-contained (no script, no external resource), printable; every piece
    of text from the input or the servers is escaped."""
    from .._version import version

    stats = SummaryStats.of(rows)
    when = (generated_at or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    networks = ("mastodon", "Mastodon"), ("bluesky", "Bluesky")
    charts = [
        _chart(
            "Presence per network",
            [(label, stats.verdicts[n]) for n, label in networks],
            ("present", "absent", "unknown"),
        ),
        _chart(
            "How sure (best account, where present)",
            [(label, stats.confidence[n]) for n, label in networks],
            ("verified", "linked", "candidate"),
        ),
        _chart(
            "Activity (best account, where present)",
            [(label, stats.activity[n]) for n, label in networks],
            ("active", "dormant", "never_posted", "other"),
        ),
    ]
    body = []
    for row in rows:
        cells = [
            f"<td>{_h(row.name)}</td>",
            f"<td>{_h(row.domain)}</td>",
            f"<td>{_account_html(row.mastodon)}</td>",
            f"<td>{_account_html(row.bluesky)}</td>",
            f"<td>{_h(row.website)}</td>",
            f'<td class="error">{_h(row.error)}</td>' if row.error else "<td></td>",
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    lead = summary_text(stats).splitlines()[0]
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Presence on Mastodon and Bluesky — {stats.institutions} institutions</title>
<style>{_CSS}</style>
</head>
<body>
<h1>Presence on Mastodon and Bluesky</h1>
<p class="meta">{stats.institutions} institutions checked · generated {when} by quitx {_h(version())}</p>
<p class="lead">{_h(lead)}</p>
<section class="charts">
{chr(10).join(charts)}
</section>
<h2>Institutions</h2>
<table>
<thead><tr><th>Institution</th><th>Domain</th><th>Mastodon</th><th>Bluesky</th>
<th>Homepage links to</th><th>Error</th></tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table>
<p class="small"><b>verified</b>: proven to be the institution's (a verified profile link or a
domain handle) · <b>linked</b>: the official site links to it · <b>candidate</b>: found by name only,
could be a fan account or an impersonator · <b>absent</b>: we found no account (every candidate
answered, the search found nobody of that name) · <b>unknown</b>: something could not be checked:
never read it as absent · <b>dormant</b>: no post for more than the dormancy threshold.</p>
</body>
</html>
"""
