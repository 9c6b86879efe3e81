"""``python -m testnet up [--config quitx-local.toml]``: run the local network until Ctrl-C.

``python -m testnet credentials --config quitx-local.toml``: print ``export`` lines with a
Mastodon token and a Bluesky app password of the world's Université Exemple, for ``quitx apply``.

``python -m testnet install``: install the AT Protocol network's npm packages (Node 22 from PyPI).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from testnet.network import LocalNetwork


def _up(config: Path) -> int:
    stop = threading.Event()

    def _on_signal(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    print("Starting the local network (DNS, web, mastodon-mock, PLC + PDS + AppView)…", flush=True)
    with LocalNetwork() as net:
        net.write_config(config)
        print(f"Ready in {net.startup_seconds:.1f} s.\n")
        print(net.describe())
        print(f"\nquitx configuration written to {config}. Try:\n")
        for args in (
            "exists @collegedefrance@sciences-exemple.fr",
            "exists univ-exemple.fr",
            "exists @univexemple@social.exemple.fr",
            "exists alice.test",
            "exists @comm@locked.exemple.fr",
        ):
            print(f"  quitx --config {config} {args}")
        print("\nCtrl-C stops everything.", flush=True)
        stop.wait()
        print("Stopping…", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m testnet", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("up", help="start the local network, write a quitx config, run until Ctrl-C")
    up.add_argument("--config", type=Path, default=Path("quitx-local.toml"), help="where to write the config")
    sub.add_parser("install", help="install the npm packages of the AT Protocol test network")
    creds = sub.add_parser(
        "credentials", help="print export lines: a Mastodon token and a Bluesky app password"
    )
    creds.add_argument("--config", type=Path, default=Path("quitx-local.toml"), help="the config 'up' wrote")
    creds.add_argument("--mastodon", default="univexemple", help="username on the Mastodon test server")
    creds.add_argument("--bluesky", default="univ-exemple.fr", help="handle on the local PDS")
    args = parser.parse_args(argv)
    if args.command == "credentials":
        from testnet.credentials import exports

        sys.stdout.write(exports(args.config, args.mastodon, args.bluesky))
        return 0
    if args.command == "up":
        return _up(args.config)
    if args.command == "install":
        from testnet.atproto import ensure_installed

        node = ensure_installed()
        print(f"testnet: AT Protocol network installed (node {node})")
        return 0
    return 2  # pragma: no cover - argparse refuses other commands


if __name__ == "__main__":
    sys.exit(main())
