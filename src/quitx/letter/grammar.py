"""French (and English) grammar for institution names: articles, elision, contraction, agreement.

A letter names its addressee many times: "le CNRS", "du CNRS", "au CNRS"; "l’Université Rennes 2",
"de l’Université…", "à l’Université…"; "la Sorbonne"; "Inria", "d’Inria", "à Inria"; "les Archives
nationales", "des Archives…", "aux Archives…". `infer` guesses the article, gender and number
from the name alone; `french_name` does the same and applies overrides.

How `infer` decides, first rule that applies wins:

1. a name known as a whole (``_KNOWN``): brand-like names used without an article ("Inria",
   "Sciences Po", "Polytechnique", "Pôle emploi", "Radio France"…), names that take one although
   no rule would find it ("la Sorbonne", "le Sénat", "le Louvre", the French regions…);
2. a name that begins with an article keeps it. The article of a proper name — a city ("La
   Rochelle", "Le Havre"), a company or a newspaper whose legal name holds it ("La Poste", "Le
   Monde") — keeps its capital where it is not contracted ("de La Poste", but "du Monde"); other
   articles are written in lower case ("La Sorbonne" → "de la Sorbonne"). A city's article
   followed by more words is part of a brand name, used without article: "Le Mans Université" →
   "à Le Mans Université", the university's own usage;
3. "<Place> Université" ("Sorbonne Université", "Nantes Université") has no article (feminine);
4. a first word that is a common noun of institutions gives the gender and number ("Université",
   "Conseil", "Archives", "Hospices"…; "Musées" is the plural of a known noun); a leading
   adjective ("Haute Autorité", "Haut-Rhin", "Hauts-de-France", "Grand Est", "Nouvelle-Aquitaine")
   gives its own;
5. an acronym (first word in capitals, or a known acronym written as a word: "Inserm", "BnF")
   takes "le"/"la" from a table of known acronyms, else from its first letter (A… and U… are
   mostly *Agence*, *Autorité*, *Association*, *Université*: feminine; EN…, EH…, ES… are
   *École…*: feminine; others masculine). A few are used without article ("EDF", "HEC");
6. anything else has no article: a company or a city ("Michelin", "de Michelin", "à Paris").

Elision (l’, d’) happens before a written vowel (a e i o u y, with accents, æ, œ) or a mute h.
"h aspiré" words ("Haute", "Hauts", "Havre", "Hongrie", "hall", "hasard"…) and acronyms beginning
with H ("la HAS", "le Hcéres"; except "d’HEC") do not elide; a y before a vowel is a consonant
("de Yale"). A consonant letter never elides, even when it is spoken with a vowel ("le FNRS").

All output uses the typographic apostrophe `APOSTROPHE` (U+2019), the French norm in typeset
text; an ASCII apostrophe in a name is turned into it.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from ..errors import UsageError

__all__ = [
    "APOSTROPHE",
    "Article",
    "EnglishName",
    "FrenchName",
    "capitalize",
    "english_name",
    "french_name",
    "infer",
    "sender_agreement",
    "starts_with_vowel_sound",
]

APOSTROPHE = "’"
"""The apostrophe of every form: U+2019 RIGHT SINGLE QUOTATION MARK, the typographic apostrophe."""

MIDDLE_DOT = "·"
"""The point médian of inclusive forms ("permanent·e")."""

Gender = Literal["m", "f"]


class Article(StrEnum):
    """The definite article an institution name takes; the elided form (l’) is derived."""

    LE = "le"
    LA = "la"
    LES = "les"
    NONE = "none"


# --- tables (keys are folded: lower case, no accents, ASCII apostrophe) ------------------------


def _words(text: str) -> list[str]:
    return text.split()


_ELIDING_INITIALS = frozenset("aeiouyæœ")

# Words whose initial h is "aspiré": no elision, no liaison. Mostly what institution names start
# with (haut/haute: Haute Autorité, Haut Conseil, Hauts-de-France, Haute-Garonne…; havre; the
# countries and regions), and proper names of foreign origin often met ("de Harvard").
_H_ASPIRE = frozenset(
    _words(
        "hache haie haine hall halle halles halte hameau hamburger hanche handball handicap hangar "
        "harcelement hardi hareng haricot harpe hasard hate hausse haut haute hautes hauts hauteur havre "
        "heron heros herisson hetre hibou hockey hollande hollandais homard honte hors houille hublot "
        "huit huitieme hurlement hutte hainaut hambourg hanovre harvard hachette heidelberg hesse hongrie "
        "honduras huawei hyundai haribo heineken"
    )
)

# Acronyms beginning with H that elide all the same (the letter is spoken "ache").
_ELIDING_H_ACRONYMS = frozenset({"hec"})

# A y before a vowel is a consonant ("le yaourt", "de Yale"), but for these place names.
_ELIDING_Y = frozenset({"yonne", "yeu", "yerres", "yser", "yssingeaux"})

# (article, gender, plural, article is part of the proper name)
_Entry = tuple[Article, Gender, bool, bool]
_NONE_M: _Entry = (Article.NONE, "m", False, False)
_NONE_F: _Entry = (Article.NONE, "f", False, False)
_LE: _Entry = (Article.LE, "m", False, False)
_LA: _Entry = (Article.LA, "f", False, False)
_LES_M: _Entry = (Article.LES, "m", True, False)
_LES_F: _Entry = (Article.LES, "f", True, False)

# Whole names (rule 1).
_KNOWN_RAW: dict[str, _Entry] = {
    # grandes écoles and universities known by a brand name, used without article
    "inria": _NONE_M,
    "sciences po": _NONE_F,
    "sciences-po": _NONE_F,
    "polytechnique": _NONE_F,
    "agroparistech": _NONE_F,
    "centralesupélec": _NONE_F,
    "supélec": _NONE_F,
    "supaéro": _NONE_F,
    "isae-supaero": _NONE_F,
    "mines paris": _NONE_F,
    "mines paris - psl": _NONE_F,
    "mines paristech": _NONE_F,
    "télécom paris": _NONE_F,
    "hec": _NONE_F,
    "hec paris": _NONE_F,
    "dauphine": _NONE_F,
    "paris-dauphine": _NONE_F,
    "dauphine - psl": _NONE_F,
    "paris-saclay": _NONE_F,
    "paris cité": _NONE_F,
    "arts et métiers": _NONE_F,
    "psl": _NONE_F,
    # public bodies and companies known by a brand name
    "pôle emploi": _NONE_M,
    "france travail": _NONE_M,
    "france télévisions": _NONE_F,
    "france culture": _NONE_F,
    "france inter": _NONE_F,
    "france info": _NONE_F,
    "franceinfo": _NONE_F,
    "france bleu": _NONE_F,
    "france musique": _NONE_F,
    "france stratégie": _NONE_M,
    "france compétences": _NONE_M,
    "france universités": _NONE_F,
    "radio france": _NONE_F,
    "campus france": _NONE_M,
    "business france": _NONE_M,
    "atout france": _NONE_M,
    "santé publique france": _NONE_F,
    "météo-france": _NONE_M,
    "bpifrance": _NONE_F,
    "arte": _NONE_F,
    "emmaüs": _NONE_M,
    "emmaüs france": _NONE_M,
    "matignon": _NONE_M,
    "bercy": _NONE_M,
    "beauvau": _NONE_M,
    "etalab": _NONE_M,
    # names that take an article no rule would find
    "sorbonne": _LA,
    "sorbonne nouvelle": _LA,
    "sénat": _LE,
    "élysée": _LE,
    "louvre": _LE,
    "nations unies": _LES_F,
    "france": _LA,
    "europe": _LA,
    "restos du cœur": _LES_M,
    "restos du coeur": _LES_M,
    # the regions
    "auvergne-rhône-alpes": _LA,
    "bourgogne-franche-comté": _LA,
    "bretagne": _LA,
    "corse": _LA,
    "île-de-france": _LA,
    "normandie": _LA,
    "occitanie": _LA,
    "pays de la loire": _LES_M,
    "provence-alpes-côte d'azur": _LA,
    "guadeloupe": _LA,
    "martinique": _LA,
    "guyane": _LA,
}

# Proper names that begin with an article belonging to them (rule 2): the article keeps its
# capital where it is not contracted. Cities first: followed by more words, the city begins a
# brand name ("Le Mans Université", "Le Havre Seine Métropole"), used without article.
_ARTICLE_CITIES_RAW = frozenset(
    {
        "le mans",
        "le havre",
        "la rochelle",
        "la roche-sur-yon",
        "le puy-en-velay",
        "les sables-d'olonne",
        "le creusot",
        "la ciotat",
        "la seyne-sur-mer",
        "le cannet",
        "le blanc-mesnil",
        "le bourget",
        "les ulis",
        "les mureaux",
        "la courneuve",
        "le kremlin-bicêtre",
        "les lilas",
        "le pré-saint-gervais",
        "le perreux-sur-marne",
        "le plessis-robinson",
        "la garenne-colombes",
        "le vésinet",
        "le pecq",
        "le chesnay",
        "le touquet",
        "la baule",
        "la flèche",
        "la teste-de-buch",
        "l'haÿ-les-roses",
        "l'isle-adam",
        "l'isle-d'abeau",
        "l'isle-sur-la-sorgue",
        "le lamentin",
        "le port",
        "le tampon",
        "la possession",
        "les abymes",
        "le gosier",
        "la réunion",
        "la haye",
        "le caire",
        "la havane",
        "le cap",
        "la nouvelle-orléans",
        "la paz",
    }
)
_ARTICLE_TITLES_RAW = frozenset(
    {
        "la poste",
        "la banque postale",
        "la française des jeux",
        "la documentation française",
        "le monde",
        "le monde diplomatique",
        "le figaro",
        "le parisien",
        "la croix",
        "les échos",
        "l'équipe",
        "l'obs",
        "l'humanité",
        "l'express",
        "le point",
        "la dépêche du midi",
        "le canard enchaîné",
        "la voix du nord",
        "la montagne",
        "la provence",
        "l'oréal",
    }
)

# First words that are common nouns of institutions (rule 4): gender, plural.
_NOUNS_RAW: dict[str, tuple[Gender, bool]] = {
    **dict.fromkeys(
        _words(
            "université école académie agence autorité bibliothèque caisse chambre cité commission "
            "communauté cour direction fondation inspection maison mairie métropole eurométropole "
            "mission préfecture sous-préfecture région société assemblée association fédération "
            "confédération compagnie banque clinique délégation institution ville commune "
            "collectivité agglomération administration assistance assurance organisation union ligue "
            "croix-rouge comédie-française comédie philharmonie cinémathèque médiathèque gendarmerie "
            "police marine armée douane présidence chancellerie coopérative mutuelle mutualité "
            "manufacture monnaie villa maternité faculté conférence alliance église galerie scène "
            "sécurité fabrique plateforme station unité résidence salle tour gare juridiction "
            "coordination entreprise équipe paroisse réserve usine bourse poste halle"
        ),
        ("f", False),
    ),
    **dict.fromkeys(
        _words(
            "institut centre conservatoire conseil collège commissariat haut-commissariat comité "
            "département établissement groupe groupement hôpital lycée ministère musée muséum "
            "observatoire office opéra palais parlement rectorat secrétariat service syndicat théâtre "
            "tribunal campus laboratoire pôle réseau consortium sénat gouvernement bureau cabinet "
            "cercle club consulat crédit défenseur domaine festival fonds forum foyer jardin journal "
            "mouvement ordre orchestre parc planétarium port aéroport programme quai secours château "
            "cirque barreau collectif commandement complexe corps district diocèse espace état-major "
            "mémorial pavillon salon siège studio territoire village zoo atelier auditorium arsenal "
            "lieu"
        ),
        ("m", False),
    ),
    # nouns met in the plural only, or whose plural is irregular
    "archives": ("f", True),
    "éditions": ("f", True),
    "presses": ("f", True),
    "hospices": ("m", True),
    "hôpitaux": ("m", True),
    "beaux-arts": ("m", True),
    "arts": ("m", True),
    "amis": ("m", True),
    "apprentis": ("m", True),
    "compagnons": ("m", True),
    "scouts": ("m", True),
    "éclaireurs": ("m", True),
    "chantiers": ("m", True),
    "restos": ("m", True),
}

# Leading adjectives that carry the article themselves (rule 4).
_ADJECTIVES_RAW: dict[str, tuple[Gender, bool]] = {
    "haut": ("m", False),
    "haute": ("f", False),
    "hauts": ("m", True),
    "hautes": ("f", True),
    "grand": ("m", False),
    "grande": ("f", False),
    "grands": ("m", True),
    "grandes": ("f", True),
    "nouveau": ("m", False),
    "nouvel": ("m", False),
    "nouvelle": ("f", False),
    "petit": ("m", False),
    "petite": ("f", False),
    "petits": ("m", True),
    "petites": ("f", True),
}


# Known acronyms (rule 5), keyed without hyphens ("AP-HP" → "aphp").
_ACRONYMS_RAW: dict[str, _Entry] = {
    **dict.fromkeys(
        _words(
            "cnrs cea inserm inrae inra ird cnes cirad ifremer ined insee ign cnam chu chru crous cnous "
            "iut insa ircam inrap inalco cern cnc csa cese cstb brgm cerema ineris irsn irstea mnhn "
            "cnosf cio fmi pnud hceres hcr giec ccne cnnum insp iep iae efs ofb ofii ofpra onf unicef "
            "ina mesr men cget sgpi cereq cnfpt opecst genci idris cines in2p3 insu inshs onera lne "
            "ipgp iap ihp icm ihu hcsp insead"
        ),
        _LE,
    ),
    **dict.fromkeys(
        _words(
            "ehess ens ena ensam enpc ensta espci ephe epfl eth ensae enac ehesp enm escp essec utc "
            "uga upec uvsq uca ubo onu oms ocde otan ue unesco oit omc sncf ratp sacem spa ldh bnf "
            "cdc asp dgfip dgsi dgse dreal drac ddt dgri dgesip anct dinum cada cndp cades aefe abes "
            "amue msh fmsh cnaf cnav msa urssaf unedic caf cpam cci cnil arcom arcep anssi anr ansm "
            "anses ars amf asn afd afp afnor ademe andra anah aphp aphm has hatvp apec adie"
        ),
        _LA,
    ),
    "hcl": _LES_M,
    **dict.fromkeys(_words("edf gdf sfr tf1 m6 lvmh rte msf bfm"), _NONE_M),
    "hec": _NONE_F,
}

# English: acronyms spoken as words (no "the"), and first words that call for "the".
_EN_WORD_ACRONYMS = frozenset(
    _words(
        "unesco unicef nasa nato cern inserm inrae inra ifremer onera ademe cirad insead essec inalco "
        "ircam inrap anses arcom arcep ined insee unedic urssaf afnor andra anah otan genci cerema "
        "ineris mit ucla nyu ucl epfl eth kth ibm"
    )
)
_EN_THE_WORDS = frozenset(
    _words(
        "university institute museum library ministry department agency office council centre center "
        "school foundation court bank national french european international royal british american "
        "federal united world academy observatory archives commission committee authority conservatory "
        "hospital city region state house senate parliament assembly secretariat board society "
        "association federation union organisation organization league directorate"
    )
)


def _fold(text: str) -> str:
    """Lower case, accents off, one ASCII apostrophe, single spaces: the key of every table."""
    text = text.replace(APOSTROPHE, "'").replace("‘", "'").replace("ʼ", "'")
    text = unicodedata.normalize("NFD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.split())


_KNOWN = {_fold(k): v for k, v in _KNOWN_RAW.items()}
_ARTICLE_CITIES = frozenset(_fold(k) for k in _ARTICLE_CITIES_RAW)
_ARTICLE_TITLES = frozenset(_fold(k) for k in _ARTICLE_TITLES_RAW)
_NOUNS = {_fold(k): v for k, v in _NOUNS_RAW.items()}
_ADJECTIVES = {_fold(k): v for k, v in _ADJECTIVES_RAW.items()}
_ACRONYMS = {_fold(k): v for k, v in _ACRONYMS_RAW.items()}

_LEADING_ARTICLE = re.compile(r"(?i)^(?:(l)['’]\s*|(le|la|les)\s+)(?=\S)")
_WORD = re.compile(r"[^\s\-'’]+")
_ACRONYM_TOKEN = re.compile(r"^(?=.*[A-Z].*[A-Z])[A-Z0-9&]+(?:-[A-Z0-9&]+)*$")


# --- elision -----------------------------------------------------------------------------------


def _first_word(text: str) -> str:
    match = _WORD.search(text)
    return match.group(0) if match else ""


def starts_with_vowel_sound(name: str) -> bool:
    """True when an article or "de" before ``name`` elides: a written vowel or a mute h.

    Leading quotes or brackets are skipped. A y before a vowel is a consonant ("de Yale", but
    "l’Yonne"); an h is mute unless the first word is h aspiré ("la Haute Autorité", "l’Hôpital");
    an acronym beginning with H does not elide ("la HAS", "le Hcéres"; but "d’HEC").
    """
    stripped = name.lstrip(" \t«»\"“”'’([")
    word = _first_word(stripped)
    if not word:
        return False
    folded = _fold(word)
    initial = folded[0]
    if initial == "h":
        if _ACRONYM_TOKEN.match(word) or folded in _ACRONYMS:
            return folded in _ELIDING_H_ACRONYMS
        return folded not in _H_ASPIRE
    if initial == "y":
        return len(folded) == 1 or folded[1] not in "aeiouy" or folded in _ELIDING_Y
    return initial in _ELIDING_INITIALS


# --- the French name ---------------------------------------------------------------------------


class FrenchName(BaseModel):
    """An institution name with what French grammar needs: article, gender, number.

    ``name`` is the name without any article it began with ("Sorbonne" for "La Sorbonne").
    ``elide`` forces (or forbids) elision; ``None`` derives it from the spelling.
    ``proper_article``: the article belongs to the proper name (a city, a title) and keeps its
    capital where it is not contracted: "La Rochelle", "de La Poste", but "du Havre".
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    article: Article
    gender: Gender
    plural: bool
    elide: bool | None = None
    proper_article: bool = False

    @field_validator("name")
    @classmethod
    def _clean_name(cls, value: str) -> str:
        value = " ".join(value.replace("'", APOSTROPHE).split())
        if not value:
            raise ValueError("an institution name cannot be empty")
        return value

    @property
    def elided(self) -> bool:
        """True when the article (or "de") before the name elides: l’, d’."""
        if self.article is Article.LES:
            return False
        return starts_with_vowel_sound(self.name) if self.elide is None else self.elide

    def _art(self, word: str) -> str:
        return word.capitalize() if self.proper_article else word

    @property
    def le(self) -> str:
        """With the definite article: "le CNRS", "l’Université…", "la Sorbonne", "Inria", "les Archives…"."""
        if self.article is Article.NONE:
            return self.name
        if self.elided:
            return f"{self._art('l')}{APOSTROPHE}{self.name}"
        return f"{self._art(self.article.value)} {self.name}"

    @property
    def de(self) -> str:
        """After "de": "du CNRS", "de l’Université…", "de la Sorbonne", "d’Inria", "des Archives…"."""
        if self.article is Article.NONE:
            return f"d{APOSTROPHE}{self.name}" if self.elided else f"de {self.name}"
        if self.article is Article.LES:
            return f"des {self.name}"
        if self.elided or self.article is Article.LA:
            return f"de {self.le}"
        return f"du {self.name}"

    @property
    def a(self) -> str:
        """After "à": "au CNRS", "à l’Université…", "à la Sorbonne", "à Inria", "aux Archives…"."""
        if self.article is Article.NONE:
            return f"à {self.name}"
        if self.article is Article.LES:
            return f"aux {self.name}"
        if self.elided or self.article is Article.LA:
            return f"à {self.le}"
        return f"au {self.name}"

    def after(self, word: str) -> str:
        """After any preposition or conjunction: "pour le CNRS", "avec l’Inserm", "qu’Inria".

        "de" and "à" contract (`de`, `a`); words ending in "que" elide before a
        vowel sound ("jusqu’à", "lorsqu’Inria"); others are followed by `le`.
        """
        if word in ("de", "à"):
            return self.de if word == "de" else self.a
        following = self.le
        if word.endswith("que") and self.article is Article.NONE and self.elided:
            return f"{word[:-1]}{APOSTROPHE}{following}"
        return f"{word} {following}"

    @property
    def Le(self) -> str:
        """`le` at the start of a sentence: "Le CNRS", "L’Université…"."""
        return capitalize(self.le)

    @property
    def De(self) -> str:
        """`de` at the start of a sentence: "Du CNRS", "D’Inria"."""
        return capitalize(self.de)

    @property
    def A(self) -> str:
        """`a` at the start of a sentence: "Au CNRS", "À l’Université…"."""
        return capitalize(self.a)

    @property
    def pronoun(self) -> str:
        """The subject pronoun standing for the institution: il, elle, ils, elles."""
        base = "il" if self.gender == "m" else "elle"
        return base + "s" if self.plural else base

    @property
    def il(self) -> str:
        """Same as `pronoun`."""
        return self.pronoun

    def adj(self, masc: str, fem: str, masc_pl: str | None = None, fem_pl: str | None = None) -> str:
        """The adjective (or participle) agreeing with the institution.

        ``adj("présent", "présente")`` → présent, présente, présents or présentes. Plurals default
        to the singular plus "s" (unchanged after s, x, z).
        """
        if not self.plural:
            return masc if self.gender == "m" else fem
        if self.gender == "m":
            return masc_pl if masc_pl is not None else _plural(masc)
        return fem_pl if fem_pl is not None else _plural(fem)


