"""quitx plan and quitx letter from the shell: offline, from a saved report, every format."""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path

import pytest

from quitx import cli

GOLDEN = Path(__file__).resolve().parents[2] / "golden"
REPORT = str(GOLDEN / "reports" / "present_verified.json")


def test_letter_offline_needs_no_network(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("--offline must not check anything")

    monkeypatch.setattr("quitx.presence.check", no_network)
    assert cli.main(["letter", "Inria", "--domain", "inria.fr", "--offline", "--date", "2026-11-25"]) == 0
    out = capsys.readouterr().out
    assert "d’Inria" in out
    assert "Nous n’avons pas vérifié" in out
    assert "# Plan de migration d’Inria" in out


def test_letter_from_a_saved_report_takes_its_institution(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        cli.main(["letter", "--report", REPORT, "--date", "2026-11-25", "--no-plan", "--format", "txt"]) == 0
    )
    out = capsys.readouterr().out
    assert "l’Université Exemple dispose déjà d’un compte Mastodon" in out.replace("\n", " ").replace(
        "L’", "l’"
    )
    assert "Plan de migration" not in out
    assert "[1] https://" in out


def test_letter_eml_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "lettre.eml"
    args = [
        "letter",
        "--report",
        REPORT,
        "--format",
        "eml",
        "--to",
        "dir@exemple.fr",
        "--email",
        "moi@exemple.fr",
    ]
    args += [
        "--sender",
        "Camille",
        "--sender-gender",
        "f",
        "--role",
        "permanent/permanente",
        "-o",
        str(target),
    ]
    status = cli.main(args)
    assert status == 0
    message = email.message_from_bytes(target.read_bytes(), policy=email.policy.default)
    assert message["To"].addresses[0].addr_spec == "dir@exemple.fr" and message["X-Unsent"] == "1"
    body = message.get_body(("plain",))
    assert body is not None and "permanente" in body.get_content()


def test_letter_in_english_with_an_extra_paragraph(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "letter",
        "--report",
        REPORT,
        "--lang",
        "en",
        "--paragraph",
        "We could start **next month**.",
        "--no-plan",
    ]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "Dear Sir or Madam" in out and "We could start **next month**." in out


def test_letter_templates_override(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "greeting.md").write_text("Chère direction,\n", encoding="utf-8")
    assert cli.main(["letter", "--report", REPORT, "--templates", str(tmp_path), "--no-plan"]) == 0
    assert capsys.readouterr().out.startswith("Chère direction,")


def test_plan_formats(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["plan", "--report", REPORT, "--format", "json", "--start", "2026-12-01"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["start"] == "2026-12-01" and plan["schema_version"] == 1
    assert cli.main(["plan", "--report", REPORT, "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert (
        page.startswith("<!DOCTYPE html>")
        and "<title>Plan de migration de l’Université Exemple</title>" in page
    )
    assert (
        cli.main(["plan", "Mairie Absente", "--domain", "mairie-absente.fr", "--offline", "--format", "txt"])
        == 0
    )
    assert "_atproto.mairie-absente.fr" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["letter", "--offline"], "needs a NAME"),
        (["letter", "X", "--offline", "--date", "25/11/2026"], "--date expects YYYY-MM-DD"),
        (["letter", "--report", "/nonexistent.json"], "cannot read the report"),
    ],
)
def test_usage_errors(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(args) == 2
    assert message in capsys.readouterr().err
