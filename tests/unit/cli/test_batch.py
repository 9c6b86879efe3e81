"""``quitx batch``: the options, the exit statuses, a second run on the same directory refused."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from quitx.cli import batch as batch_command
from quitx.cli.app import build_parser
from quitx.cli.voice import run_language
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
    args = parser().parse_args(
        ["batch", "in.csv", "--letters", "fr", "--format", "eml", "--eml-annex", "html"]
    )
    assert args.eml_annex == "html"
    bad = parser().parse_args(["batch", "in.csv", "--letters", "fr", "--eml-annex", "pdf"])
    with pytest.raises(UsageError, match="needs --format eml") as raised:
        batch_command.run(bad)
    assert raised.value.option == "--eml-annex"


def test_e_mail_letters_with_their_annex_as_a_page_or_said_why_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.unit.batch.support import FakeChecker, write_input

    from quitx.batch import runner

    write_input(tmp_path / "in.csv", ["Mairie"])
    seen: list[object] = []

    def fake_run_batch(options: object, settings: object, **hooks: object) -> object:
        seen.append(options)
        return runner.run_batch(options, checker=FakeChecker())  # type: ignore[arg-type]

    monkeypatch.setattr("quitx.batch.run_batch", fake_run_batch)
    monkeypatch.setattr("quitx.letter.render.pdf_available", lambda: False)  # annex_format's
    argv = ["batch", str(tmp_path / "in.csv"), "-o", str(tmp_path / "out"), "--letters", "fr"]
    assert batch_command.run(parser().parse_args([*argv, "--format", "eml", "-q"])) == 0
    assert "install quitx[pdf] to attach it as a PDF" in capsys.readouterr().err
    assert [getattr(o, "eml_annex", "?") for o in seen] == [None]
    assert (
        batch_command.run(parser().parse_args([*argv, "--format", "eml", "--eml-annex", "html", "-q"])) == 0
    )
    assert "quitx[pdf]" not in capsys.readouterr().err
    assert [getattr(o, "eml_annex", "?") for o in seen] == [None, "html"]


# --- institutions from Wikidata: one code path with `quitx observatory run` ------------------------


def test_the_presets_in_the_help_are_the_presets() -> None:
    from quitx.observatory.presets import PRESETS

    assert tuple(PRESETS) == batch_command._PRESETS


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["batch"], "give the institutions: FILE"),
        (["batch", "in.csv", "--wikidata", "french-universities"], "FILE or --wikidata, not both"),
        (["batch", "in.csv", "--history", "h.db"], "--history records a --wikidata run"),
        (["batch", "in.csv", "--label", "x"], "--label records a --wikidata run"),
        (["batch", "--wikidata", "french-universities", "--delimiter", ";"], "--delimiter is a CSV file's"),
    ],
)
def test_wikidata_usage_errors(argv: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        batch_command.run(parser().parse_args(argv))


def test_batch_wikidata_and_observatory_run_share_one_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from quitx.batch import BatchOutcome
    from quitx.cli import app
    from quitx.observatory import sector
    from quitx.observatory.sector import SectorOptions, SectorOutcome

    asked: list[SectorOptions] = []

    def fake_run_sector(options: SectorOptions, settings: object, **hooks: object) -> SectorOutcome:
        asked.append(options)
        history = str(options.history or options.out_dir / "history.db") if options.record else ""
        return SectorOutcome(
            batch=BatchOutcome(out_dir=options.out_dir),
            source="wikidata:french-universities",
            run_id=1 if options.record else None,
            items=0,
            institutions=0,
            history=history,
        )

    monkeypatch.setattr(sector, "run_sector", fake_run_sector)
    out = str(tmp_path / "s")
    assert app.main(["batch", "--wikidata", "french-universities", "-o", out, "--lang", "en", "-q"]) == 0
    assert "History: not recorded" in capsys.readouterr().out
    argv = [
        "batch",
        "--wikidata",
        "x.rq",
        "-o",
        out,
        "--history",
        "h.db",
        "--label",
        "w1",
        "--lang",
        "fr",
        "-q",
    ]
    assert app.main(argv) == 0
    assert "Historique\u00a0: exécution 1 enregistrée dans h.db." in capsys.readouterr().out
    assert app.main(["observatory", "run", "french-universities", "-o", out, "--lang", "en", "-q"]) == 0
    assert f"History: run 1 recorded in {tmp_path / 's' / 'history.db'}." in capsys.readouterr().out
    assert [(o.source, o.record, o.history, o.label, o.language) for o in asked] == [
        ("french-universities", False, None, None, "en"),
        ("x.rq", True, Path("h.db"), "w1", "fr"),
        ("french-universities", True, None, None, "en"),
    ]


def test_the_run_language_is_the_option_else_the_config_else_the_locale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "quitx.toml"
    config.write_text('lang = "en"\n', encoding="utf-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")

    with_config = ["--config", str(config)]
    assert run_language(parser().parse_args([*with_config, "batch", "in.csv", "--lang", "fr"])) == "fr"
    assert run_language(parser().parse_args([*with_config, "batch", "in.csv"])) == "en"
    monkeypatch.setenv("QUITX_CONFIG", "")  # no config file: the locale's
    assert run_language(parser().parse_args(["batch", "in.csv"])) == "fr"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert run_language(parser().parse_args(["batch", "in.csv"])) == "en"
