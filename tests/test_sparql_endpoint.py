"""The /sparql endpoint and /rdf-graphs with Starlette's TestClient: protocol, negotiation,
tokens, limits. (The W3C suites run in test_w3c_*.py; real clients in test_real_clients.py.)"""

from __future__ import annotations

import csv
import io
import json
import time
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace, URIRef

from api import Settings, create_app

TOKEN = "s3cret-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
DATA = b"""@prefix ex: <http://example.org/> .
ex:alice ex:knows ex:bob ; ex:name "Alice" ; ex:age 42 .
ex:bob ex:name "Bob"@en .
"""


def make_client(**settings: object) -> TestClient:
    app = create_app(Settings(update_token=TOKEN, **settings))  # type: ignore[arg-type]
    client = TestClient(app, base_url="http://kg.test")
    for graph, data in (
        ("http://example.org/g1", DATA),
        (
            "http://example.org/g2",
            b'<http://example.org/carol> <http://example.org/name> "Carol" .',
        ),
    ):
        r = client.put(
            "/rdf-graphs",
            params={"graph": graph},
            content=data,
            headers={**AUTH, "Content-Type": "text/turtle"},
        )
        assert r.status_code == 201, r.text
    return client


@pytest.fixture()
def client() -> TestClient:
    return make_client()


NAMES = "SELECT ?name WHERE { ?s <http://example.org/name> ?name } ORDER BY ?name"


def _names_json(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    return [b["name"]["value"] for b in response.json()["results"]["bindings"]]


def test_three_ways_to_send_a_query_give_one_answer(client: TestClient) -> None:
    by_get = _names_json(client.get("/sparql", params={"query": NAMES}))
    by_form = _names_json(client.post("/sparql", data={"query": NAMES}))
    direct = _names_json(
        client.post("/sparql", content=NAMES, headers={"Content-Type": "application/sparql-query"})
    )
    assert by_get == by_form == direct == ["Alice", "Bob", "Carol"]  # union of both graphs


def test_dataset_from_the_request(client: TestClient) -> None:
    only_g2 = client.get(
        "/sparql", params={"query": NAMES, "default-graph-uri": "http://example.org/g2"}
    )
    assert _names_json(only_g2) == ["Carol"]
    named = client.get(
        "/sparql",
        params={
            "query": "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
            "named-graph-uri": "http://example.org/g1",
        },
    )
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == [
        "http://example.org/g1"
    ]


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        (None, "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.2, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/*", "text/csv"),
    ],
)
def test_select_content_negotiation(
    client: TestClient, accept: str | None, content_type: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    r = client.get("/sparql", params={"query": NAMES}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == content_type
    assert "Accept" in r.headers["vary"]
    if content_type == "text/csv":
        assert list(csv.reader(io.StringIO(r.text))) == [["name"], ["Alice"], ["Bob"], ["Carol"]]
    elif content_type == "text/tab-separated-values":
        assert r.text.splitlines() == ["?name", '"Alice"', '"Bob"@en', '"Carol"']
    elif content_type.endswith("xml"):
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        root = ET.fromstring(r.content)
        assert [e.text for e in root.iterfind(".//r:literal", ns)] == ["Alice", "Bob", "Carol"]
        bob = root.findall(".//r:literal", ns)[1]
        assert bob.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


def test_ask_and_typed_literals_in_json(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "ASK { ?s <http://example.org/age> 42 }"})
    assert r.json() == {"head": {}, "boolean": True}
    r = client.get("/sparql", params={"query": "SELECT ?age { ?s <http://example.org/age> ?age }"})
    assert r.json()["results"]["bindings"] == [
        {
            "age": {
                "type": "literal",
                "value": "42",
                "datatype": "http://www.w3.org/2001/XMLSchema#integer",
            }
        }
    ]


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        (None, "turtle"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
        ("application/trig", "trig"),
    ],
)
def test_construct_content_negotiation(
    client: TestClient, accept: str | None, rdflib_format: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    r = client.get(
        "/sparql",
        params={"query": "CONSTRUCT WHERE { ?s <http://example.org/name> ?o }"},
        headers=headers,
    )
    assert r.status_code == 200, r.text
    graph = Graph().parse(data=r.content, format=rdflib_format)
    assert len(graph) == 3


def test_406_when_the_accept_header_cannot_be_served(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": NAMES}, headers={"Accept": "text/turtle"})
    assert r.status_code == 406 and "application/sparql-results+json" in r.json()["detail"]
    r = client.get(
        "/sparql",
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert r.status_code == 406 and "text/turtle" in r.json()["detail"]


@pytest.mark.parametrize(
    ("request_kwargs", "status", "message"),
    [
        ({"method": "GET", "params": {"query": "SELECT * {"}}, 400, "invalid SPARQL"),
        (
            {"method": "GET", "params": [("query", "ASK {}"), ("query", "ASK {}")]},
            400,
            "exactly one",
        ),
        ({"method": "GET", "params": {"update": "CLEAR ALL"}}, 400, "POST"),
        (
            {"method": "POST", "content": "ASK {}", "headers": {"Content-Type": "text/plain"}},
            415,
            "Content-Type",
        ),
        ({"method": "POST", "content": "ASK {}"}, 415, "none was sent"),
        (
            {
                "method": "POST",
                "content": "ASK {}".encode("utf-16"),
                "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"},
            },
            415,
            "UTF-8",
        ),
        ({"method": "PUT", "params": {"query": "ASK {}"}}, 405, ""),
    ],
)
def test_bad_requests_say_what_is_wrong(
    client: TestClient, request_kwargs: dict, status: int, message: str
) -> None:  # type: ignore[type-arg]
    method = request_kwargs.pop("method")
    r = client.request(method, "/sparql", **request_kwargs)
    assert r.status_code == status, r.text
    assert message in r.text


def test_service_description(client: TestClient) -> None:
    r = client.get("/sparql")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=r.text, format="turtle")
    service = next(graph.subjects(SD.endpoint, URIRef("http://kg.test/sparql")))
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) in graph  # a token is set
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    names = set(graph.objects(None, SD.name))
    assert names == {URIRef("http://example.org/g1"), URIRef("http://example.org/g2")}
    r = client.get("/sparql", headers={"Accept": "application/rdf+xml"})
    assert len(Graph().parse(data=r.content, format="xml")) == len(graph)


