"""A missing prerequisite of the local network is `testnet.Unavailable` (the integration tests skip on
that only); any other failure to start stays an error."""

from __future__ import annotations

import pytest
import testnet.atproto
import testnet.postgres

from testnet import Unavailable


def test_no_postgresql_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(testnet.postgres.shutil, "which", lambda name: None)
    monkeypatch.setattr(testnet.postgres.glob, "glob", lambda pattern: [])
    with pytest.raises(Unavailable, match="PostgreSQL not found"):
        testnet.postgres.find_pg_bin()


def test_no_node_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(testnet.atproto, "_wheel_node", lambda: None)
    monkeypatch.setattr(testnet.atproto.shutil, "which", lambda name: None)
    with pytest.raises(Unavailable, match=r"Node\.js >= 22"):
        testnet.atproto.find_node()


def test_a_network_that_fails_otherwise_is_not_unavailable() -> None:
    assert not issubclass(testnet.postgres.PostgresError, Unavailable)
    assert not issubclass(testnet.atproto.AtprotoError, Unavailable)
