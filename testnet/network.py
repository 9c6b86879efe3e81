"""The whole local network in one context manager: DNS, web, mastodon-mock, AT Protocol.

    with LocalNetwork() as net:
        net.write_config("quitx-local.toml")
        net.settings            # quitx Settings read back from that file
        net.web, net.dns, net.mastodon, net.atproto_state

Everything runs on 127.0.0.1 with ports chosen by the OS; the temporary directory (PostgreSQL,
PDS data, mastodon-mock's database, logs) is deleted on exit and every server stopped.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from testnet.atproto import AtprotoNetwork, AtprotoState
from testnet.dns import DnsServer
from testnet.mastodon import MastodonMock, toml_value
from testnet.web import WebServer
from testnet.wikidata import WIKIDATA_HOST
from testnet.world import (
    BLUESKY_HANDLE_SUFFIXES,
    BRIDGY_FED_HOST,
    DNS_CANARY,
    INSTANCES,
    MOCK_ACCOUNTS,
    MOCK_DOMAIN,
    WORLD_SEED,
    build_world,
    host_map,
)

if TYPE_CHECKING:
    from quitx.config import Settings

__all__ = ["LocalNetwork"]


class LocalNetwork:
    """Start every server of the test world; stop them and delete their files on exit."""

    def __init__(self, workdir: Path | None = None) -> None:
        self._given_workdir = workdir
        self.workdir: Path | None = None
        self._stack: ExitStack | None = None
        self.dns = DnsServer()
        self.web = WebServer()
        self.mastodon: MastodonMock | None = None
        self.atproto: AtprotoNetwork | None = None
        self.config_path: Path | None = None
        self.startup_seconds: float | None = None
        self._settings: Settings | None = None

    # ---- lifecycle ---------------------------------------------------------------------------------------
    def start(self) -> LocalNetwork:
        started = time.monotonic()
        stack = ExitStack()
        self._stack = stack
        try:
            if self._given_workdir is not None:
                self.workdir = Path(self._given_workdir)
                self.workdir.mkdir(parents=True, exist_ok=True)
            else:
                self.workdir = Path(tempfile.mkdtemp(prefix="quitx-testnet-"))
                stack.callback(shutil.rmtree, self.workdir, True)
            stack.enter_context(self.dns)
            stack.enter_context(self.web)
            # mastodon-mock starts in the background while the AT Protocol network boots
            self.mastodon = MastodonMock(MOCK_ACCOUNTS, MOCK_DOMAIN, workdir=self.workdir / "mastodon-mock")
            stack.callback(self.mastodon.stop)
            self.mastodon.start()
            self.atproto = stack.enter_context(AtprotoNetwork(WORLD_SEED, self.workdir / "atproto"))
            self.mastodon.wait_ready()
            build_world(self.dns, self.web, self.atproto_state)
            self.config_path = self.write_config(self.workdir / "quitx.toml")
        except BaseException:
            stack.close()
            self._stack = None
            raise
        self.startup_seconds = time.monotonic() - started
        return self

    def stop(self) -> None:
        stack, self._stack = self._stack, None
        if stack is not None:
            stack.close()

    def __enter__(self) -> LocalNetwork:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # ---- what tests use ----------------------------------------------------------------------------------
    @property
    def atproto_state(self) -> AtprotoState:
        if self.atproto is None:
            raise RuntimeError("LocalNetwork is not started")
        return self.atproto.state

    @property
    def mastodon_url(self) -> str:
        if self.mastodon is None:
            raise RuntimeError("LocalNetwork is not started")
        return self.mastodon.base_url

    def host_map(self) -> dict[str, str]:
        if self.mastodon is None:
            raise RuntimeError("LocalNetwork is not started")
        return host_map(self.web, self.mastodon, self.atproto_state)

    def config_text(self) -> str:
        """A quitx TOML config (flat keys) pointing at this network."""
        state = self.atproto_state
        lines = [
            "# quitx configuration for the local test network (python -m testnet up).",
            "# Every domain below is fictional and served on 127.0.0.1.",
            f"appview_url = {toml_value(state.appview_url)}",
            f"plc_url = {toml_value(state.plc_url)}",
            f"bridgy_fed_url = {toml_value('https://' + BRIDGY_FED_HOST)}",
            f"wikidata_sparql_url = {toml_value('https://' + WIKIDATA_HOST + '/sparql')}",
            f"dns_nameservers = {toml_value([self.dns.address])}",
            f"dns_canary = {toml_value(DNS_CANARY)}  # a name this DNS serves: its negatives are proof",
            f"instances = {toml_value(list(INSTANCES))}",
            "# candidate Bluesky handles <label>.<suffix> are tried on the local PDS's handle domain",
            f"bluesky_handle_suffixes = {toml_value(list(BLUESKY_HANDLE_SUFFIXES))}",
            "timeout = 5.0",
            "dns_timeout = 2.0",
            "max_rate_limit_wait = 5.0",
            "only_mapped_hosts = true  # nothing may leave this machine",
            "",
            "[host_map]",
        ]
        lines += [f"{toml_value(host)} = {toml_value(base)}" for host, base in self.host_map().items()]
        return "\n".join(lines) + "\n"

    def write_config(self, path: str | Path) -> Path:
        target = Path(path)
        target.write_text(self.config_text(), encoding="utf-8")
        return target

    @property
    def settings(self) -> Settings:
        """quitx's Settings, read by ``quitx.config.load_settings`` from the written config."""
        if self._settings is None:
            from quitx.config import load_settings

            if self.config_path is None:
                raise RuntimeError("LocalNetwork is not started")
            self._settings = load_settings(self.config_path, environ={})
        return self._settings

    def describe(self) -> str:
        """The URLs, for people."""
        state = self.atproto_state
        return "\n".join(
            [
                f"  DNS            {self.dns.address} (UDP and TCP)",
                f"  web            {self.web.base_url}  ({len(self.web.hosts())} virtual hosts)",
                f"  mastodon-mock  {self.mastodon_url}  (Host: {MOCK_DOMAIN})",
                f"  PLC            {state.plc_url}",
                f"  PDS            {state.pds_url}",
                f"  AppView        {state.appview_url}",
                "  Bluesky accounts: "
                + ", ".join(f"{h} ({a.did})" for h, a in sorted(state.accounts.items())),
            ]
        )
