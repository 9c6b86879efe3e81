"""The script a user would write today: Mastodon.py and the atproto SDK, one institution after another.

For each institution: on each configured instance, ``account_lookup`` for each candidate username and
one ``search_v2(name, resolve=False)``; on the AppView, ``app.bsky.actor.get_profile`` for the domain
and each ``<label>.bsky.social`` candidate. The same candidates as quitx (quitx.presence.names, pure
functions), so both do the same guessing; this script reads no website, follows no link, verifies no
handle, and describes nothing further.

    python benchmarks/_naive_run.py --world world.json --corpus corpus.jsonl --out naive.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--world", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    from atproto_client.exceptions import BadRequestError

    from atproto import Client
    from mastodon import Mastodon, MastodonNotFoundError
    from quitx.handles import is_valid_handle
    from quitx.models import Institution
    from quitx.presence.names import bluesky_labels, mastodon_usernames

    world = json.loads(Path(args.world).read_text())
    settings = world["settings"]
    clients = {
        host: Mastodon(api_base_url=settings["host_map"][host], request_timeout=10)
        for host in settings["instances"]
    }
    bsky = Client(base_url=settings["appview_url"])
    rows = [json.loads(line) for line in Path(args.corpus).read_text(encoding="utf-8").splitlines() if line]

    found_m = found_b = 0
    started = time.monotonic()
    for row in rows:
        inst = Institution(name=row["name"], domain=row["domain"], kind=row["kind"])
        for api in clients.values():
            for username in mastodon_usernames(inst):
                try:
                    api.account_lookup(username)
                    found_m += 1
                except MastodonNotFoundError:
                    pass
            api.search_v2(inst.name, resolve=False)
        handles = [inst.domain] if inst.domain and is_valid_handle(inst.domain) else []
        handles += [f"{label}.bsky.social" for label in bluesky_labels(inst)]
        for handle in handles:
            try:
                bsky.app.bsky.actor.get_profile({"actor": handle})
                found_b += 1
            except BadRequestError:
                pass
    wall = time.monotonic() - started
    Path(args.out).write_text(
        json.dumps({"wall": wall, "n": len(rows), "found_mastodon": found_m, "found_bluesky": found_b})
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
