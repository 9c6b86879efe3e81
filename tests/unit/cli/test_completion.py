"""Shell completion through argcomplete: what a TAB offers, and the code each shell loads (that --help
does not import argcomplete: cli/test_app.test_help_imports_nothing_heavy)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import argcomplete
import argcomplete.io
import pytest

from quitx import cli
from quitx.cli.app import COMMANDS, build_parser
from quitx.cli.completion import HOW, SHELLS, shell_code


class _Done(Exception):
    """argcomplete's exit, in the test: it has written the completions."""


class _Finder(argcomplete.CompletionFinder):
    def _init_debug_stream(self) -> None:  # fd 9 is pytest's: argcomplete's debug output goes to stderr
        argcomplete.io.debug_stream = sys.stderr


def _exit(code: int = 0) -> None:
    raise _Done(code)


def offered(line: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What a TAB at the end of ``line`` offers, asked of the live parser as the shell code asks it."""
    monkeypatch.setenv("_ARGCOMPLETE", "1")
    monkeypatch.setenv("_ARGCOMPLETE_IFS", "\n")
    monkeypatch.setenv("COMP_LINE", line)
    monkeypatch.setenv("COMP_POINT", str(len(line)))
    out = io.StringIO()
    with pytest.raises(_Done):
        _Finder()(build_parser(), exit_method=_exit, output_stream=out, **HOW)
    return [word.strip() for word in out.getvalue().split("\n") if word.strip()]


def test_commands_are_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    assert offered("quitx ", monkeypatch) == list(COMMANDS)
    assert offered("quitx che", monkeypatch) == ["check"]
    assert offered("quitx --config q.toml che", monkeypatch) == ["check"]  # settings before the command


def test_choices_are_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    assert offered("quitx check --format ", monkeypatch) == ["table", "json", "md", "jsonl", "csv"]
    assert offered("quitx letter --lang ", monkeypatch) == ["fr", "en"]
    assert offered("quitx completion ", monkeypatch) == list(SHELLS)
    assert "local_government" in offered("quitx plan --kind ", monkeypatch)
    assert offered("quitx letter --sector re", monkeypatch) == ["research"]


def test_options_are_offered_after_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "--sender" in offered("quitx -v letter --se", monkeypatch)
    assert "--from-json" in offered("quitx check --fr", monkeypatch)
    assert "--official-bio" in offered("quitx apply announce --off", monkeypatch)


def test_apply_steps_are_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    from quitx.apply.steps import STEPS

    assert offered("quitx apply ", monkeypatch) == list(STEPS)
    assert offered("quitx apply mastodon-v", monkeypatch) == ["mastodon-verification"]


def test_files_are_offered_for_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "report.json").write_text("{}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert offered("quitx plan --report rep", monkeypatch) == ["report.json"]


def test_main_answers_nothing_without_a_shell_asking(capsys: pytest.CaptureFixture[str]) -> None:
    """No _ARGCOMPLETE: main parses as usual (the conftest keeps the environment clean)."""
    assert "_ARGCOMPLETE" not in os.environ
    assert cli.main(["completion", "bash"]) == 0
    assert "_python_argcomplete" in capsys.readouterr().out


@pytest.mark.parametrize("shell", SHELLS)
def test_the_code_names_quitx(shell: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["completion", shell]) == 0
    code = capsys.readouterr().out
    assert code == shell_code(shell)
    assert "quitx" in code and "_ARGCOMPLETE" in code


def test_completion_needs_a_known_shell(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["completion", "powershell"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
    with pytest.raises(ValueError, match="expected one of bash, zsh, fish"):
        shell_code("powershell")


def _bin_on_path() -> dict[str, str]:
    """The environment of a shell that finds this checkout's quitx first (the venv's bin)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("_ARGCOMPLETE", "COMP_"))}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_through_quitx(tmp_path: Path) -> None:
    """The whole path once: bash loads the code, TAB runs quitx, quitx answers from its parser."""
    script = tmp_path / "quitx.bash"
    script.write_text(shell_code("bash"), encoding="utf-8")
    probe = (
        f'source "{script}"\n'
        'COMP_LINE="quitx check --format m"; COMP_POINT=${#COMP_LINE}\n'
        "COMP_WORDS=(quitx check --format m); COMP_CWORD=3\n"
        "_python_argcomplete quitx\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    done = subprocess.run(
        ["bash", "-c", probe], capture_output=True, text=True, env=_bin_on_path(), timeout=60, check=True
    )
    assert done.stdout.split() == ["md"]


@pytest.mark.parametrize(("shell", "check"), [("zsh", ["zsh", "-n"]), ("fish", ["fish", "--no-execute"])])
def test_zsh_and_fish_read_the_code(shell: str, check: list[str], tmp_path: Path) -> None:
    if shutil.which(check[0]) is None:
        pytest.skip(f"{check[0]} is not installed: its syntax check cannot run")
    path = tmp_path / f"quitx.{shell}"
    path.write_text(shell_code(shell), encoding="utf-8")
    subprocess.run([*check, str(path)], check=True, timeout=60)
