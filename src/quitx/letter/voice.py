"""Who speaks, in which words: "notre université", the sender's relation to the institution (the
salutation and the rest of the frame: `frame`). The institution's names in running text come from
`quitx.i18n.naming`, the one rule the plan shares ("la mairie de Lyon", "l’Institut Pasteur").
After its first mention the letter says "notre université" (an insider) or "votre collège" (a
parent, a user, a reader, a customer). The sender agrees only through the role: no inclusive form
is written unless asked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..i18n.french import capitalize, french_name, sender_agreement
from ..i18n.naming import Naming
from ..i18n.nouns import fold
from ..models import InstitutionKind
from .notices import RELATION_NEEDS_GENDER, ROLE_NEEDS_GENDER, Notice

__all__ = ["RELATION_KEYS", "Relation", "SenderVoice", "relation"]

K = InstitutionKind
Gender = Literal["m", "f"]

# --- the sender's relation --------------------------------------------------------------------------------

Voice = Literal["insider", "outsider"]


@dataclass(frozen=True, slots=True)
class Relation:
    """How the sender stands to the institution: fr masculine/feminine, preposition, voice, English."""

    m: str
    f: str
    prep: Literal["de", "à"]
    voice: Voice
    en: str  # "a member of staff at" (then the English name)


RELATIONS: dict[str, Relation] = {
    "staff": Relation("membre du personnel", "membre du personnel", "de", "insider", "a member of staff at"),
    "agent": Relation("agent", "agente", "de", "insider", "a member of staff at"),
    "employee": Relation("salarié", "salariée", "de", "insider", "an employee of"),
    "journalist": Relation("journaliste", "journaliste", "à", "insider", "a journalist at"),
    "member": Relation("membre", "membre", "de", "insider", "a member of"),
    "volunteer": Relation("bénévole", "bénévole", "de", "insider", "a volunteer with"),
    "teacher": Relation("enseignant", "enseignante", "à", "insider", "a teacher at"),
    "educational-staff": Relation(
        "membre de l’équipe éducative",
        "membre de l’équipe éducative",
        "de",
        "insider",
        "a member of staff at",
    ),
    "pupil": Relation("élève", "élève", "à", "insider", "a pupil at"),
    "student": Relation("étudiant", "étudiante", "à", "insider", "a student at"),
    "parent": Relation("parent d’élève", "parent d’élève", "à", "outsider", "the parent of a pupil at"),
    "user": Relation("usager", "usagère", "de", "outsider", "a user of the services of"),
    "reader": Relation("lecteur", "lectrice", "de", "outsider", "a reader of"),
    "customer": Relation("client", "cliente", "de", "outsider", "a customer of"),
}
RELATION_KEYS: tuple[str, ...] = tuple(RELATIONS)

_DEFAULT_RELATION: dict[InstitutionKind | None, str] = {
    K.LOCAL_GOVERNMENT: "agent",
    K.PUBLIC_ADMINISTRATION: "agent",
    K.COMPANY: "employee",
    K.MEDIA: "journalist",
    K.ASSOCIATION: "member",
    K.SCHOOL: "educational-staff",
}

# roles whose head word takes "à" (a researcher *at* a university); other roles take "de"; English
_ROLE_WORDS: tuple[tuple[str, str], ...] = (
    ("enseignant chercheur", "lecturer and researcher"),
    ("enseignante chercheuse", "lecturer and researcher"),
    ("maitre de conferences", "associate professor"),
    ("maitresse de conferences", "associate professor"),
    ("professeur des universites", "professor"),
    ("professeure des universites", "professor"),
    ("charge de recherche", "research scientist"),
    ("chargee de recherche", "research scientist"),
    ("directeur de recherche", "research director"),
    ("directrice de recherche", "research director"),
    ("ingenieur de recherche", "research engineer"),
    ("ingenieure de recherche", "research engineer"),
    ("ingenieur d etudes", "engineer"),
    ("ingenieure d etudes", "engineer"),
    ("charge de communication", "communications officer"),
    ("chargee de communication", "communications officer"),
    ("post doctorant", "postdoctoral researcher"),
    ("post doctorante", "postdoctoral researcher"),
    ("chercheur", "researcher"),
    ("chercheuse", "researcher"),
    ("ingenieur", "engineer"),
    ("ingenieure", "engineer"),
    ("technicien", "technician"),
    ("technicienne", "technician"),
    ("doctorant", "doctoral student"),
    ("doctorante", "doctoral student"),
    ("bibliothecaire", "librarian"),
    ("journaliste", "journalist"),
    ("redacteur", "editor"),
    ("redactrice", "editor"),
    ("medecin", "doctor"),
    ("infirmier", "nurse"),
    ("infirmiere", "nurse"),
    ("soignant", "care worker"),
    ("soignante", "care worker"),
    ("professeur", "teacher"),
    ("professeure", "teacher"),
    ("enseignant", "teacher"),
    ("enseignante", "teacher"),
    ("cpe", "school life adviser"),
)


@dataclass(frozen=True, slots=True)
class SenderVoice:
    """The relation sentence's pieces, and what to tell the user about them."""

    fr: str  # "maîtresse de conférences à l’université Rennes 2"
    title: str  # "Maîtresse de conférences" (the sender block), or ""
    en: str  # "an associate professor at Université Rennes 2"
    voice: Voice
    notice: Notice | None = None
    title_en: str = ""  # "Research scientist" (the English sender block), or ""


