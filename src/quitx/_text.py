"""Remote text: made inert (the one sanitiser of every text that quitx prints or writes), and read
out of HTML (the one HTML-to-text).

Servers choose display names, bios, NodeInfo software names, host names in links, Bluesky
verification statuses, error messages. Printed raw, such text acts on the reader's terminal: ESC
starts CSI sequences (clear the screen, colours, cursor moves) and OSC sequences (OSC 8 turns text
into a link to anywhere, OSC 52 writes the clipboard), BEL rings, CR sends the cursor back to
overwrite the line, and Unicode's bidi controls (U+202E RIGHT-TO-LEFT OVERRIDE…) reorder what is
shown, so that a line reads otherwise than it is.

Every such character is **made visible**, never interpreted and never silently dropped (the
reader sees that something odd was there):

* C0 controls become their Unicode *control pictures* (ESC → ␛, BEL → ␇, a lone CR → ␍, NUL → ␀),
  DEL becomes ␡; so ``ESC [ 2 J`` prints as the harmless text ``␛[2J`` and an OSC 8 link as
  ``␛]8;;https://…␛\\``;
* C1 controls (U+0080–U+009F: the 8-bit CSI U+009B among them), the bidi controls (U+061C,
  U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and lone surrogates become ``<U+202E>``;
* tab, vertical tab, form feed and the Unicode line and paragraph separators become a space;
  CR LF is a line break.

Three faces, one rule set: `inert` (one line, runs of spaces collapsed: a field), `inert_span`
(one line, spacing kept: a piece of a sentence), `inert_block` (line breaks kept: a whole output
or a code block). The result holds no character that a terminal interprets, and sanitising it
again changes nothing. `terminal_safe` is `inert` with a length bound, for a table cell.

Servers also send HTML where people write text (a Mastodon note, a field value, a status):
`html_to_text` reads it as one reads it — tags dropped, entities decoded, ``<br>`` and the end of
a paragraph or list item as a break — without ever being a parser (a bounded tag pattern, linear).
"""

from __future__ import annotations

import html
import re
import textwrap

__all__ = ["html_to_text", "inert", "inert_block", "inert_message", "inert_span", "terminal_safe"]

_ACTIVE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]|\r(?!\n)"
)
_SPACES = re.compile("[\t\x0b\x0c\u2028\u2029]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the control pictures block: ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def inert_block(text: str | None) -> str:
    """``text`` with line breaks kept (CR LF becomes LF) and every active character visible."""
    if not text:
        return ""
    return _SPACES.sub(" ", _ACTIVE.sub(_visible, text)).replace("\r\n", "\n")


def inert_span(text: str | None) -> str:
    """``text`` on one line, its spacing kept (a line break is a space)."""
    return inert_block(text).replace("\n", " ")


def inert(text: str | None) -> str:
    """``text`` on one line, runs of whitespace collapsed to one space, ends trimmed."""
    return " ".join(inert_block(text).split())


# whitespace a line may hold in runs, to collapse: all but the no-break spaces French puts before
# its colons and inside its guillemets (U+00A0, U+202F), which are typography, not layout
_RUN = re.compile(r"[^\S\u00a0\u202f]+")


def inert_message(text: str | None) -> str:
    """A message quitx writes for a person (an error, a notice: words of its own around values
    that may be anything) as `inert` makes it, its French no-break spaces kept (the rule of
    `quitx.i18n.typography`: `inert` would make them plain spaces)."""
    return _RUN.sub(" ", inert_block(text)).strip()


_BREAK = re.compile(r"<\s*br\b[^>]{0,2000}>|<\s*/\s*(?:p|li)\s*>\s*", re.IGNORECASE)
_TAG = re.compile(r"<[^>]{0,2000}>")


def html_to_text(value: str | None, *, newlines: bool = False) -> str:
    """Server HTML as the text one reads: a ``<br>``, the end of a paragraph or of a list item is a
    line break with ``newlines`` (a space without), other tags go, entities are decoded, the ends
    are trimmed. A Mastodon hashtag (``#<span>tag</span>``) stays one word. Not made inert."""
    if not value:
        return ""
    text = _BREAK.sub("\n" if newlines else " ", value)
    return html.unescape(_TAG.sub("", text)).strip()


def terminal_safe(
    text: str | None, *, html_input: bool = False, limit: int = 300, message: bool = False
) -> str:
    """Remote text made inert for a terminal (`inert`: one line), read out of HTML first with
    ``html_input``, and cut at ``limit`` characters (an ellipsis says so). ``message``: a message
    quitx wrote around such text, made inert by `inert_message` (its French spacing kept)."""
    if not text:
        return ""
    text = html_to_text(text) if html_input else text
    text = inert_message(text) if message else inert(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- the pieces of a document's text renderers (quitx.doc) that are only about strings ---------------

_ASCII_SPACES = re.compile(r"[ \t\n\r]+")  # not the no-break spaces typography put in


def find_unescaped(source: str, token: str, start: int) -> int:
    """Where ``token`` next occurs in ``source`` from ``start``, not preceded by a backslash; -1."""
    i = start
    while True:
        j = source.find(token, i)
        if j == -1:
            return -1
        if j > 0 and source[j - 1] == "\\":
            i = j + 1
            continue
        return j


def md_code(text: str) -> str:
    """``text`` as a Markdown code span, fenced by more backticks than it holds."""
    text = inert_span(text).replace("\n", " ")
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~&])")


def md_literal(text: str | None) -> str:
    """Remote text as literal Markdown: inert (`inert`), and every punctuation Markdown or its HTML
    would read escaped with a backslash — no link, emphasis, heading, list, table, tag or entity
    can come from it."""
    return _MD_SPECIAL.sub(r"\\\1", inert(text))


def md_fence(text: str) -> str:
    """A code block's fence, longer than any run of backticks in ``text``."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def text_table(cells: list[list[str]], width: int, colon: str = ": ") -> str:
    """Rows of cells (the header first) as plain text columns, or, too wide, one paragraph per row
    of "header: cell" lines (``colon`` as the document's language writes it: "\u00a0: " in French)."""
    rows = [[_ASCII_SPACES.sub(" ", cell).strip() for cell in row] for row in cells]
    widths = [max(len(row[i]) for row in rows if i < len(row)) for i in range(len(rows[0]))]
    if sum(widths) + 2 * (len(widths) - 1) > width:
        return "\n\n".join(
            "\n".join(
                textwrap.fill(
                    f"{head}{colon}{cell}", width=width, subsequent_indent="  ", break_on_hyphens=False
                )
                for head, cell in zip(rows[0], row, strict=False)
                if cell
            )
            for row in rows[1:]
        )
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