def _plural(word: str) -> str:
    return word if word.endswith(("s", "x", "z")) else word + "s"


def capitalize(form: str) -> str:
    """Upper-case the first letter only: "l’Université" → "L’Université", "à l’…" → "À l’…"."""
    for i, char in enumerate(form):
        if char.isalpha():
            return form[:i] + char.upper() + form[i + 1 :]
    return form


# --- inference ---------------------------------------------------------------------------------


def _noun(word: str) -> tuple[Gender, bool] | None:
    """Gender and number of a folded first word, if it is a known noun (or its plural)."""
    if word in _NOUNS:
        return _NOUNS[word]
    if word.endswith("aux") and word[:-3] + "al" in _NOUNS:
        return (_NOUNS[word[:-3] + "al"][0], True)
    if word.endswith("eaux") and word[:-1] in _NOUNS:
        return (_NOUNS[word[:-1]][0], True)
    if word.endswith(("s", "x")) and word[:-1] in _NOUNS:
        return (_NOUNS[word[:-1]][0], True)
    return None


def _with_article(name: str, gender: Gender, plural: bool) -> FrenchName:
    article = Article.LES if plural else (Article.LE if gender == "m" else Article.LA)
    return FrenchName(name=name, article=article, gender=gender, plural=plural)


def _from_entry(name: str, entry: _Entry) -> FrenchName:
    article, gender, plural, proper = entry
    return FrenchName(name=name, article=article, gender=gender, plural=plural, proper_article=proper)


