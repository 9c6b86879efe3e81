"""``quitx serve`` without the web extra: a usage error that says what to install."""

from __future__ import annotations

import sys

import pytest

from quitx import cli


def test_without_the_web_extra(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import uvicorn raises ImportError(name="uvicorn")
    assert cli.main(["serve", "--port", "0"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "quitx: error: quitx serve needs the web extra (uvicorn is missing)",
        "hint: pip install 'quitx[web]'",
    ]
