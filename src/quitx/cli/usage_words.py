"""argparse's own usage errors in the run's language.

argparse words its errors in English ("argument --kind: invalid choice: 'city' (choose from …)",
"the following arguments are required: NAME"), and `quitx.cli.app.Parser.error` prints them after
the run's "erreur :" label. Python's catalogue of these messages is small and stable: each is
matched here by its English form and said again in French, its values (options, the text typed,
the choices) kept as they were written. A message this table does not know — a newer Python's, a
type function's own — is left as argparse wrote it.

The run's language is not parsed yet when argparse fails: `early_language` reads ``--lang`` from
the arguments as they were typed, else the config file's and the locale's (`run_language`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from string import Template
from typing import TYPE_CHECKING

from ..i18n.messages import Msg

if TYPE_CHECKING:
    from ..i18n.messages import Language

__all__ = ["USAGE_PREFIX", "early_language", "localise_usage_error"]

USAGE_PREFIX = Msg("utilisation : ", "usage: ")

# argparse's messages (Python 3.11 to 3.14) and those of quitx's option types: the English form
# with its values as named groups, then the French, with the same names
_ARGUMENT = re.compile(r"argument (?P<arg>.+?): (?P<rest>.*)", re.DOTALL)
_FRENCH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(english, re.DOTALL), french)
    for english, french in (
        (
            r"the following arguments are required: (?P<names>.+)",
            "arguments obligatoires manquants : ${names}",
        ),
        (r"unrecognized arguments: (?P<args>.+)", "arguments non reconnus : ${args}"),
        (r"one of the arguments (?P<names>.+) is required", "il faut l’un des arguments ${names}"),
        (
            r"ambiguous option: (?P<option>.+?) could match (?P<matches>.+)",
            "option ambiguë : ${option} peut désigner ${matches}",
        ),
        (r"expected one argument", "une valeur est attendue"),
        (r"expected at most one argument", "une valeur au plus est attendue"),
        (r"expected at least one argument", "une valeur au moins est attendue"),
        (r"expected (?P<n>\d+) arguments?", "${n} valeur(s) attendue(s)"),
        (
            r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)",
            "choix invalide : ${value} (valeurs possibles : ${choices})",
        ),
        (
            r"invalid (?P<type>\S+) value: (?P<value>.+)",
            "valeur invalide : ${value} (attendu : ${type})",
        ),
        (r"not allowed with argument (?P<other>.+)", "incompatible avec l’argument ${other}"),
        (r"ignored explicit argument (?P<value>.+)", "valeur ignorée : ${value}"),
        (r"expected a whole number, got (?P<value>.+)", "nombre entier attendu, reçu ${value}"),
        (r"expected 1 to 256", "un nombre de 1 à 256 est attendu"),
    )
)
_FRENCH_TYPES = {"int": "un nombre entier", "float": "un nombre"}


def localise_usage_error(message: str, language: Language) -> str:
    """argparse's ``message`` in ``language``: unchanged in English; in French when it is one
    argparse (or a quitx option type) may write, its values as typed; an unknown one as written."""
    if language != "fr":
        return message
    argument = _ARGUMENT.fullmatch(message)
    prefix, rest = (f"argument {argument['arg']} : ", argument["rest"]) if argument else ("", message)
    for english, french in _FRENCH:
        found = english.fullmatch(rest)
        if found is not None:
            values = found.groupdict()
            if "type" in values:
                values["type"] = _FRENCH_TYPES.get(values["type"], values["type"])
            return prefix + Template(french).safe_substitute(values)
    return prefix + rest


def early_language(argv: Sequence[str] | None) -> Language:
    """The run's language before the arguments are parsed: ``--lang X`` (or ``--lang=X``) as typed,
    else the config file's and the locale's."""
    from .voice import run_language

    words = list(argv) if argv is not None else []
    chosen: str | None = None
    for i, word in enumerate(words):
        if word == "--":
            break
        if word == "--lang" and i + 1 < len(words):
            chosen = words[i + 1]
        elif word.startswith("--lang="):
            chosen = word.partition("=")[2]
    if chosen in ("fr", "en"):
        return "fr" if chosen == "fr" else "en"
    return run_language(None)
