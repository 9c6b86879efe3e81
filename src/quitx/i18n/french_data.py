"""The tables `quitx.i18n.french` reads to give an institution's name its article (data only).

Keys are written as people write them; `french` folds them (lower case, no accents, ASCII
apostrophe) when it loads. An entry is (article, gender, plural, the article is part of the
proper name).
"""

from __future__ import annotations

from typing import Literal

Gender = Literal["m", "f"]
ArticleCode = Literal["le", "la", "les", "none"]

ELIDING_INITIALS = frozenset("aeiouyæœ")

# Words whose initial h is "aspiré": no elision, no liaison. Mostly what institution names start
# with (haut/haute: Haute Autorité, Haut Conseil, Hauts-de-France, Haute-Garonne…; havre; the
# countries and regions), and proper names of foreign origin often met ("de Harvard").
H_ASPIRE = frozenset(
    str.split(
        "hache haie haine hall halle halles halte hameau hamburger hanche handball handicap hangar "
        "harcelement hardi hareng haricot harpe hasard hate hausse haut haute hautes hauts hauteur havre "
        "heron heros herisson hetre hibou hockey hollande hollandais homard honte hors houille hublot "
        "huit huitieme hurlement hutte hainaut hambourg hanovre harvard hachette heidelberg hesse hongrie "
        "honduras huawei hyundai haribo heineken"
    )
)

# Acronyms beginning with H that elide all the same (the letter is spoken "ache").
ELIDING_H_ACRONYMS = frozenset({"hec"})

# A y before a vowel is a consonant ("le yaourt", "de Yale"), but for these place names.
ELIDING_Y = frozenset({"yonne", "yeu", "yerres", "yser", "yssingeaux"})

# (article, gender, plural, article is part of the proper name)
Entry = tuple[ArticleCode, Gender, bool, bool]
NONE_M: Entry = ("none", "m", False, False)
NONE_F: Entry = ("none", "f", False, False)
LE: Entry = ("le", "m", False, False)
LA: Entry = ("la", "f", False, False)
LES_M: Entry = ("les", "m", True, False)
LES_F: Entry = ("les", "f", True, False)

# Whole names (rule 1).
KNOWN: dict[str, Entry] = {
    # grandes écoles and universities known by a brand name, used without article
    "inria": NONE_M,
    "sciences po": NONE_F,
    "sciences-po": NONE_F,
    "polytechnique": NONE_F,
    "agroparistech": NONE_F,
    "centralesupélec": NONE_F,
    "supélec": NONE_F,
    "supaéro": NONE_F,
    "isae-supaero": NONE_F,
    "mines paris": NONE_F,
    "mines paris - psl": NONE_F,
    "mines paristech": NONE_F,
    "télécom paris": NONE_F,
    "hec": NONE_F,
    "hec paris": NONE_F,
    "dauphine": NONE_F,
    "paris-dauphine": NONE_F,
    "dauphine - psl": NONE_F,
    "paris-saclay": NONE_F,
    "paris cité": NONE_F,
    "arts et métiers": NONE_F,
    "psl": NONE_F,
    # public bodies and companies known by a brand name
    "pôle emploi": NONE_M,
    "france travail": NONE_M,
    "france télévisions": NONE_F,
    "france culture": NONE_F,
    "france inter": NONE_F,
    "france info": NONE_F,
    "franceinfo": NONE_F,
    "france bleu": NONE_F,
    "france musique": NONE_F,
    "france stratégie": NONE_M,
    "france compétences": NONE_M,
    "france universités": NONE_F,
    "radio france": NONE_F,
    "campus france": NONE_M,
    "business france": NONE_M,
    "atout france": NONE_M,
    "santé publique france": NONE_F,
    "météo-france": NONE_M,
    "bpifrance": NONE_F,
    "arte": NONE_F,
    "emmaüs": NONE_M,
    "emmaüs france": NONE_M,
    "matignon": NONE_M,
    "bercy": NONE_M,
    "beauvau": NONE_M,
    "etalab": NONE_M,
    # names that take an article no rule would find
    "sorbonne": LA,
    "sorbonne nouvelle": LA,
    "sénat": LE,
    "élysée": LE,
    "louvre": LE,
    "nations unies": LES_F,
    "france": LA,
    "europe": LA,
    "restos du cœur": LES_M,
    "restos du coeur": LES_M,
    # the regions
    "auvergne-rhône-alpes": LA,
    "bourgogne-franche-comté": LA,
    "bretagne": LA,
    "corse": LA,
    "île-de-france": LA,
    "normandie": LA,
    "occitanie": LA,
    "pays de la loire": LES_M,
    "provence-alpes-côte d'azur": LA,
    "guadeloupe": LA,
    "martinique": LA,
    "guyane": LA,
}

# Proper names that begin with an article belonging to them (rule 2): the article keeps its
# capital where it is not contracted. Cities first: followed by more words, the city begins a
# brand name ("Le Mans Université", "Le Havre Seine Métropole"), used without article.
ARTICLE_CITIES = frozenset(
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
ARTICLE_TITLES = frozenset(
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
NOUNS: dict[str, tuple[Gender, bool]] = {
    **dict.fromkeys(
        str.split(
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
        str.split(
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
ADJECTIVES: dict[str, tuple[Gender, bool]] = {
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
ACRONYMS: dict[str, Entry] = {
    **dict.fromkeys(
        str.split(
            "cnrs cea inserm inrae inra ird cnes cirad ifremer ined insee ign cnam chu chru crous cnous "
            "iut insa ircam inrap inalco cern cnc csa cese cstb brgm cerema ineris irsn irstea mnhn "
            "cnosf cio fmi pnud hceres hcr giec ccne cnnum insp iep iae efs ofb ofii ofpra onf unicef "
            "ina mesr men cget sgpi cereq cnfpt opecst genci idris cines in2p3 insu inshs onera lne "
            "ipgp iap ihp icm ihu hcsp insead"
        ),
        LE,
    ),
    **dict.fromkeys(
        str.split(
            "ehess ens ena ensam enpc ensta espci ephe epfl eth ensae enac ehesp enm escp essec utc "
            "uga upec uvsq uca ubo onu oms ocde otan ue unesco oit omc sncf ratp sacem spa ldh bnf "
            "cdc asp dgfip dgsi dgse dreal drac ddt dgri dgesip anct dinum cada cndp cades aefe abes "
            "amue msh fmsh cnaf cnav msa urssaf unedic caf cpam cci cnil arcom arcep anssi anr ansm "
            "anses ars amf asn afd afp afnor ademe andra anah aphp aphm has hatvp apec adie"
        ),
        LA,
    ),
    "hcl": LES_M,
    **dict.fromkeys(str.split("edf gdf sfr tf1 m6 lvmh rte msf bfm"), NONE_M),
    "hec": NONE_F,
}
