"""``quitx batch``: the options, the exit statuses, a second run on the same directory refused."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from quitx.cli import batch as batch_command
from quitx.cli.app import build_parser
from quitx.errors import UsageError

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
