"""What the tests of apply's sessions share: two servers on loopback, one playing the service (the
host map sends it there), one "another host" that must receive nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from testnet.web import WebServer


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[WebServer, WebServer]]:
    """The service's server and the other host's, for a whole test module (each test clears them)."""
    with WebServer() as service, WebServer() as other:
        yield service, other


@pytest.fixture
def proxied_but_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment names proxies where nothing listens, and exempts loopback (``NO_PROXY``): a
    session that reaches a test server went to it directly, as the environment says."""
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