def _by_first_word(name: str) -> FrenchName | None:
    """Rules 4 and 5: a noun, a leading adjective, an acronym."""
    token = name.split(" ", 1)[0].strip(",;:")
    folded = _fold(token)
    head = _fold(_first_word(token))
    found = _noun(folded) or _noun(head)
    if found is not None:
        return _with_article(name, *found)
    if head in _ADJECTIVES:
        return _with_article(name, *_ADJECTIVES[head])
    compact = folded.replace("-", "")
    if compact in _ACRONYMS:
        return _from_entry(name, _ACRONYMS[compact])
    if _ACRONYM_TOKEN.match(token):
        if compact.startswith(("a", "u", "en", "eh", "es")):
            return _with_article(name, "f", False)
        return _with_article(name, "m", False)
    return None


def infer(name: str) -> FrenchName:
    """Article, gender and number of an institution name, guessed from the name alone.

    See the module's docstring for the rules. Raises ValueError on an empty name.
    """
    name = " ".join(name.replace("'", APOSTROPHE).split())
    if not name:
        raise ValueError("an institution name cannot be empty")
    key = _fold(name)

    # 1. whole names
    if key in _KNOWN:
        return _from_entry(name, _KNOWN[key])

    # 2. a leading article
    match = _LEADING_ARTICLE.match(name)
    if match:
        rest = name[match.end() :]
        city = next((c for c in _ARTICLE_CITIES if key == c or key.startswith(c + " ")), None)
        if city is not None and key != city:
            # the city begins a brand name: "Le Mans Université"
            gender: Gender = "f" if key.endswith(" universite") else "m"
            return FrenchName(name=name, article=Article.NONE, gender=gender, plural=False)
        proper = city is not None or key in _ARTICLE_TITLES
        written = (match.group(1) or match.group(2)).casefold()
        guessed = _by_first_word(rest)
        if written == "l":
            gender = guessed.gender if guessed is not None else "m"
            article = Article.LE if gender == "m" else Article.LA
            return FrenchName(
                name=rest, article=article, gender=gender, plural=False, elide=True, proper_article=proper
            )
        if written == "les":
            gender = guessed.gender if guessed is not None else "m"
            return FrenchName(
                name=rest, article=Article.LES, gender=gender, plural=True, proper_article=proper
            )
        article = Article(written)
        return FrenchName(
            name=rest,
            article=article,
            gender="m" if article is Article.LE else "f",
            plural=False,
            elide=False if starts_with_vowel_sound(rest) else None,
            proper_article=proper,
        )

    # 3. "<Place> Université"
    if key.endswith((" universite", " university")):
        return FrenchName(name=name, article=Article.NONE, gender="f", plural=False)

    # 4, 5. a noun, an adjective, an acronym
    found = _by_first_word(name)
    if found is not None:
        return found

    # 6. no article
    return FrenchName(name=name, article=Article.NONE, gender="m", plural=False)


