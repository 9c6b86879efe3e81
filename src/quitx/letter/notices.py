"""What the letter tells its writer about how it was made — which letter and why, the sector and
where it was read, a role that needs the sender's gender, stale claims — as `Notice` values that
the caller renders in the run's language (the letter's own language may be another)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..i18n import Lang, Language, Msg

__all__ = [
    "BECAUSE",
    "LETTER_WORDS",
    "RELATION_NEEDS_GENDER",
    "ROLE_NEEDS_GENDER",
    "SECTOR_NONE",
    "SECTOR_READ",
    "STALE_CLAIMS",
    "Notice",
]

# each letter in words (its code is the value of --letter)
LETTER_WORDS: Mapping[str, Msg] = {
    "standard": Msg("celle qui demande de quitter X", "the one that asks to leave X"),
    "finish": Msg("celle qui prend acte du départ de X", "the one that follows up the departure from X"),
}
# why this letter, by the code `which_letter` gives (also the "because" of the letter's JSON)
BECAUSE: Mapping[str, Msg] = {
    "asked": Msg(
        "lettre : ${words} (--letter ${kind}, demandée)", "letter: ${words} (--letter ${kind}, asked for)"
    ),
    "exit_claim": Msg(
        "lettre : ${words} (--letter ${kind} ; l’affirmation ${claim} dit qu’elle a déjà quitté X)",
        "letter: ${words} (--letter ${kind}; claim ${claim} says it already left X)",
    ),
    "homepage": Msg(
        "lettre : ${words} (--letter ${kind} ; son site ne renvoie plus vers X, mais vers Mastodon ou "
        "Bluesky)",
        "letter: ${words} (--letter ${kind}; its homepage no longer links to X, and links to Mastodon or "
        "Bluesky)",
    ),
    "none": Msg(
        "lettre : ${words} (--letter ${kind} ; rien ne dit qu’elle a déjà quitté X)",
        "letter: ${words} (--letter ${kind}; no claim or finding says it already left X)",
    ),
}
SECTOR_READ = Msg(
    "secteur : ${words} (--sector ${sector}, lu dans le nom : « ${word} » ; --sector pour le changer)",
    "sector: ${words} (--sector ${sector}, read from the name: '${word}'; --sector to change it)",
)
SECTOR_NONE = Msg(
    "secteur : aucun lu dans le nom (les textes généraux ; --sector pour en choisir un)",
    "sector: none read from the name (the generic texts; --sector to choose one)",
)
ROLE_NEEDS_GENDER = Msg(
    "la fonction « ${role} » demande le genre de l’auteur (--sender-gender) ; écrit « membre du personnel »",
    'the role "${role}" needs the sender\'s gender (--sender-gender); wrote "membre du personnel"',
)
RELATION_NEEDS_GENDER = Msg(
    "la relation « ${relation} » demande le genre de l’auteur (--sender-gender) ; écrit « membre du "
    "personnel »",
    'the relation "${relation}" needs the sender\'s gender (--sender-gender); wrote "membre du personnel"',
)
STALE_CLAIMS = Msg(
    "faits : le plus récent cité (${newest}) a plus de 12 mois de plus que la lettre (${date}) ; en "
    "ajouter de récents avec --claims FICHIER",
    "claims: the newest claim cited (${newest}) is more than 12 months older than the letter (${date}); "
    "add recent ones with --claims FILE",
)


@dataclass(frozen=True)
class Notice:
    """One thing to tell the writer: a message and its values (codes, ids, dates: no prose), and
    the words it names (``words``: said in the language the notice is rendered in)."""

    msg: Msg
    values: Mapping[str, str] = field(default_factory=dict)
    words: Mapping[str, Msg] = field(default_factory=dict)

    def text(self, language: Language) -> str:
        lang = Lang(language)
        return lang(self.msg, **self.values, **{name: lang(msg) for name, msg in self.words.items()})

    def __str__(self) -> str:
        return self.text("en")
