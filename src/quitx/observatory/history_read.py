"""Reading the history back: the runs, what one run saw (`Snapshot`), the Wikidata items it
checked, and the accounts it proved (what `quitx.observatory.givingback` proposes)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Mapping

from ..errors import HistoryError, HistoryProblem
from ..models import Evidence
from ..models.base import _Frozen
from .history import AccountState, InstitutionState, RunInfo, Snapshot, _connect
from .wikidata import WikidataItem

__all__ = ["ProvenAccount", "list_runs", "load_snapshot", "proven_accounts", "run_info", "wikidata_items"]

# --- reading -------------------------------------------------------------------------------------------

_RUNS = (
    "SELECT runs.id, started_at, finished_at, source, label, quitx_version,"
    " (SELECT count(*) FROM checks WHERE checks.run_id = runs.id) FROM runs"
)


def _run(row: tuple[object, ...]) -> RunInfo:
    return RunInfo(
        id=row[0],
        started_at=row[1],
        finished_at=row[2],
        source=row[3],
        label=row[4],
        quitx_version=row[5],
        institutions=row[6],
    )


def list_runs(db_path: str | os.PathLike[str]) -> tuple[RunInfo, ...]:
    """Every run, oldest first."""
    with _connect(db_path, create=False) as conn:
        return tuple(_run(r) for r in conn.execute(_RUNS + " ORDER BY started_at, runs.id"))


def run_info(db_path: str | os.PathLike[str], run_id: int) -> RunInfo:
    with _connect(db_path, create=False) as conn:
        row = conn.execute(_RUNS + " WHERE runs.id = ?", (run_id,)).fetchone()
    if row is None:
        raise HistoryError(HistoryProblem.NO_RUN, path=str(db_path), run=str(run_id))
    return _run(row)


def _accounts(conn: sqlite3.Connection, run_id: int) -> Mapping[int, list[AccountState]]:
    out: dict[int, list[AccountState]] = {}
    rows = conn.execute(
        "SELECT accounts.check_id, account_key, platform, handle, url, instance, confidence,"
        " activity, moved_to"
        " FROM accounts JOIN checks ON checks.id = accounts.check_id WHERE checks.run_id = ?"
        " ORDER BY accounts.id",
        (run_id,),
    )
    for check_id, key, platform, handle, url, instance, confidence, activity, moved_to in rows:
        out.setdefault(check_id, []).append(
            AccountState(
                key=key,
                platform=platform,
                handle=handle,
                url=url,
                instance=instance,
                confidence=confidence,
                activity=activity,
                moved_to=moved_to,
            )
        )
    return out


def load_snapshot(db_path: str | os.PathLike[str], run_id: int) -> Snapshot:
    """What run ``run_id`` saw."""
    info = run_info(db_path, run_id)
    with _connect(db_path, create=False) as conn:
        accounts = _accounts(conn, run_id)
        instance_verdicts: dict[int, dict[str, str]] = {}
        for check_id, instance, verdict in conn.execute(
            "SELECT check_id, instance, verdict FROM verdicts JOIN checks ON checks.id = verdicts.check_id"
            " WHERE checks.run_id = ? AND platform = 'mastodon' AND instance IS NOT NULL",
            (run_id,),
        ):
            instance_verdicts.setdefault(check_id, {})[instance] = verdict
        institutions: dict[str, InstitutionState] = {}
        for row in conn.execute(
            "SELECT checks.id, key, name, domain, wikidata_id, website_verdict, website_links,"
            " mastodon_verdict,"
            " bluesky_verdict FROM checks JOIN institutions ON institutions.id = checks.institution_id"
            " WHERE run_id = ? ORDER BY checks.id",
            (run_id,),
        ):
            check_id, key = row[0], row[1]
            institutions[key] = InstitutionState(
                key=key,
                name=row[2],
                domain=row[3],
                wikidata_id=row[4],
                website_verdict=row[5],
                links=tuple(row[6].split()),
                mastodon_verdict=row[7],
                bluesky_verdict=row[8],
                instance_verdicts=instance_verdicts.get(check_id, {}),
                accounts=tuple(accounts.get(check_id, [])),
            )
        registrations = {
            host: registrations
            for host, registrations in conn.execute(
                "SELECT host, registrations FROM instances WHERE run_id = ? AND reachable = 'present'",
                (run_id,),
            )
        }
    return Snapshot(run=info, institutions=institutions, registrations=registrations)


def wikidata_items(db_path: str | os.PathLike[str], run_id: int) -> dict[str, WikidataItem]:
    """The Wikidata items of a run, by institution key."""
    with _connect(db_path, create=False) as conn:
        rows = conn.execute(
            "SELECT key, qid, label_fr, label_en, websites, x_usernames, mastodon, bluesky FROM wikidata"
            " JOIN institutions ON institutions.id = wikidata.institution_id WHERE run_id = ?",
            (run_id,),
        ).fetchall()
    return {
        row[0]: WikidataItem(
            qid=row[1],
            label_fr=row[2],
            label_en=row[3],
            websites=tuple(json.loads(row[4])),
            x_usernames=tuple(json.loads(row[5])),
            mastodon=tuple(json.loads(row[6])),
            bluesky=tuple(json.loads(row[7])),
        )
        for row in rows
    }


class ProvenAccount(_Frozen):
    """A verified account of an institution, with the evidence that proves it."""

    key: str  # the institution's
    institution: str
    domain: str | None = None
    platform: str
    handle: str
    account_key: str
    instance: str | None = None  # Mastodon: the web host
    checked_at: dt.datetime
    evidence: tuple[Evidence, ...] = ()


def proven_accounts(db_path: str | os.PathLike[str], run_id: int) -> list[ProvenAccount]:
    """The verified accounts of run ``run_id``, each with its evidence."""
    with _connect(db_path, create=False) as conn:
        evidence: dict[int, list[Evidence]] = {}
        for account_id, step, request, status, outcome, elapsed in conn.execute(
            "SELECT account_id, step, request, status, outcome, elapsed_ms FROM evidence"
            " JOIN accounts ON accounts.id = evidence.account_id JOIN checks ON checks.id = accounts.check_id"
            " WHERE checks.run_id = ? AND accounts.confidence = 'verified' ORDER BY evidence.id",
            (run_id,),
        ):
            evidence.setdefault(account_id, []).append(
                Evidence(step=step, request=request, status=status, outcome=outcome, elapsed_ms=elapsed)
            )
        rows = conn.execute(
            "SELECT accounts.id, key, name, domain, platform, handle, account_key, instance,"
            " checked_at FROM accounts"
            " JOIN checks ON checks.id = accounts.check_id JOIN institutions ON institutions.id"
            " = checks.institution_id"
            " WHERE checks.run_id = ? AND accounts.confidence = 'verified' ORDER BY accounts.id",
            (run_id,),
        ).fetchall()
    return [
        ProvenAccount(
            key=key,
            institution=name,
            domain=domain,
            platform=platform,
            handle=handle,
            account_key=akey,
            instance=instance,
            checked_at=checked,
            evidence=tuple(evidence.get(account_id, ())),
        )
        for account_id, key, name, domain, platform, handle, akey, instance, checked in rows
    ]
