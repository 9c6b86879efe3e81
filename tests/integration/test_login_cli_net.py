"""``quitx login`` / ``logout`` from the shell, against the real servers of the local network: the
user's side is played by the test — the browser that approves quitx on the mock Mastodon server,
the keyboard that types the code or pipes the secret in. The keyring is one in memory."""

from __future__ import annotations

import io
import secrets

import pytest
from testnet.network import LocalNetwork
from tests.integration.test_login_net import MOCK_HOST, _approve, _mock_user, _pds_user
from tests.keyrings import MemoryKeyring

from quitx import cli
from quitx.config import Settings
from quitx.secrets import load_credentials


class _Keyboard(io.StringIO):
    """stdin: what the user types once the browser has shown the code (``lines`` filled later)."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def readline(self, size: int | None = -1) -> str:
        return self.lines.pop(0) if self.lines else ""

    def isatty(self) -> bool:
        return False


@pytest.fixture
def on_localnet(localnet: LocalNetwork, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> LocalNetwork:
    monkeypatch.setenv("QUITX_CONFIG", str(localnet.config_path))
    return localnet


def test_login_mastodon_oauth_through_the_browser_and_the_prompt(
    on_localnet: LocalNetwork,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name, _ = _mock_user(on_localnet)
    keyboard = _Keyboard()
    opened: list[str] = []

    def browser(url: str) -> bool:  # the user approves quitx in the browser and reads the code
        opened.append(url)
        keyboard.lines.append(_approve(url, name, on_localnet) + "\n")
        return True

    monkeypatch.setattr("webbrowser.open", browser)
    monkeypatch.setattr("sys.stdin", keyboard)
    assert cli.main(["login", "mastodon", f"@{name}@{MOCK_HOST}"]) == 0
    captured = capsys.readouterr()
    assert len(opened) == 1 and opened[0] in captured.err  # the page, printed and opened
    assert "code shown by the page:" in captured.err and "(opened in your browser)" in captured.err
    user = f"mastodon:@{name}@{MOCK_HOST}"
    assert captured.out == f"logged in: @{name}@{MOCK_HOST} (system keyring: service quitx, {user})\n"
    token = memory_keyring.values[("quitx", user)]
    assert token not in captured.out + captured.err  # never echoed
    found = load_credentials(mastodon_account=f"{name}@{MOCK_HOST}", environ={})
    assert found.mastodon is not None and found.mastodon.token.reveal() == token

    assert cli.main(["logout", "mastodon", f"{name}@{MOCK_HOST}"]) == 0
    assert memory_keyring.values == {}


def test_login_mastodon_no_browser_and_a_wrong_code_stores_nothing(
    on_localnet: LocalNetwork,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def no_browser(url: str) -> bool:
        raise AssertionError("--no-browser opens nothing")

    monkeypatch.setattr("webbrowser.open", no_browser)
    keyboard = _Keyboard()
    keyboard.lines.append("not-a-code\n")
    monkeypatch.setattr("sys.stdin", keyboard)
    assert cli.main(["login", "mastodon", MOCK_HOST, "--no-browser", "--lang", "fr"]) == 5
    err = capsys.readouterr().err
    assert "ouvrir cette page" in err and "/oauth/authorize" in err
    assert "quitx: erreur\u00a0: " in err and "rien n’a été enregistré" in err
    assert memory_keyring.values == {}


def test_login_mastodon_with_a_token_on_stdin(
    on_localnet: LocalNetwork,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name, token = _mock_user(on_localnet)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{token}\n"))
    assert cli.main(["login", "mastodon", f"@{name}@{MOCK_HOST}", "--token-stdin"]) == 0
    captured = capsys.readouterr()
    assert token not in captured.out + captured.err
    assert memory_keyring.values == {("quitx", f"mastodon:@{name}@{MOCK_HOST}"): token}


def test_login_bluesky_with_an_app_password_on_stdin(
    on_localnet: LocalNetwork,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    handle, _, main_password, app_password = _pds_user(on_localnet)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{main_password}\n"))
    assert cli.main(["login", "bluesky", handle, "--password-stdin"]) == 5  # the main password: refused
    err = capsys.readouterr().err
    assert "main password" in err and main_password not in err
    assert memory_keyring.values == {}

    monkeypatch.setattr("sys.stdin", io.StringIO(f"{app_password}\n"))
    assert cli.main(["login", "bluesky", handle, "--password-stdin"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(f"logged in: {handle} ")
    assert app_password not in captured.out + captured.err
    found = load_credentials(bluesky_handle=handle, environ={})
    assert found.bluesky is not None and found.bluesky.password.reveal() == app_password


def test_login_bluesky_at_the_prompt(
    on_localnet: LocalNetwork,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    handle, _, _, app_password = _pds_user(on_localnet)
    asked: list[str] = []

    def getpass(prompt: str) -> str:  # the terminal's prompt, which does not echo
        asked.append(prompt)
        return app_password

    monkeypatch.setattr("getpass.getpass", getpass)
    keyboard = _Keyboard()
    monkeypatch.setattr(keyboard, "isatty", lambda: True)
    monkeypatch.setattr("sys.stdin", keyboard)
    assert cli.main(["login", "bluesky", handle]) == 0
    assert asked == [f"app password of {handle} (not shown): "]
    assert ("quitx", f"bluesky:{handle}") in memory_keyring.values
    assert app_password not in capsys.readouterr().err


def test_login_bluesky_for_a_handle_nobody_has(
    on_localnet: LocalNetwork,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("x-x-x-x\n"))
    assert cli.main(["login", "bluesky", f"nobody{secrets.token_hex(3)}.test", "--password-stdin"]) == 5
    assert "PDS" in capsys.readouterr().err
    assert memory_keyring.values == {}


def test_login_mastodon_refuses_a_page_approved_by_another_account(
    on_localnet: LocalNetwork,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    named, _ = _mock_user(on_localnet)
    other, _ = _mock_user(on_localnet)  # logged in as someone else in the browser
    keyboard = _Keyboard()

    def browser(url: str) -> bool:
        keyboard.lines.append(_approve(url, other, on_localnet) + "\n")
        return True

    monkeypatch.setattr("webbrowser.open", browser)
    monkeypatch.setattr("sys.stdin", keyboard)
    assert cli.main(["login", "mastodon", f"@{named}@{MOCK_HOST}"]) == 5
    err = capsys.readouterr().err
    assert f"opens @{other}@{MOCK_HOST}, not @{named}@{MOCK_HOST}" in err and "nothing was stored" in err
    assert memory_keyring.values == {}
