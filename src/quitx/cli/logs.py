"""Logging for the command line: -v / -vv / -q to stderr, masked and inert."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging
    from collections.abc import Callable

    from ..config import Settings

__all__ = ["settings_summary", "setup_logging"]


class _InertLines:
    """A logging filter: a log line may quote remote text, so it is made inert (after masking)."""

    def filter(self, record: logging.LogRecord) -> bool:
        from .._text import inert_block

        message = record.getMessage()
        safe = inert_block(message)
        if safe != message:
            record.msg, record.args = safe, None
        return True


def setup_logging(verbose: int, quiet: bool) -> Callable[[], None]:
    """Log to stderr: WARNING by default, INFO with -v, DEBUG with -vv, ERROR only with -q.

    Returns what undoes it (``main`` may run many times in one process, in the tests)."""
    import logging
    import os

    if verbose >= 2:
        level = logging.DEBUG
    elif verbose == 1:
        level = logging.INFO
    else:
        level = logging.ERROR if quiet else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    fmt = "%(levelname)s %(name)s: %(message)s"
    if verbose >= 2:
        fmt = "%(relativeCreated)7.0fms " + fmt
    handler.setFormatter(logging.Formatter(fmt))
    from ..secrets import MaskingFilter, secret_env_values

    handler.addFilter(MaskingFilter(secret_env_values(os.environ)))  # no token, password or URL credential
    handler.addFilter(_InertLines())
    handler.setLevel(level)
    root = logging.getLogger()
    saved_level = root.level
    root.addHandler(handler)
    root.setLevel(level)
    # httpcore's DEBUG lines are the wire protocol: only from -vvv
    noisy = {name: logging.getLogger(name) for name in ("httpcore", "hpack", "asyncio")}
    saved_noisy = {name: logger.level for name, logger in noisy.items()}
    if verbose < 3:
        for logger in noisy.values():
            logger.setLevel(max(level, logging.INFO))

    def undo() -> None:
        root.removeHandler(handler)
        root.setLevel(saved_level)
        for name, logger in noisy.items():
            logger.setLevel(saved_noisy[name])

    return undo


def settings_summary(settings: Settings) -> str:
    """The settings, for -vv: never a secret (there is none in Settings; keep it that way)."""
    import json

    from ..secrets import MASK, is_secret_name, mask

    data = settings.model_dump(mode="json")
    kept = {k: (MASK if is_secret_name(k) else v) for k, v in data.items()}
    return mask(json.dumps(kept, ensure_ascii=False, sort_keys=True))
