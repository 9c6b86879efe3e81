"""``quitx exists``: exit statuses, formats, errors (verdicts come from a mocked lookup)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from quitx import cli
from quitx.cli import exists as exists_command
from quitx.models import ExistsResult, MastodonAccount, MastodonRef, Platform, Reason, Verdict


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
