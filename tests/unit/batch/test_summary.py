"""The batch summary: CSV (formula-safe), stats and the printed text."""

from __future__ import annotations

import csv
import io

from tests.unit.batch.support import reports_for_summary

from quitx.batch import (
    SummaryStats,
    summary_rows,
    summary_text,
    write_summary_csv,
)
from quitx.batch.summary import CSV_HEADER


def test_summary_csv() -> None:
    rows = summary_rows(reports_for_summary())
    out = io.StringIO()
    write_summary_csv(rows, out)
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(table[0]) == list(CSV_HEADER)
    first = table[0]
    assert first["mastodon_verdict"] == "present"
    assert first["mastodon_account"] == "univ@social.example"  # the verified one, not the fan
    assert (first["mastodon_confidence"], first["mastodon_followers"]) == ("verified", "1200")
    assert first["mastodon_last_post"] == "2025-01-02"
    assert (first["bluesky_account"], first["bluesky_activity"]) == ("univ.example", "dormant")
    assert table[2]["name"].startswith("'=")  # no formula in a spreadsheet
    assert table[3]["mastodon_verdict"] == "unknown"


def test_summary_stats_and_text() -> None:
    stats = SummaryStats.of(summary_rows(reports_for_summary()))
    text = summary_text(stats)
    assert text.startswith(
        "1 of 4 are on Mastodon (1 verified), 1 on Bluesky (1 verified); 1 could not be fully checked."
    )
    assert "Bluesky: 1 present, 3 absent, 0 unknown" in text and "0 active, 1 dormant" in text
