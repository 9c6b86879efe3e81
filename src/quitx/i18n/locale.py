"""The user's language, for the words of a run (messages, tables, summaries) when ``--lang`` and
the config file say none: the locale's, as gettext reads it (``LANGUAGE``, then ``LC_ALL``,
``LC_MESSAGES``, ``LANG``). quitx speaks French and English; any other locale, or none, gets
French, the language quitx writes first."""

from __future__ import annotations

import os
from collections.abc import Mapping

from .messages import Language

__all__ = ["user_language"]

_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def user_language(environ: Mapping[str, str] | None = None, *, chosen: str | None = None) -> Language:
    """``chosen`` (an option, a preference) when given, else the locale's language."""
    if chosen in ("fr", "en"):
        return "fr" if chosen == "fr" else "en"
    env = os.environ if environ is None else environ
    for name in _VARIABLES:
        value = env.get(name, "")
        if not value:
            continue
        # LANGUAGE is a priority list ("en_GB:fr"); the first language quitx speaks wins
        for part in value.split(":"):
            code = part.split(".")[0].split("@")[0].split("_")[0].lower()
            if code in ("fr", "en"):
                return "fr" if code == "fr" else "en"
            if code in ("c", "posix"):
                break
        if name != "LANGUAGE":
            return "fr"  # the first variable set decides, as gettext does
    return "fr"
