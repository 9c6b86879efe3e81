"""The sector of an institution, read from its name when nobody said it.

"Mairie de Lyon" is local government, "Lycée Victor-Hugo" a school, "CHU de Rennes" a hospital,
"Université Rennes 2" higher education: the letter chooses its arguments and precedents by sector,
and the plan its instances, so a wrong default (every institution a research body) sends a city an
academic letter. `read_sector` reads the name — known names first, then phrases before single words
("centre hospitalier" before "centre", "Collège de France" before "collège") — and says which word
decided, so that the output can tell the user (who overrides it with ``--sector``). A name that
matches nothing has no sector: the letter uses its generic texts, never a sector's.

Higher education shares research's texts where it has none of its own (`chain`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ..models import Institution, InstitutionKind
from .french import name_key
from .messages import Msg

__all__ = ["SECTOR_WORDS", "SectorReading", "as_written", "chain", "read_sector", "sector_of"]

K = InstitutionKind

# each sector in words (the web form's choices, the letter's note on where the sector came from)
SECTOR_WORDS: Mapping[InstitutionKind, Msg] = {
    K.HIGHER_EDUCATION: Msg("Enseignement supérieur", "Higher education"),
    K.RESEARCH: Msg("Organisme de recherche", "Research body"),
    K.HOSPITAL: Msg("Établissement de santé", "Hospital"),
    K.PUBLIC_ADMINISTRATION: Msg("Administration publique", "Public administration"),
    K.LOCAL_GOVERNMENT: Msg("Collectivité territoriale", "Local government"),
    K.COMPANY: Msg("Entreprise", "Company"),
    K.ASSOCIATION: Msg("Association", "Association"),
    K.MEDIA: Msg("Média", "Media"),
    K.SCHOOL: Msg("Établissement scolaire", "School"),
}


@dataclass(frozen=True, slots=True)
class SectorReading:
    """A sector and where it came from: given (an option, or the institution's kind), read from the
    name (``word`` is what decided), or nothing (``sector`` None)."""

    sector: InstitutionKind | None
    source: Literal["given", "name", "none"]
    word: str | None = None


def _key(text: str) -> str:
    """Lower case, no accents, apostrophes and hyphens as spaces: the form every rule matches."""
    return " ".join(re.sub(r"['’\-.,;:()«»\"]", " ", name_key(text)).split())


def _words(text: str) -> tuple[str, ...]:
    return tuple(_key(w) for w in text.split("|"))


# Known names (and their acronyms), matched whole: they decide before any word does.
_KNOWN: dict[K, tuple[str, ...]] = {
    K.RESEARCH: _words(
        "cnrs|centre national de la recherche scientifique|inserm|inrae|inria|cea|cnes|ird|ifremer|ined|"
        "irsn|brgm|cirad|onera|ihes|institut pasteur|institut curie|institut des hautes etudes scientifiques|"
        "college de france|museum national d histoire naturelle|mnhn|academie des sciences|"
        "academie francaise|fondation pour la recherche medicale|institut de france"
    ),
    K.HIGHER_EDUCATION: _words(
        "sciences po|iep|insa|comue|epfl|eth zurich|ens|ensae|ehess|ephe|hec|hec paris|essec|"
        "polytechnique|ecole polytechnique|centralesupelec|agroparistech|mines paris|telecom paris|"
        "dauphine|paris dauphine|psl|arts et metiers|cnam|conservatoire national des arts et metiers"
    ),
    K.PUBLIC_ADMINISTRATION: _words(
        "anr|hceres|ademe|ansm|has|haute autorite de sante|insee|sante publique france|france travail|"
        "pole emploi|urssaf|caf|cpam|arcom|arcep|cnil|anssi|dinum|meteo france|onf|"
        "centre des monuments nationaux|institut national du cancer|institut francais|centre pompidou|"
        "bnf|bibliotheque nationale de france|conseil d etat|conseil constitutionnel|cour des comptes|"
        "assemblee nationale|senat|elysee|matignon|campus france|business france|"
        "etalab|france strategie|banque de france|caisse des depots|"
        "institut national de la statistique et des etudes economiques"
    ),
    K.HOSPITAL: _words("ap hp|aphp|ap hm|hospices civils de lyon|hcl|gustave roussy"),
    K.MEDIA: _words(
        "afp|agence france presse|radio france|france televisions|arte|le monde|liberation|ouest france|"
        "mediapart|le figaro|l humanite|humanite|la croix|les echos|20 minutes|franceinfo|france info|"
        "france inter|france culture|france 24|rfi|tf1|m6|bfm|bfmtv|le parisien|l express|le point|"
        "l obs|la depeche du midi|la voix du nord|sud ouest|the conversation"
    ),
    K.COMPANY: _words(
        "edf|sncf|la poste|orange|airbus|michelin|engie|renault|stellantis|totalenergies|sanofi|"
        "thales|safran|ratp|bpifrance|la banque postale|l oreal|danone|decathlon"
    ),
    K.LOCAL_GOVERNMENT: _words(
        "auvergne rhone alpes|bourgogne franche comte|bretagne|centre val de loire|corse|grand est|"
        "hauts de france|ile de france|normandie|nouvelle aquitaine|occitanie|pays de la loire|"
        "provence alpes cote d azur|guadeloupe|martinique|guyane|la reunion|mayotte"
    ),
}

# Phrases and words, tried in this order; the first that the name holds as whole words decides.
# A phrase before the words it contains; the exceptions first.
_RULES: tuple[tuple[K | None, tuple[str, ...]], ...] = (
    (None, _words("union europeenne|commission europeenne")),
    (K.MEDIA, _words("agence france presse|agence de presse")),
    (K.ASSOCIATION, _words("institut medico|conseil de l ordre|ordre des")),
    (
        K.HOSPITAL,
        _words(
            "chu|chr|chru|chi|centre hospitalier|groupe hospitalier|ghu|hopital|hopitaux|clinique|"
            "centre de lutte contre le cancer|ehpad|assistance publique|hospices civils|hospital"
        ),
    ),
    (
        K.SCHOOL,
        _words(
            "groupe scolaire|cite scolaire|lycee|college|ecole maternelle|ecole elementaire|ecole primaire|"
            "erea|ecole et college"
        ),
    ),
    (
        K.HIGHER_EDUCATION,
        _words(
            "universite|university|ecole normale superieure|ecole nationale superieure|ecole superieure|"
            "ecole nationale|ecole polytechnique|ecole centrale|ecole des hautes etudes|"
            "ecole pratique des hautes etudes|ecole d ingenieurs|ecole de commerce|ecole doctorale|"
            "institut national polytechnique|institut polytechnique|institut d etudes politiques|iut|"
            "insa|sciences po|ecole des mines|business school|grande ecole"
        ),
    ),
    (K.PUBLIC_ADMINISTRATION, _words("musee du|musee d|musee national|musees nationaux")),
    (
        K.LOCAL_GOVERNMENT,
        _words(
            "mairie|hotel de ville|ville de|ville d|commune de|commune d|ccas|"
            "centre communal d action sociale|office de tourisme|metropole|communaute de communes|"
            "communaute d agglomeration|"
            "communaute urbaine|agglomeration|eurometropole|territoire de|departement|"
            "conseil departemental|conseil regional|conseil municipal|region|collectivite|municipal|"
            "municipale|city of|city council|town council"
        ),
    ),
    (
        K.PUBLIC_ADMINISTRATION,
        _words(
            "ministere|ministry|prefecture|sous prefecture|rectorat|academie de|academie d|"
            "secretariat general|secretariat d etat|haut commissariat|direction generale|"
            "direction interministerielle|direction regionale|direction departementale|agence nationale|"
            "agence regionale|agence|autorite|commission nationale|inspection generale|ambassade|consulat|"
            "tribunal|cour|parquet|caisse nationale|caisse primaire|caisse d allocations|office national|"
            "etablissement public|musee|archives nationales|archives departementales|bibliotheque nationale"
        ),
    ),
    (
        K.ASSOCIATION,
        _words(
            "association|federation|confederation|collectif|ligue|union|fondation|syndicat|ong|amicale|"
            "mouvement|cooperative|mutuelle|club|amis de|amis du|amis des"
        ),
    ),
    (
        K.RESEARCH,
        _words(
            "institut|institute|centre national de la recherche|centre national d etudes|centre de recherche|"
            "centre de recherches|laboratoire|observatoire|museum|academie des|research"
        ),
    ),
    (
        K.MEDIA,
        _words(
            "journal|quotidien|hebdomadaire|magazine|radio|television|tv|chaine|media|medias|presse|"
            "redaction|editions"
        ),
    ),
    (
        K.COMPANY,
        _words(
            "sa|sas|sasu|sarl|se|scop|sca|groupe|societe|entreprise|inc|ltd|gmbh|holding|banque|assurances|"
            "assurance|company"
        ),
    ),
    (K.SCHOOL, _words("ecole")),
)

_FALLBACK: dict[K, K] = {K.HIGHER_EDUCATION: K.RESEARCH}


def chain(sector: InstitutionKind | None) -> tuple[InstitutionKind, ...]:
    """The sector, then the sectors whose texts it uses where it has none of its own."""
    out: list[InstitutionKind] = []
    while sector is not None:
        out.append(sector)
        sector = _FALLBACK.get(sector)
    return tuple(out)


def _holds(key: str, phrase: str) -> bool:
    return re.search(rf"(?:^| ){re.escape(phrase)}(?: |$)", key) is not None


def read_sector(name: str) -> SectorReading:
    """The sector the name says, and the word that says it; no sector when nothing does.

    "ecole" alone is no sector (a school? a grande école?), nor is a bare place name: quitx asks
    rather than guesses."""
    key = _key(name)
    bare = re.sub(r"^(?:l |le |la |les )", "", key)
    for known_sector, names in _KNOWN.items():
        for known in names:
            if known in (key, bare) or (known == "sciences po" and bare.startswith("sciences po ")):
                return SectorReading(known_sector, "name", name)
    for sector, phrases in _RULES:
        for phrase in phrases:
            if _holds(bare, phrase):
                if sector is K.SCHOOL and phrase == "ecole" and bare == "ecole":
                    continue
                if sector is K.SCHOOL and phrase == "college" and bare.startswith("college de france"):
                    continue
                if sector is None:
                    return SectorReading(None, "none", phrase)
                return SectorReading(sector, "name", phrase)
    return SectorReading(None, "none")


def as_written(name: str, phrase: str) -> str:
    """The words of ``name`` that a rule's ``phrase`` matched, as the name writes them ("Université"
    for "universite", "Sous-Préfecture" for "sous prefecture"); the phrase itself if none do."""
    words = [(m.start(), m.end(), _key(m.group())) for m in re.finditer(r"[^\s'’\-.,;:()«»\"]+", name)]
    wanted = phrase.split()
    for i in range(len(words) - len(wanted) + 1):
        if [key for _, _, key in words[i : i + len(wanted)]] == wanted:
            return name[words[i][0] : words[i + len(wanted) - 1][1]]
    return phrase


def sector_of(institution: Institution, given: InstitutionKind | None = None) -> SectorReading:
    """The sector to write for: ``given`` (an option), else the institution's kind, else its name."""
    if given is not None:
        return SectorReading(given, "given")
    if institution.kind is not None:
        return SectorReading(institution.kind, "given")
    return read_sector(institution.name)