def test_updates_need_a_configured_token_and_the_right_bearer() -> None:
    update = {"update": "INSERT DATA { <http://x> <http://y> <http://z> }"}
    no_token = TestClient(create_app(Settings()))
    r = no_token.post("/sparql", data=update, headers=AUTH)
    assert r.status_code == 403 and "--update-token" in r.json()["detail"]
    client = make_client()
    assert client.post("/sparql", data=update).status_code == 401
    r = client.post("/sparql", data=update, headers={"Authorization": "Bearer wrong-token-xyz"})
    assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
    assert client.post("/sparql", data=update, headers=AUTH).status_code == 204
    assert client.get(
        "/sparql", params={"query": "ASK { <http://x> <http://y> <http://z> }"}
    ).json()["boolean"]
    # Graph Store writes are guarded the same way
    r = client.delete("/rdf-graphs", params={"graph": "http://example.org/g1"})
    assert r.status_code == 401
    r = no_token.put(
        "/rdf-graphs?default", content=b"", headers={**AUTH, "Content-Type": "text/turtle"}
    )
    assert r.status_code == 403


def test_service_and_load_are_refused_over_http(client: TestClient) -> None:
    r = client.get(
        "/sparql", params={"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}
    )
    assert r.status_code == 400 and "SERVICE is not allowed" in r.json()["detail"]
    r = client.post("/sparql", data={"update": "LOAD <http://127.0.0.1:9/x.ttl>"}, headers=AUTH)
    assert r.status_code == 400 and "LOAD is not allowed" in r.json()["detail"]


def test_max_rows() -> None:
    client = make_client(max_rows=2)
    r = client.get("/sparql", params={"query": NAMES})
    assert r.status_code == 400 and "more than 2 rows" in r.json()["detail"]
    assert _names_json(client.get("/sparql", params={"query": NAMES + " LIMIT 2"})) == [
        "Alice",
        "Bob",
    ]
    r = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert r.status_code == 400 and "triples" in r.json()["detail"]


def test_max_body_bytes() -> None:
    client = make_client(max_body_bytes=200)
    big = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 300
    r = client.post("/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413 and "--max-body-bytes" in r.json()["detail"]
    small = client.post(
        "/sparql", content="ASK {}", headers={"Content-Type": "application/sparql-query"}
    )
    assert small.status_code == 200


def _heavy_client(timeout: float) -> TestClient:
    # 27 million rows: the clock, not the row limit, must stop them
    client = make_client(query_timeout=timeout, max_rows=10**9)
    triples = "".join(
        f"<http://example.org/n{i}> <http://example.org/p> {i} .\n" for i in range(300)
    )
    r = client.put(
        "/rdf-graphs",
        params={"graph": "http://example.org/big"},
        content=triples,
        headers={**AUTH, "Content-Type": "text/turtle"},
    )
    assert r.status_code == 201
    return client


@pytest.mark.parametrize(
    "query",
    [
        # one long evaluation step (the aggregate), abandoned at the deadline
        "SELECT (COUNT(*) AS ?n) { ?a <http://example.org/p> ?x . ?b <http://example.org/p> ?y . ?c <http://example.org/p> ?z }",
        # many rows: stopped between rows
        "SELECT * { ?a <http://example.org/p> ?x . ?b <http://example.org/p> ?y . ?c <http://example.org/p> ?z }",
    ],
)
def test_query_timeout(query: str) -> None:
    client = _heavy_client(timeout=0.3)
    started = time.monotonic()
    r = client.get("/sparql", params={"query": query})
    elapsed = time.monotonic() - started
    assert r.status_code == 503, r.text[:200]
    assert "longer than 0.3 s" in r.json()["detail"]
    assert elapsed < 5  # answered at the deadline, not when the query would have finished


def test_gsp_put_of_bad_data_keeps_the_graph(client: TestClient) -> None:
    r = client.put(
        "/rdf-graphs",
        params={"graph": "http://example.org/g1"},
        content=b"<a> <b> .",
        headers={**AUTH, "Content-Type": "text/turtle"},
    )
    assert r.status_code == 400 and "cannot parse" in r.json()["detail"]
    got = client.get(
        "/rdf-graphs",
        params={"graph": "http://example.org/g1"},
        headers={"Accept": "application/n-triples"},
    )
    assert len(Graph().parse(data=got.text, format="nt")) == 4


def test_gsp_default_graph_writes_leave_named_graphs_alone(client: TestClient) -> None:
    r = client.put(
        "/rdf-graphs?default",
        content=b'<http://example.org/d> <http://example.org/name> "Dee" .',
        headers={**AUTH, "Content-Type": "text/turtle"},
    )
    assert r.status_code == 204
    assert _names_json(client.get("/sparql", params={"query": NAMES})) == [
        "Alice",
        "Bob",
        "Carol",
        "Dee",
    ]
    assert client.delete("/rdf-graphs?default", headers=AUTH).status_code == 204
    assert _names_json(client.get("/sparql", params={"query": NAMES})) == ["Alice", "Bob", "Carol"]
    assert (
        client.head("/rdf-graphs", params={"graph": "http://example.org/nope"}).status_code == 404
    )
    r = client.get("/rdf-graphs")
    assert r.status_code == 400 and "exactly one graph" in r.json()["detail"]


def test_article_graphs_over_sparql(seed_graph) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(create_app(graph=seed_graph))
    r = client.get(
        "/sparql",
        params={
            "query": "PREFIX kg: <https://w3id.org/newskg/ontology#> SELECT ?g (COUNT(?p) AS ?n) WHERE { GRAPH ?g { ?p a kg:Person } } GROUP BY ?g"
        },
        headers={"Accept": "application/sparql-results+json"},
    )
    rows = r.json()["results"]["bindings"]
    assert len(rows) == 1 and rows[0]["g"]["value"].startswith(
        "https://w3id.org/newskg/id/article/"
    )
    assert int(rows[0]["n"]["value"]) >= 3
    article = rows[0]["g"]["value"]
    turtle = client.get("/rdf-graphs", params={"graph": article})
    assert turtle.status_code == 200 and "@prefix kg:" in turtle.text
    assert len(Graph().parse(data=turtle.text, format="turtle")) == len(seed_graph.store)
    assert json.loads(client.get("/health").text)["status"] == "ok"


def test_openapi_operation_ids_are_unique(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    ids = [op["operationId"] for path in spec["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))
    assert {"sparql_get", "sparql_post", "graph_get"} <= set(ids)


def test_health_and_service_description_never_count_the_store(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Counting the quads walks the whole store (seconds on a large one)."""
    client = make_client()
    graph = client.app.state.graph  # type: ignore[attr-defined]

    def no_count(_self: object) -> int:
        raise AssertionError("the store was counted")

    monkeypatch.setattr(type(graph.store), "__len__", no_count)
    assert client.get("/health").json() == {"status": "ok", "empty": False}
    description = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert description.status_code == 200 and "sd:Service" in description.text
    empty = TestClient(create_app(Settings()), base_url="http://kg.test")
    assert empty.get("/health").json() == {"status": "ok", "empty": True}
