"""The REST query API: entities, articles, statistics, saved queries and export."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef

from api.app import create_app
from api.settings import Settings
from kg import Article, KnowledgeGraph
from kg.lookup import normalise

KGR = "https://w3id.org/newskg/id/"
KG = "https://w3id.org/newskg/ontology#"
DUBOIS = "person/claire-dubois"
STEEL = "canada-mexico-steel-pact.txt"
TALKS = Article.from_parts(
    "Cuba and US hold migration talks",
    "HAVANA (Example Wire) — Cuban Deputy Foreign Minister Carlos Fernández de Cossío met U.S. "
    "officials on Thursday, President Joe Biden said.\n\n"
    '"We are committed," Fernández de Cossío said.',
    date="2022-04-22",
    url="https://example.org/cuba-talks",
)


@pytest.fixture(scope="module")
def client(examples_graph: KnowledgeGraph) -> TestClient:
    return TestClient(create_app(graph=examples_graph))


@pytest.fixture(scope="module")
def talks(nlp) -> TestClient:  # type: ignore[no-untyped-def]
    graph = KnowledgeGraph(KnowledgeGraph.open().store, nlp=nlp)
    assert graph.ingest(TALKS).ok
    return TestClient(create_app(graph=graph))


def get(client: TestClient, url: str, status: int = 200, **params: Any) -> Any:
    """GET ``url`` with query ``params`` (``from_`` is sent as ``from``); check the status."""
    if "from_" in params:
        params["from"] = params.pop("from_")
    response = client.get(url, params=params)
    assert response.status_code == status, response.text
    return response.json()


def article_text(client: TestClient, article_id: str) -> str:
    text: str = get(client, f"/articles/{article_id}")["text"]
    return text


def steel_id(client: TestClient) -> str:
    items = get(client, "/articles", limit=1000)["items"]
    (found,) = [a["id"] for a in items if a["file_name"] == STEEL]
    return str(found)


# -- entities ---------------------------------------------------------------------------------------
def test_search_finds_a_person_by_part_of_the_label(talks: TestClient) -> None:
    page = get(talks, "/entities", q="biden")
    assert page["total"] == 1
    (hit,) = page["items"]
    assert (hit["id"], hit["iri"], hit["label"]) == (
        "person/joe-biden",
        KGR + "person/joe-biden",
        "Joe Biden",
    )
    assert hit["type"] == "Person" and hit["types"] == ["Person"]
    assert hit["articles"] == 1


@pytest.mark.parametrize("q", ["cossio", "Cossío", "COSSÍO", "fernandez de coss"])
def test_search_ignores_case_and_accents(talks: TestClient, q: str) -> None:
    items = get(talks, "/entities", q=q)["items"]
    assert [(h["id"], h["label"]) for h in items] == [
        ("person/carlos-fernandez-de-cossio", "Carlos Fernández de Cossío")
    ]


def test_normalise_drops_marks_and_case() -> None:
    assert normalise("Fernández de COSSÍO") == normalise("fernandez de cossio")


def test_search_matches_other_names_and_filters_by_class(client: TestClient) -> None:
    canada = get(client, "/entities", q="canadians")["items"]
    assert [h["id"] for h in canada] == ["country/CA"]
    assert "Canadian" in canada[0]["alt_labels"]

    people = get(client, "/entities", type="Person", limit=1000)["items"]
    assert people and {h["type"] for h in people} == {"Person"}
    assert DUBOIS in {h["id"] for h in people}
    countries = {h["id"] for h in get(client, "/entities", type="Country", limit=1000)["items"]}
    places = get(client, "/entities", type="Place", limit=1000)["items"]
    # Country is a subclass of Place in ontology/kg.ttl
    assert countries < {h["id"] for h in places}
    assert {h["type"] for h in places} == {"Place", "Country"}
    events = get(client, "/entities", type="Event", limit=1000)["items"]
    assert events and {h["type"] for h in events} == {"Event"}


def test_unknown_type_is_refused_with_the_valid_ones(client: TestClient) -> None:
    detail = get(client, "/entities", 422, type="Spaceship")["detail"]
    assert "Spaceship" in detail
    for name in ("Person", "Organization", "Country", "Place", "Statistic"):
        assert name in detail


def test_lists_are_sorted_and_paginated(client: TestClient) -> None:
    whole = get(client, "/entities", limit=1000)
    items = whole["items"]
    assert whole["total"] == len(items) > 60
    keys = [(normalise(h["label"]), h["label"], h["iri"]) for h in items]
    assert keys == sorted(keys)
    pages = [get(client, "/entities", limit=7, offset=o) for o in range(0, len(items), 7)]
    assert all(p["total"] == whole["total"] and p["limit"] == 7 for p in pages)
    assert [h for p in pages for h in p["items"]] == items
    assert get(client, "/entities", offset=len(items))["items"] == []
    assert len(get(client, "/entities")["items"]) == 50  # the default limit


@pytest.mark.parametrize(
    "url", ["/entities", "/articles", "/statistics", "/queries", "/queries/entities"]
)
@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 1001}, {"offset": -1}])
def test_bad_paging_is_422(client: TestClient, url: str, params: dict[str, int]) -> None:
    get(client, url, 422, **params)


def test_entity_detail_has_relations_both_ways(client: TestClient) -> None:
    entity = get(client, f"/entities/{DUBOIS}")
    assert (entity["id"], entity["iri"], entity["label"]) == (
        DUBOIS,
        KGR + DUBOIS,
        "Claire Dubois",
    )
    assert entity["types"] == ["Person"] and entity["labels"] == ["Claire Dubois"]
    outgoing = {(r["predicate"], r["node"]["id"]): r for r in entity["outgoing"]}
    represents = outgoing[(KG + "represents", "country/CA")]
    assert represents["predicate_label"] == "represents"
    assert represents["node"]["label"] == "Canada" and represents["node"]["type"] == "Country"
    assert represents["articles"] == [steel_id(client)]
    roles = [r["node"] for r in entity["outgoing"] if r["predicate"] == KG + "hasRole"]
    assert [r["label"] for r in roles] == ["Trade Minister, Canada"]
    speaking = [r for r in entity["incoming"] if r["predicate"] == KG + "speaker"]
    assert speaking and {r["node"]["type"] for r in speaking} == {"Quotation"}
    assert {r["predicate_label"] for r in entity["incoming"]} >= {"holder", "speaker"}
    assert [a["id"] for a in entity["articles"]] == [steel_id(client)]


def test_entity_mentions_point_into_the_article_text(client: TestClient) -> None:
    mentions = get(client, f"/entities/{DUBOIS}")["mentions"]
    assert len(mentions) >= 2
    text = article_text(client, mentions[0]["article"]["id"])
    for m in mentions:
        assert text[m["start"] : m["end"]] == m["text"]
        assert m["text"] in ("Claire Dubois", "Dubois")
        sentence = m["sentence"]
        assert text[sentence["start"] : sentence["end"]] == sentence["text"]
        assert sentence["start"] <= m["start"] < m["end"] <= sentence["end"]
    assert [m["start"] for m in mentions] == sorted(m["start"] for m in mentions)


def test_entity_detail_has_same_as_and_codes(client: TestClient) -> None:
    canada = get(client, "/entities/country/CA")
    assert canada["same_as"] == ["http://www.wikidata.org/entity/Q16"]
    assert canada["attributes"]["isoAlpha3"] == ["CAN"]
    assert {"Canadian", "Canadians"} <= set(canada["alt_labels"])
    assert len(canada["articles"]) == 2


def test_entity_by_full_iri(client: TestClient) -> None:
    by_iri = get(client, "/entities/" + quote(KGR + DUBOIS, safe=""))
    assert by_iri == get(client, f"/entities/{DUBOIS}")


@pytest.mark.parametrize("ref", ["person/nobody", "person/bad%20id", "person/x%3E%20%7B"])
def test_unknown_entity_is_404_with_a_hint(client: TestClient, ref: str) -> None:
    detail = get(client, f"/entities/{ref}", 404)["detail"]
    assert "GET /entities?q=" in detail
    get(client, f"/entities/{ref}/neighbours", 404)


def test_user_text_is_never_sparql(client: TestClient) -> None:
    for q in ['"}} SELECT * WHERE {?s ?p ?o', "?s", "x' . } #"]:
        assert get(client, "/entities", q=q)["items"] == []
    get(client, "/statistics", about='"} UNION {', source="<x>")


def test_neighbours_is_a_drawable_subgraph(client: TestClient) -> None:
    one = get(client, f"/entities/{DUBOIS}/neighbours")
    assert (one["start"], one["depth"], one["truncated"]) == (DUBOIS, 1, False)
    nodes = {n["id"]: n for n in one["nodes"]}
    assert nodes[DUBOIS]["distance"] == 0
    assert nodes["country/CA"]["label"] == "Canada" and nodes["country/CA"]["type"] == "Country"
    assert {n["distance"] for n in one["nodes"]} == {0, 1}
    assert {"source": DUBOIS, "target": "country/CA", "predicate": KG + "represents",
            "label": "represents"} in one["edges"]  # fmt: skip
    for edge in one["edges"]:
        assert {edge["source"], edge["target"]} <= set(nodes)
        assert DUBOIS in (edge["source"], edge["target"])

    two = get(client, f"/entities/{DUBOIS}/neighbours", depth=2)
    nodes2 = {n["id"] for n in two["nodes"]}
    assert set(nodes) < nodes2
    assert all(e in two["edges"] for e in one["edges"])
    assert len(two["edges"]) > len(one["edges"])
    assert all({e["source"], e["target"]} <= nodes2 for e in two["edges"])
    far = {n["id"] for n in two["nodes"] if n["distance"] == 2}
    assert far and far == nodes2 - set(nodes)
    for node in far:  # reached through a neighbour of depth 1
        ends = [
            {e["source"], e["target"]} for e in two["edges"] if node in (e["source"], e["target"])
        ]
        assert any(end - {node} <= set(nodes) - {DUBOIS} for end in ends)
    # Canada's other facts: the steel agreement names Canada as a party
    assert any(e["target"] == "country/CA" and e["label"] == "party" for e in two["edges"])

    small = get(client, f"/entities/{DUBOIS}/neighbours", depth=3, max_nodes=5)
    assert small["truncated"] and len(small["nodes"]) == 5


@pytest.mark.parametrize("depth", [0, 4, "x"])
def test_neighbours_depth_must_be_1_to_3(client: TestClient, depth: object) -> None:
    get(client, f"/entities/{DUBOIS}/neighbours", 422, depth=depth)


# -- articles ---------------------------------------------------------------------------------------
def test_articles_list_metadata_and_counts(
    client: TestClient, examples_graph: KnowledgeGraph
) -> None:
    page = get(client, "/articles", limit=1000)
    assert page["total"] == len(page["items"]) == len(examples_graph.store.graphs()) == 7
    titles = [(normalise(a["title"]), a["title"], a["iri"]) for a in page["items"]]
    assert titles == sorted(titles)
    steel = next(a for a in page["items"] if a["file_name"] == STEEL)
    assert steel["date"] == "2024-03-05"
    assert steel["iri"] == KGR + "article/" + steel["id"]
    assert steel["counts"]["Person"] == 3 and steel["counts"]["triples"] > 100
    brief = next(a for a in page["items"] if a["url"])
    assert brief["source"] == "Example Wire"
    second = get(client, "/articles", limit=2, offset=1)
    assert second["total"] == 7 and second["items"] == page["items"][1:3]


def test_article_detail_lists_what_was_read(client: TestClient) -> None:
    ref = steel_id(client)
    article = get(client, f"/articles/{ref}")
    assert article["title"].startswith("Canada and Mexico renew steel tariff pact")
    assert hashlib.sha256(article["text"].encode()).hexdigest() == article["content_hash"]
    entities = {e["id"]: e for e in article["entities"]}
    assert entities[DUBOIS]["type"] == "Person"
    assert entities["country/MX"]["label"] == "Mexico"
    people = [e for e in article["entities"] if e["type"] == "Person"]
    assert len(people) == article["counts"]["Person"]
    assert "North American Steel Cooperation Agreement" in {
        f["label"] for f in article["facts"]["Agreement"]
    }
    assert len(article["facts"]["Statistic"]) == article["counts"]["Statistic"] == 5
    assert set(article["facts"]) <= {
        "Action",
        "Agreement",
        "Event",
        "Policy",
        "Quotation",
        "RelationStatement",
        "Role",
        "Statistic",
        "TimeExpression",
    }
    # the IRI and the file name name the same article
    assert get(client, "/articles/" + quote(article["iri"], safe="")) == article
    assert get(client, f"/articles/{STEEL}")["id"] == ref


def test_unknown_article_is_404(client: TestClient) -> None:
    assert "GET /articles" in get(client, "/articles/no-such-article", 404)["detail"]


# -- statistics -------------------------------------------------------------------------------------
def test_statistics_carry_period_and_provenance(client: TestClient) -> None:
    page = get(client, "/statistics", limit=1000)
    assert page["total"] == len(page["items"]) == 44  # not the year of "the 2030 World Cup"
    keys = [(normalise(s["label"]), s["label"], s["iri"]) for s in page["items"]]
    assert keys == sorted(keys)
    (migration,) = [s for s in page["items"] if s["label"] == "about 610,000"]
    assert migration["value"] == 610000 and migration["bound"] == "approx"
    assert migration["counted"] == "net migration to U.K."
    assert migration["source"]["id"] == "organization/office-for-national-statistics"
    assert (migration["period_start"], migration["period_end"]) == ("2023-01-01", "2023-12-31")
    (evidence,) = migration["evidence"]
    text = article_text(client, evidence["article"]["id"])
    assert text[evidence["start"] : evidence["end"]] == "about 610,000"
    sentence = evidence["sentence"]
    assert text[sentence["start"] : sentence["end"]] == sentence["text"]
    assert "610,000" in sentence["text"]


def test_statistics_date_filter_keeps_overlapping_periods(client: TestClient) -> None:
    found = get(client, "/statistics", from_="2024-01-01", to="2024-03-31")["items"]
    labels = {s["label"] for s in found}
    assert {"about 6%", "nearly 20%"} <= labels
    assert "about 610,000" not in labels  # 2023
    for s in found:
        assert s["period_start"] <= "2024-03-31" and s["period_end"] >= "2024-01-01"
    later = get(client, "/statistics", from_="2029-01-01")["items"]
    assert [s["label"] for s in later] == [
        "about 1.5 billion euros"
    ]  # the currency word is in the figure
    before = get(client, "/statistics", to="2016-12-31")["items"]
    assert [s["label"] for s in before] == ["more than C$300 million"]


@pytest.mark.parametrize(
    "params",
    [{"from": "2024-13-01"}, {"to": "yesterday"}, {"from": "2024-05-01", "to": "2024-04-01"}],
)
def test_statistics_bad_dates_are_422(client: TestClient, params: dict[str, str]) -> None:
    get(client, "/statistics", 422, **params)


def test_statistics_about_and_source_filters(client: TestClient) -> None:
    assert [s["label"] for s in get(client, "/statistics", about="MIGRATION")["items"]] == [
        "about 610,000"
    ]
    ons = get(client, "/statistics", source="office for national statistics", limit=1000)
    assert ons["total"] >= 5
    assert {s["source"]["label"] for s in ons["items"]} == {"Office for National Statistics"}
    by_id = get(client, "/statistics", source="organization/office-for-national-statistics")
    assert by_id["total"] == ons["total"]
    assert get(client, "/statistics", source="nobody at all")["total"] == 0


# -- saved queries ----------------------------------------------------------------------------------
def test_saved_queries_are_listed_with_parameters(client: TestClient) -> None:
    page = get(client, "/queries")
    queries = {q["name"]: q for q in page["items"]}
    assert page["total"] == len(queries) >= 9
    assert list(queries) == sorted(queries)
    provenance = queries["provenance"]
    assert provenance["summary"] and provenance["params"] == ["entity"]
    (param,) = provenance["parameters"]
    assert param["name"] == "entity" and param["type"] == "iri" and param["description"]
    assert provenance["columns"] == ["fact", "article", "sentence", "start", "end"]
    assert queries["roles"]["params"] == [] and "personLabel" in queries["roles"]["columns"]


def test_saved_query_runs_with_a_bound_parameter(client: TestClient) -> None:
    result = get(client, "/queries/provenance", entity=DUBOIS, limit=1000)
    assert result["columns"] == ["fact", "article", "sentence", "start", "end"]
    assert result["total"] == len(result["rows"]) > 3
    facts = {row["fact"] for row in result["rows"]}
    assert KGR + DUBOIS in facts
    assert all(isinstance(row["start"], int) for row in result["rows"])
    # every fact is about Claire Dubois, in her only article
    assert {row["article"] for row in result["rows"]} == {KGR + "article/" + steel_id(client)}
    paged = get(client, "/queries/provenance", entity=KGR + DUBOIS, limit=2, offset=1)
    assert (paged["total"], paged["limit"], paged["offset"]) == (result["total"], 2, 1)
    assert paged["rows"] == result["rows"][1:3]
    other = get(client, "/queries/provenance", entity="country/MX", limit=1000)
    assert KGR + DUBOIS not in {row["fact"] for row in other["rows"]}


def test_saved_query_errors(client: TestClient) -> None:
    assert "GET /queries" in get(client, "/queries/no-such-query", 404)["detail"]
    assert "entity" in get(client, "/queries/provenance", 422)["detail"]
    assert "bogus" in get(client, "/queries/provenance", 422, entity=DUBOIS, bogus="1")["detail"]
    assert "not a valid iri" in get(client, "/queries/provenance", 422, entity="a b>")["detail"]
    assert "entity" in get(client, "/queries/roles", 422, entity=DUBOIS)["detail"]
    # no query outside queries/ is reachable by path
    get(client, "/queries/" + quote("../queries/roles.rq", safe=""), 404)


# -- export -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fmt", "media", "parse_as", "extension"),
    [
        ("turtle", "text/turtle", "turtle", "ttl"),
        ("nt", "application/n-triples", "nt", "nt"),
        ("jsonld", "application/ld+json", "json-ld", "jsonld"),
    ],
)
def test_export_whole_store(
    client: TestClient,
    examples_graph: KnowledgeGraph,
    fmt: str,
    media: str,
    parse_as: str,
    extension: str,
) -> None:
    response = client.get("/export", params={"format": fmt})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert f'filename="kg-export.{extension}"' in response.headers["content-disposition"]
    parsed = Graph().parse(data=response.content, format=parse_as)
    assert len(parsed) == len(examples_graph.union_graph())


def test_export_one_article_holds_only_its_graph(client: TestClient) -> None:
    ref = steel_id(client)
    article = get(client, f"/articles/{ref}")
    for fmt, parse_as in (("turtle", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        response = client.get("/export", params={"format": fmt, "article": ref})
        assert response.status_code == 200
        assert f"kg-article-{ref}" in response.headers["content-disposition"]
        parsed = Graph().parse(data=response.content, format=parse_as)
        assert len(parsed) == article["counts"]["triples"]
        titles = {str(o) for o in parsed.objects(None, URIRef(KG + "title"))}
        assert titles == {article["title"]}
        assert (URIRef(KGR + DUBOIS), URIRef(KG + "mentionedIn"), URIRef(article["iri"])) in parsed
        assert not [s for s in parsed.subjects() if "/article/" in str(s) and ref not in str(s)]
        assert (URIRef(article["iri"]), URIRef(KG + "text"), Literal(article["text"])) in parsed


def test_export_errors(client: TestClient, examples_graph: KnowledgeGraph) -> None:
    assert "turtle" in json.dumps(get(client, "/export", 422, format="rdfxml"))
    assert "GET /articles" in get(client, "/export", 404, article="no-such-article")["detail"]


def test_whole_export_streams_past_max_rows(examples_graph: KnowledgeGraph) -> None:
    # --max-rows caps query answers, not the streamed export: every distinct triple comes out
    small = TestClient(create_app(Settings(max_rows=100), graph=examples_graph))
    response = small.get("/export", params={"format": "nt"})
    assert response.status_code == 200
    exported = Graph().parse(data=response.text, format="nt")
    assert len(exported) == len(examples_graph.union_graph()) > 100


# -- documentation ----------------------------------------------------------------------------------
def test_every_rest_route_is_documented(client: TestClient) -> None:
    spec = get(client, "/openapi.json")
    for path in (
        "/entities",
        "/entities/{id}",
        "/entities/{id}/neighbours",
        "/articles",
        "/articles/{id}",
        "/statistics",
        "/queries",
        "/queries/{name}",
        "/export",
    ):
        operation = spec["paths"][path]["get"]
        assert operation.get("description"), path
        assert operation["responses"]["200"]["content"], path
    schemas = spec["components"]["schemas"]
    assert {"EntityDetail", "Subgraph", "ArticleDetail", "Statistic", "QueryRows"} <= set(schemas)


def test_seed_article_search(seed_graph: KnowledgeGraph) -> None:
    seed = TestClient(create_app(graph=seed_graph))
    (biden,) = get(seed, "/entities", q="biden")["items"]
    assert biden["id"] == "person/joe-biden" and biden["type"] == "Person"
    hits = {h["id"] for h in get(seed, "/entities", q="Cossío")["items"]}
    assert hits == {h["id"] for h in get(seed, "/entities", q="cossio")["items"]} != set()
    date.fromisoformat(get(seed, "/articles")["items"][0]["date"])
