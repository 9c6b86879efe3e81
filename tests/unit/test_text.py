"""quitx._text: the one sanitiser (remote text printed can never act on a terminal), and the one
HTML-to-text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from testnet.hostile_world import active, rendered_with

from quitx._text import html_to_text, inert, inert_block, inert_message, inert_span, terminal_safe
from quitx.models import Report
from quitx.output import render_report


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[2J\x1b[31mred\x1b[0m", "␛[2J␛[31mred␛[0m"),  # CSI: clear screen, colours
        (
            "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
            "␛]8;;https://evil.example/␛\\click␛]8;;␛\\",
        ),
        ("ding\x07", "ding␇"),  # BEL
        ("safe\rEVIL", "safe␍EVIL"),  # a lone CR would overwrite the line
        ("\u202eevil.exe", "<U+202E>evil.exe"),  # right-to-left override
        ("\u2066isolate\u2069", "<U+2066>isolate<U+2069>"),
        ("\x9b31m", "<U+009B>31m"),  # the 8-bit CSI
        ("\ud800", "<U+D800>"),  # a lone surrogate cannot even be encoded for the terminal
        ("a\x00b\x7fc", "a␀b␡c"),
        ("Université  Exemple\t\u00e9\u0301 🎓", "Université Exemple é́ 🎓"),
    ],
)
def test_active_characters_are_made_visible(text: str, shown: str) -> None:
    assert inert(text) == shown


def test_the_three_faces() -> None:
    text = "  un\r\ndeux\n\ttrois \u2028quatre  "
    assert inert(text) == "un deux trois quatre"
    assert inert_span(text) == "  un deux  trois  quatre  "
    assert inert_block(text) == "  un\ndeux\n trois  quatre  "


@given(st.text())
def test_nothing_active_survives_and_twice_is_once(text: str) -> None:
    for face in (inert, inert_span, inert_block):
        once = face(text)
        assert not active(once)
        assert face(once) == once
    once = inert_block(text)
    once.encode("utf-8")  # printable on any UTF-8 terminal: no lone surrogate left


@pytest.mark.parametrize(
    ("value", "spaced", "lined"),
    [
        ("<p>Bonjour</p><p>le monde</p>", "Bonjour le monde", "Bonjour\nle monde"),
        ("<p>Un</p> <p>deux</p>", "Un deux", "Un\ndeux"),
        ("a<br>b<br/>c<BR />d", "a b c d", "a\nb\nc\nd"),
        ("<ul><li>un</li><li>deux</li></ul>", "un deux", "un\ndeux"),
        ('#<span class="tag">nobridge</span> ok', "#nobridge ok", "#nobridge ok"),  # a hashtag stays a word
        (
            "Caf&eacute; &amp; th&#233; &lt;b&gt;",
            "Café & thé <b>",
            "Café & thé <b>",
        ),  # decoded, not re-parsed
        ("  <p>trimmed</p>  ", "trimmed", "trimmed"),
        ("no tags at all", "no tags at all", "no tags at all"),
        ("", "", ""),
        (None, "", ""),
    ],
)
def test_html_to_text_reads_server_html_as_one_reads_it(value: str | None, spaced: str, lined: str) -> None:
    assert html_to_text(value) == spaced
    assert html_to_text(value, newlines=True) == lined


def test_html_to_text_is_linear_on_junk() -> None:
    junk = "<" * 200_000 + "a" * 10
    assert html_to_text(junk).endswith("a" * 10)  # an unclosed "<" is text, not a tag swallowing all


def test_html_to_text_does_not_make_text_inert() -> None:
    assert html_to_text("<b>\x1b[2J</b>") == "\x1b[2J"  # terminal_safe or inert do that, where printed


def test_terminal_safe_is_the_sanitiser_with_html_and_a_bound() -> None:
    assert terminal_safe("<p>Bonjour\x1b[2J</p>", html_input=True) == "Bonjour␛[2J"
    assert terminal_safe("x" * 10, limit=5) == "xxxx…"


GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "reports" / "present_verified.json"
HOSTILE = [
    "\x1b]8;;https://evil.example/\x1b\\mastodon\x1b]8;;\x1b\\",
    "4.3\x1b[2J\x07",
    "soc\u202eial.exemple.fr",
    "valid\rFORGED",
    "`rm -rf /`",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_remote_fields_print_inert_in_every_writer(text: str) -> None:
    report = Report.model_validate_json(GOLDEN.read_text(encoding="utf-8"))
    outputs = rendered_with(text, report)
    for where in ("exists table", "report table", "report table fr"):
        assert not active(outputs[where]), outputs[where]
        assert terminal_safe(text, limit=40) in outputs[where]  # shown, made visible, not dropped
    for where in ("report md", "report md fr"):
        assert not active(outputs[where]), outputs[where]
    if "`" in text:  # what was tried, listed in French: its backticks open no code span
        assert "(essayé\u00a0: \\`rm \\-rf /\\`)" in outputs["report md fr"]
    named = report.model_copy(update={"institution": report.institution.model_copy(update={"name": text})})
    markdown = render_report(named, "md")
    assert not re.search(r"(?<!\\)`", markdown.splitlines()[0])  # the name's backticks are escaped


def test_a_message_keeps_its_french_spaces_and_nothing_active() -> None:
    """quitx's own words around values that may be anything: the values made inert as everywhere,
    the no-break spaces of French typography kept (inert collapses them as any whitespace)."""
    said = "«\u202fa\x1b[2Jb\u202f»\u00a0: tiret\n bas\u202f;  fin "
    assert inert_message(said) == "«\u202fa␛[2Jb\u202f»\u00a0: tiret bas\u202f; fin"
    assert inert(said) == "« a␛[2Jb » : tiret bas ; fin"


def test_md_literal_escapes_what_markdown_would_read() -> None:
    from quitx._text import md_literal

    assert md_literal("a [b](c) *d* _e_ `f` <g> &h; #1. |t| ~s~ !i") == (
        r"a \[b\]\(c\) \*d\* \_e\_ \`f\` \<g\> \&h; \#1\. \|t\| \~s\~ \!i"
    )
    assert md_literal("\u202eé\x1b") == r"\<U\+202E\>é␛"  # made visible, then literal
    assert md_literal(None) == ""
