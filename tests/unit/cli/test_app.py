"""CLI comfort: examples in every --help, -v / -q, no colour, errors with a hint."""

from __future__ import annotations

import argparse
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from quitx import cli
from quitx.cli import batch as batch_command
from quitx.cli.app import build_parser
from quitx.cli.logs import settings_summary

COMMANDS = (
    "exists",
    "check",
    "plan",
    "letter",
    "claims",
    "apply",
    "batch",
    "changes",
    "observatory",
    "serve",
    "login",
    "logout",
    "config",
    "completion",
)


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(subparsers.choices)


def test_every_command_is_known() -> None:
    assert tuple(_commands()) == COMMANDS


# --- examples in every --help ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_help_has_examples(command: str | None) -> None:
    parser = build_parser() if command is None else _commands()[command]
    text = parser.format_help()
    assert "examples:" in text
    block = text.split("examples:", 1)[1]
    invocations = [line for line in block.splitlines() if line.strip().startswith(("quitx ", "source "))]
    assert 2 <= len(invocations) <= 5, invocations


@pytest.mark.parametrize("command", ["exists", "check", "plan", "letter", "batch", "apply", "serve"])
def test_the_examples_parse(command: str) -> None:
    """Every example is a real invocation: argparse accepts it."""
    import shlex

    text = _commands()[command].format_help().split("examples:", 1)[1].split("\n\n")[0]
    text = text.replace("\\\n", " ")
    lines = [line.split("#", 1)[0].split(" > ", 1)[0].strip() for line in text.splitlines()]  # no comment,
    invocations = [shlex.split(line)[1:] for line in lines if line.startswith("quitx ")]  # no redirection
    assert len(invocations) >= 2, f"quitx {command} --help shows too few examples"
    for argv in invocations:
        assert build_parser().parse_args(argv).command == command


def test_exit_statuses_are_kept_in_the_help() -> None:
    commands = _commands()
    assert "3  absent" in commands["exists"].format_help()
    assert "4  found nowhere" in commands["check"].format_help()
    assert "6    some rows" in commands["batch"].format_help()
    assert "5  at least one step failed" in commands["apply"].format_help()


# --- --verbose / --quiet --------------------------------------------------------------------------------


def _absent(refs: object, settings: object) -> list[object]:
    import datetime as dt

    from quitx.models import ExistsResult, MastodonRef, Platform, Reason, Verdict

    return [
        ExistsResult(
            ref=MastodonRef(username="x", domain="m.fr"),
            platform=Platform.MASTODON,
            verdict=Verdict.ABSENT,
            reason=Reason.NOT_FOUND,
            detail="d",
            checked_at=dt.datetime(2026, 11, 25, tzinfo=dt.UTC),
        )
    ]


@pytest.fixture
def exists_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("quitx.lookup.exists_many", _absent)
    monkeypatch.delenv("QUITX_CONFIG", raising=False)


@pytest.mark.usefixtures("exists_absent")
def test_verbose_logs_info_then_debug(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["exists", "@x@m.fr"]) == 3
    assert capsys.readouterr().err == ""

    assert cli.main(["-v", "exists", "@x@m.fr"]) == 3
    err = capsys.readouterr().err
    assert "INFO quitx.cli: exists done in" in err and "exit status 3" in err
    assert "DEBUG" not in err

    assert cli.main(["exists", "@x@m.fr", "-vv"]) == 3  # after the command too
    err = capsys.readouterr().err
    assert "DEBUG quitx.cli: settings: {" in err and "appview_url" in err


@pytest.mark.usefixtures("exists_absent")
def test_logging_is_undone_after_main(capsys: pytest.CaptureFixture[str]) -> None:
    before = list(logging.getLogger().handlers), logging.getLogger().level
    cli.main(["-vv", "exists", "@x@m.fr"])
    assert (list(logging.getLogger().handlers), logging.getLogger().level) == before


@pytest.mark.usefixtures("exists_absent")
def test_quiet_leaves_only_errors(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def warn(refs: object, settings: object) -> list[object]:
        logging.getLogger("quitx.lookup").warning("a warning")
        logging.getLogger("quitx.lookup").error("an error")
        return []

    monkeypatch.setattr("quitx.lookup.exists_many", warn)
    cli.main(["-q", "exists", "@x@m.fr"])
    err = capsys.readouterr().err
    assert "an error" in err and "a warning" not in err
    cli.main(["exists", "@x@m.fr"])
    assert "a warning" in capsys.readouterr().err


def test_global_quiet_implies_batch_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, bool] = {}

    def fake(args: argparse.Namespace) -> int:
        seen["quiet"] = args.quiet
        return 0

    monkeypatch.setattr(batch_command, "run", fake)
    assert cli.main(["-q", "batch", "in.csv"]) == 0
    assert seen["quiet"] is True
    assert cli.main(["batch", "in.csv"]) == 0
    assert seen["quiet"] is False
    assert cli.main(["batch", "in.csv", "-q"]) == 0
    assert seen["quiet"] is True


def test_secrets_are_masked_in_logs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QUITX_MASTODON_TOKEN", "s3cr3t-token-value")

    def leak(refs: object, settings: object) -> list[object]:
        log = logging.getLogger("quitx.lookup")
        log.info("header Authorization: Bearer abcdefgh and %s", "s3cr3t-token-value")
        log.info("url https://user:pw@host/x?access_token=zzz")
        return []

    monkeypatch.setattr("quitx.lookup.exists_many", leak)
    cli.main(["-v", "exists", "@x@m.fr"])
    err = capsys.readouterr().err
    for secret in ("s3cr3t-token-value", "abcdefgh", "user:pw", "zzz"):
        assert secret not in err
    assert "***" in err


