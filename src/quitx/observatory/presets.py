"""Named Wikidata queries for the sectors quitx is asked about most.

Each preset selects items by class (``wdt:P31``, instance of), drops those Wikidata says were
dissolved (P576) or replaced (P1366), and reads for each item its labels in French and English,
its official website (P856), X username (P2002), Mastodon address (P4033) and Bluesky handle
(P12361), one line per item (values joined by spaces).

The identifiers, and where they were checked (public queries and the French higher-education
modelling guide for Wikidata, "Tenter d'y voir clair dans l'ESR"):

=====================  =================================================================  =========
Q3551775               university in France (université, EPSCP)                           several
Q65963615              établissement public expérimental (EPE: Paris-Saclay, PSL, UGA…)   the guide
Q13582798              EPST, public scientific and technological body (CNRS, Inserm…)     several
Q14037025              ministry of France                                                 two
Q36784                 region of France                                                   several
Q202216                overseas department and region of France                           two
Q1059324               university hospital                                                several
Q142                   France (P17 country)                                               several
P31, P17, P576, P1366  instance of, country, dissolved, replaced by                       several
P856, P2002, P4033,    official website, X username, Mastodon address ("user@server"),   several
P12361                 Bluesky handle (without "@": read from its uses, not its page)
=====================  =================================================================  =========

How many items each preset gives depends on Wikidata on the day: "french-universities" is
about 75 (the universities and the EPE that replaced some of them).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ObservatoryError, ObservatoryProblem, file_problem
from ..models import InstitutionKind
from ..models.base import _Frozen

__all__ = ["PRESETS", "Preset", "resolve_source", "sparql_for"]

_PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


class Preset(_Frozen):
    name: str
    title: str  # for people, in English
    kind: InstitutionKind
    selection: str  # the SPARQL pattern that binds ?item

    @property
    def query(self) -> str:
        return sparql_for(self.selection)


def sparql_for(selection: str) -> str:
    """The whole query around a pattern that binds ``?item``: labels and accounts, one row an item."""
    return (
        _PREFIXES
        + """SELECT ?item (SAMPLE(?fr) AS ?label_fr) (SAMPLE(?en) AS ?label_en)
  (GROUP_CONCAT(DISTINCT STR(?site); separator=" ") AS ?website)
  (GROUP_CONCAT(DISTINCT ?xname; separator=" ") AS ?x)
  (GROUP_CONCAT(DISTINCT ?masto; separator=" ") AS ?mastodon)
  (GROUP_CONCAT(DISTINCT ?bsky; separator=" ") AS ?bluesky)
WHERE {
  { SELECT DISTINCT ?item WHERE {
"""
        + "\n".join("    " + line for line in selection.strip().splitlines())
        + """
    FILTER NOT EXISTS { ?item wdt:P576 ?dissolved }
    FILTER NOT EXISTS { ?item wdt:P1366 ?replacedBy }
  } }
  OPTIONAL { ?item rdfs:label ?fr . FILTER(LANG(?fr) = "fr") }
  OPTIONAL { ?item rdfs:label ?en . FILTER(LANG(?en) = "en") }
  OPTIONAL { ?item wdt:P856 ?site }
  OPTIONAL { ?item wdt:P2002 ?xname }
  OPTIONAL { ?item wdt:P4033 ?masto }
  OPTIONAL { ?item wdt:P12361 ?bsky }
}
GROUP BY ?item
ORDER BY ?item
"""
    )


_TABLE = (  # name, title, kind, the pattern that binds ?item
    (
        "french-universities",
        "French universities (universities and experimental public establishments)",
        InstitutionKind.RESEARCH,
        "VALUES ?class { wd:Q3551775 wd:Q65963615 }\n?item wdt:P31 ?class .",
    ),
    (
        "french-research-bodies",
        "French public research bodies (EPST: CNRS, Inserm, INRAE, Inria, IRD…)",
        InstitutionKind.RESEARCH,
        "?item wdt:P31 wd:Q13582798 .",
    ),
    (
        "french-ministries",
        "French ministries",
        InstitutionKind.PUBLIC_ADMINISTRATION,
        "?item wdt:P31 wd:Q14037025 .",
    ),
    (
        "french-regions",
        "French regions (metropolitan and overseas)",
        InstitutionKind.LOCAL_GOVERNMENT,
        "VALUES ?class { wd:Q36784 wd:Q202216 }\n?item wdt:P31 ?class .",
    ),
    (
        "french-university-hospitals",
        "French university hospitals (CHU)",
        InstitutionKind.PUBLIC_ADMINISTRATION,
        "?item wdt:P31 wd:Q1059324 ;\n      wdt:P17 wd:Q142 .",
    ),
)
PRESETS: dict[str, Preset] = {
    name: Preset(name=name, title=title, kind=kind, selection=selection)
    for name, title, kind, selection in _TABLE
}


def resolve_source(source: str) -> tuple[str, str, InstitutionKind]:
    """(label, SPARQL text, kind) for a preset name or a file holding a query (``.rq``, ``.sparql``).

    Raises `ObservatoryError` for anything else, naming the presets."""
    preset = PRESETS.get(source)
    if preset is not None:
        return f"wikidata:{preset.name}", preset.query, preset.kind
    path = Path(source)
    if path.suffix.lower() in (".rq", ".sparql") or path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ObservatoryError(
                ObservatoryProblem.QUERY_UNREADABLE, source=source, **file_problem(exc)
            ) from exc
        if "?item" not in text:
            raise ObservatoryError(ObservatoryProblem.QUERY_WITHOUT_ITEM, source=source)
        return f"wikidata:{path.name}", text, InstitutionKind.RESEARCH
    names = ", ".join(sorted(PRESETS))
    raise ObservatoryError(ObservatoryProblem.NO_PRESET, source=source, presets=names)
