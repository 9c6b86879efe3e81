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
        "1 of 5 is on Mastodon (1 verified, 0 linked), 1 on Bluesky (1 verified, 0 linked); "
        "found by name only, not counted (nothing proves they are the institution's): 1 on Mastodon, "
        "0 on Bluesky; 1 could not be fully checked."
    )
    assert (
        "  Mastodon: 1 verified, 0 linked, 1 candidate only, 2 absent, 1 unknown · verified or linked "
        "accounts: 1 active, 0 dormant, 0 never posted\n" in text
    )
    assert "Bluesky: 1 verified, 0 linked, 0 candidate only, 4 absent, 0 unknown" in text
    assert "0 active, 1 dormant" in text


def test_a_candidate_is_never_counted_as_present() -> None:
    rows = summary_rows(reports_for_summary())
    fan = rows[-1]
    assert fan.mastodon is not None and fan.mastodon.verdict == "present"  # what the check said
    assert fan.mastodon.standing == "candidate"  # what the summary counts
    stats = SummaryStats.of(rows)
    assert stats.on("mastodon") == 1 and stats.standing["mastodon"]["candidate"] == 1
    assert sum(stats.activity["mastodon"].values()) == 1  # the fan's activity is not charted


def test_summary_text_in_french() -> None:
    text = summary_text(SummaryStats.of(summary_rows(reports_for_summary())), "fr")
    assert text.startswith(
        "1 sur 5 est sur Mastodon (1 vérifié, 0 lié par le site), 1 sur Bluesky (1 vérifié, 0 lié par le "
        "site)\u202f; comptes trouvés par le nom seulement, non comptés (rien ne prouve qu’ils sont ceux de "
        "l’institution)\u00a0: 1 sur Mastodon, 0 sur Bluesky\u202f; 1 n’a pas pu être entièrement vérifiée."
    )
    assert "  Bluesky\u00a0: 1 vérifié, 0 lié par le site, 0 candidat seulement, 4 absents, 0 inconnu" in text


def test_the_csv_keeps_codes() -> None:
    out = io.StringIO()
    write_summary_csv(summary_rows(reports_for_summary()), out)
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    first, fan = table[0], table[-1]
    assert (fan["mastodon_verdict"], fan["mastodon_confidence"]) == ("present", "candidate")
    # the homepage not read: why, as a code in its own column (last, so the others keep their places)
    assert (fan["website_links"], fan["website_unread"]) == ("", "timeout")
    assert CSV_HEADER[-1] == "website_unread"
    assert CSV_HEADER[14:17] == ("website_links", "checked_at", "error")
    assert (first["website_links"], first["website_unread"]) == ("", "")  # no homepage in its report
