"""``quitx login`` / ``logout`` without a server: a secret is never an argument, a prompt needs a
terminal, the keyring is one in memory (the servers' side is tests/integration/test_login_cli_net.py)."""

from __future__ import annotations

import io

import pytest
from tests.keyrings import MemoryKeyring

from quitx import cli


@pytest.mark.parametrize(
    "argv",
    [
        ["login", "bluesky", "x.test", "--password", "secret"],
        ["login", "bluesky", "x.test", "secret"],
        ["login", "mastodon", "@a@m.fr", "--token", "secret"],
        ["login", "mastodon", "@a@m.fr", "secret"],
    ],
)
def test_a_secret_is_never_an_argument(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_no_terminal_and_no_password_stdin_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("typed-secret\n"))  # not a terminal
    monkeypatch.setenv("QUITX_CONFIG", "")
    assert cli.main(["login", "bluesky", "x.test"]) == 2
    err = capsys.readouterr().err
    assert "--password-stdin" in err and "typed-secret" not in err
    assert memory_keyring.values == {}


def test_a_token_needs_the_account_not_the_instance(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("tok\n"))
    monkeypatch.setenv("QUITX_CONFIG", "")
    assert cli.main(["login", "mastodon", "piaille.fr", "--token-stdin"]) == 2
    assert "--token-stdin needs the account (@user@host)" in capsys.readouterr().err


def test_logout_forgets_what_login_stored(
    capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring
) -> None:
    memory_keyring.values[("quitx", "mastodon:@univ@m.fr")] = "tok"
    memory_keyring.values[("quitx", "bluesky:univ.test")] = "app-pass"
    assert cli.main(["logout", "mastodon", "univ@m.fr"]) == 0
    assert capsys.readouterr().out == "forgotten: @univ@m.fr\n"
    assert cli.main(["logout", "bluesky", "@Univ.test", "--lang", "fr"]) == 0
    assert capsys.readouterr().out == "oublié\u00a0: @Univ.test\n"
    assert memory_keyring.values == {}
    assert cli.main(["logout", "bluesky", "univ.test"]) == 0  # nothing left: said, not an error
    assert "nothing to forget" in capsys.readouterr().err


def test_a_keyring_that_cannot_be_used_is_said(capsys: pytest.CaptureFixture[str]) -> None:
    # the session's keyring is the one that fails (tests/conftest.py)
    assert cli.main(["logout", "bluesky", "univ.test"]) == 5
    err = capsys.readouterr().err
    assert "the system keyring cannot be used" in err and "Traceback" not in err


def test_login_mastodon_asks_for_the_account_and_stops_at_the_end_of_the_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    monkeypatch.setenv("QUITX_CONFIG", "")
    assert cli.main(["login", "mastodon", "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("account (@user@host) or instance: ")
    assert "no account or instance given" in err
    assert memory_keyring.values == {}
