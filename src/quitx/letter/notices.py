"""What the letter tells its writer about how it was made — which letter and why, the sector and
where it was read, a role that needs the sender's gender, stale claims — as `Notice` values that
the caller renders in the run's language (the letter's own language may be another)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..i18n import Lang, Language, Msg

__all__ = [
    "BECAUSE",
    "RELATION_NEEDS_GENDER",
    "ROLE_NEEDS_GENDER",
    "SECTOR_NONE",
    "SECTOR_READ",
    "STALE_CLAIMS",
    "Notice",
]

# why this letter, by the code `which_letter` gives (also the "because" of the letter's JSON)
BECAUSE: Mapping[str, Msg] = {
    "asked": Msg("lettre : ${kind} (demandée)", "letter: ${kind} (asked for)"),
    "exit_claim": Msg(
        "lettre : ${kind} (l’affirmation ${claim} dit qu’elle a déjà quitté X)",
        "letter: ${kind} (claim ${claim} says it already left X)",
    ),
    "homepage": Msg(
        "lettre : ${kind} (son site ne renvoie plus vers X, mais vers Mastodon ou Bluesky)",
        "letter: ${kind} (its homepage no longer links to X, and links to Mastodon or Bluesky)",
    ),
    "none": Msg(
        "lettre : ${kind} (rien ne dit qu’elle a déjà quitté X)",
        "letter: ${kind} (no claim or finding says it already left X)",
    ),
}
SECTOR_READ = Msg(
    "secteur : ${sector} (lu dans le nom : « ${word} » ; --sector pour le changer)",
    "sector: ${sector} (read from the name: '${word}'; --sector to change it)",
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
    """One thing to tell the writer: a message and its values (codes, ids, dates: no prose)."""

    msg: Msg
    values: Mapping[str, str] = field(default_factory=dict)

    def text(self, language: Language) -> str:
        return Lang(language)(self.msg, **self.values)

    def __str__(self) -> str:
        return self.text("en")
