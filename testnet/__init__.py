"""A local, offline copy of the services quitx talks to, for the integration tests and the demo.

No test may reach the internet, so quitx's every endpoint is configurable and this package starts
real servers on 127.0.0.1 that play a small fictional world (see :mod:`testnet.world`):

- :mod:`testnet.dns` — an authoritative DNS server (dnslib, UDP + TCP on one port) with a mutable
  zone: ``_atproto`` TXT records, A records, SERVFAIL, and names that never answer.
- :mod:`testnet.web` — one threaded HTTP/1.1 server playing many websites by ``Host`` header
  (quitx's ``host_map`` sends ``https://univ-exemple.fr/…`` to it with the original ``Host``):
  homepages, ``/.well-known/atproto-did``, ``did.json``, and misbehaviours (401 locks, 429 with
  Mastodon's ISO-8601 reset, 503, slowness, redirects, redirect loops, a 5 MB page). Its
  :func:`testnet.web.mastodon_site` builds a Mastodon 4.x instance in the real wire format
  (WebFinger, host-meta, NodeInfo, accounts lookup, statuses, instance v2, search).
- :mod:`testnet.mastodon` — the PyPI ``mastodon-mock`` server as a subprocess, seeded.
- :mod:`testnet.atproto` — the real AT Protocol stack from npm (PLC, PDS and the ``bsky`` AppView,
  with a throw-away PostgreSQL from :mod:`testnet.postgres`); needs Node >= 22.
- :mod:`testnet.world` — the fictional world itself: who lives where, what each domain does wrong.
- :mod:`testnet.network` — :class:`~testnet.network.LocalNetwork` starts all of the above, builds
  the world, and writes a quitx TOML config (``appview_url``, ``plc_url``, ``dns_nameservers``,
  ``host_map``…) that ``quitx.config.load_settings`` reads as is.

By hand::

    python -m testnet up --config quitx-local.toml     # prints the URLs, runs until Ctrl-C
    quitx --config quitx-local.toml exists @collegedefrance@sciences-exemple.fr

In the tests, ``tests/integration/conftest.py`` starts one ``LocalNetwork`` per session (fixture
``localnet``; ``settings`` gives quitx's Settings). Without Node or PostgreSQL the integration tests
are skipped, except in CI (``CI=true``) where that is a failure; any other failure to start is an
error of the tests.
"""

from __future__ import annotations

__all__ = ["Unavailable"]


class Unavailable(RuntimeError):
    """A prerequisite of the local network is missing on this machine (Node >= 22, npm, PostgreSQL
    and its user): the tests that need the network cannot run here. Raised for that only, so that
    a network that fails for any other reason is a test error, not a skip."""
