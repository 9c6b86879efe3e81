"""quitx.i18n.typography: the one rule of French typography — held by every French word quitx
prints or writes (a test walks them all) — and `typeset`, which applies it to a document's text,
never inside what must stay as typed."""

from __future__ import annotations

import dataclasses
import importlib
import re
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quitx.i18n import Lang, Msg
from quitx.i18n.typography import NBSP, NNBSP, typeset

# --- the rule, in every French word quitx prints (terminal, CSV) or writes (documents) -------------------

# the tables of words for people: the terminal's (errors, messages, tables, prompts, argparse's errors),
# the batch's and the observatory's, and the web page's
WORDS = (
    "quitx.errors.wording",
    "quitx.cli.wording",
    "quitx.cli.usage_words",
    "quitx.cli.progress",
    "quitx.batch.wording",
    "quitx.apply.wording",
    "quitx.observatory.wording",
    "quitx.login.wording",
    "quitx.letter.notices",
    "quitx.i18n.common",
    "quitx.i18n.results",
    "quitx.i18n.sectors",
    "quitx.i18n.messages",
    "quitx.secrets",
    "quitx.known_instances",
    "quitx.web.wording",
)
# the plan's and the letter's words: their renderers typeset the whole text (`typeset`), values too
TYPESET_WHEN_RENDERED = ("quitx.plan.wording", "quitx.letter.phrases")
SRC = Path(__file__).resolve().parents[3] / "src"


def _walk(value: object, where: str, out: list[tuple[str, str]], depth: int = 0) -> None:
    if isinstance(value, Msg):
        out.append((where, value.fr))
    elif depth > 3 or isinstance(value, str | type):
        return
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _walk(item, f"{where}[{key}]", out, depth + 1)
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            _walk(item, f"{where}[{index}]", out, depth + 1)
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            _walk(getattr(value, field.name), f"{where}.{field.name}", out, depth + 1)


def french_words() -> list[tuple[str, str]]:
    """Every French message of the tables, with where it is kept."""
    out: list[tuple[str, str]] = []
    for name in WORDS:
        for attr, value in vars(importlib.import_module(name)).items():
            if not attr.startswith("__"):
                _walk(value, f"{name}.{attr}", out)
    from quitx.cli import usage_words

    out += [(f"usage_words._FRENCH[{i}]", french) for i, (_, french) in enumerate(usage_words._FRENCH)]
    return out


def breaks_the_rule(text: str) -> list[str]:
    """What of the rule ``text`` breaks: quoted values, placeholders, URLs and what a program wrote
    ('…', ?item) are values, left as they are."""
    broken = []
    if "« " in text or " »" in text:
        broken.append("guillemets want narrow no-break spaces inside")
    words = re.sub(r"«\u202f.*?\u202f»|\$\{\w+\}|https?://\S+|'[^']*'|\?item", "", text)
    if re.search(r"[^\u00a0]:(\s|$)", words):
        broken.append("the colon wants a no-break space before it")
    if re.search(r"[^\u202f][;?!]", words):
        broken.append("; ? ! want a narrow no-break space before them")
    if "'" in words:
        broken.append("the typographic apostrophe (’)")
    return broken


def test_every_french_word_follows_the_rule() -> None:
    """A no-break space before the colon, a narrow one before ; ? ! and inside « », the typographic
    apostrophe: never the plain space or quote a keyboard gives, so that one line never mixes both."""
    words = french_words()
    assert len(words) > 800
    broken = {where: why for where, text in words if (why := breaks_the_rule(text))}
    assert broken == {}


def test_no_table_of_words_is_left_out() -> None:
    """A new module of messages is walked by the test above, or typeset when rendered."""
    kept = {
        ".".join(path.relative_to(SRC).with_suffix("").parts)
        for path in (SRC / "quitx").rglob("*.py")
        if re.search(r"\bMsg\(\s*\"", path.read_text(encoding="utf-8"))
    }
    assert kept <= {*WORDS, *TYPESET_WHEN_RENDERED}, kept - {*WORDS, *TYPESET_WHEN_RENDERED}


def test_the_marks_and_quotes_put_between_words_follow_it() -> None:
    fr, en = Lang("fr"), Lang("en")
    assert [fr.sep(m) for m in ":;?!"] == [f"{NBSP}: ", f"{NNBSP}; ", f"{NNBSP}? ", f"{NNBSP}! "]
    assert fr.quote("a b") == f"«{NNBSP}a b{NNBSP}»" and not breaks_the_rule(fr.quote("x") + fr.sep() + "y")
    assert (en.sep(), en.quote("a b")) == (": ", "'a b'")
    assert breaks_the_rule("erreur : x") and breaks_the_rule("« x »") and breaks_the_rule("l'erreur")


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("Objet : présence sur X", f"Objet{NBSP}: présence sur X"),
        ("Objet: présence", f"Objet{NBSP}: présence"),
        ("Envisagez-vous de quitter X ?", f"Envisagez-vous de quitter X{NNBSP}?"),
        ("ouvertes ; fermées", f"ouvertes{NNBSP}; fermées"),
        ("Quoi ?!", f"Quoi{NNBSP}?!"),
        ("« un trop-plein de haine »", f"«{NNBSP}un trop-plein de haine{NNBSP}»"),
        ("«nouveau foyer»", f"«{NNBSP}nouveau foyer{NNBSP}»"),
        ("l'université d'Aix", "l’université d’Aix"),
        ("20 000 abonnés, 2 200 000 vues", f"20{NNBSP}000 abonnés, 2{NNBSP}200{NNBSP}000 vues"),
        ("le 7 décembre 2026, le 1er janvier", f"le 7{NBSP}décembre 2026, le 1er{NBSP}janvier"),
        ("en 2024 et 2025", "en 2024 et 2025"),
    ],
)
def test_french(typed: str, printed: str) -> None:
    assert typeset(typed, "fr") == printed


@pytest.mark.parametrize(
    "kept",
    [
        "https://example.org/a?b=c;d",
        "mailto:direction@univ.fr?subject=x",
        "@actualites@lyon.fr",
        "did:plc:abc:def",
        "at://did:plc:x/app.bsky.feed.post/1",
        "14:30",
        'rel="me"',
        "${institution}",
        "jean.o'neil@example.org",
    ],
)
def test_what_must_stay_as_typed(kept: str) -> None:
    assert typeset(f"voir {kept} ici", "fr") == f"voir {kept} ici"


def test_a_mark_after_a_link_or_at_the_start() -> None:
    assert typeset(" : la suite", "fr", first=False) == f"{NBSP}: la suite"
    assert typeset("? Oui.", "fr", first=False) == f"{NNBSP}? Oui."
    assert typeset("» dit-il", "fr", first=False) == f"{NNBSP}» dit-il"
    assert typeset(": rien avant", "fr") == ": rien avant"


def test_english_gets_its_apostrophe_only() -> None:
    assert typeset("Meta's networks: why? It's «fine»", "en") == "Meta’s networks: why? It’s «fine»"


@given(st.text(max_size=120))
def test_twice_is_once(text: str) -> None:
    once = typeset(text, "fr")
    assert typeset(once, "fr") == once
