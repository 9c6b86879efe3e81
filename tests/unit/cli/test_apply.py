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
    assert result["error_kind"] == "missing_credentials"


def test_official_bio_option_is_the_grammar_one(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
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
    monkeypatch.delenv("QUITX_CONFIG", raising=False)
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
