"""quitx batch: reading the input, resuming, the summaries, the progress bar (no network: a fake checker)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Literal
from xml.etree import ElementTree

import pytest
import tests.builders as b

from quitx import batch
from quitx._http import EngineStats
from quitx.batch import (
    BatchInputError,
    BatchOptions,
    BatchTick,
    InstitutionRow,
    ReportLog,
    RowError,
    SummaryStats,
    count_rows,
    institution_key,
    read_institutions,
    render_summary_html,
    run_batch,
    run_text,
    summary_rows,
    summary_text,
    write_summary_csv,
)
from quitx.batch.summary import CSV_HEADER
from quitx.cli import batch as batch_command
from quitx.cli.app import build_parser
from quitx.cli.progress import Progress, format_duration, format_line
from quitx.errors import BatchInputProblem, OutputDirError, UsageError
from quitx.models import (
    Activity,
    Confidence,
    FoundAccount,
    FoundBy,
    Institution,
    InstitutionKind,
    Report,
    Verdict,
)
from quitx.presence import BatchItem

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes" \u202eevil'


# --- hand-built reports ---------------------------------------------------------------------------------


def mastodon(acct: str, confidence: Confidence, activity: Activity, followers: int | None) -> FoundAccount:
    return b.mastodon(
        acct,
        confidence=confidence,
        activity=activity,
        followers=followers,
        last_post=dt.date(2025, 1, 2),
        found_by=(FoundBy.SEARCH,),
    )


def bluesky(handle: str, confidence: Confidence, activity: Activity) -> FoundAccount:
    return b.bluesky(handle, did="did:plc:abc", confidence=confidence, activity=activity, followers=7)


def make_report(
    institution: Institution,
    *,
    on_mastodon: Verdict = Verdict.ABSENT,
    on_bluesky: Verdict = Verdict.ABSENT,
    accounts: Iterable[FoundAccount] = (),
) -> Report:
    return b.report(
        *accounts,
        institution=institution,
        mastodon=on_mastodon,
        bluesky=on_bluesky,
        checked_at=dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC),
    )


def report_for(institution: Institution, settle: bool = False) -> Report:
    """A plausible report, depending on the name (for the fake checker); ``settle``: the server that
    could not be checked answers now."""
    if "Verified" in institution.name:
        return make_report(
            institution,
            on_mastodon=Verdict.PRESENT,
            on_bluesky=Verdict.PRESENT,
            accounts=[
                mastodon("fan@piaille.fr", Confidence.CANDIDATE, Activity.ACTIVE, 3),
                mastodon("univ@social.example", Confidence.VERIFIED, Activity.ACTIVE, 1200),
                bluesky("univ.example", Confidence.VERIFIED, Activity.DORMANT),
            ],
        )
    if "Unknown" in institution.name and not settle:
        return make_report(institution, on_mastodon=Verdict.UNKNOWN)
    return make_report(institution)


class FakeChecker:
    """Stands for quitx.check_many: records who is checked; ``fail`` names give an error item;
    ``interrupt_after`` raises KeyboardInterrupt (Ctrl-C) after that many items; ``settle`` names
    get a settled report (present or absent) even when their name says "Unknown"."""

    def __init__(
        self, *, fail: Iterable[str] = (), interrupt_after: int | None = None, settle: Iterable[str] = ()
    ) -> None:
        self.calls: list[str] = []
        self.fail = set(fail)
        self.interrupt_after = interrupt_after
        self.settle = set(settle)

    async def __call__(self, institutions: Iterable[Institution]) -> AsyncIterator[BatchItem]:
        for index, institution in enumerate(institutions):
            if self.interrupt_after is not None and index >= self.interrupt_after:
                raise KeyboardInterrupt
            self.calls.append(institution.name)
            if institution.name in self.fail:
                yield BatchItem(index=index, institution=institution, error="RuntimeError: boom")
            else:
                report = report_for(institution, institution.name in self.settle)
                yield BatchItem(index=index, institution=institution, report=report)


def rows_of(path: Path) -> tuple[list[Institution], list[RowError], list[str]]:
    notices: list[str] = []
    good: list[Institution] = []
    bad: list[RowError] = []
    lines: list[int] = []
    for row in read_institutions(path, warn=notices.append):
        if isinstance(row, InstitutionRow):
            good.append(row.institution)
            lines.append(row.line)
        else:
            bad.append(row)
    return good, bad, notices


# --- input --------------------------------------------------------------------------------------------


def test_csv_rows_bad_rows_and_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "name,domain,handles,kind,country,language,notes\n"
        "Université Exemple,https://www.univ-exemple.fr/accueil,@univ@social.example | univ-exemple.fr,"
        "research,fr,fr,x\n"
        "\n"
        ",nodomain.fr,,,,,\n"
        "Bad Kind,bad.fr,,spaceship,,,\n"
        "Bad Handle,handle.fr,@not a handle,,,,\n"
        '"Mairie ""Absente""",mairie-absente.fr,,Local-Government,FR,fr,\n'
        '"Two\nLines",two.fr,,,,,\n'
        "Bad Domain,ex ample..fr,,,,,\n",
        encoding="utf-8",
    )
    rows = list(read_institutions(path, warn=lambda _: None))
    good = [(r.line, r.institution) for r in rows if isinstance(r, InstitutionRow)]
    bad = {r.line: r.message for r in rows if isinstance(r, RowError)}
    assert [(line, i.name) for line, i in good] == [
        (2, "Université Exemple"),
        (7, 'Mairie "Absente"'),
        (8, "Two Lines"),
    ]
    first = good[0][1]
    assert first.domain == "univ-exemple.fr" and first.homepage == "https://www.univ-exemple.fr/accueil"
    assert first.handles == ("@univ@social.example", "univ-exemple.fr")
    assert good[1][1].kind is InstitutionKind.LOCAL_GOVERNMENT
    assert set(bad) == {4, 5, 6, 10}
    assert "no name" in bad[4]
    assert "unknown kind 'spaceship'" in bad[5] and "research" in bad[5]
    assert "bad handle '@not'" in bad[6] or "bad handle" in bad[6]
    assert "domain" in bad[10]
    assert str(RowError(5, "x")) == "line 5: x"


