"""A stand-in for Wikidata's query service, on the test web server: the SPARQL 1.1 Query Results
JSON Format (``application/sparql-results+json``) as ``query.wikidata.org`` sends it.

It does not evaluate SPARQL: ``GET /sparql?query=…`` answers the items it was given, one row per
item with the values joined by spaces (what quitx's presets ask with ``GROUP_CONCAT``), labels
with their ``xml:lang``, and the query service's headers (``Cache-Control: public, max-age=300``).
A request without ``query`` gets the service's 400 with a Java-ish message.

The world's items (:data:`WORLD_ITEMS`) carry fictional QIDs (``Q9999999xx``) and, on purpose,
some of what real Wikidata gets wrong: an impostor listed as the official account (Musée Exemple),
a Bluesky handle that does not exist (Institut Exemple), a verified account missing (Collège de
France, Labo Dormant).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from testnet.web import RequestInfo, Response, WebServer

__all__ = ["WIKIDATA_HOST", "WORLD_ITEMS", "WikidataSpec", "serve_wikidata", "sparql_json"]

WIKIDATA_HOST = "query.wikidata-exemple.fr"
SPARQL_JSON = "application/sparql-results+json;charset=utf-8"


@dataclass(frozen=True)
class WikidataSpec:
    """One item as the query service would give it."""

    qid: str
    label_fr: str | None = None
    label_en: str | None = None
    websites: tuple[str, ...] = ()
    x: tuple[str, ...] = ()
    mastodon: tuple[str, ...] = ()
    bluesky: tuple[str, ...] = ()


WORLD_ITEMS: tuple[WikidataSpec, ...] = (
    WikidataSpec(
        "Q999999901",
        "Université Exemple",
        "Example University",
        ("https://univ-exemple.fr/",),
        ("UnivExemple",),
        ("univexemple@social.exemple.fr",),
        ("univ-exemple.fr",),
    ),
    WikidataSpec(
        "Q999999902",
        "Institut Exemple",
        None,
        ("https://institut-exemple.fr/",),
        ("InstitutExemple",),
        ("institutexemple@social.exemple.fr",),
        ("institutexemple.test",),  # no such account
    ),
    WikidataSpec(
        "Q999999903",
        "Collège de France",
        "Collège de France",
        ("https://college-de-france.exemple.fr/",),
        ("CollegeDeFrance",),
    ),
    WikidataSpec(
        "Q999999904",
        "Musée Exemple",
        None,
        ("https://musee-exemple.fr/",),
        ("MuseeExemple",),
        ("museeexemple@social.exemple.fr",),  # the look-alike, not the museum
    ),
    WikidataSpec("Q999999907", "Labo Dormant", None, ("https://labo-dormant.fr/",)),
    WikidataSpec(
        "Q999999909",
        "Université Fédérée",
        None,
        ("https://univ-federee.fr/",),
        (),
        ("univfederee@univ-federee.fr",),
    ),
)


def _literal(value: str, lang: str | None = None) -> dict[str, str]:
    term = {"type": "literal", "value": value}
    if lang:
        term["xml:lang"] = lang
    return term


def sparql_json(items: Sequence[WikidataSpec]) -> dict[str, object]:
    """The answer to quitx's preset queries for ``items``, in the SPARQL JSON results format."""
    names = ["item", "label_fr", "label_en", "website", "x", "mastodon", "bluesky"]
    bindings = []
    for item in items:
        row: dict[str, dict[str, str]] = {
            "item": {"type": "uri", "value": f"http://www.wikidata.org/entity/{item.qid}"}
        }
        if item.label_fr:
            row["label_fr"] = _literal(item.label_fr, "fr")
        if item.label_en:
            row["label_en"] = _literal(item.label_en, "en")
        for name, values in (
            ("website", item.websites),
            ("x", item.x),
            ("mastodon", item.mastodon),
            ("bluesky", item.bluesky),
        ):
            row[name] = _literal(" ".join(values))  # GROUP_CONCAT gives "" when there is none
        bindings.append(row)
    return {"head": {"vars": names}, "results": {"bindings": bindings}}


def serve_wikidata(
    web: WebServer,
    items: Sequence[WikidataSpec] | Callable[[str], Sequence[WikidataSpec]] = WORLD_ITEMS,
    *,
    host: str = WIKIDATA_HOST,
    cache_control: str = "public, max-age=300",
) -> None:
    """Answer ``GET https://<host>/sparql?query=…`` with ``items`` (or ``items(query)``)."""

    def answer(req: RequestInfo) -> Response:
        query = req.arg("query")
        if not query:
            return Response(
                400,
                {"Content-Type": "text/plain; charset=utf-8"},
                "java.lang.IllegalStateException: no query given\n",
            )
        chosen = items(query) if callable(items) else items
        body = json.dumps(sparql_json(chosen), ensure_ascii=False)
        headers = {"Content-Type": SPARQL_JSON, "Cache-Control": cache_control, "X-Served-By": "wdqs-exemple"}
        return Response(200, headers, body)

    web.add_route(host, "/sparql", Response(body=answer))
