"""The history database: runs recorded whole, institutions shared between runs, the documented schema,
and a file that sqlite-utils (and so Datasette) opens as it is."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from tests.observatory_builders import DAY1, DAY2, bsky, instance, masto, page_evidence, report

from quitx.errors import HistoryError
from quitx.models import Activity, Confidence, LinkPlatform, Platform, Verdict
from quitx.observatory.history import RunMeta, WikidataLink, record_run
from quitx.observatory.history_read import list_runs, load_snapshot, proven_accounts, wikidata_items
from quitx.observatory.history_schema import SCHEMA
from quitx.observatory.wikidata import WikidataItem

DOCS = Path(__file__).resolve().parents[3] / "docs" / "reference" / "history-schema.md"


def day_one() -> list[object]:
    return [
        report(
            "Université Exemple",
            "univ-exemple.fr",
            [
                masto(
                    "univ@social.exemple.fr",
                    evidence=[page_evidence("https://univ-exemple.fr/")],
                    display_name="Université <b>Exemple</b>",
                ),
                masto("fan@piaille.fr", Confidence.CANDIDATE),
                bsky("univ-exemple.fr", "did:plc:univ"),
            ],
            links=[LinkPlatform.X, LinkPlatform.MASTODON],
            instances={"social.exemple.fr": Verdict.PRESENT, "piaille.fr": Verdict.PRESENT},
            instance_info=[instance("social.exemple.fr", "open"), instance("piaille.fr", "approval")],
            attempts=[(Platform.BLUESKY, "@nobody.test", Verdict.ABSENT)],
        ),
        report("Mairie Absente", "mairie-absente.fr", links=[LinkPlatform.X]),
    ]


def test_a_run_is_recorded_and_read_back(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    item = WikidataItem(qid="Q1", label_fr="Université Exemple", mastodon=("univ@social.exemple.fr",))
    run = record_run(
        db,
        day_one(),  # type: ignore[arg-type]
        RunMeta(
            source="wikidata:french-universities",
            started_at=DAY1,
            finished_at=DAY1,
            wikidata=(WikidataLink(key="universite exemple|univ-exemple.fr", item=item),),
        ),
    )
    assert run == 1
    [info] = list_runs(db)
    assert (info.source, info.institutions, info.started_at) == ("wikidata:french-universities", 2, DAY1)

    snap = load_snapshot(db, run)
    univ = snap.institutions["universite exemple|univ-exemple.fr"]
    assert univ.wikidata_id == "Q1" and univ.links == ("mastodon", "x")
    assert univ.instance_verdicts == {"social.exemple.fr": "present", "piaille.fr": "present"}
    assert [(a.key, a.confidence) for a in univ.accounts] == [
        ("mastodon:univ@social.exemple.fr", "verified"),
        ("mastodon:fan@piaille.fr", "candidate"),
        ("bluesky:did:plc:univ", "verified"),
    ]
    assert snap.registrations == {"social.exemple.fr": "open", "piaille.fr": "approval"}
    assert wikidata_items(db, run) == {"universite exemple|univ-exemple.fr": item}
    proven = proven_accounts(db, run)
    assert [(p.handle, [e.request for e in p.evidence]) for p in proven] == [
        ("@univ@social.exemple.fr", ["GET https://univ-exemple.fr/"]),
        ("@univ-exemple.fr", []),
    ]

    with sqlite3.connect(db) as conn:  # the evidence and the attempts behind each verdict are there
        assert conn.execute("SELECT count(*) FROM attempts WHERE ref = '@nobody.test'").fetchone() == (1,)
        assert conn.execute(
            "SELECT display_name FROM accounts WHERE handle = '@univ@social.exemple.fr'"
        ).fetchone() == (
            "Université <b>Exemple</b>",  # stored as the server sent it: escaped where it is shown
        )
        summary = conn.execute(
            "SELECT institutions, on_mastodon, website_links_to_x FROM run_summary"
        ).fetchone()
        assert summary == (2, 1, 2)


def test_a_rerun_the_next_day_is_another_run_of_the_same_institutions(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    first = record_run(db, day_one(), RunMeta(source="s", started_at=DAY1))  # type: ignore[arg-type]
    again = [
        report(
            "Université Exemple",
            "univ-exemple.fr",
            [masto("univ@social.exemple.fr", activity=Activity.DORMANT)],
            checked_at=DAY2,
        )
    ]
    second = record_run(db, again, RunMeta(source="s", started_at=DAY2))
    assert (first, second) == (1, 2)
    assert [r.institutions for r in list_runs(db)] == [2, 1]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM institutions").fetchone() == (2,)
        latest = conn.execute("SELECT name, run_id FROM latest_checks").fetchall()
    assert latest == [("Université Exemple", 2)]


def test_a_failed_recording_leaves_nothing(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    record_run(db, day_one(), RunMeta(source="s", started_at=DAY1))  # type: ignore[arg-type]

    def broken() -> object:
        yield from day_one()
        raise RuntimeError("the batch died")

    with pytest.raises(RuntimeError):
        record_run(db, broken(), RunMeta(source="s", started_at=DAY2))  # type: ignore[arg-type]
    assert len(list_runs(db)) == 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM checks").fetchone() == (2,)


def test_a_database_that_is_not_a_history_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(HistoryError, match="not a quitx history database"):
        record_run(other, [], RunMeta(source="s", started_at=DAY1))
    newer = tmp_path / "newer.db"
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(HistoryError, match="schema version 99"):
        list_runs(newer)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(HistoryError, match="not a usable SQLite database"):
        list_runs(junk)
    with pytest.raises(HistoryError, match="no such history database"):
        list_runs(tmp_path / "missing.db")


def test_sqlite_utils_sees_the_documented_tables_keys_and_views(tmp_path: Path) -> None:
    sqlite_utils = pytest.importorskip("sqlite_utils")
    db_path = tmp_path / "history.db"
    record_run(db_path, day_one(), RunMeta(source="s", started_at=DAY1))  # type: ignore[arg-type]
    db = sqlite_utils.Database(db_path)
    tables = "runs institutions checks verdicts attempts accounts evidence links instances wikidata"
    assert set(db.table_names()) == set(tables.split())
    assert set(db.view_names()) == {"run_checks", "official_accounts", "latest_checks", "run_summary"}
    keys = {
        (fk.table, fk.column, fk.other_table) for name in db.table_names() for fk in db[name].foreign_keys
    }
    assert ("accounts", "check_id", "checks") in keys and ("evidence", "account_id", "accounts") in keys
    assert ("checks", "run_id", "runs") in keys and ("wikidata", "institution_id", "institutions") in keys
    rows = list(db["official_accounts"].rows)
    assert [(r["name"], r["handle"]) for r in rows] == [
        ("Université Exemple", "@univ@social.exemple.fr"),
        ("Université Exemple", "@univ-exemple.fr"),
    ]


def test_the_docs_page_holds_the_schema_word_for_word() -> None:
    page = DOCS.read_text(encoding="utf-8")
    for statement in SCHEMA.split(";\n"):
        statement = statement.strip()
        if statement:
            assert statement + ";" in page, statement.splitlines()[0]
    for table in re.findall(r"CREATE TABLE (\w+)", SCHEMA):
        assert f"### `{table}`" in page


def test_the_docs_example_queries_run(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    record_run(db, day_one(), RunMeta(source="s", started_at=DAY1))  # type: ignore[arg-type]
    record_run(
        db,
        [report("Mairie Absente", "mairie-absente.fr", checked_at=DAY2)],
        RunMeta(source="s", started_at=DAY2),
    )
    block = DOCS.read_text(encoding="utf-8").split("## Questions it answers", 1)[1]
    queries = [q for q in block.split("```sql", 1)[1].split("```", 1)[0].split(";") if q.strip()]
    with sqlite3.connect(db) as conn:
        left_x, evidence = (conn.execute(q).fetchall() for q in queries)
    assert left_x == [("Mairie Absente",)]
    assert evidence == []  # the latest run proved no account