def test_unknown_columns_are_said_once(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("Name,Domain,Notes,Budget\nA,a.fr,x,1\nB,b.fr,y,2\n", encoding="utf-8")
    good, bad, notices = rows_of(path)
    assert [i.name for i in good] == ["A", "B"] and not bad
    assert len(notices) == 1 and "Notes, Budget" in notices[0]


def test_csv_bom_and_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(
        "\ufeffname;domain;handles\r\nMusée Exemple;musee-exemple.fr;\r\nB, et C;b.fr;@b@b.fr\r\n".encode()
    )
    good, bad, notices = rows_of(path)
    assert [(i.name, i.domain) for i in good] == [("Musée Exemple", "musee-exemple.fr"), ("B, et C", "b.fr")]
    assert good[1].handles == ("@b@b.fr",)
    assert not bad and not notices


def test_csv_without_a_name_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("title,domain\nA,a.fr\n", encoding="utf-8")
    with pytest.raises(BatchInputError, match="line 1: the header row needs a 'name' column"):
        list(read_institutions(path))


def test_encoding_errors(tmp_path: Path) -> None:
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(b"name,domain\nGood,good.fr\nUniversit\xe9 Latin,latin.fr\nAlso Good,also.fr\n")
    good, bad, _ = rows_of(mixed)
    assert [i.name for i in good] == ["Good", "Also Good"]
    assert len(bad) == 1 and bad[0].line == 3 and "not UTF-8" in bad[0].message and "0xe9" in bad[0].message
    latin = tmp_path / "latin.csv"
    latin.write_bytes("nom\xe9,domain\nA,a.fr\n".encode("latin-1"))
    with pytest.raises(BatchInputError, match=r"not UTF-8: byte 0xe9 at line 1, column 4"):
        list(read_institutions(latin))


def test_jsonl_rows(tmp_path: Path) -> None:
    saved = make_report(Institution(name="From A Report", domain="report.fr"))
    path = tmp_path / "in.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"name": "Labo Dormant", "domain": "labo-dormant.fr", "handles": ["@l@x.fr"]}),
                "{not json",
                "[1, 2]",
                json.dumps({"name": "Extra", "domain": "extra.fr", "color": "blue"}),
                json.dumps({"name": "Bad", "handles": ["did:nope"]}),
                "",
                saved.model_dump_json(),
                json.dumps({"domain": "noname.fr"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    good, bad, notices = rows_of(path)
    assert [i.name for i in good] == ["Labo Dormant", "Extra", "From A Report"]
    assert good[0].handles == ("@l@x.fr",)
    assert [(e.line, e.message.split(":")[0]) for e in bad] == [
        (2, "invalid JSON"),
        (3, "expected a JSON object (an Institution)"),
        (5, "bad handle 'did"),
        (8, "no name (the name column is required)"),
    ]
    assert len(notices) == 1 and "color" in notices[0]


def test_count_rows(tmp_path: Path) -> None:
    csv_path = tmp_path / "in.csv"
    csv_path.write_text("name\nA\n\nB\n", encoding="utf-8")
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text('{"name": "A"}\n{"name": "B"}\n{"name": "C"}\n', encoding="utf-8")
    assert count_rows(csv_path) == 2
    assert count_rows(jsonl) == 3
    assert count_rows("-") is None


def test_institution_key_ignores_case_accents_and_spaces() -> None:
    a = Institution(name="Université  Exemple", domain="https://www.univ-exemple.fr/")
    b = Institution(name="universite exemple", domain="univ-exemple.fr")
    assert institution_key(a) == institution_key(b)
    assert institution_key(a) != institution_key(Institution(name="Université Exemple"))
    assert batch.letter_slug(a) == "universite-exemple-univ-exemple-fr"


# --- resuming -------------------------------------------------------------------------------------------


def write_input(path: Path, names: Iterable[str]) -> Path:
    path.write_text(
        "name,domain\n" + "".join(f"{n},{n.lower().replace(' ', '-')}.fr\n" for n in names), encoding="utf-8"
    )
    return path


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
        "1 of 3 are on Mastodon (1 verified), 1 on Bluesky (1 verified); 1 could not be fully checked" in out
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
    with pytest.raises(BatchInputError, match="'name' column") as raised:
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


# --- summaries ------------------------------------------------------------------------------------------


def reports_for_summary() -> list[Report]:
    return [
        report_for(Institution(name="Uni Verified", domain="univ.example")),
        make_report(Institution(name=HOSTILE, domain="hostile.example")),
        report_for(Institution(name="=cmd|' /C calc'!A0", domain="formula.example")),
        report_for(Institution(name="Labo Unknown", domain="labo.example")),
    ]


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


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "section", "figure", "figcaption",
    "svg", "rect", "text", "table", "thead", "tbody", "tr", "th", "td", "span", "a", "br", "b",
}  # fmt: skip


def test_summary_html_is_self_contained_and_inert() -> None:
    page = render_summary_html(summary_rows(reports_for_summary()))
    lowered = page.lower()
    tags = re.findall(r"<([a-z][a-z0-9]*)([^>]*)>", lowered)
    assert {name for name, _ in tags} <= ALLOWED_TAGS, {name for name, _ in tags} - ALLOWED_TAGS
    assert not [attrs for _, attrs in tags if re.search(r"\b(src|on[a-z]+)\s*=", attrs)]
    assert "<script" not in lowered
    assert "&lt;script&gt;" in page and "\u202e" not in page
    assert page.count("<svg") == 3 and "Presence per network" in page
    for svg in re.findall(r"<svg.*?</svg>", page, flags=re.DOTALL):
        ElementTree.fromstring(svg)  # noqa: S314 - our own output: is the inline SVG well-formed?
    assert 'href="https://social.example/@univ"' in page
    assert "@import" not in page and "url(" not in page


# --- progress -------------------------------------------------------------------------------------------


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_silent_when_not_a_terminal_or_quiet() -> None:
    stream = io.StringIO()
    progress = Progress(10, stream=stream)
    assert not progress.enabled
    progress.show(BatchTick(done=1, checked=1, total=10))
    progress.update(force=True)
    progress.close()
    assert stream.getvalue() == ""
    progress.message("line 3: bad")
    assert stream.getvalue() == "line 3: bad\n"  # errors are not progress
    quiet = Progress(10, stream=FakeTty(), quiet=True)
    assert not quiet.enabled


def test_progress_on_a_terminal_redraws_at_most_ten_times_a_second() -> None:
    now = [0.0]
    stream = FakeTty()
    progress = Progress(4, stream=stream, clock=lambda: now[0])
    assert progress.enabled
    progress.show(BatchTick(done=1, checked=1, total=4))
    progress.show(BatchTick(done=2, checked=2, total=4))  # same instant: not redrawn
    assert stream.getvalue().count("\r") == 1
    now[0] = 1.0
    stats = EngineStats(
        requests=12,
        http429=0,
        cache_hits=0,
        waits={"piaille.fr": 42.0, "x.fr": 0.2},
        slowed={"social.exemple.fr": (2, 8)},
    )
    progress.show(BatchTick(done=2, checked=2, total=4, stats=stats))
    last = stream.getvalue().split("\r")[-1]
    assert "2/4" in last and "12 req" in last and "waiting 42 s for piaille.fr" in last
    assert "social.exemple.fr slowed to 2/8" in last
    progress.close()
    assert stream.getvalue().endswith("\r")


def test_format_line() -> None:
    line = format_line(done=30, total=80, elapsed=10.0, checked=20, requests=400, waits={"a.fr": 65})
    assert (
        "30/80" in line and "2.0/s" in line and "ETA 25 s" in line and "waiting 1 min 05 s for a.fr" in line
    )
    assert line.startswith("[")
    assert format_line(done=3, total=None, elapsed=1.0, checked=3).startswith("3 done · 3.0/s")
    slowed = format_line(
        done=3, total=None, elapsed=1.0, checked=3, slowed={"a.fr": (4, 8), "b.fr": (1, 8)}, width=200
    )
    assert slowed.endswith("b.fr slowed to 1/8 (+1)")  # the most held back, and how many others
    assert format_duration(7300) == "2 h 01 min"


# --- the command ----------------------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    return build_parser()


def test_the_command_line(tmp_path: Path) -> None:
    args = parser().parse_args(
        ["batch", "in.csv", "-o", str(tmp_path), "--letters", "fr", "--format", "eml", "--instance", "X.fr"]
    )
    assert (args.file, args.out_dir, args.letters, args.letter_format) == (
        "in.csv",
        str(tmp_path),
        "fr",
        "eml",
    )
    assert args.concurrency == 32 and not args.refresh and args.instance == ["X.fr"]
    with pytest.raises(SystemExit):
        parser().parse_args(["batch", "in.csv", "--concurrency", "0"])
    bad = parser().parse_args(["batch", "in.csv", "--format", "md"])
    with pytest.raises(UsageError, match="needs --letters") as raised:  # --format without --letters
        batch_command.run(bad)
    assert raised.value.option == "--format"


def test_a_second_run_on_the_same_directory_is_refused(tmp_path: Path) -> None:
    fcntl = pytest.importorskip("fcntl")
    write_input(tmp_path / "in.csv", ["A"])
    (tmp_path / "out").mkdir()
    with open(tmp_path / "out" / ".quitx-batch.lock", "a") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        with pytest.raises(OutputDirError, match="another quitx batch") as raised:
            run(tmp_path, FakeChecker())
    assert raised.value.locked
    assert run(tmp_path, FakeChecker())[0] == 0
