"""``quitx apply``: usage errors, exit statuses, the --official-bio option."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.unit.apply.support import _report, _result

from quitx import cli
from quitx.apply import (
    ApplyResult,
    ErrorKind,
    ProfileRequest,
)
from quitx.cli.apply import exit_status
from quitx.cli.exits import EXIT_FAILED, EXIT_UNVERIFIED
from quitx.models import (
    Institution,
)
from quitx.secrets import (
    Credentials,
)


def test_exit_status() -> None:
    ok = _result("announce", "post", changed=True, verified=True)
    unverified = _result("mastodon-verification", "profile-field", changed=True, verified=False)
    failed = _result("announce", "pin", done=False, error="no", error_kind=ErrorKind.REFUSED)
    assert exit_status([ok]) == 0
    assert exit_status([ok, unverified]) == EXIT_UNVERIFIED
    assert exit_status([unverified, failed]) == EXIT_FAILED


# --- the command ---------------------------------------------------------------------------------------


def test_cli_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["apply", "announce", "--report", str(tmp_path / "missing.json")]) == 2
    assert "cannot read the report" in capsys.readouterr().err
    path = tmp_path / "report.json"
    path.write_text(_report().model_dump_json(), "utf-8")
    assert cli.main(["apply", "bridge", "--report", str(path)]) == 2
    assert "bridge" in capsys.readouterr().err
    assert cli.main(["apply", "mastodon-profile", "--report", str(path)]) == 2
    assert "--display-name" in capsys.readouterr().err
    for clash in (["--yes", "--dry-run"], ["--bio", "x", "--official-bio"]):
        with pytest.raises(SystemExit):
            cli.main(["apply", "announce", "--report", str(path), *clash])


def test_cli_failed_step_exit_5(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "report.json"
    path.write_text(_report().model_dump_json(), "utf-8")
    for var in ("QUITX_MASTODON_TOKEN", "QUITX_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr("quitx.apply.api.load_credentials", lambda **kwargs: Credentials())
    argv = ["apply", "mastodon-profile", "--report", str(path), "--official-bio", "--yes", "--format", "json"]
    assert cli.main(argv) == EXIT_FAILED
    [result] = json.loads(capsys.readouterr().out)
    assert result["error"] == "missing_credentials" and result["status"] == "refused"  # nothing was sent


# --- one language per run (issue 17) -----------------------------------------------------------------

_FRENCH = ("[impossible]", "Simulation", "rien", "erreur", "aucun")
_ENGLISH = ("[cannot]", "Dry run", "nothing", "error", "no Mastodon token")


def _dry_run(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *options: str,
    env: dict[str, str] | None = None,
) -> str:
    """A dry run whose one step is refused (no credentials): every kind of line apply says."""
    path = tmp_path / "report.json"
    path.write_text(_report().model_dump_json(), "utf-8")
    for var in ("QUITX_MASTODON_TOKEN", "QUITX_CONFIG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for var, value in (env or {}).items():
        monkeypatch.setenv(var, value)
    monkeypatch.setattr("quitx.apply.api.load_credentials", lambda **kwargs: Credentials())
    assert cli.main(["apply", "mastodon-verification", "--report", str(path), *options]) == EXIT_FAILED
    return capsys.readouterr().out


def test_every_line_follows_lang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    english = _dry_run(tmp_path, monkeypatch, capsys, "--lang", "en", env={"LANG": "fr_FR.UTF-8"})
    assert "[cannot]" in english and "Dry run: the accounts were read" in english
    assert not [w for w in _FRENCH if w in english], english
    french = _dry_run(tmp_path, monkeypatch, capsys, "--lang", "fr", env={"LANG": "en_GB.UTF-8"})
    assert "[impossible]" in french and "Simulation\u00a0: les comptes ont été lus" in french
    assert not [w for w in _ENGLISH if w in french], french


def test_without_lang_the_config_then_the_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # the lab's report is French: the run's words still follow the user's locale
    by_locale = _dry_run(tmp_path, monkeypatch, capsys, env={"LANG": "en_US.UTF-8"})
    assert "[cannot]" in by_locale and not [w for w in _FRENCH if w in by_locale]
    config = tmp_path / "quitx.toml"
    config.write_text('lang = "fr"\n', "utf-8")
    by_config = _dry_run(
        tmp_path, monkeypatch, capsys, env={"LANG": "en_US.UTF-8", "QUITX_CONFIG": str(config)}
    )
    assert "[impossible]" in by_config and not [w for w in _ENGLISH if w in by_config]


def test_json_carries_codes_and_words_only_under_their_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _dry_run(tmp_path, monkeypatch, capsys, "--format", "json", env={"LANG": "fr_FR.UTF-8"})
    [row] = json.loads(out)
    assert row["step"] == "mastodon-verification" and row["status"] == "refused"
    assert row["error"] == "missing_credentials" and row["note"] is None and row["language"] == "fr"
    assert row["fr"]["error"].startswith("aucun jeton Mastodon") and "en" not in row
    out = _dry_run(tmp_path, monkeypatch, capsys, "--format", "json", "--lang", "en")
    [row] = json.loads(out)
    assert row["en"]["error"].startswith("no Mastodon token") and "fr" not in row and row["language"] == "en"


def test_official_bio_option_is_the_grammar_one(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The bio written to a French institution's account is French, whatever the locale (only
    --lang changes it); the run's words follow the locale."""
    path = tmp_path / "report.json"
    path.write_text(
        _report(
            institution=Institution(name="Université Exemple", domain="univ-exemple.fr")
        ).model_dump_json(),
        "utf-8",
    )
    seen: dict[str, Any] = {}

    def capture(*args: Any, **kwargs: Any) -> list[ApplyResult]:
        seen.update(kwargs)
        return []

    monkeypatch.setattr("quitx.apply.apply_steps", capture)
    for var in ("QUITX_CONFIG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    argv = [
        "apply",
        "mastodon-profile",
        "--report",
        str(path),
        "--official-bio",
        "--confirm-account",
        "@u@h.fr",
    ]
    assert cli.main(argv) == 0
    assert seen["profile"] == ProfileRequest(
        bio="Compte officiel de l’Université Exemple. https://univ-exemple.fr"
    )
    assert seen["confirm_accounts"] == ("@u@h.fr",)
    assert seen["language"] == "en" and seen["plan"].language == "fr"
