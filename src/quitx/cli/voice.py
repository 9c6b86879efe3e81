"""What the command line says besides its results, in one language per run.

The run's language is ``--lang`` when the command has it, else ``lang`` in the config file, else
the user's locale (`quitx.i18n.locale.user_language`). `main` opens a `Voice` for each run;
commands reach it with `voice()` and say through it: `Voice.warn` (silenced by ``-q``),
`Voice.wrote` (``quitx: wrote lettre.md``, silenced by ``-q``), `Voice.t` (a message of
`quitx.cli.wording` in the run's language). Errors and hints go through `quitx.cli.hints`, which
asks the voice for the language. JSON output carries codes, never these words.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import UserConfig
    from ..i18n.messages import Lang, Language, Msg

__all__ = ["Voice", "run_language", "user_config", "voice"]


def user_config(args: argparse.Namespace) -> UserConfig:
    """The config file (``--config``, ``$QUITX_CONFIG`` or the platform's config folder) with the
    environment on top: read once per run, kept on ``args``."""
    cached: UserConfig | None = getattr(args, "_user_config", None)
    if cached is None:
        from ..config import load_config

        cached = load_config(getattr(args, "config", None))
        args._user_config = cached
    return cached


def run_language(args: argparse.Namespace | None, environ: Mapping[str, str] | None = None) -> Language:
    """``--lang``, else the config file's ``lang``, else the locale's language (else French).

    A config file that cannot be read does not stop the run from speaking: the locale decides, and
    the command that reads the settings reports the file."""
    from ..errors import ConfigError
    from ..i18n.locale import user_language

    chosen: str | None = getattr(args, "lang", None) if args is not None else None
    if chosen is None and args is not None:
        try:
            chosen = user_config(args).preferences.lang
        except ConfigError:
            chosen = None
    return user_language(os.environ if environ is None else environ, chosen=chosen)


class Voice:
    """The run's words on stderr: its language, and whether ``-q`` silenced everything but errors."""

    def __init__(self, args: argparse.Namespace | None = None, *, quiet: bool = False) -> None:
        self.args = args
        self.quiet = quiet
        self._language: Language | None = None

    @property
    def language(self) -> Language:
        if self._language is None:
            self._language = run_language(self.args)
        return self._language

    @property
    def lang(self) -> Lang:
        from ..i18n.messages import Lang

        return Lang(self.language)

    def t(self, msg: Msg, /, **values: str) -> str:
        """``msg`` in the run's language."""
        return self.lang(msg, **values)

    def warn(self, msg: Msg, /, **values: str) -> None:
        """``quitx: warning: …`` on stderr, unless ``-q``."""
        from .._text import inert_message
        from . import wording as w

        if not self.quiet:
            print(
                f"quitx: {self.t(w.WARNING)}{self.lang.sep()}{inert_message(self.t(msg, **values))}",
                file=sys.stderr,
            )

    def wrote(self, path: object) -> None:
        """``quitx: wrote lettre.md`` on stderr, unless ``-q``: what was written where."""
        from .._text import inert_message
        from . import wording as w

        if not self.quiet:
            print(f"quitx: {inert_message(self.t(w.WROTE, path=str(path)))}", file=sys.stderr)


_CURRENT: list[Voice] = []


def voice() -> Voice:
    """The voice of the run under way (outside a run: not quiet, the locale's language)."""
    return _CURRENT[-1] if _CURRENT else Voice()


def open_voice(args: argparse.Namespace, *, quiet: bool) -> Voice:
    """Start speaking for a run (`main` closes it with `close_voice`)."""
    current = Voice(args, quiet=quiet)
    _CURRENT.append(current)
    return current


def close_voice(current: Voice) -> None:
    if current in _CURRENT:
        _CURRENT.remove(current)
