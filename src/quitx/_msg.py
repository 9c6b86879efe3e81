"""The record of a message in the languages quitx writes: `Msg`, and `Language`.

`quitx.i18n` renders messages (`quitx.i18n.Lang`) and is where everyone imports them from. The
record itself sits here, below every layer, so that the exception tree (`quitx.errors`) can hold
its words too: an error says itself in French or in English without knowing the rest of i18n.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["LANGUAGES", "Language", "Msg"]

Language = Literal["fr", "en"]
LANGUAGES: tuple[Language, ...] = ("fr", "en")


@dataclass(frozen=True, slots=True)
class Msg:
    """One message, in French and in English; ``${name}`` placeholders, the same in both."""

    fr: str
    en: str

    def text(self, language: Language) -> str:
        """The raw text in ``language`` (placeholders not filled)."""
        return self.fr if language == "fr" else self.en
