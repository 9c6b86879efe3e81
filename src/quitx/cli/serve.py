"""``quitx serve``: the web app on uvicorn. Kept light: ``quitx --help`` imports no web stack."""

from __future__ import annotations

import argparse

from . import wording as w
from .exits import EXIT_USAGE
from .hints import error
from .options import settings_from
from .voice import voice

__all__ = ["add_parser", "run"]

_SERVE_HELP = """The page asks for an institution (name, website) and, optionally, who writes and to whom;
it shows what the check found, then the letter and the plan, editable and downloadable.
Settings: quitx's (QUITX_*, the config file), and the web app's own (QUITX_WEB_*, the
config file's [web] table): queue, rate limits, trusted proxies… (docs/guides/web.md).

examples:
  quitx serve                                    # http://127.0.0.1:8000/
  quitx serve --host 0.0.0.0 --port 8080         # in a container
  QUITX_WEB_TRUSTED_PROXIES=127.0.0.1 quitx serve  # behind nginx or Caddy on this machine
  uvicorn --factory quitx.web:create_app           # or any ASGI server

needs the web extra: pip install 'quitx[web]'

exit status:
  0  the server stopped
  2  usage error (bad option or setting, the web extra missing)"""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``quitx serve`` to the CLI's subparsers; `run` runs it."""
    parser = subparsers.add_parser(
        "serve",
        help="the web page: check, read and download the letter (quitx[web])",
        description="Serve quitx's web page: for people who never open a terminal.",
        epilog=_SERVE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", metavar="ADDRESS", help="listen there (default 127.0.0.1)")
    parser.add_argument("--port", metavar="PORT", type=int, help="listen on this port (default 8000)")
    parser.add_argument(
        "--access-log", action="store_true", default=None, help="log each request (with its address)"
    )


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted, with quitx's settings as the other commands read them."""
    settings = settings_from(args)
    try:
        import uvicorn

        from ..web.app import create_app
        from ..web.settings import load_web_settings
    except ImportError as exc:
        said = voice()
        error(said.t(w.WEB_EXTRA_MISSING, module=str(exc.name)), said.t(w.WEB_EXTRA_HINT))
        return EXIT_USAGE
    web = load_web_settings(args.config, host=args.host, port=args.port, access_log=args.access_log)
    app = create_app(settings, web)
    uvicorn.run(
        app,
        host=web.host,
        port=web.port,
        proxy_headers=False,  # the app reads X-Forwarded-For itself, from trusted proxies only
        server_header=False,
        access_log=web.access_log,
        limit_concurrency=web.max_connections,
        timeout_keep_alive=5,
        log_level="info",
    )
    return 0