def _a(word: str) -> str:
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def relation(
    names: Naming,
    sector: InstitutionKind | None,
    *,
    role: str | None,
    role_en: str | None,
    key: str | None,
    gender: Gender | None,
    inclusive: bool = False,
) -> SenderVoice:
    """The sender's relation: ``role`` ("maître de conférences", "chercheur/chercheuse", "chargée de
    mission|à") or the relation ``key`` (else the sector's default), agreed with ``gender``."""
    french = names.french
    en_name = names.en_the
    notice: Notice | None = None
    if role:
        text, _, prep_given = role.partition("|")
        forms = [f.strip() for f in text.split("/")]
        if len(forms) == 2:
            if gender is None and not inclusive:
                notice = Notice(ROLE_NEEDS_GENDER, {"role": text.strip()})
            else:
                chosen = sender_agreement(forms[0], forms[1], gender or "n")
                return _role_voice(chosen, prep_given, role_en, names, sector)
        else:
            return _role_voice(forms[0], prep_given, role_en, names, sector)
    chosen_key = key or _DEFAULT_RELATION.get(sector, "staff")
    rel = RELATIONS[chosen_key]
    if rel.m != rel.f and gender is None and not inclusive:
        if key is not None:
            notice = Notice(RELATION_NEEDS_GENDER, {"relation": f"{rel.m}/{rel.f}"})
        rel = RELATIONS["staff"]
    word = sender_agreement(rel.m, rel.f, gender or "n")  # "n": the inclusive form, only when asked
    fr = f"{word} {french.a if rel.prep == 'à' else _employer_de(names)}"
    return SenderVoice(fr, "", f"{rel.en} {en_name}", rel.voice, notice)


def _employer_de(names: Naming) -> str:
    """ "de la Ville de Lyon" for a *mairie* (the employer is the city), else the name's de-form."""
    match = re.match(r"^[Mm]airie (de |d’|d')(.+)$", names.french.name.replace("'", "’"))
    if match:
        return french_name(f"Ville {match.group(1)}{match.group(2)}").de
    return names.french.de


def _role_voice(
    role: str, prep: str, role_en: str | None, names: Naming, sector: InstitutionKind | None
) -> SenderVoice:
    key = fold(role)
    english = role_en
    head_a = False
    for words, en in _ROLE_WORDS:
        if key == words or key.startswith(words + " "):
            head_a = True
            english = english or en
            break
    chosen = prep.strip() or ("à" if head_a else "de")
    fr = f"{role} {names.french.a if chosen == 'à' else names.french.de}"
    en_rel = f"{_a(english)} at {names.en_the}" if english else f"a member of staff at {names.en_the}"
    return SenderVoice(fr, capitalize(role), en_rel, "insider", title_en=capitalize(english or ""))
