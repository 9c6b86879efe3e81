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
    assert "Je n’ai pas vérifié, avant de vous écrire" in out
    assert "# Plan de migration d’Inria" in out


def test_letter_from_a_saved_report_takes_its_institution(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        cli.main(["letter", "--report", REPORT, "--date", "2026-11-25", "--no-plan", "--format", "txt"]) == 0
    )
    out = capsys.readouterr().out
    assert (
        "la présence de notre université sur les réseaux ouverts : elle dispose déjà d’un compte Mastodon"
        in (" ".join(out.replace("\u00a0", " ").split()))
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
    assert body is not None and "\nPermanente\n" in body.get_content().replace("\r\n", "\n")


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
    out = capsys.readouterr().out
    assert "\n\nChère direction,\n\n" in out and "\nMadame, Monsieur,\n" not in out


def test_plan_formats(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["plan", "--report", REPORT, "--format", "json", "--start", "2026-12-01"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["start"] == "2026-12-01" and plan["schema_version"] == 1
    assert cli.main(["plan", "--report", REPORT, "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert (
        page.startswith("<!DOCTYPE html>")
        and "<title>Plan de migration de l’université Exemple</title>" in page
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


def test_the_letter_options_are_the_voices(capsys: pytest.CaptureFixture[str]) -> None:
    from quitx.cli.letter import CLOSING_KEYS, RELATIONS, TITLES
    from quitx.letter.frame import CLOSINGS, TITLE_KEYS
    from quitx.letter.voice import RELATION_KEYS

    assert (TITLE_KEYS, RELATION_KEYS, tuple(CLOSINGS)) == (TITLES, RELATIONS, CLOSING_KEYS)


def test_letter_frame_and_notices(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["letter", "Mairie de Lyon", "--offline", "--no-plan", "--format", "txt", "--date", "2026-12-07"]
    args += ["--to-title", "mayor", "--to-gender", "f", "--place", "Lyon", "--sender-gender", "f"]
    assert cli.main(args) == 0
    captured = capsys.readouterr()
    out = captured.out.replace("\u00a0", " ")
    assert "Lyon, le 7 décembre 2026" in out and "Objet : suites du départ de X" in out
    assert "Madame la Maire," in out and "Agente de la Ville de Lyon, je" in out
    assert "l’expression de ma haute considération" in " ".join(out.split())
    assert (
        "quitx: letter: the one that follows up the departure from X (--letter finish; claim "
        "lyon-city-leaves-x says it already left X)" in captured.err
    )
    assert (
        "quitx: sector: local government (--sector local_government, read from the name: 'Mairie'"
        in captured.err
    )


def test_letter_forced_and_long(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["letter", "CNRS", "--offline", "--no-plan", "--format", "json", "--date", "2026-12-07"]
    assert cli.main([*base, "--letter", "finish"]) == 0
    assert json.loads(capsys.readouterr().out)["letter"]["kind"] == "finish"
    assert cli.main([*base, "--long"]) == 0
    assert "helloquittex" in json.loads(capsys.readouterr().out)["letter"]["claims"]


def test_stale_claims_are_said_on_stderr_and_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["letter", "CNRS", "--offline", "--no-plan", "--format", "json", "--date", "2028-03-01"]
    assert cli.main(args) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["letter"]["stale_claims"] == {
        "newest": "2026-02-03",
        "letter": "2028-03-01",
    }
    assert "more than 12 months older than the letter" in captured.err


def test_the_readmes_letter_fits_its_addressee(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import re
    import shlex

    readme = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
    command = re.search(r"\.venv/bin/quitx (letter .*)$", readme, re.MULTILINE)
    assert command, "the README lost its letter example"
    args = shlex.split(command.group(1))
    args[args.index("-o") + 1] = str(tmp_path / "lettre.md")
    assert cli.main([*args, "--date", "2026-12-07"]) == 0
    assert "(--letter finish; claim rennes2-leaves-x" in capsys.readouterr().err
    body = " ".join((tmp_path / "lettre.md").read_text(encoding="utf-8").replace("\u00a0", " ").split())
    # Rennes 2 left X in 2023: thanked for it, never cited as someone else, never asked to leave again
    assert "Dès le 31 août 2023, notre université a mis son compte X en veille" in body
    assert "L’université Rennes 2 a mis" not in body and "cesse de publier sur X" not in body
    assert "Objet : suites du départ de X" in body
