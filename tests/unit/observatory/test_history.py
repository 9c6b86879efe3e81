"""The history database: runs recorded whole, institutions shared between runs, the documented schema,
and a file that sqlite-utils (and so Datasette) opens as it is."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from tests.observatory_builders import DAY1, DAY2, bsky, instance, masto, page_evidence, report

from quitx.batch import SummaryStats, summary_rows
from quitx.errors import HistoryError, HistoryProblem
from quitx.models import Activity, Confidence, LinkPlatform, Platform, Verdict
from quitx.observatory import history
from quitx.observatory.history import RunMeta, WikidataLink, record_run
from quitx.observatory.history_read import list_runs, load_snapshot, proven_accounts, wikidata_items
from quitx.observatory.history_schema import CHECK_STANDINGS, MIGRATIONS, RUN_SUMMARY, SCHEMA, SCHEMA_VERSION
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
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,) == (2,)


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
    views = {"run_checks", "official_accounts", "latest_checks", "check_standings", "run_summary"}
    assert set(db.view_names()) == views
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
    assert f"`PRAGMA user_version` = {SCHEMA_VERSION}." in page
    for version, migration in MIGRATIONS.items():  # what each migration runs is there too
        assert f"- **{version + 1}**:" in page
        for statement in filter(str.strip, migration.split(";\n")):  # in the list's indented block, or above
            assert any(statement.strip() + ";" in text for text in (page, page.replace("\n  ", "\n")))


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


# --- version 2: counted by what is proven ----------------------------------------------------------------

# version 1's run_summary, word for word as quitx created it: every present verdict counted, a
# candidate's too (the tables did not change: a version 1 file is SCHEMA with this view instead of
# check_standings and version 2's run_summary)
RUN_SUMMARY_V1 = """\
CREATE VIEW run_summary AS
SELECT runs.id AS run_id, runs.started_at, runs.source,
       COUNT(checks.id) AS institutions,
       SUM(checks.mastodon_verdict = 'present') AS on_mastodon,
       SUM(checks.bluesky_verdict = 'present') AS on_bluesky,
       SUM(checks.mastodon_verdict = 'unknown' OR checks.bluesky_verdict = 'unknown') AS not_settled,
       SUM(' ' || checks.website_links || ' ' LIKE '% x %') AS website_links_to_x
FROM runs
LEFT JOIN checks ON checks.run_id = runs.id
GROUP BY runs.id;
"""
V2_VIEWS = f"{CHECK_STANDINGS}\n\n{RUN_SUMMARY}\n"
V1 = SCHEMA.replace(V2_VIEWS, RUN_SUMMARY_V1)
SUMMARY = (
    "SELECT institutions, on_mastodon, mastodon_verified, mastodon_linked, mastodon_candidates, on_bluesky,"
    " bluesky_verified, bluesky_linked, bluesky_candidates, not_settled FROM run_summary"
)


def sector() -> list[object]:
    """Five institutions: one verified on both networks, one linked, one found by name only (a
    candidate: a fan account, or an impersonator), one whose verified account moved away (the live
    candidate ranks first), one absent."""
    return [
        report(
            "Université Exemple",
            "univ-exemple.fr",
            [masto("univ@social.exemple.fr"), bsky("univ-exemple.fr", "did:plc:univ")],
        ),
        report("Labo Lié", "labo.fr", [masto("labo@piaille.fr", Confidence.LINKED)]),
        report("Musée Candidat", "musee.fr", [masto("musee@piaille.fr", Confidence.CANDIDATE)]),
        report(
            "Mairie Partie",
            "mairie.fr",
            [
                masto("mairie@old.fr", activity=Activity.MOVED, moved_to="mairie@new.fr"),
                masto("mairie@new.fr", Confidence.CANDIDATE),
            ],
        ),
        report("Mairie Absente", "mairie-absente.fr"),
    ]


def test_the_summary_counts_by_what_is_proven_as_the_batch_summary_does(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    reports = sector()
    record_run(db, reports, RunMeta(source="s", started_at=DAY1))  # type: ignore[arg-type]
    with sqlite3.connect(db) as conn:
        summary = conn.execute(SUMMARY).fetchone()
        standings = dict(
            conn.execute(
                "SELECT institutions.name, standing FROM check_standings JOIN checks ON checks.id = check_id"
                " JOIN institutions ON institutions.id = checks.institution_id WHERE platform = 'mastodon'"
            ).fetchall()
        )
    assert summary == (5, 2, 1, 1, 2, 1, 1, 0, 0, 0)
    assert standings == {
        "Université Exemple": "verified",
        "Labo Lié": "linked",
        "Musée Candidat": "candidate",
        "Mairie Partie": "candidate",
        "Mairie Absente": "absent",
    }
    stats = SummaryStats.of(summary_rows(reports))  # type: ignore[arg-type]
    assert (stats.on("mastodon"), stats.standing["mastodon"]["candidate"], stats.on("bluesky")) == (2, 2, 1)


def _v1_file(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A history as quitx wrote it at version 1: its schema word for word, a run recorded in it."""
    assert SCHEMA.endswith(V2_VIEWS) and V1.endswith(RUN_SUMMARY_V1)
    with sqlite3.connect(path) as conn:
        conn.executescript(f"{V1}\nPRAGMA user_version = 1;")
    with monkeypatch.context() as version_1:  # the tables are the same: only the version differs
        version_1.setattr(history, "SCHEMA_VERSION", 1)
        record_run(path, sector(), RunMeta(source="s", started_at=DAY1))  # type: ignore[arg-type]


def test_a_version_1_history_is_brought_to_version_2_when_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "history.db"
    _v1_file(db, monkeypatch)
    with sqlite3.connect(db) as conn:  # version 1 counted the two candidates as on Mastodon
        assert conn.execute("PRAGMA user_version").fetchone() == (1,)
        assert conn.execute("SELECT institutions, on_mastodon FROM run_summary").fetchone() == (5, 4)
    [run] = list_runs(db)  # opening it migrates it
    assert run.institutions == 5
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (2,)
        assert conn.execute(SUMMARY).fetchone() == (5, 2, 1, 1, 2, 1, 1, 0, 0, 0)
        tables = conn.execute("SELECT count(*) FROM accounts").fetchone()
    assert tables == (6,)  # the data stays as it was
    # a second opening finds version 2; a new run goes in next to the migrated one
    record_run(db, sector(), RunMeta(source="s", started_at=DAY2))  # type: ignore[arg-type]
    assert [r.id for r in list_runs(db)] == [1, 2]
    with sqlite3.connect(db) as conn:
        assert [row[0] for row in conn.execute("SELECT on_mastodon FROM run_summary")] == [2, 2]
    # the migrated file holds what a new file holds: the same views, word for word
    fresh = tmp_path / "fresh.db"
    record_run(fresh, [], RunMeta(source="s", started_at=DAY1))
    assert _views(db) == _views(fresh)


def _views(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall())


def test_a_migration_that_cannot_be_written_leaves_the_file_at_version_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "history.db"
    _v1_file(db, monkeypatch)
    monkeypatch.setitem(
        history.MIGRATIONS, 1, "DROP VIEW run_summary;\nINSERT INTO no_such_table VALUES (1);"
    )
    with pytest.raises(HistoryError) as raised:
        list_runs(db)
    assert raised.value.code is HistoryProblem.UNUSABLE
    with sqlite3.connect(db) as conn:  # all or nothing: the old view is still there
        assert conn.execute("PRAGMA user_version").fetchone() == (1,)
        assert conn.execute("SELECT on_mastodon FROM run_summary").fetchone() == (4,)
