"""``quitx exists``: exit statuses, formats, errors (verdicts come from a mocked lookup)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from quitx import cli
from quitx.cli import exists as exists_command
from quitx.models import ExistsResult, MastodonAccount, MastodonRef, Platform, Reason, Verdict
from quitx.output import EXISTS_COLUMNS


def result(verdict: Verdict, name: str = "x") -> ExistsResult:
    account = None
    if verdict is Verdict.PRESENT:
        account = MastodonAccount(
            acct=f"{name}@m.fr",
            username=name,
            domain="m.fr",
            web_host="m.fr",
            display_name="\x1b[31mEvil\x1b[0m <b>name</b>",
            followers_count=1200,
            last_status_at=dt.date(2026, 11, 1),
        )
    return ExistsResult(
        ref=MastodonRef(username=name, domain="m.fr"),
        platform=Platform.MASTODON,
        verdict=verdict,
        reason=Reason.FOUND if verdict is Verdict.PRESENT else Reason.NOT_FOUND,
        detail="d",
        account=account,
        checked_at=dt.datetime(2026, 11, 25, tzinfo=dt.UTC),
    )


@pytest.mark.parametrize(
    ("verdicts", "status"),
    [
        ([Verdict.PRESENT], 0),
        ([Verdict.ABSENT], 3),
        ([Verdict.UNKNOWN], 4),
        ([Verdict.PRESENT, Verdict.ABSENT], 3),
        ([Verdict.ABSENT, Verdict.UNKNOWN, Verdict.PRESENT], 4),
    ],
)
def test_exit_status_says_the_least_certain_verdict(verdicts: list[Verdict], status: int) -> None:
    assert exists_command.exit_status([result(v) for v in verdicts]) == status


def test_exists_prints_json_and_exits_with_the_verdict(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("quitx.lookup.exists_many", lambda refs, settings: [result(Verdict.ABSENT)])
    status = cli.main(["exists", "@x@m.fr", "--format", "json"])
    assert status == 3
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "absent" and data["ref"] == {
        "kind": "mastodon",
        "username": "x",
        "domain": "m.fr",
    }


def test_table_output_is_terminal_safe(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("quitx.lookup.exists_many", lambda refs, settings: [result(Verdict.PRESENT)])
    assert cli.main(["exists", "@x@m.fr"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "PRESENT" in out and "followers 1 200" in out and "last post 2026-11-01" in out


def test_jsonl_for_several(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(
        "quitx.lookup.exists_many",
        lambda refs, settings: [result(Verdict.PRESENT, "a"), result(Verdict.UNKNOWN, "b")],
    )
    assert cli.main(["exists", "@a@m.fr", "@b@m.fr", "--format", "jsonl"]) == 4
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["verdict"] for line in lines] == ["present", "unknown"]


def test_bad_reference_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["exists", "not a reference"]) == 2
    assert "not an account reference" in capsys.readouterr().err


def test_bad_config_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: object) -> None:
    assert cli.main(["--map", "nohost", "exists", "@a@m.fr"]) == 2
    assert "--map expects HOST=URL" in capsys.readouterr().err


def test_settings_from_options(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = {}

    def fake(refs: object, settings: object) -> list[ExistsResult]:
        seen["settings"] = settings
        return [result(Verdict.PRESENT)]

    monkeypatch.setattr("quitx.lookup.exists_many", fake)
    monkeypatch.delenv("QUITX_CONFIG", raising=False)
    cli.main(
        [
            "--appview-url",
            "http://127.0.0.1:1",
            "--plc-url",
            "http://127.0.0.1:2",
            "--dns",
            "127.0.0.1:5353",
            "--map",
            "m.fr=http://127.0.0.1:3",
            "--timeout",
            "2",
            "exists",
            "@x@m.fr",
        ]
    )
    s = seen["settings"]
    assert s.appview_url == "http://127.0.0.1:1" and s.plc_url == "http://127.0.0.1:2"  # type: ignore[attr-defined]
    assert str(s.dns_nameservers[0]) == "127.0.0.1:5353"  # type: ignore[attr-defined]
    assert s.mapped_base("m.fr") == "http://127.0.0.1:3"  # type: ignore[attr-defined]
    assert s.timeout == 2.0  # type: ignore[attr-defined]


def test_help_lists_the_exit_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["exists", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "3  absent" in out and "4  unknown" in out


# --- references from anywhere, a bad one a row (issue 17) ----------------------------------------------


def _echo(refs: list[object], settings: object) -> list[ExistsResult]:
    """The lookup, mocked: each reference it is given comes back absent (so the order shows)."""
    return [result(Verdict.ABSENT, r.username) for r in refs]  # type: ignore[attr-defined]


def test_a_bad_reference_is_a_row_and_the_others_are_checked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("quitx.lookup.exists_many", _echo)
    assert cli.main(["exists", "@a@m.fr", "garbage", "@b@m.fr", "--json"]) == 2  # some were bad
    captured = capsys.readouterr()
    rows = json.loads(captured.out)
    assert [r.get("verdict", r.get("error")) for r in rows] == ["absent", "invalid_reference", "absent"]
    # codes, no prose: why it is no reference, and the values its words name
    assert rows[1] == {
        "input": "garbage",
        "error": "invalid_reference",
        "reason": "handle_without_domain",
        "values": {"value": "garbage"},
    }
    assert "1 reference(s) could not be read" in captured.err and "@user@host" in captured.err


def test_references_from_stdin_and_from_a_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr("quitx.lookup.exists_many", _echo)
    listed = tmp_path / "refs.txt"
    listed.write_text("# accounts to check\n@c@m.fr\n\n@d@m.fr  # the second\n", encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO("@a@m.fr\n@b@m.fr\n"))
    assert cli.main(["exists", "-", "--from", str(listed), "--jsonl"]) == 3
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["ref"]["username"] for r in rows] == ["a", "b", "c", "d"]


def test_no_reference_at_all_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("\n# nothing\n"))
    assert cli.main(["exists", "-"]) == 2
    err = capsys.readouterr().err
    assert "no reference to check" in err and "--from FILE" in err


def test_an_unreadable_list_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert cli.main(["exists", "--from", str(tmp_path / "none.txt")]) == 2
    assert "cannot read the references in" in capsys.readouterr().err


def test_csv_rows_with_their_header_and_no_formula(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    present = result(Verdict.PRESENT, "a")
    assert present.account is not None
    formula = present.model_copy(
        update={"account": present.account.model_copy(update={"display_name": '=HYPERLINK("x")'})}
    )
    monkeypatch.setattr("quitx.lookup.exists_many", lambda refs, settings: [formula])
    assert cli.main(["exists", "@a@m.fr", "bad ref", "--csv"]) == 2
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == list(EXISTS_COLUMNS)
    assert (rows[0]["input"], rows[0]["verdict"], rows[0]["followers"]) == ("@a@m.fr", "present", "1200")
    assert rows[0]["display_name"].startswith("'=")  # a spreadsheet shows it, never runs it
    assert (rows[1]["input"], rows[1]["error"], rows[1]["verdict"]) == ("bad ref", "invalid_reference", "")
    assert rows[1]["reason"] == "whitespace"  # the code of why, as a result row's reason


def test_json_beside_format_and_one_at_a_time(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["exists", "@a@m.fr", "--jsonl", "--format", "json"])
    assert exc.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_the_table_speaks_the_run_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("quitx.lookup.exists_many", lambda refs, settings: [result(Verdict.PRESENT)])
    assert cli.main(["exists", "@x@m.fr", "bad ref", "--lang", "fr"]) == 2
    out = capsys.readouterr().out
    assert "PRÉSENT" in out and "abonnés 1 200" in out and "dernier message 2026-11-01" in out
    assert "preuves\u00a0:" in out and "ERREUR  (invalid_reference, whitespace)" in out
    assert "\n  contient un espace\n" in out  # why, in the run's language
    for english in ("PRESENT", "followers", "last post", "evidence", "ERROR"):
        assert english not in out
    monkeypatch.setenv("LANGUAGE", "fr")  # the locale, when no --lang
    assert cli.main(["exists", "@x@m.fr", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "present"  # JSON: codes in every language


# --- one language per run: why a reference is none (issue 17) ----------------------------------------


@pytest.mark.parametrize(
    ("argv", "said", "never"),
    [
        (
            ["--lang", "fr"],
            "quitx: erreur\u00a0: «\u202fgarbage\u202f» n’est pas une référence de compte\u00a0: "
            "«\u202fgarbage\u202f» n’a pas de domaine\u00a0: écrire @utilisateur@instance (Mastodon) ou "
            "nom.bsky.social (Bluesky)",
            ("not an account reference", "has no domain", "error:", "hint:"),
        ),
        (
            ["--lang", "en"],
            "quitx: error: not an account reference: 'garbage': 'garbage' has no domain: write "
            "@user@instance (Mastodon) or name.bsky.social (Bluesky)",
            ("référence", "domaine", "erreur", "conseil"),
        ),
    ],
)
def test_a_bad_reference_is_said_in_the_run_language(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str, never: tuple[str, ...]
) -> None:
    assert cli.main(["exists", "garbage", *argv]) == 2
    captured = capsys.readouterr()
    first, *_ = captured.err.splitlines()
    assert first == said
    for other in never:  # one language, the error and its hint and the table alike
        assert other not in captured.err and other not in captured.out


def test_the_locale_speaks_when_no_lang_is_given(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANGUAGE", "fr")
    assert cli.main(["exists", "https://x.com/quitx", "--csv"]) == 2
    captured = capsys.readouterr()
    assert "hôte d’URL non pris en charge «\u202fx.com\u202f»\u00a0: seuls les comptes" in captured.err
    [row] = list(csv.DictReader(io.StringIO(captured.out)))
    assert (row["error"], row["reason"]) == ("invalid_reference", "unsupported_network")  # codes, no words
