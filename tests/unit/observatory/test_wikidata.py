"""The Wikidata source: the SPARQL JSON results format served by a loopback server, read through
quitx's HTTP engine; items merged by QID; items turned into institutions whose accounts are known
handles (claims to verify)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from testnet.web import Response, WebServer
from testnet.wikidata import WORLD_ITEMS, WikidataSpec, serve_wikidata, sparql_json

from quitx.config import Settings
from quitx.errors import ObservatoryError, SourceError
from quitx.models import InstitutionKind
from quitx.observatory.presets import PRESETS, resolve_source
from quitx.observatory.wikidata import (
    SPARQL_JSON,
    WikidataItem,
    fetch_items,
    institution_of,
    items_from_results,
)

HOST = "query.wikidata-exemple.fr"


@pytest.fixture
def web() -> Iterator[WebServer]:
    with WebServer() as server:
        server.add_host(HOST)
        yield server


def settings_for(web: WebServer, **extra: object) -> Settings:
    return Settings(
        wikidata_sparql_url=f"https://{HOST}/sparql",
        host_map={HOST: web.base_url},
        only_mapped_hosts=True,
        retries=0,
        **extra,  # type: ignore[arg-type]
    )


def test_a_preset_is_asked_as_the_query_service_expects(web: WebServer) -> None:
    serve_wikidata(web, WORLD_ITEMS, host=HOST)
    query = PRESETS["french-universities"].query
    got = fetch_items(query, settings=settings_for(web))

    [request] = web.requests(HOST)
    assert request.method == "GET" and request.path == "/sparql"
    assert parse_qs(urlsplit(request.target).query)["query"] == [query]
    assert request.headers["accept"] == SPARQL_JSON
    agent = request.headers["user-agent"]
    assert agent.startswith("quitx/") and "(+https://" in agent and " httpx/" in agent  # Wikimedia's policy

    assert [i.qid for i in got.items] == [s.qid for s in WORLD_ITEMS]
    univ = got.items[0]
    assert univ == WikidataItem(
        qid="Q999999901",
        label_fr="Université Exemple",
        label_en="Example University",
        websites=("https://univ-exemple.fr/",),
        x_usernames=("UnivExemple",),
        mastodon=("univexemple@social.exemple.fr",),
        bluesky=("univ-exemple.fr",),
    )
    assert got.items[2].mastodon == () and got.items[2].bluesky == ()  # GROUP_CONCAT's "" is no value
    assert got.evidence.status == 200 and got.evidence.outcome == "6 items in 6 rows"
    assert got.evidence.request.startswith(f"GET https://{HOST}/sparql?query=")


def test_items_on_several_rows_are_merged_by_qid() -> None:
    """A hand-written query without GROUP_CONCAT: one row per value, labels from the label service."""

    def row(**values: str) -> dict[str, dict[str, str]]:
        out = {"item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q42"}}
        for name, value in values.items():
            out[name] = {"type": "literal", "value": value}
        return out

    data = {
        "head": {"vars": ["item", "itemLabel", "website", "mastodon", "bluesky"]},
        "results": {
            "bindings": [
                row(itemLabel="Q42", website="https://b.example/"),  # the label service's fallback: the QID
                row(itemLabel="Une Université", website="https://a.example/", mastodon="u@one.example"),
                row(mastodon="u@two.example", bluesky="a.example"),
                {"item": {"type": "uri", "value": "https://example.org/not-wikidata"}},
                "not a binding",
            ]
        },
    }
    items, rows, truncated = items_from_results(data)
    assert (rows, truncated) == (4, False)
    assert items == [
        WikidataItem(
            qid="Q42",
            label_en="Une Université",
            websites=("https://a.example/", "https://b.example/"),
            mastodon=("u@one.example", "u@two.example"),
            bluesky=("a.example",),
        )
    ]


def test_an_item_becomes_an_institution_with_known_handles_to_verify() -> None:
    item = WikidataItem(
        qid="Q1",
        label_fr="Université \u202eExemple\x1b[2J",
        websites=("https://univ-exemple.fr/en/", "http://univ-exemple.fr/", "ftp://files.example/"),
        mastodon=("univexemple@social.exemple.fr", "not an account", "univ-exemple.fr"),
        bluesky=("univ-exemple.fr", "@univ@social.exemple.fr"),
    )
    institution, notes = institution_of(item, InstitutionKind.RESEARCH)
    assert institution is not None
    assert institution.name == "Université <U+202E>Exemple␛[2J"  # remote text made inert
    assert institution.domain == "univ-exemple.fr" and institution.homepage == "http://univ-exemple.fr/"
    assert institution.handles == ("@univexemple@social.exemple.fr", "@univ-exemple.fr")
    assert any("'not an account' dropped" in n for n in notes)
    assert any("'univ-exemple.fr' dropped: not a Mastodon account" in n for n in notes)
    assert any("'@univ@social.exemple.fr' dropped: not a Bluesky account" in n for n in notes)


def test_an_item_with_no_usable_website_is_checked_by_its_name() -> None:
    institution, notes = institution_of(
        WikidataItem(qid="Q7", label_en="Somewhere", websites=("mailto:x@y",))
    )
    assert institution is not None and institution.domain is None and institution.name == "Somewhere"
    assert notes == ("P856 official website: no http(s) URL with a host",)
    nameless, _ = institution_of(WikidataItem(qid="Q8"))
    assert nameless is not None and nameless.name == "Q8"


def test_a_busy_endpoint_is_a_rate_limit_never_an_empty_sector(web: WebServer) -> None:
    web.add_route(HOST, "/sparql", Response(429, {"Retry-After": "120"}, "Too Many Requests"))
    with pytest.raises(SourceError) as caught:
        fetch_items("SELECT ?item WHERE {}", settings=settings_for(web, max_rate_limit_wait=0))
    assert (caught.value.status, caught.value.retry_after) == (429, 120)
    assert caught.value.url == f"https://{HOST}/sparql"


def test_a_refused_query_says_what_the_endpoint_said(web: WebServer) -> None:
    web.add_route(HOST, "/sparql", Response(400, {}, "MalformedQueryException: Encountered \x1b[31m"))
    with pytest.raises(SourceError) as caught:
        fetch_items("SELECT nonsense", settings=settings_for(web))
    assert caught.value.status == 400
    assert "refused the query (HTTP 400): MalformedQueryException: Encountered ␛[31m" in str(caught.value)


def test_an_answer_that_is_not_sparql_json(web: WebServer) -> None:
    web.add_route(HOST, "/sparql", Response(200, {"Content-Type": "application/json"}, json.dumps({"x": 1})))
    with pytest.raises(SourceError, match="not a SPARQL JSON result") as caught:
        fetch_items("SELECT ?item WHERE {}", settings=settings_for(web))
    assert caught.value.url == f"https://{HOST}/sparql"
    web.add_route(HOST, "/sparql", Response(200, {}, "<html>maintenance</html>"))
    with pytest.raises(SourceError, match="not JSON") as caught:
        fetch_items("SELECT ?item WHERE {}", settings=settings_for(web))
    assert caught.value.status == 200


def test_an_unreachable_endpoint_is_a_source_error_with_no_status() -> None:
    settings = Settings(wikidata_sparql_url="http://127.0.0.1:9/sparql", retries=0, timeout=2)
    with pytest.raises(SourceError, match="could not be read") as caught:
        fetch_items("SELECT ?item WHERE {}", settings=settings)
    assert caught.value.status is None


def test_the_endpoint_is_a_setting_and_a_trusted_host() -> None:
    settings = Settings(wikidata_sparql_url="http://127.0.0.1:8890/sparql/")
    assert settings.wikidata_sparql_url == "http://127.0.0.1:8890/sparql"
    assert "127.0.0.1" in settings.trusted_hosts()  # the user named it: the address guard lets it through
    from quitx.config import load_settings

    env = {"QUITX_WIKIDATA_SPARQL_URL": "https://qlever.example/api/wikidata"}
    assert load_settings(environ=env).wikidata_sparql_url == "https://qlever.example/api/wikidata"


def test_presets_and_query_files(tmp_path: object) -> None:
    from pathlib import Path

    assert set(PRESETS) == {
        "french-universities",
        "french-research-bodies",
        "french-ministries",
        "french-regions",
        "french-university-hospitals",
    }
    for preset in PRESETS.values():
        query = preset.query
        for needed in (
            "?item",
            "wdt:P856",
            "wdt:P2002",
            "wdt:P4033",
            "wdt:P12361",
            "wdt:P576",
            "GROUP BY ?item",
        ):
            assert needed in query, (preset.name, needed)
    assert "wd:Q3551775" in PRESETS["french-universities"].query
    label, query, kind = resolve_source("french-regions")
    assert label == "wikidata:french-regions" and "wd:Q36784" in query
    assert kind is InstitutionKind.LOCAL_GOVERNMENT
    path = Path(str(tmp_path)) / "labs.rq"
    path.write_text("SELECT ?item WHERE { ?item wdt:P31 wd:Q483242 }", encoding="utf-8")
    assert resolve_source(str(path))[:2] == ("wikidata:labs.rq", path.read_text(encoding="utf-8"))
    with pytest.raises(ObservatoryError, match="presets are french-ministries"):
        resolve_source("universities")


def test_the_stand_in_answers_as_the_query_service() -> None:
    data = sparql_json([WikidataSpec("Q5", "Cinq", websites=("https://cinq.example/",))])
    items, _, _ = items_from_results(data)
    assert items == [WikidataItem(qid="Q5", label_fr="Cinq", websites=("https://cinq.example/",))]
