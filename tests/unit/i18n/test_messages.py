"""quitx.i18n.messages: Msg and Lang, and the rules every catalogue of messages keeps."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import pkgutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from string import Template

import pytest

import quitx
from quitx.i18n import AND, OR, Lang, Msg, language_of
from quitx.letter.phrases import NAME_FORMS
from quitx.models import Institution
from quitx.plan.wording import NOUN_FORMS

FR, EN = Lang("fr"), Lang("en")
GREETING = Msg("Bonjour ${name}", "Hello ${name}")


def test_a_message_in_each_language() -> None:
    assert FR(GREETING, name="Camille") == "Bonjour Camille"
    assert EN(GREETING, name="Camille") == "Hello Camille"
    assert FR.template(GREETING) == "Bonjour ${name}" and GREETING.text("en") == "Hello ${name}"


def test_a_missing_value_is_a_bug_not_a_blank() -> None:
    with pytest.raises(KeyError, match="name"):
        FR(GREETING)


def test_dates_numbers_lists_counts_and_punctuation() -> None:
    assert FR.date(dt.date(2026, 3, 1)) == "1er mars 2026" and EN.date(dt.date(2026, 3, 1)) == "1 March 2026"
    assert FR.number(1200) == "1\u202f200" and EN.number(1200) == "1,200"
    assert FR.join(["X", "Facebook", "Instagram"]) == "X, Facebook et Instagram"
    assert EN.join(["X", "Facebook"], OR) == "X or Facebook" and EN.join(["X"], AND) == "X"
    followers = (Msg("${n} abonné", "${n} follower"), Msg("${n} abonnés", "${n} followers"))
    assert [FR.count(n, *followers) for n in (0, 1, 2)] == ["0 abonné", "1 abonné", "2 abonnés"]
    assert [EN.count(n, *followers) for n in (0, 1, 2)] == ["0 followers", "1 follower", "2 followers"]
    assert FR.count(1500, *followers) == "1\u202f500 abonnés"
    assert (FR.sep(), EN.sep(), FR.sep(";"), EN.sep(",")) == ("\u00a0: ", ": ", "\u202f; ", ", ")


def test_the_language_of_an_institution() -> None:
    assert language_of(Institution(name="X")) == "fr"
    assert language_of(Institution(name="X", language="en")) == "en"
    assert language_of(Institution(name="X", language="de")) == "fr"
    assert language_of(Institution(name="X"), "en") == "en"


# --- every catalogue ----------------------------------------------------------------------------------


def _messages(value: object, where: str) -> Iterator[tuple[str, Msg]]:
    if isinstance(value, Msg):
        yield where, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _messages(item, f"{where}[{key!r}]")
    elif hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
        for name in value.__dataclass_fields__:
            yield from _messages(getattr(value, name), f"{where}.{name}")


def all_messages() -> list[tuple[str, Msg]]:
    """Every Msg held by a module of quitx, at its top level or in a mapping or record there."""
    found: dict[int, tuple[str, Msg]] = {}
    for info in pkgutil.walk_packages(quitx.__path__, "quitx."):
        if info.name == "quitx.__main__":
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            for where, msg in _messages(value, f"{info.name}.{name}"):
                found.setdefault(id(msg), (where, msg))
    return list(found.values())


def test_every_message_is_whole_in_both_languages() -> None:
    messages = all_messages()
    assert len(messages) >= 40  # i18n.common at least
    for where, msg in messages:
        assert msg.fr.strip() and msg.en.strip(), where
        fr, en = Template(msg.fr), Template(msg.en)
        assert fr.is_valid() and en.is_valid(), f"{where}: a $ that is no placeholder (write $$)"
        # the letter's phrases name the institution as each language does (name_de, name_the…)
        forms = NAME_FORMS if where.startswith("quitx.letter.phrases.") else {"fr": set(), "en": set()}
        if where.startswith("quitx.plan.wording."):  # the plan's French names the institution's noun
            forms = {"fr": set(NOUN_FORMS), "en": set()}
        assert set(fr.get_identifiers()) - forms["fr"] == set(en.get_identifiers()) - forms["en"], where


def _names_used(source: Path) -> set[str]:
    """Every name a module reads: ``X`` and ``module.X`` (not the names it assigns)."""
    used: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            used.add(node.id)
        elif isinstance(node, ast.Attribute):
            used.add(node.attr)
    return used


def test_every_message_is_used_somewhere() -> None:
    """No dead wording: each Msg held by a module-level name is read by quitx's own code (a test's
    reading does not count); a message inside a table is used through its table. A name read
    anywhere counts, so a message that shares its name with something else can slip through:
    name messages for what they say."""
    used = set().union(*(_names_used(p) for p in Path(quitx.__file__).parent.rglob("*.py")))
    named = [
        where.rsplit(".", 1)[1]
        for where, msg in all_messages()
        # AND and OR are Lang.join's words, offered to every catalogue whether used yet or not
        if "[" not in where and msg not in (AND, OR)
    ]
    assert len(named) >= 150  # the plan's wording and the letter's phrases at least
    assert sorted(name for name in set(named) if name not in used) == []