def test_the_settings_summary_has_no_secret() -> None:
    from quitx.config import Settings
    from quitx.secrets import is_secret_name

    summary = settings_summary(Settings(host_map={"a.fr": "http://me:pw@127.0.0.1:1"}))
    assert "pw" not in summary and "127.0.0.1:1" in summary
    assert not [name for name in Settings.model_fields if is_secret_name(name)]


# --- no colour ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("env", [{"FORCE_COLOR": "1"}, {"NO_COLOR": "1"}, {"CLICOLOR_FORCE": "1"}])
def test_no_colour_whatever_the_environment(env: dict[str, str], tmp_path: Path) -> None:
    import os

    for argv in (["--help"], ["check", "--help"], ["exists", "not a ref"], ["-vv", "plan", "X", "--offline"]):
        proc = subprocess.run(
            [sys.executable, "-m", "quitx", *argv],
            capture_output=True,
            text=True,
            env={**os.environ, **env, "TERM": "xterm-256color", "QUITX_CONFIG": ""},
            cwd=tmp_path,
        )
        assert "\x1b" not in proc.stdout + proc.stderr, argv


# --- errors that say what to do next ------------------------------------------------------------------------


def _err(argv: list[str], status: int, capsys: pytest.CaptureFixture[str]) -> str:
    assert cli.main(argv) == status
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert lines[0].startswith("quitx: error: ")
    assert lines[-1].startswith("hint: ")
    return err


def test_bad_reference_lists_the_accepted_forms(capsys: pytest.CaptureFixture[str]) -> None:
    err = _err(["exists", "not a reference"], 2, capsys)
    assert "@user@host" in err and "did:plc:" in err


def test_missing_report_says_how_to_save_one(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = str(tmp_path / "report.json")
    err = _err(["plan", "--report", missing], 2, capsys)
    assert "--format json -o report.json" in err and "--offline" in err
    err = _err(["letter", "--report", missing], 2, capsys)
    assert "--format json -o report.json" in err
    (tmp_path / "bad.json").write_text("{}")
    err = _err(["apply", "announce", "--report", str(tmp_path / "bad.json")], 2, capsys)
    assert "not a quitx report" in err and "--format json -o report.json" in err


def test_unreadable_config_names_quitx_config(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("QUITX_CONFIG", str(tmp_path / "nope.toml"))
    err = _err(["exists", "@a@m.fr"], 2, capsys)
    assert "QUITX_CONFIG" in err.splitlines()[-1]


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["--map", "nohost", "exists", "@a@m.fr"], "--map HOST=URL"),
        (["plan", "X", "--offline", "--start", "tomorrow"], "YYYY-MM-DD"),
        (["plan", "--offline"], "give its name"),
    ],
)
def test_usage_errors_have_a_hint(argv: list[str], hint: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert hint in _err(argv, 2, capsys).splitlines()[-1]


def test_batch_errors_have_a_hint(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    err = _err(["batch", str(tmp_path / "none.csv"), "-o", str(tmp_path / "out"), "--lang", "en"], 2, capsys)
    assert "cannot read it: no such file" in err and "stdin" in err
    assert cli.main(["batch", str(tmp_path / "none.csv"), "-o", str(tmp_path / "out"), "--lang", "fr"]) == 2
    err = capsys.readouterr().err  # the whole run in French, the labels too
    assert err.startswith("quitx: erreur\u00a0: ") and "illisible\u00a0: fichier introuvable" in err
    assert "\nconseil\u00a0: " in err
    (tmp_path / "in.csv").write_text("titre,domaine\nX,x.fr\n")  # nom,domaine is read: titre is no name
    err = _err(["batch", str(tmp_path / "in.csv"), "-o", str(tmp_path / "out"), "--lang", "en"], 2, capsys)
    assert "no column gives the institutions' names" in err and "'nom'" in err and "quitx batch --help" in err


def test_argparse_errors_have_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main([])
    assert exc.value.code == 2
    assert "hint: give a command (exists, check" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        cli.main(["exists", "@a@m.fr", "--timeout", "3"])
    assert exc.value.code == 2
    assert "come before the command" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        cli.main(["check", "X", "--kind", "nope"])
    assert exc.value.code == 2
    assert "hint: run 'quitx check --help'" in capsys.readouterr().err


def test_a_bug_is_one_line_and_a_request_to_report_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(refs: object, settings: object) -> None:
        raise RuntimeError("something broke\nsecond line")

    monkeypatch.setattr("quitx.lookup.exists_many", boom)
    monkeypatch.delenv("QUITX_CONFIG", raising=False)
    assert cli.main(["exists", "@a@m.fr"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "quitx: error: unexpected RuntimeError: something broke",
        "hint: this is a bug in quitx: please report it with -vv output (the same command with -vv)",
    ]
    assert cli.main(["-vv", "exists", "@a@m.fr"]) == 1
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "please report it" in err


def test_an_unwritable_output_is_said_plainly(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # a folder that is not there is a usage error, said before anything is done
    err = _err(["plan", "X", "--offline", "-o", str(tmp_path / "no" / "dir" / "plan.md")], 2, capsys)
    assert "Traceback" not in err and "plan.md" in err and "folder" in err and "does not exist" in err
    assert "mkdir -p" in err


# --- help stays fast --------------------------------------------------------------------------------


def test_help_imports_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from quitx import cli\n"
        "try:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('httpx', 'pydantic', 'atproto', 'mastodon', 'dns', 'logging', 'argcomplete')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
