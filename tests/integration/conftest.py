"""Integration tests: real servers on 127.0.0.1 (testnet.LocalNetwork), one network per session.

Every test under this directory is marked ``integration``. When the network cannot run here (no
Node >= 22, no npm, no PostgreSQL: `testnet.Unavailable`) the tests are skipped with the reason,
except in CI (``CI=true``), where that is a failure; a network that fails to start for any other
reason is an error, never a skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from testnet.network import LocalNetwork
from testnet.web import RequestInfo, Response, WebServer

from quitx.config import Settings
from testnet import Unavailable

_HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def localnet() -> Iterator[LocalNetwork]:
    net = LocalNetwork()
    try:
        net.start()
    except Unavailable as exc:  # a missing prerequisite only: anything else is an error of the tests
        reason = f"the local test network cannot run here: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    try:
        yield net
    finally:
        net.stop()


@pytest.fixture
def settings(localnet: LocalNetwork) -> Settings:
    """quitx's Settings pointing at the local network (read from the written config file).
    Resets the web server's rate-limit counters and request logs, so each test starts afresh."""
    localnet.web.reset()
    return localnet.settings


@pytest.fixture
def web(localnet: LocalNetwork) -> Iterator[WebServer]:
    """The web server, with counters and request logs reset around the test."""
    localnet.web.reset()
    yield localnet.web
    localnet.web.reset()


ELSEWHERE = "collector.exemple.net"


@dataclass(frozen=True)
class Elsewhere:
    """Another host, on a server of its own: what quitx must never send anything to."""

    server: WebServer
    settings: Settings  # the local network's, with ELSEWHERE in the host map too

    def requests(self) -> list[RequestInfo]:
        """Every request it was sent, under any name: its own, its address, a Host header carried
        along from the instance."""
        names = {ELSEWHERE, "127.0.0.1", *self.settings.host_map}
        return [r for name in sorted(names) for r in self.server.requests(name)]


@pytest.fixture
def elsewhere(settings: Settings) -> Iterator[Elsewhere]:
    with WebServer() as server:
        for name in (ELSEWHERE, "127.0.0.1", *settings.host_map):
            server.add_route(
                name, "/", Response(200, {"Content-Type": "application/json"}, b"{}"), prefix=True
            )
        mapped = {**settings.host_map, ELSEWHERE: server.base_url}
        yield Elsewhere(server, settings.model_copy(update={"host_map": mapped}))
