"""``quitx changes`` and ``quitx observatory``: their errors are said as the other commands say theirs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.observatory_builders import DAY1, masto, page_evidence, report

from quitx import cli
from quitx.batch import institution_key
from quitx.cli.hints import REPORT_HINT
from quitx.observatory.history import RunMeta, WikidataLink, record_run
from quitx.observatory.history_schema import SCHEMA, SCHEMA_VERSION
from quitx.observatory.wikidata import WikidataItem

PAGE = page_evidence("https://univ-exemple.fr/")


def _err(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().err.splitlines()


def test_a_missing_history_is_a_usage_error_without_a_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["changes", str(tmp_path / "none.db")]) == 2
    assert _err(capsys) == [f"quitx: error: {tmp_path / 'none.db'}: no such history database"]


def test_an_unknown_preset_says_the_presets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["observatory", "run", "no-such-preset", "-o", str(tmp_path / "out")]) == 2
    [line] = _err(capsys)
    assert line.startswith("quitx: error: no preset 'no-such-preset'") and "french-universities" in line
    assert not (tmp_path / "out").exists()  # refused before anything was written


def test_an_unreadable_owner_report_gets_the_report_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [
        "observatory",
        "lists",
        str(tmp_path / "r.jsonl"),
        "--owner",
        str(tmp_path / "o.json"),
        "--title",
        "x",
    ]
    assert cli.main(argv) == 2
    error, hint = _err(capsys)
    assert error.startswith(f"quitx: error: {tmp_path / 'o.json'}: cannot read the report")
    assert hint == f"hint: {REPORT_HINT}"


def test_a_history_message_is_made_inert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path may hold anything: a control character never reaches the terminal as is."""
    assert cli.main(["changes", str(tmp_path / "bad\x1b[31m.db")]) == 2
    [line] = _err(capsys)
    assert "\x1b" not in line and "no such history database" in line


# --- one language per run: the observatory's own lines (issue 17) --------------------------------------


def test_its_errors_follow_the_run_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANGUAGE", "fr")  # no --lang on these: the locale's
    assert cli.main(["changes", str(tmp_path / "none.db")]) == 2
    assert _err(capsys) == [
        f"quitx: erreur\u00a0: {tmp_path / 'none.db'}\u00a0: base d’historique introuvable"
    ]
    assert (
        cli.main(["observatory", "run", "no-such-preset", "-o", str(tmp_path / "out"), "--lang", "fr"]) == 2
    )
    [line] = _err(capsys)
    assert line.startswith(
        "quitx: erreur\u00a0: pas de préréglage «\u202fno-such-preset\u202f» ni de fichier"
    )
    assert "french-universities" in line and "preset" not in line.replace("no-such-preset", "")
    one = tmp_path / "one.db"
    record_run(one, [report("Mairie", "mairie.fr")], RunMeta(source="s", started_at=DAY1))
    assert cli.main(["changes", str(one)]) == 2
    assert _err(capsys) == [
        f"quitx: erreur\u00a0: {one}\u00a0: une seule exécution\u00a0: rien à quoi la comparer"
    ]


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (
            "fr",
            "quitx: 1 déclaration proposée, 0 écartée(s) (voir la revue)\u202f; quitx ne modifie rien\u00a0: "
            "les relire, puis les soumettre avec QuickStatements",
        ),
        (
            "en",
            "quitx: 1 statement proposed, 0 not (see the review); quitx edits nothing: review it, then "
            "submit it with QuickStatements",
        ),
    ],
)
def test_quickstatements_says_what_it_proposed_in_the_run_language(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    language: str,
    said: str,
) -> None:
    monkeypatch.setenv("LANGUAGE", language)
    db = tmp_path / "history.db"
    univ = report("Université Exemple", "univ-exemple.fr", [masto("univ@social.exemple.fr", evidence=[PAGE])])
    link = WikidataLink(key=institution_key(univ.institution), item=WikidataItem(qid="Q1"))
    record_run(db, [univ], RunMeta(source="s", started_at=DAY1, wikidata=(link,)))
    assert cli.main(["observatory", "quickstatements", str(db), "-o", str(tmp_path / "p.qs")]) == 0
    wrote, told = _err(capsys)
    assert told == said and wrote.endswith(("p.qs écrit", "wrote " + str(tmp_path / "p.qs")))
    empty = tmp_path / "empty.db"
    with sqlite3.connect(empty) as conn:  # a history whose every run was deleted
        conn.executescript(f"{SCHEMA}\nPRAGMA user_version = {SCHEMA_VERSION};")
    assert cli.main(["observatory", "quickstatements", str(empty)]) == 2
    expected = {"fr": "aucune exécution enregistrée", "en": "no run recorded"}[language]
    assert _err(capsys)[0].endswith(f"{empty}{':' if language == 'en' else chr(0xA0) + ':'} {expected}")


@pytest.mark.parametrize(
    ("argv", "env", "heading", "item"),
    [
        (["--lang", "fr"], "en", "# Ce qui a changé\u00a0: exécution 1", "- **Nouveau compte**\u00a0: "),
        ([], "fr", "# Ce qui a changé\u00a0: exécution 1", "- **Nouveau compte**\u00a0: "),  # the locale's
        (["--lang", "en"], "fr", "# What changed: run 1", "- **New account**: "),
    ],
)
def test_changes_and_the_review_speak_the_run_language(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    env: str,
    heading: str,
    item: str,
) -> None:
    monkeypatch.setenv("LANGUAGE", env)
    db = tmp_path / "history.db"
    later = DAY1.replace(day=7, month=12, year=2026)
    account = masto("univ@social.exemple.fr", evidence=[PAGE])
    univ = report("Université Exemple", "univ-exemple.fr", [account], checked_at=later)
    link = WikidataLink(key=institution_key(univ.institution), item=WikidataItem(qid="Q1"))
    record_run(db, [report("Université Exemple", "univ-exemple.fr")], RunMeta(source="s", started_at=DAY1))
    record_run(db, [univ], RunMeta(source="s", started_at=later, wikidata=(link,)))
    assert cli.main(["changes", str(db), *argv]) == 0
    md = capsys.readouterr().out
    assert md.startswith(heading) and item in md
    french = heading.startswith("# Ce")
    assert ("(7\u00a0décembre 2026)" if french else "(7 December 2026)") in md
    review = tmp_path / "review.md"
    argv_qs = [
        "observatory",
        "quickstatements",
        str(db),
        "-o",
        str(tmp_path / "p.qs"),
        "--review",
        str(review),
    ]
    assert cli.main([*argv_qs, *argv]) == 0
    text = review.read_text(encoding="utf-8")
    assert text.startswith(
        "# Déclarations Wikidata proposées" if french else "# Proposed Wikidata statements"
    )
    assert ("(lue le 7\u00a0décembre 2026)" if french else "(read 7 December 2026)") in text
    told = capsys.readouterr().err
    assert ("déclaration proposée" if french else "statement proposed") in told
    assert cli.main(["changes", str(db), "--format", "atom", *argv]) == 0
    feed = capsys.readouterr().out
    assert f'xml:lang="{"fr" if french else "en"}"' in feed
    assert (
        "Nouveau compte\u00a0: Université Exemple" if french else "New account: Université Exemple"
    ) in feed
