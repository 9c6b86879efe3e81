"""``quitx changes`` and ``quitx observatory``: their errors are said as the other commands say theirs."""

from __future__ import annotations

from pathlib import Path

import pytest

from quitx import cli
from quitx.cli.hints import REPORT_HINT


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
