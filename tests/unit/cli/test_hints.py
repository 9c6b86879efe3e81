"""The hint after an error: chosen by the error's type and attributes, never by its text."""

from __future__ import annotations

from pathlib import Path

import pytest

from quitx import cli, errors
from quitx.cli import hints
from quitx.errors import (
    BatchInputError,
    BatchInputProblem,
    ConfigError,
    ConfigProblem,
    FieldIssue,
    FieldProblem,
    InvalidInstitutionError,
    InvalidReferenceError,
    InvalidReportError,
    OutputDirError,
    OutputDirProblem,
    ReferenceProblem,
    ReportProblem,
    TemplateError,
    TemplateProblem,
    UsageError,
    file_problem,
)

TOML, PAIR = ConfigProblem.INVALID_TOML, ConfigProblem.HOST_MAP_PAIR
NO_FILE = file_problem(FileNotFoundError(2, "No such file or directory"))
NO_COLUMN = {"line": "1", "delimiter": "','", "found": "'nom'", "names": "'name'"}

ERROR_CLASSES = [
    value
    for name in errors.__all__
    if isinstance(value := getattr(errors, name), type) and issubclass(value, Exception)
]


def test_every_error_class_has_its_rule() -> None:
    assert len(ERROR_CLASSES) >= 14
    table = hints.rules()
    missing = [kind.__name__ for kind in ERROR_CLASSES if kind not in table]
    assert not missing, f"say in the hints what to do after {missing} (or None)"


def _caused(exc: Exception, cause: BaseException | None) -> Exception:
    exc.__cause__ = cause
    return exc


def test_a_report_that_cannot_be_read_or_is_no_report() -> None:
    gone = FileNotFoundError(2, "gone")
    unreadable = _caused(InvalidReportError("r.json", ReportProblem.UNREADABLE, **file_problem(gone)), gone)
    not_a_report = _caused(
        InvalidReportError("r.json", ReportProblem.NOT_UTF8, position="3"), ValueError("x")
    )
    assert hints.hint_for(unreadable, "apply") == hints.REPORT_HINT
    assert hints.hint_for(unreadable, "plan") == hints.REPORT_HINT + ", or do without a check: --offline"
    assert hints.hint_for(unreadable, "letter").endswith("--offline")  # type: ignore[union-attr]
    assert "--report takes a check saved with --format json" in (hints.hint_for(not_a_report, "plan") or "")


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (
            _caused(ConfigError(TOML, origin="file", line="1", column="2"), OSError(2, "no")),
            'QUITX_CONFIG=""',
        ),
        (ConfigError(TOML, origin="file", line="1", column="2"), "the settings are listed in docs/reference"),
        (
            ConfigError(PAIR, source="QUITX_HOST_MAP", origin="env", pair="x"),
            "fix or unset the QUITX_* variable",
        ),
        (ConfigError(PAIR, origin="argument", pair="x"), "check the option or setting named above"),
        (BatchInputError(BatchInputProblem.UNREADABLE, path="-", **NO_FILE), "give - to read it"),
        (BatchInputError(BatchInputProblem.NO_NAME_COLUMN, path="a", **NO_COLUMN), "'quitx batch --help'"),
        (UsageError("x", option="--map"), "write --map HOST=URL"),
        (UsageError("x", option="--start"), "YYYY-MM-DD"),
        (UsageError("x", option="--date"), "YYYY-MM-DD"),
        (UsageError("x", option="NAME"), "give its name first"),
        (UsageError("x", option="--from-json"), "--from-json takes a JSON object"),
        (UsageError("x", option="steps"), "'quitx apply --help' lists the steps"),
        (UsageError("x", option="--confirm-account"), "@user@host"),
        (UsageError("x", option="article"), "check the option or setting named above"),
        (InvalidInstitutionError([FieldIssue("name", FieldProblem.EMPTY)]), "give its name first"),
        (
            InvalidInstitutionError([FieldIssue("domain", FieldProblem.NOT_A_DOMAIN, {"value": "a b"})]),
            "check the option or setting named above",
        ),
        (InvalidReferenceError("x", ReferenceProblem.HANDLE_WITHOUT_DOMAIN, value="x"), "did:plc:"),
        (TemplateError(TemplateProblem.NO_VALUE, placeholder="x"), "docs/letter.md"),
        (
            OutputDirError(OutputDirProblem.CANNOT_CREATE, path="out", **NO_FILE),
            "choose another --output-dir",
        ),
    ],
)
def test_the_hint_comes_from_the_type_and_the_attributes(error: Exception, words: str) -> None:
    assert words in (hints.hint_for(error) or "")


@pytest.mark.parametrize(
    "error",
    [
        BatchInputError(BatchInputProblem.NOT_UTF8, path="a", byte="ff", line="1", column="1", offset="0"),
        OutputDirError(OutputDirProblem.LOCKED, path="out"),
        UsageError("--format is the letters' format: it needs --letters LANG", option="--format"),
        errors.SourceError(errors.SourceProblem.UNREACHABLE, reason="timeout"),
        errors.HistoryError(errors.HistoryProblem.NO_RUNS, path="h.db"),
    ],
)
def test_no_hint_where_the_message_says_what_to_do(error: Exception) -> None:
    assert hints.hint_for(error) is None


def test_the_text_of_the_message_plays_no_part() -> None:
    """A message that quotes another error's words gets its own class's hint."""
    sly = UsageError("not an account reference; cannot read the report; --map expects", option="--start")
    assert hints.hint_for(sly) == hints.hint_for(UsageError("", option="--start"))
    assert hints.hint_for(UsageError("not an account reference")) == hints.hint_for(UsageError(""))


def test_a_user_template_with_an_unknown_placeholder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "greeting.md").write_text("Bonjour ${nobody},\n", encoding="utf-8")
    argv = ["letter", "Labo", "--offline", "--templates", str(tmp_path), "--date", "2026-03-02"]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("quitx: error: ") and "nobody" in err[0]
    assert err[-1] == "hint: the placeholders and the markup are listed in docs/letter.md"


def test_batch_and_apply_errors_reach_the_command_line_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Raised by the library, said once by the command line: one error line, one hint."""
    assert cli.main(["batch", str(tmp_path / "none.csv"), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert [line.split(":")[0] for line in err] == ["quitx", "hint"]
    assert cli.main(["batch", "in.csv", "--format", "md"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "quitx: error: --format is the letters' format: it needs --letters LANG"
    ]
