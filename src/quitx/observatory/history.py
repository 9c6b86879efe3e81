"""The history of a sector: every batch run recorded in one SQLite database.

Plain tables with foreign keys, and a few views for convenience, so that Datasette and
sqlite-utils open the file as it is (``datasette history.db``, ``sqlite-utils tables history.db``).
The schema is `SCHEMA` (``history_schema.py``), documented column by column in
``docs/reference/history-schema.md``; its version is the database's ``PRAGMA user_version``. A
database of an older version is brought to this one when quitx opens it (`MIGRATIONS`).

A run is recorded whole or not at all (one transaction): `record_run` takes the reports of a batch
(`quitx.models.Report`) and what the run was (`RunMeta`), and gives the new run's id. A re-run the
next day is another run; institutions are rows of their own, shared by the runs (the batch's
institution key: name and domain), so that two runs compare institution by institution.
Reading it back is ``history_read.py``.

Why the standard library's ``sqlite3`` and not sqlite-utils: the schema is fixed and documented
(CHECK constraints, foreign keys, views); what sqlite-utils adds — tables created from the data's
shape, its CLI — would be a dependency for inserts that are a dozen ``executemany`` here, and
sqlite-utils users read the file just the same.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import Field

from ..errors import HistoryError, HistoryProblem
from ..models import (
    BlueskyAccount,
    Evidence,
    FoundAccount,
    MastodonAccount,
    PlatformVerdict,
    Report,
)
from ..models.base import _Frozen
from .history_schema import MIGRATIONS, SCHEMA, SCHEMA_VERSION
from .wikidata import WikidataItem

__all__ = [
    "SCHEMA",
    "SCHEMA_VERSION",
    "AccountState",
    "InstitutionState",
    "RunInfo",
    "RunMeta",
    "Snapshot",
    "WikidataLink",
    "account_key",
    "record_run",
]


class WikidataLink(_Frozen):
    """A Wikidata item and the institution (batch key) that was checked for it."""

    key: str
    item: WikidataItem


class RunMeta(_Frozen):
    """What a run was: its source (``wikidata:french-universities``, a file), when, a label."""

    source: str
    started_at: dt.datetime
    finished_at: dt.datetime | None = None  # None: now
    label: str | None = None
    quitx_version: str | None = None  # None: this quitx
    wikidata: tuple[WikidataLink, ...] = ()


class RunInfo(_Frozen):
    id: int
    started_at: dt.datetime
    finished_at: dt.datetime
    source: str
    label: str | None = None
    quitx_version: str
    institutions: int


class AccountState(_Frozen):
    """An account as a run saw it."""

    key: str
    platform: str
    handle: str
    url: str | None = None
    instance: str | None = None
    confidence: str
    activity: str
    moved_to: str | None = None


class InstitutionState(_Frozen):
    """An institution as a run saw it."""

    key: str
    name: str
    domain: str | None = None
    wikidata_id: str | None = None
    website_verdict: str | None = None
    links: tuple[str, ...] = ()  # platforms its homepage links to
    mastodon_verdict: str
    bluesky_verdict: str
    instance_verdicts: dict[str, str] = Field(default_factory=dict)  # Mastodon instance -> verdict
    accounts: tuple[AccountState, ...] = ()


class Snapshot(_Frozen):
    """What one run saw: each institution, and the registrations of each instance it read."""

    run: RunInfo
    institutions: dict[str, InstitutionState]
    registrations: dict[str, str | None]  # instance host -> open / approval / closed / None (not said)


# --- writing -------------------------------------------------------------------------------------------


def account_key(found: FoundAccount) -> str:
    """An account's identity across runs: ``mastodon:user@domain`` (handle domain) or
    ``bluesky:<did>`` (a handle may change, the DID stays)."""
    account = found.account
    if isinstance(account, MastodonAccount):
        return f"mastodon:{account.acct.lower()}"
    assert isinstance(account, BlueskyAccount)  # noqa: S101 - the union has two members
    return f"bluesky:{account.did}"


def _iso(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="seconds")


@contextlib.contextmanager
def _connect(path: str | os.PathLike[str], *, create: bool) -> Iterator[sqlite3.Connection]:
    target = Path(path)
    if not create and not target.exists():
        raise HistoryError(HistoryProblem.NO_DATABASE, path=str(path))
    try:
        conn = sqlite3.connect(str(target), isolation_level=None)
    except sqlite3.Error as exc:
        raise HistoryError(HistoryProblem.CANNOT_OPEN, path=str(path), error=str(exc)) from exc
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if tables:
                raise HistoryError(HistoryProblem.NOT_A_HISTORY, path=str(path))
            if not create:
                raise HistoryError(HistoryProblem.EMPTY, path=str(path))
            conn.executescript(f"BEGIN;\n{SCHEMA}\nPRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;")
        elif version < SCHEMA_VERSION and version in MIGRATIONS:
            _migrate(conn, version)
        elif version != SCHEMA_VERSION:
            raise HistoryError(
                HistoryProblem.OTHER_VERSION,
                path=str(path),
                version=str(version),
                supported=str(SCHEMA_VERSION),
            )
        yield conn
    except sqlite3.DatabaseError as exc:
        raise HistoryError(HistoryProblem.UNUSABLE, path=str(path), error=str(exc)) from exc
    finally:
        conn.close()


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    """Bring a database of an older ``version`` to `SCHEMA_VERSION`, one version at a time, each
    step in one transaction (a failure leaves the database at the step before)."""
    while version < SCHEMA_VERSION:
        conn.executescript(
            f"BEGIN IMMEDIATE;\n{MIGRATIONS[version]}\nPRAGMA user_version = {version + 1};\nCOMMIT;"
        )
        version += 1


def _institution_id(conn: sqlite3.Connection, report: Report, key: str, qid: str | None) -> int:
    institution = report.institution
    row = conn.execute("SELECT id, wikidata_id FROM institutions WHERE key = ?", (key,)).fetchone()
    if row is None:
        cursor = conn.execute(
            "INSERT INTO institutions (key, name, domain, wikidata_id) VALUES (?, ?, ?, ?)",
            (key, institution.name, institution.domain, qid),
        )
        return int(cursor.lastrowid or 0)
    if qid and row[1] != qid:
        conn.execute("UPDATE institutions SET wikidata_id = ? WHERE id = ?", (qid, row[0]))
    return int(row[0])


def _evidence(
    conn: sqlite3.Connection, evidence: Iterable[Evidence], *, verdict_id: int | None, account_id: int | None
) -> None:
    conn.executemany(
        "INSERT INTO evidence (verdict_id, account_id, step, request, status, outcome, elapsed_ms)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(verdict_id, account_id, e.step, e.request, e.status, e.outcome, e.elapsed_ms) for e in evidence],
    )


def _verdict(conn: sqlite3.Connection, check_id: int, verdict: PlatformVerdict) -> None:
    cursor = conn.execute(
        "INSERT INTO verdicts (check_id, platform, instance, verdict, detail, best_confidence)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            check_id,
            verdict.platform.value,
            verdict.instance,
            verdict.verdict.value,
            verdict.detail,
            verdict.best_confidence.value if verdict.best_confidence else None,
        ),
    )
    verdict_id = int(cursor.lastrowid or 0)
    attempts = [*verdict.attempts, *([verdict.search] if verdict.search else [])]
    conn.executemany(
        "INSERT INTO attempts (verdict_id, ref, found_by, verdict, reason, detail) VALUES (?, ?, ?, ?, ?, ?)",
        [(verdict_id, a.ref, a.found_by, a.verdict.value, a.reason.value, a.detail) for a in attempts],
    )
    _evidence(conn, verdict.evidence, verdict_id=verdict_id, account_id=None)


def _account(conn: sqlite3.Connection, check_id: int, found: FoundAccount) -> None:
    account = found.account
    followers = account.followers_count
    posts = account.statuses_count if isinstance(account, MastodonAccount) else account.posts_count
    moved_to = account.moved_to if isinstance(account, MastodonAccount) else None
    cursor = conn.execute(
        "INSERT OR IGNORE INTO accounts (check_id, platform, account_key, handle, url, instance, confidence,"
        " activity, last_post, moved_to, found_by, display_name, followers, posts)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            check_id,
            found.platform.value,
            account_key(found),
            found.handle,
            found.url,
            found.instance,
            found.confidence.value,
            found.activity.value,
            found.last_post.isoformat() if found.last_post else None,
            moved_to,
            json.dumps(list(found.found_by), ensure_ascii=False),
            account.display_name,
            followers,
            posts,
        ),
    )
    if cursor.rowcount:
        _evidence(conn, found.evidence, verdict_id=None, account_id=int(cursor.lastrowid or 0))


def _check(conn: sqlite3.Connection, run_id: int, institution_id: int, report: Report) -> None:
    conn.execute("DELETE FROM checks WHERE run_id = ? AND institution_id = ?", (run_id, institution_id))
    website = report.website
    cursor = conn.execute(
        "INSERT INTO checks (run_id, institution_id, checked_at, homepage, website_verdict, website_links,"
        " mastodon_verdict, bluesky_verdict) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            run_id,
            institution_id,
            _iso(report.checked_at),
            website.url if website else report.institution.homepage_url,
            website.verdict.value if website else None,
            " ".join(p.value for p in website.platforms) if website else "",
            report.mastodon.verdict.value,
            report.bluesky.verdict.value,
        ),
    )
    check_id = int(cursor.lastrowid or 0)
    if website is not None:
        site = conn.execute(
            "INSERT INTO verdicts (check_id, platform, instance, verdict, detail) VALUES (?,"
            " 'website', NULL, ?, ?)",
            (check_id, website.verdict.value, f"{website.reason.value}: {website.final_url or website.url}"),
        )
        _evidence(conn, website.evidence, verdict_id=int(site.lastrowid or 0), account_id=None)
        conn.executemany(
            "INSERT INTO links (check_id, platform, url, rel_me, handle) VALUES (?, ?, ?, ?, ?)",
            [
                (check_id, link.platform.value, link.url, int(link.rel_me), link.handle)
                for link in website.links
            ],
        )
    for verdict in (report.mastodon, *report.instances, report.bluesky):
        _verdict(conn, check_id, verdict)
    for found in report.accounts:
        _account(conn, check_id, found)


def _instances(conn: sqlite3.Connection, run_id: int, report: Report) -> None:
    infos = [*report.instance_info, *([report.own_mastodon_server] if report.own_mastodon_server else [])]
    conn.executemany(
        "INSERT OR IGNORE INTO instances (run_id, host, reachable, registrations, software, version, users)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(run_id, i.host, i.reachable.value, i.registrations, i.software, i.version, i.users) for i in infos],
    )


def record_run(db_path: str | os.PathLike[str], reports: Iterable[Report], meta: RunMeta) -> int:
    """Record one run (its reports and what it was) in the history at ``db_path``, created if need
    be; the new run's id. All or nothing: an error leaves the database as it was."""
    from .._version import version
    from ..batch import institution_key

    finished = meta.finished_at or dt.datetime.now(dt.UTC)
    qids = {link.key: link.item.qid for link in meta.wikidata}
    with _connect(db_path, create=True) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            cursor = conn.execute(
                "INSERT INTO runs (started_at, finished_at, source, label, quitx_version)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    _iso(meta.started_at),
                    _iso(finished),
                    meta.source,
                    meta.label,
                    meta.quitx_version or version(),
                ),
            )
            run_id = int(cursor.lastrowid or 0)
            ids: dict[str, int] = {}
            for report in reports:
                key = institution_key(report.institution)
                ids[key] = _institution_id(conn, report, key, qids.get(key))
                _check(conn, run_id, ids[key], report)
                _instances(conn, run_id, report)
            for link in meta.wikidata:
                if link.key not in ids:
                    continue
                item = link.item
                conn.execute(
                    "INSERT OR REPLACE INTO wikidata (run_id, institution_id, qid, label_fr,"
                    " label_en, websites,"
                    " x_usernames, mastodon, bluesky) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        run_id,
                        ids[link.key],
                        item.qid,
                        item.label_fr,
                        item.label_en,
                        json.dumps(list(item.websites), ensure_ascii=False),
                        json.dumps(list(item.x_usernames), ensure_ascii=False),
                        json.dumps(list(item.mastodon), ensure_ascii=False),
                        json.dumps(list(item.bluesky), ensure_ascii=False),
                    ),
                )
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return run_id
