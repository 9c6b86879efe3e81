"""quitx's version, read from the installed package's metadata: pyproject.toml holds the only literal.

Read on first use and kept (``import quitx`` reads nothing): `quitx.__version__`, ``quitx
--version``, the user agent, and the ``quitx_version`` of a report.
"""

from __future__ import annotations

from functools import cache

__all__ = ["UNKNOWN", "version"]

UNKNOWN = "0+unknown"  # run from a source tree that was never installed


@cache
def version() -> str:
    """The installed quitx's version ("0.1.0"), or ``0+unknown`` when quitx is not installed."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("quitx")
    except PackageNotFoundError:
        return UNKNOWN
