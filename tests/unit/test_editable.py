"""Text a person edits and back: the letter keeps its layout (anchors, lines on the right, tables),
and what was typed stays text."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pydantic import BaseModel

from quitx.doc import Badge, Code, Document, Heading, Lines, Paragraph, Strong, Table, Text
from quitx.editable import parse, to_editable, with_badges, without_frame
from quitx.letter.render import render_letter
from quitx.models import Institution, Report
from quitx.plan import PlanOptions, annex_document, build_plan, status_tones

INSTITUTION = Institution(name="Université Exemple", domain="univ-exemple.fr")
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "reports"


def test_a_letter_with_its_summary_comes_back_as_it_was() -> None:
    plan = build_plan(INSTITUTION, PlanOptions(written_on=dt.date(2026, 11, 25)))
    data = json.loads(render_letter(INSTITUTION, plan, sender="Camille Martin", fmt="json"))
    blocks = list(Document.model_validate({k: v for k, v in data.items() if k != "letter"}).blocks)
    text = to_editable(blocks)
    assert "{#summary}" in text and "\n|> " in text and "| --- |" in text
    assert parse(text) == blocks


def test_the_annex_keeps_its_table_and_its_code() -> None:
    annex = annex_document(build_plan(INSTITUTION, PlanOptions(written_on=dt.date(2026, 11, 25))))
    back = parse(to_editable(annex.blocks))
    assert [type(b) for b in back if isinstance(b, Table | Code)] == [
        type(b) for b in annex.blocks if isinstance(b, Table | Code)
    ]
    first = back[0]
    assert isinstance(first, Heading) and first.anchor == "annex"


def test_the_annex_edited_as_text_keeps_its_status_badges() -> None:
    report = Report.model_validate_json((GOLDEN / "unknown_instance_down.json").read_text(encoding="utf-8"))
    for language in ("fr", "en"):
        plan = build_plan(report, PlanOptions(language=language, written_on=dt.date(2026, 11, 25)))
        annex = annex_document(plan)
        expected = _badges(annex.blocks)
        assert len(expected) == 2 * len(plan.steps)  # the timeline's and each step's
        assert {b.tone for b in expected} == {"todo", "check"}
        plain_back = parse(to_editable(annex.blocks))
        assert _badges(plain_back) == []  # read back as text, a status is bold
        assert _badges(with_badges(plain_back, status_tones(language))) == expected


def test_bold_elsewhere_stays_bold() -> None:
    typed = (
        "**fait** bien\n\n| a | b |\n| --- | --- |\n| **fait** ici | **À vérifier** |\n\n"
        "Voir **à faire** — ici\n"
    )
    words, table, later = with_badges(parse(typed), status_tones("fr"))
    assert isinstance(words, Paragraph) and isinstance(words.children[0], Strong)  # no " — " after it
    assert isinstance(table, Table)
    ((first, second),) = table.rows
    assert isinstance(first[0], Strong) and second == (Badge(text="À vérifier", tone="check"),)
    assert isinstance(later, Paragraph) and not any(isinstance(c, Badge) for c in later.children)


def _badges(blocks: object) -> list[Badge]:
    found: list[Badge] = []

    def walk(node: object) -> None:
        if isinstance(node, Badge):
            found.append(node)
        elif isinstance(node, tuple | list):
            for item in node:
                walk(item)
        elif isinstance(node, BaseModel):
            for name in type(node).model_fields:
                walk(getattr(node, name))

    walk(blocks)
    return found


def test_typed_text_stays_text() -> None:
    typed = (
        "| ${x} <b>\n\n|> à droite\n\n| a \\| b | c |\n| --- | --- |\n| 1 | ${y} |\n\n"
        "```\n| pas | un tableau |\n| --- | --- |\n```\n"
    )
    lines, right, table, code = parse(typed)
    assert lines == Lines(items=((Text(text="${x} <b>"),),))
    assert isinstance(right, Lines) and right.align == "right"
    assert isinstance(table, Table)
    assert table.header == ((Text(text="a | b"),), (Text(text="c"),))
    assert table.rows == (((Text(text="1"),), (Text(text="${y}"),)),)
    assert isinstance(code, Code) and "| --- | --- |" in code.text


def test_an_email_leaves_the_frame_to_its_headers() -> None:
    blocks = parse("| Camille\n\n|> Le 7 décembre\n\nObjet : X\n\nMadame,\n")
    assert without_frame(blocks) == [Paragraph(children=(Text(text="Madame,"),))]
    assert without_frame(parse("Madame,\n")) == parse("Madame,\n")
