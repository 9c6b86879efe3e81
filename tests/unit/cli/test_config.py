"""``quitx config show`` / ``quitx config path``, and the config file's preferences as the defaults of
the options (issue 17). The file is found without flags, in the platform's config folder: here the
test's own folder (XDG_CONFIG_HOME)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quitx import cli

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "reports"
REPORT = str(GOLDEN / "present_verified.json")


@pytest.fixture
def config_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The platform's config folder, in the test's folder; no QUITX_CONFIG: the file is found there."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("QUITX_CONFIG", raising=False)
    return tmp_path / "xdg" / "quitx" / "config.toml"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_config_path_is_the_platform_config_folder(
    config_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["config", "path"]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{config_home}\n"
    assert "no config file: quitx looks for it at" in captured.err
    _write(config_home, "timeout = 3\n")
    assert cli.main(["config", "path"]) == 0
    assert capsys.readouterr().err == "quitx: this file exists\n"


def test_config_path_follows_quitx_config(
    config_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("QUITX_CONFIG", str(tmp_path / "other.toml"))
    assert cli.main(["config", "path"]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{tmp_path / 'other.toml'}\n" and "does not exist" in captured.err


def test_config_show_says_each_value_and_its_origin(
    config_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(config_home, 'timeout = 4\nretries = 5\nlang = "en"\n[sender]\nname = "Camille Martin"\n')
    monkeypatch.setenv("QUITX_RETRIES", "1")
    assert cli.main(["--user-agent", "probe/1", "config", "show"]) == 0
    captured = capsys.readouterr()
    rows = {line.split()[0]: line for line in captured.out.splitlines()}
    assert rows["timeout"].split()[1:] == ["4.0", "(file)"]
    assert rows["retries"].split()[1:] == ["1", "(env)"]  # the environment beats the file
    assert rows["user_agent"].split()[1:] == ["probe/1", "(argument)"]
    assert rows["plc_url"].endswith("(default)")
    assert rows["lang"].split()[1:] == ["en", "(file)"]
    assert "Camille Martin  (file)" in rows["sender.name"]
    assert captured.err == f"quitx: config file read: {config_home}\n"


def test_config_show_json_carries_codes(config_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(config_home, "timeout = 4\n")
    assert cli.main(["config", "show", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["path"] == str(config_home)
    entries = {e["name"]: e for e in document["entries"]}
    assert entries["timeout"] == {"name": "timeout", "value": "4.0", "origin": "file"}
    assert {e["origin"] for e in document["entries"]} <= {"default", "file", "env", "argument"}


def test_a_bad_value_in_the_file_is_a_usage_error_naming_it(
    config_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(config_home, 'timeout = "soon"\n')
    assert cli.main(["config", "show"]) == 2
    err = capsys.readouterr().err
    assert str(config_home) in err and "timeout" in err and "quitx config path" in err


def test_the_sender_table_signs_the_letter(config_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write(
        config_home,
        '[sender]\nname = "Camille Martin"\ngender = "f"\nrole = "chargé/chargée de mission"\n'
        'email = "camille@exemple.fr"\n',
    )
    assert cli.main(["letter", "--report", REPORT, "--no-plan", "--format", "txt"]) == 0
    captured = capsys.readouterr()
    assert "Camille Martin" in captured.out and "chargée de mission" in captured.out.lower()
    assert "Prénom Nom" not in captured.out
    assert "warning" not in captured.err  # signed: nothing to warn about
    assert cli.main(["letter", "--report", REPORT, "--no-plan", "--sender", "Alex Roy", "--role", "X"]) == 0
    out = capsys.readouterr().out
    assert "Alex Roy" in out and "Camille Martin" not in out  # an option beats the file


def test_the_lang_preference_is_the_default_of_lang(
    config_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(config_home, 'lang = "en"\n')
    assert cli.main(["plan", "Inria", "--offline", "--start", "2026-03-02"]) == 0
    assert "Migration plan" in capsys.readouterr().out
    assert cli.main(["plan", "Inria", "--offline", "--start", "2026-03-02", "--lang", "fr"]) == 0
    assert "Plan de migration" in capsys.readouterr().out


# --- one language per run: a setting refused is said in it (issue 17) -----------------------------------


@pytest.mark.parametrize(
    ("file", "env", "french", "english"),
    [
        (
            'timeout = "soon"\nretries = -1\n',
            {},
            "timeout\u00a0: doit être un nombre\u202f; retries\u00a0: doit valoir au moins 0",
            "timeout: must be a number; retries: must be 0 or more",
        ),
        ("timeout = \n", {}, "TOML invalide, ligne 1, colonne 11", "invalid TOML at line 1, column 11"),
        ("", {"QUITX_HOST_MAP": "nope"}, "des paires hôte=URL séparées", "expected host=URL pairs"),
        (
            'appview_url = "ftp://x"\n',
            {},
            "appview_url\u00a0: pas une URL http(s)\u00a0: «\u202fftp://x\u202f»",
            "appview_url: not an http(s) URL: 'ftp://x'",
        ),
    ],
)
def test_a_setting_refused_is_said_in_the_run_language(
    config_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    file: str,
    env: dict[str, str],
    french: str,
    english: str,
) -> None:
    _write(config_home, file)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("LANGUAGE", "fr")  # a file that cannot be read has no lang: the locale speaks
    assert cli.main(["config", "show"]) == 2
    error, hint = capsys.readouterr().err.splitlines()
    assert error.startswith("quitx: erreur\u00a0: ") and french in error and english not in error
    assert hint.startswith("conseil\u00a0: ")
    monkeypatch.setenv("LANGUAGE", "en")
    assert cli.main(["config", "show"]) == 2
    error, _ = capsys.readouterr().err.splitlines()
    assert error.startswith("quitx: error: ") and english in error and french not in error


@pytest.mark.parametrize(
    ("language", "option", "variable"),
    [
        (
            "fr",
            "quitx: erreur\u00a0: --timeout\u00a0: doit être supérieur à 0",
            "QUITX_TIMEOUT\u00a0: doit être",
        ),
        ("en", "quitx: error: --timeout: must be greater than 0", "QUITX_TIMEOUT: must be"),
    ],
)
def test_without_a_file_a_refused_value_names_its_option_or_its_variable(
    config_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    language: str,
    option: str,
    variable: str,
) -> None:
    """No config file: the error says which option or QUITX_* variable to mend, never "settings"."""
    assert not config_home.exists()
    monkeypatch.setenv("LANGUAGE", language)
    assert cli.main(["--timeout", "-1", "check", "Inria", "--domain", "inria.fr"]) == 2
    error = capsys.readouterr().err.splitlines()[0]
    assert error == option
    monkeypatch.setenv("QUITX_TIMEOUT", "0")
    assert cli.main(["config", "show"]) == 2
    error = capsys.readouterr().err.splitlines()[0]
    assert variable in error and "settings" not in error
