"""Every outcome said (issue 17): what was written where, a live check that found nothing out, a
letter without a sender, a template folder that is not there, an output folder that is not there;
and the run's language for all of it (--lang, else the config file, else the locale)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from quitx import cli
from quitx.models import Report, Verdict, load_report
from quitx.output import REPORT_COLUMNS

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "reports"
REPORT = str(GOLDEN / "present_verified.json")


def _every_verdict_unknown() -> Report:
    report = load_report(GOLDEN / "absent.json")
    unknown = {"verdict": Verdict.UNKNOWN}
    return report.model_copy(
        update={
            "mastodon": report.mastodon.model_copy(update=unknown),
            "bluesky": report.bluesky.model_copy(update=unknown),
            "instances": tuple(i.model_copy(update=unknown) for i in report.instances),
        }
    )


def test_a_written_file_is_said_once_and_q_silences_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "lettre.md"
    argv = ["letter", "--report", REPORT, "--sender", "Camille Martin", "-o", str(target)]
    assert cli.main(argv) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.endswith(f"\nquitx: wrote {target}\n")
    assert captured.err.count("wrote") == 1
    assert target.read_text(encoding="utf-8").startswith("#") or target.stat().st_size > 0
    assert cli.main([*argv, "-q"]) == 0
    assert capsys.readouterr().err == ""


def test_a_letter_without_a_sender_is_warned_about(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["letter", "--report", REPORT, "--no-plan"]) == 0
    captured = capsys.readouterr()
    assert "Prénom Nom" in captured.out
    assert "quitx: warning: the letter ends with" in captured.err and "--sender" in captured.err


def test_a_live_check_that_found_nothing_out_is_warned_about(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("quitx.presence.check", lambda institution, settings: _every_verdict_unknown())
    assert cli.main(["plan", "Université Exemple", "--domain", "univ-exemple.fr"]) == 0
    err = capsys.readouterr().err
    assert "quitx: warning: no check went through (everything is unknown)" in err
    assert cli.main(["letter", "Université Exemple", "--sender", "C", "--lang", "fr"]) == 0
    assert "quitx: avertissement\u00a0: aucune vérification n’a abouti" in capsys.readouterr().err
    assert cli.main(["check", "Université Exemple"]) == 4  # unknown: the exit status and a warning
    assert "quitx: warning: no check went through" in capsys.readouterr().err


def test_a_check_that_went_through_says_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["plan", "--report", REPORT]) == 0
    assert capsys.readouterr().err == ""


def test_a_templates_folder_that_is_not_there_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert cli.main(["letter", "X", "--offline", "--templates", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"quitx: error: --templates {tmp_path / 'none'}: not a folder"
    assert err[1].startswith("hint: give a folder holding <lang>/<block> files")


@pytest.mark.parametrize(
    "command", [["letter", "X", "--offline"], ["plan", "X", "--offline"], ["check", "X"]]
)
def test_an_output_folder_that_is_not_there_is_a_usage_error_before_any_check(
    command: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("nothing is checked for a file that cannot be written")

    monkeypatch.setattr("quitx.presence.check", no_network)
    target = tmp_path / "nodir" / "x.md"
    assert cli.main([*command, "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert f"cannot write {target}: the folder {target.parent} does not exist" in err
    assert not target.parent.exists()


# --- check's rows and language ------------------------------------------------------------------------


def _checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("quitx.presence.check", lambda institution, settings: load_report(REPORT))


def test_check_writes_a_csv_row_per_place_and_account(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _checked(monkeypatch)
    assert cli.main(["check", "Université Exemple", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    report = load_report(REPORT)
    assert list(rows[0]) == list(REPORT_COLUMNS)
    places = [r["place"] for r in rows]
    assert [i.instance for i in report.instances if i.instance] == list(dict.fromkeys(places))[
        : len(report.instances)
    ]
    found = [r for r in rows if r["account"]]
    assert {r["account"] for r in found} == {a.handle for a in report.accounts}
    assert {r["confidence"] for r in found} <= {"verified", "linked", "candidate"}


def test_check_jsonl_carries_codes_whatever_the_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _checked(monkeypatch)
    assert cli.main(["check", "Université Exemple", "--jsonl", "--lang", "fr"]) == 0
    fr = capsys.readouterr().out
    assert cli.main(["check", "Université Exemple", "--jsonl", "--lang", "en"]) == 0
    en = capsys.readouterr().out
    assert fr == en
    assert {json.loads(line)["verdict"] for line in fr.splitlines()} <= {"present", "absent", "unknown"}


def test_check_json_is_the_report(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _checked(monkeypatch)
    assert cli.main(["check", "Université Exemple", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["schema_version"] == 1


def test_the_table_speaks_the_run_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _checked(monkeypatch)
    assert cli.main(["check", "Université Exemple", "--lang", "fr"]) == 0
    fr = capsys.readouterr().out
    assert "Site web\u00a0: la page d’accueil" in fr and "PRÉSENT" in fr and "Comptes trouvés\u00a0:" in fr
    assert "VÉRIFIÉ" in fr and "abonnés" in fr
    for english in ("Website", "PRESENT", "followers", "the homepage", "Accounts found"):
        assert english not in fr
    monkeypatch.setenv("LANGUAGE", "fr")  # no --lang: the locale
    assert cli.main(["check", "Université Exemple"]) == 0
    assert "Site web\u00a0:" in capsys.readouterr().out
    assert cli.main(["check", "Université Exemple", "--lang", "en"]) == 0
    assert "Website: the homepage" in capsys.readouterr().out


def test_errors_and_hints_speak_the_run_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LANGUAGE", "fr")
    assert cli.main(["plan", "X", "--offline", "-o", str(tmp_path / "nodir" / "p.md")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("quitx: erreur\u00a0: impossible d’écrire")
    assert err[1].startswith("conseil\u00a0: créer le dossier")


def test_the_config_file_language_beats_the_locale_and_lang_beats_both(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('lang = "fr"\n', encoding="utf-8")
    monkeypatch.setenv("QUITX_CONFIG", str(config))
    monkeypatch.setenv("LANGUAGE", "en")
    _checked(monkeypatch)
    assert cli.main(["check", "Université Exemple"]) == 0
    assert "Site web\u00a0:" in capsys.readouterr().out
    assert cli.main(["check", "Université Exemple", "--lang", "en"]) == 0
    assert "Website:" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [["plan", "--report", REPORT, "--json"], ["letter", "--report", REPORT, "--sender", "C", "--json"]],
)
def test_json_beside_format_for_plan_and_letter(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(argv) == 0
    assert isinstance(json.loads(capsys.readouterr().out), dict)


def test_usage_errors_speak_the_locale_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "fr")
    with pytest.raises(SystemExit) as exc:
        cli.main(["check", "X", "--no-such-option"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "quitx: erreur\u00a0: arguments non reconnus\u00a0: --no-such-option" in err
    assert "conseil\u00a0: «\u202fquitx --help\u202f» donne" in err and err.startswith(
        "utilisation\u00a0: quitx"
    )
    assert cli.main(["plan", "--offline"]) == 2
    err = capsys.readouterr().err
    assert (
        "quitx: erreur\u00a0: une institution a besoin d’un NOM" in err
        and "conseil\u00a0: donner d’abord son nom" in err
    )
    assert cli.main(["plan", "X", "--offline", "--start", "demain"]) == 2
    assert "--start attend AAAA-MM-JJ, reçu «\u202fdemain\u202f»" in capsys.readouterr().err
