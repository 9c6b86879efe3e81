"""The letter to the institution: content blocks (`templates`), what the check found in sentences
(`status`, `phrases`), sourced claims (`claims`), put together (`compose`) and written in every
format (`render`). The institution's name forms come from `quitx.i18n.french`/`english`."""

from .compose import LetterOptions, Sender
from .render import FORMATS, Format, render_letter

__all__ = ["FORMATS", "Format", "LetterOptions", "Sender", "render_letter"]