_ARTICLE_OVERRIDES: dict[str, Article | None] = {
    "le": Article.LE,
    "la": Article.LA,
    "les": Article.LES,
    "l'": None,
    "l’": None,
    "none": Article.NONE,
    "": Article.NONE,
}


def french_name(
    name: str,
    *,
    article: str | None = None,
    gender: str | None = None,
    plural: bool | None = None,
    proper_article: bool | None = None,
) -> FrenchName:
    """`infer`, then overrides.

    ``article``: "le", "la", "l'" (or "l’": elided, le or la by gender), "les", "none" or "" (no
    article; the name is then kept whole, with any article it began with). ``gender``: "m" or "f".
    "le" and "la" imply a gender and the singular, "les" the plural, unless given too.
    """
    inferred = infer(name)
    if gender is not None and gender not in ("m", "f"):
        raise ValueError(f"gender must be 'm' or 'f', not {gender!r}")
    new_gender: Gender = inferred.gender if gender is None else ("m" if gender == "m" else "f")
    new_plural = inferred.plural if plural is None else plural
    new_name = inferred.name
    elide = inferred.elide
    proper = inferred.proper_article if proper_article is None else proper_article
    if article is None:
        new_article = inferred.article
        if new_article is not Article.NONE:
            new_article = Article.LES if new_plural else (Article.LE if new_gender == "m" else Article.LA)
    else:
        folded = article.strip().casefold()
        if folded not in _ARTICLE_OVERRIDES:
            raise UsageError(
                f"article must be one of le, la, l', les, none, not {article!r}", option="article"
            )
        chosen = _ARTICLE_OVERRIDES[folded]
        if chosen is Article.NONE:
            new_name = " ".join(name.replace("'", APOSTROPHE).split())
            new_article, elide = Article.NONE, None
            proper = False if proper_article is None else proper_article
        elif chosen is Article.LES:
            new_article = Article.LES
            new_plural = True if plural is None else plural
        else:
            if chosen is None:  # l': le or la by gender, elided
                elide = True
                chosen = Article.LE if new_gender == "m" else Article.LA
            elif gender is None:
                new_gender = "m" if chosen is Article.LE else "f"
            new_article = chosen
            new_plural = False if plural is None else plural
    return FrenchName(
        name=new_name,
        article=new_article,
        gender=new_gender,
        plural=new_plural,
        elide=elide,
        proper_article=proper,
    )


