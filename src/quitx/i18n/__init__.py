"""The languages quitx writes (French first, English): messages, dates, numbers, names.

`Msg` and `Lang` (`messages`) are the one mechanism; `formats` writes dates, numbers and lists;
`common` holds the words several packages share; `french` and `english` give an institution's
name its article, elision and contraction ("du CNRS", "de l’Université…", "the CNRS").
"""

from .messages import AND, LANGUAGES, OR, Lang, Language, Msg, language_of

__all__ = ["AND", "LANGUAGES", "OR", "Lang", "Language", "Msg", "language_of"]
