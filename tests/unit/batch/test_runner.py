"""The batch run with a fake checker (no network): resuming, refreshing, retrying what ended
unknown or failed, interruption, letters; it prints nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Literal

import pytest
from tests.unit.batch.support import FakeChecker, write_input

from quitx.batch import (
    BatchInputError,
    BatchOptions,
    BatchTick,
    ReportLog,
    run_batch,
    run_text,
    summary_text,
)
from quitx.cli import batch as batch_command
from quitx.errors import BatchInputProblem, OutputDirError
from quitx.letter.render import render_letter
from quitx.models import (
    Institution,
    Report,
)
from quitx.plan import PlanOptions, build_plan
from quitx.presence import BatchItem


def read_summary(tmp_path: Path) -> list[dict[str, str]]:
    text = (tmp_path / "out" / "summary.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def run(
    tmp_path: Path,
    checker: FakeChecker,
    *,
    refresh: bool = False,
    letters: Literal["fr", "en"] | None = None,
    letter_format: Literal["md", "txt", "html", "eml", "json"] = "md",
) -> tuple[int, str, str, list[Report]]:
    """A run: its exit status, what the command prints on stdout, the notices, the reports."""
    notices: list[str] = []
    opts = BatchOptions(
        input=str(tmp_path / "in.csv"),
        out_dir=tmp_path / "out",
        refresh=refresh,
        letters=letters,
        letter_format=letter_format,
    )
    outcome = run_batch(opts, checker=checker, on_notice=notices.append)
    reports = list(ReportLog(tmp_path / "out" / "reports.jsonl").reports())
    out = summary_text(outcome.summary) + run_text(outcome)
    return batch_command.exit_status(outcome), out, "\n".join(notices), reports


def test_run_then_resume_then_refresh(tmp_path: Path) -> None:
    write_input(tmp_path / "in.csv", ["Uni Verified", "Mairie", "Labo Unknown"])
    first = FakeChecker()
    status, out, _, reports = run(tmp_path, first)
    assert status == 4  # as `quitx check`: some place could not be checked
    assert sorted(first.calls) == ["Labo Unknown", "Mairie", "Uni Verified"]
    assert len(reports) == 3
    assert (
        "1 of 3 is on Mastodon (1 verified, 0 linked), 1 on Bluesky (1 verified, 0 linked); "
        "1 could not be fully checked" in out
    )
    assert "checked 3 now; 1 ended unknown (run the same command again to check them again)" in out

    # a re-run checks again what ended unknown, and only that
    second = FakeChecker()
    status, out, _, reports = run(tmp_path, second)
    assert status == 4 and second.calls == ["Labo Unknown"] and len(reports) == 4
    assert "2 already done, skipped" in out
    summary = read_summary(tmp_path)
    assert [r["name"] for r in summary] == ["Uni Verified", "Mairie", "Labo Unknown"]

    # the server answers again: the row is settled, and done
    third = FakeChecker(settle=["Labo Unknown"])
    status, _, _, reports = run(tmp_path, third)
    assert status == 0 and third.calls == ["Labo Unknown"] and len(reports) == 5
    assert [r["mastodon_verdict"] for r in read_summary(tmp_path)] == ["present", "absent", "absent"]
    fourth = FakeChecker()
    assert run(tmp_path, fourth)[0] == 0 and fourth.calls == []

    refresh = FakeChecker(settle=["Labo Unknown"])
    status, _, _, reports = run(tmp_path, refresh, refresh=True)
    assert status == 0 and sorted(refresh.calls) == ["Labo Unknown", "Mairie", "Uni Verified"]
    assert len(reports) == 8  # appended, never rewritten
    summary = read_summary(tmp_path)
    assert len(summary) == 3  # the last report of each


def test_the_run_prints_nothing_it_ticks_and_logs_its_notices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "in.csv").write_text("name,kind\nA,\nB,\nBad,spaceship\n", encoding="utf-8")
    ticks: list[BatchTick] = []
    opts = BatchOptions(input=str(tmp_path / "in.csv"), out_dir=tmp_path / "out")
    with caplog.at_level("WARNING", logger="quitx.batch"):
        outcome = run_batch(opts, checker=FakeChecker(), on_tick=ticks.append)
    assert capsys.readouterr() == ("", "")
    [record] = caplog.records  # the bad row, said once, by the quitx.batch logger
    assert record.name.startswith("quitx.batch") and "line 4: unknown kind 'spaceship'" in record.message
    assert (ticks[-1].done, ticks[-1].checked, ticks[-1].total) == (3, 2, 3)
    assert [t.done for t in ticks] == sorted(t.done for t in ticks)
    assert (outcome.checked, len(outcome.bad_rows), outcome.interrupted) == (2, 1, False)


def test_a_row_that_ends_unknown_again_is_not_done(tmp_path: Path) -> None:
    """Its latest report decides: settled once, then unknown after --refresh, it is checked again."""
    write_input(tmp_path / "in.csv", ["Labo Unknown"])
    assert run(tmp_path, FakeChecker(settle=["Labo Unknown"]))[0] == 0
    assert run(tmp_path, FakeChecker(), refresh=True)[0] == 4
    again = FakeChecker()
    assert run(tmp_path, again)[0] == 4 and again.calls == ["Labo Unknown"]


def test_a_truncated_last_line_is_repaired_and_its_institution_checked_again(tmp_path: Path) -> None:
    write_input(tmp_path / "in.csv", ["A", "B"])
    run(tmp_path, FakeChecker())
    path = tmp_path / "out" / "reports.jsonl"
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(lines[0] + lines[1][: len(lines[1]) // 2])  # killed mid-write
    assert ReportLog(path).repair() == len(lines[1]) // 2
    assert path.read_bytes() == lines[0]
    assert ReportLog(path).repair() == 0
    path.write_bytes(lines[0] + lines[1][:10])
    again = FakeChecker()
    status, _, err, reports = run(tmp_path, again)
    assert status == 0 and len(again.calls) == 1 and len(reports) == 2
    assert "dropped an incomplete last line" in err
    assert path.read_bytes().endswith(b"\n") and len(path.read_bytes().splitlines()) == 2


def test_bad_rows_and_failed_checks_give_6_and_are_retried(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text(
        "name,domain,kind\nGood,good.fr,\nBroken,broken.fr,\nBad,bad.fr,spaceship\nGood,good.fr,\n",
        encoding="utf-8",
    )
    checker = FakeChecker(fail=["Broken"])
    status, out, err, reports = run(tmp_path, checker)
    assert status == 6
    assert sorted(checker.calls) == ["Broken", "Good"]  # the duplicate row is not checked twice
    assert [r.institution.name for r in reports] == ["Good"]
    assert "line 4: unknown kind 'spaceship'" in err and "line 5: same institution as line 2" in err
    assert "1 bad row" in out and "1 check failed" in out
    summary = read_summary(tmp_path)
    assert [(r["name"], bool(r["error"])) for r in summary] == [
        ("Good", False),
        ("Broken", True),
        ("Bad", True),
    ]
    retry = FakeChecker()
    status, _, _, _ = run(tmp_path, retry)
    assert retry.calls == ["Broken"] and status == 6  # the bad row is still bad


def test_interrupted_run_keeps_what_is_done(tmp_path: Path) -> None:
    write_input(tmp_path / "in.csv", ["A", "B", "C", "D"])
    status, out, err, reports = run(tmp_path, FakeChecker(interrupt_after=2))
    assert status == 130
    assert len(reports) == 2 and "interrupted" in err and "INTERRUPTED" in out
    assert (tmp_path / "out" / "summary.csv").exists() and (tmp_path / "out" / "summary.html").exists()
    resume = FakeChecker()
    status, _, _, reports = run(tmp_path, resume)
    assert status == 0 and resume.calls == ["C", "D"] and len(reports) == 4


def test_an_unreadable_input_is_raised_before_any_check(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text("title\nA\n", encoding="utf-8")
    checker = FakeChecker()
    with pytest.raises(BatchInputError, match="no column gives the institutions' names") as raised:
        run(tmp_path, checker)
    assert raised.value.problem is BatchInputProblem.NO_NAME_COLUMN and checker.calls == []
    (tmp_path / "in.csv").unlink()
    with pytest.raises(BatchInputError, match="cannot read it") as raised:
        run(tmp_path, checker)
    assert raised.value.problem is BatchInputProblem.UNREADABLE


def test_letters_are_written_also_for_institutions_done_before(tmp_path: Path) -> None:
    write_input(tmp_path / "in.csv", ["Uni Verified", "Mairie"])
    run(tmp_path, FakeChecker())
    assert not (tmp_path / "out" / "letters").exists()
    checker = FakeChecker()
    status, out, _, _ = run(tmp_path, checker, letters="en", letter_format="txt")
    assert status == 0 and checker.calls == []
    letters = sorted(p.name for p in (tmp_path / "out" / "letters").iterdir())
    assert letters == ["mairie-mairie-fr.txt", "uni-verified-uni-verified-fr.txt"]
    assert "Uni Verified" in (tmp_path / "out" / "letters" / letters[1]).read_text(encoding="utf-8")
    assert "2 letters written" in out
    page = (tmp_path / "out" / "summary.html").read_text(encoding="utf-8")
    assert page.count('<a class="nowrap" href="letters/') == 2  # each row links to its letter
    assert f'<a class="nowrap" href="letters/{letters[1]}">the letter</a>' in page


def test_a_second_run_on_the_same_directory_is_refused(tmp_path: Path) -> None:
    fcntl = pytest.importorskip("fcntl")
    write_input(tmp_path / "in.csv", ["A"])
    (tmp_path / "out").mkdir()
    with open(tmp_path / "out" / ".quitx-batch.lock", "a") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        with pytest.raises(OutputDirError, match="another quitx batch") as raised:
            run(tmp_path, FakeChecker())
        options = BatchOptions(input=str(tmp_path / "in.csv"), out_dir=tmp_path / "out", language="fr")
        with pytest.raises(OutputDirError) as french:
            run_batch(options, checker=FakeChecker())
        assert french.value.describe("fr").startswith("une autre exécution de quitx batch écrit dans")
    assert raised.value.locked
    assert run(tmp_path, FakeChecker())[0] == 0


def test_a_bad_row_is_said_in_the_run_language(tmp_path: Path) -> None:
    """A bad handle, a domain that is none: the summary a person reads is French from end to end."""
    (tmp_path / "in.csv").write_text(
        "nom;domaine;comptes\nUni;uni.fr;x_y.com\nMairie;a b;\nLabo;labo.fr;\n", encoding="utf-8"
    )
    notices: list[str] = []
    options = BatchOptions(input=str(tmp_path / "in.csv"), out_dir=tmp_path / "out", language="fr")
    run_batch(options, checker=FakeChecker(), on_notice=notices.append)
    errors = {row["name"]: row["error"] for row in read_summary(tmp_path) if row["error"]}
    assert errors == {
        "Uni": f"{tmp_path / 'in.csv'}\u00a0: ligne 2\u00a0: compte invalide «\u202fx_y.com\u202f»\u00a0: "
        "«\u202fx_y.com\u202f» n’est pas un pseudo valide\u00a0: tiret bas (_)",
        "Mairie": f"{tmp_path / 'in.csv'}\u00a0: ligne 3\u00a0: domaine\u00a0: pas un domaine valide\u00a0: "
        "«\u202fa b\u202f»",
    }
    page = (tmp_path / "out" / "summary.html").read_text(encoding="utf-8")
    for english in ("not a valid", "underscore", "bad handle", "domain:", "line 2"):
        assert not any(english in text for text in (*errors.values(), *notices, page)), english
    assert any("tiret bas (_)" in notice for notice in notices)


_FAILED = {
    "fr": (
        "la vérification a échoué\u00a0: RuntimeError: boom",
        "ligne 4\u00a0: domaine\u00a0: pas un domaine valide\u00a0: «\u202fa b\u202f»",
    ),
    "en": ("the check failed: RuntimeError: boom", "line 4: domain: not a valid domain: 'a b'"),
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_summary_csv_speaks_the_run_language_and_keeps_its_codes(
    tmp_path: Path, language: Literal["fr", "en"]
) -> None:
    """The cells for people (the errors) are in the run's language; what the check found stays in
    codes, each kind in its own column: no English sentence, no code inside words."""
    (tmp_path / "in.csv").write_text(
        "name,domain\nSite Timeout,site.fr\nBroken,broken.fr\nBad,a b\n", encoding="utf-8"
    )
    options = BatchOptions(input=str(tmp_path / "in.csv"), out_dir=tmp_path / "out", language=language)
    run_batch(options, checker=FakeChecker(fail=["Broken"]), on_notice=[].append)
    rows = {row["name"]: row for row in read_summary(tmp_path)}
    failed, bad = _FAILED[language]
    site = rows["Site Timeout"]
    assert (site["website_links"], site["website_unread"], site["error"]) == ("", "timeout", "")
    assert (site["mastodon_verdict"], site["bluesky_verdict"]) == ("absent", "absent")
    assert rows["Broken"]["error"] == failed
    colon = ":" if language == "en" else "\u00a0:"
    assert rows["Bad"]["error"] == f"{tmp_path / 'in.csv'}{colon} {bad}"
    text = (tmp_path / "out" / "summary.csv").read_text(encoding="utf-8")
    assert "homepage not read" not in text and "page d’accueil" not in text


def test_a_letter_is_written_from_the_institutions_last_report(tmp_path: Path) -> None:
    # checked twice without letters (unknown, then settled); letters asked afterwards: the letter
    # says what the last check found, not the first
    write_input(tmp_path / "in.csv", ["Labo Unknown"])
    run(tmp_path, FakeChecker())
    run(tmp_path, FakeChecker(settle=["Labo Unknown"]))
    assert len(list(ReportLog(tmp_path / "out" / "reports.jsonl").reports())) == 2
    first, last = ReportLog(tmp_path / "out" / "reports.jsonl").reports()
    run(tmp_path, FakeChecker(), letters="en", letter_format="json")
    (letter,) = (tmp_path / "out" / "letters").iterdir()

    def written_from(report: Report) -> str:
        plan = build_plan(report, PlanOptions(language="en"))
        return render_letter(report, plan, language="en", fmt="json", annex_as="html")

    assert written_from(first) != written_from(last)
    assert letter.read_text(encoding="utf-8") == written_from(last)


def _annex(path: Path) -> tuple[str, str]:
    import email
    import email.policy

    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    (annex,) = message.iter_attachments()  # type: ignore[attr-defined]
    return annex.get_filename(), annex.get_content_type()


def test_e_mails_attach_a_pdf_annex_written_once_the_checks_are_done(tmp_path: Path) -> None:
    write_input(tmp_path / "in.csv", ["Uni Verified", "Mairie"])
    status, out, notices, _ = run(tmp_path, FakeChecker(), letters="fr", letter_format="eml")
    assert status == 0 and "2 letters written" in out
    assert "letters: 2 with their annex as a PDF, now that the checks are done" in notices
    for letter in (tmp_path / "out" / "letters").iterdir():
        assert _annex(letter) == ("annexe-technique.pdf", "application/pdf")
    # checked again (--refresh): the letters are written again, from the new reports
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "out" / "letters").iterdir()}
    run(tmp_path, FakeChecker(), refresh=True, letters="fr", letter_format="eml")
    after = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "out" / "letters").iterdir()}
    assert before.keys() == after.keys() and all(after[k] > before[k] for k in before)


def test_e_mails_can_keep_the_annex_as_a_page_written_as_each_check_ends(tmp_path: Path) -> None:
    write_input(tmp_path / "in.csv", ["Mairie"])
    opts = BatchOptions(
        input=str(tmp_path / "in.csv"),
        out_dir=tmp_path / "out",
        letters="en",
        letter_format="eml",
        eml_annex="html",
    )
    notices: list[str] = []
    outcome = run_batch(opts, checker=FakeChecker(), on_notice=notices.append)
    assert outcome.letters == 1 and not any("PDF" in n for n in notices)
    (letter,) = (tmp_path / "out" / "letters").iterdir()
    assert _annex(letter) == ("technical-annex.html", "text/html")


class _CheckedNow(FakeChecker):
    """The fake checker, its reports dated now (as real checks are)."""

    async def __call__(self, institutions: Iterable[Institution]) -> AsyncIterator[BatchItem]:
        async for item in super().__call__(institutions):
            if item.report is not None:
                now = item.report.model_copy(update={"checked_at": dt.datetime.now(dt.UTC)})
                item = item.model_copy(update={"report": now})
            yield item


def test_a_letter_older_than_the_last_check_is_written_again(tmp_path: Path) -> None:
    # a letter written from a check that could not tell; checked again later without --letters;
    # asked for letters again: the letter now says what the last check found
    write_input(tmp_path / "in.csv", ["Labo Unknown"])
    run(tmp_path, _CheckedNow(), letters="en", letter_format="json")
    (letter,) = (tmp_path / "out" / "letters").iterdir()
    first = letter.read_text(encoding="utf-8")
    time.sleep(0.01)
    run(tmp_path, _CheckedNow(settle=["Labo Unknown"]))
    checked = FakeChecker()
    _, _, notices, _ = run(tmp_path, checked, letters="en", letter_format="json")
    assert checked.calls == []  # nothing checked again: the letter comes from the saved report
    assert "letters written again: 1, older than their institution's last check" in notices
    *_, last = ReportLog(tmp_path / "out" / "reports.jsonl").reports()
    plan = build_plan(last, PlanOptions(language="en"))
    again = letter.read_text(encoding="utf-8")
    assert again != first and again == render_letter(last, plan, language="en", fmt="json")
    # and a letter newer than its report is left as it is (its writer may have edited it)
    letter.write_text("edited by hand", encoding="utf-8")
    run(tmp_path, FakeChecker(), letters="en", letter_format="json")
    assert letter.read_text(encoding="utf-8") == "edited by hand"