# --- the sender's agreement --------------------------------------------------------------------


def sender_agreement(text_m: str, text_f: str, gender: Literal["m", "f", "n"]) -> str:
    """The sender's agreement: masculine, feminine, or an inclusive form ("n").

    The inclusive form uses the point médian where the feminine extends the masculine
    ("permanent·e"; in the plural "présents"/"présentes" → "présent·es"), else both forms
    ("chercheur / chercheuse").
    """
    if gender == "m":
        return text_m
    if gender == "f":
        return text_f
    if text_m == text_f:
        return text_m
    if text_f.startswith(text_m):
        return f"{text_m}{MIDDLE_DOT}{text_f[len(text_m) :]}"
    if text_m.endswith("s") and text_f.endswith("s") and text_f[:-1].startswith(text_m[:-1]):
        stem = text_m[:-1]
        return f"{stem}{MIDDLE_DOT}{text_f[len(stem) :]}"
    return f"{text_m} / {text_f}"


# --- English -----------------------------------------------------------------------------------


class EnglishName(BaseModel):
    """An institution name in English, with or without "the"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    article: bool

    @property
    def the(self) -> str:
        """ "the CNRS", "the University of Oxford", "Inria", "Sorbonne Université"."""
        return f"the {self.name}" if self.article else self.name

    @property
    def capital_the(self) -> str:
        """`the` at the start of a sentence: "The CNRS", "Inria"."""
        return f"The {self.name}" if self.article else self.name

    @property
    def of(self) -> str:
        """ "of the CNRS", "of Inria"."""
        return f"of {self.the}"


def english_name(name: str) -> EnglishName:
    """The English form: "the" for institutions named by a common noun or an initialism.

    A leading "The" is kept as the article; a French article becomes "the" unless it belongs to a
    proper name ("La Poste", "Le Monde"); acronyms spoken as words take none ("Inserm", "UNESCO");
    names used without article in French take none in English ("Inria", "Sciences Po").
    """
    name = " ".join(name.replace("'", APOSTROPHE).split())
    if not name:
        raise ValueError("an institution name cannot be empty")
    if re.match(r"(?i)^the\s+\S", name):
        return EnglishName(name=name.split(" ", 1)[1], article=True)
    first = name.split(" ", 1)[0]
    first_key = _fold(first)
    if first_key in _EN_THE_WORDS:
        return EnglishName(name=name, article=True)
    french = infer(name)
    if french.article is Article.NONE or french.proper_article:
        full = name if french.proper_article else french.name
        return EnglishName(name=full, article=False)
    head = _fold(french.name.split(" ", 1)[0]).replace("-", "")
    spoken_as_word = head in _EN_WORD_ACRONYMS or (
        head in _ACRONYMS and len(head) >= 4 and first[:1].isupper() and first[1:].islower()
    )
    return EnglishName(name=french.name, article=not spoken_as_word)
