"""The ``quitx`` command line: argparse, printing, exit statuses and hints, one module per command.

The library never imports this package. `main` (the ``quitx`` entry point) is `quitx.cli.app.main`;
each command module (``exists``, ``check``, ``plan``, ``letter``, ``apply``, ``batch``,
``observatory`` for ``changes`` and ``observatory``, ``serve``, ``completion``) has
``add_parser(subparsers)`` (standard library only: ``quitx --help`` stays fast) and ``run(args)``.
Shared: ``options`` (options and what they build), ``exits``, ``hints``, ``logs``, ``progress``.
"""

from __future__ import annotations

from .app import main

__all__ = ["main"]
