"""/sparql sorts a final ``ORDER BY`` of plain variables itself (see kg.order): every answer
must be the very rows, in the very order, that Oxigraph's own ``ORDER BY`` gives; where kg
cannot be sure of that order it runs the query as written."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import XSD, BNode, Literal, URIRef

from api import Settings, create_app
from api.sparql import evaluate
from kg import KnowledgeGraph
from kg.order import OrderKey, sort_rows, split_final_order
from kg.store.embedded import EmbeddedStore

EX = "http://example.org/"
PREFIX = f"PREFIX ex: <{EX}>\n"
XS = "http://www.w3.org/2001/XMLSchema#"
#: labels whose order tells a correct sort from a careless one: case, accents, digits as text,
#: characters past the Basic Multilingual Plane and around the surrogate range, duplicates
LABELS = [
    "zeta",
    "Zeta",
    "Élan",
    "elan",
    "10 Downing",
    "9 Elms",
    "Ωmega",
    "𝔄lpha",
    "ångström",
    "",
    "a",
    "a b",
    "ab",
    "\ufffd",
    "\ue000x",
    "\U0010fffd",
    "zeta",
    "elan",
]
INTEGERS = ["10", "9", "-3", "0", "10", "123456789012", "-9223372036854775808", "9"]
DECIMALS = ["9.5", "-3.25", "0.5", "10.01", "123456789012.5"]
DOUBLES = ["1e1", "-2.5e-3", "0.1", "1e300", "3.5", "-1e1"]
DATES = ["2024-01-01", "2024-01-01Z", "2023-12-31+14:00", "2024-01-02-14:00"]
#: without a time zone: kg sorts them itself
PLAIN_DATES = ["2024-01-02", "2023-12-31", "2024-01-01", "0999-05-01", "2024-02-29", "2023-12-31"]
PLAIN_TIMES = ["10:00:00", "09:59:59.5", "23:59:59", "00:00:00", "09:59:59.25", "10:00:00"]


def _lit(value: str, datatype: str | None = None, language: str | None = None) -> ox.Literal:
    if language:
        return ox.Literal(value, language=language)
    if datatype:
        return ox.Literal(value, datatype=ox.NamedNode(XS + datatype))
    return ox.Literal(value)


def _triples() -> Iterator[ox.Triple]:
    def p(name: str) -> ox.NamedNode:
        return ox.NamedNode(EX + name)

    subjects = [ox.NamedNode(f"{EX}s{i:02d}") for i in range(len(LABELS))]
    for i, (s, label) in enumerate(zip(subjects, LABELS, strict=True)):
        yield ox.Triple(s, p("label"), _lit(label))
        if i % 3:  # the others stay unbound in OPTIONAL { ?s ex:opt ?o }
            yield ox.Triple(s, p("opt"), _lit(LABELS[-1 - i]))
        yield ox.Triple(s, p("group"), _lit("g" + str(i % 4)))
    for i, value in enumerate(INTEGERS):
        yield ox.Triple(subjects[i], p("int"), _lit(value, "integer"))
        yield ox.Triple(subjects[i], p("number"), _lit(value, "integer"))
    for i, value in enumerate(DECIMALS):
        yield ox.Triple(subjects[i + 8], p("number"), _lit(value, "decimal"))
        yield ox.Triple(subjects[i + 8], p("dec"), _lit(value, "decimal"))
    for i, value in enumerate(DOUBLES):
        yield ox.Triple(subjects[i], p("double"), _lit(value, "double"))
        yield ox.Triple(subjects[i + 4], p("mixed"), _lit(value, "double"))
    for i, value in enumerate(INTEGERS[:4] + DECIMALS[:2]):
        yield ox.Triple(subjects[i + 10], p("mixed"), _lit(value, "integer"))
    for i, value in enumerate(DATES):
        yield ox.Triple(subjects[i], p("date"), _lit(value, "date"))
        yield ox.Triple(subjects[i], p("when"), _lit(value + "T10:00:00", "dateTime"))
    for i, (day, time) in enumerate(zip(PLAIN_DATES, PLAIN_TIMES, strict=True)):
        yield ox.Triple(subjects[i], p("day"), _lit(day, "date"))
        yield ox.Triple(subjects[i], p("moment"), _lit(f"{day}T{time}", "dateTime"))
        yield ox.Triple(subjects[i + 6], p("moment"), _lit(f"2024-01-01T{time}", "dateTime"))
    # strings: plain and language-tagged with different texts, then with one text twice
    for i, (text, language) in enumerate(
        [("zeta", "de"), ("Zeta", None), ("elan", "en"), ("ångström", "fr"), ("abc", None)]
    ):
        yield ox.Triple(subjects[i], p("lang"), _lit(text, language=language))
    yield ox.Triple(subjects[0], p("samelang"), _lit("zeta", language="de"))
    yield ox.Triple(subjects[1], p("samelang"), _lit("zeta"))
    yield ox.Triple(subjects[2], p("samelang"), _lit("alpha", language="en"))
    # blank nodes, IRIs and strings in one column
    nodes: list[ox.NamedNode | ox.BlankNode | ox.Literal] = [
        ox.BlankNode("b2"),
        ox.BlankNode("b10"),
        ox.BlankNode(),
        ox.NamedNode(EX + "z"),
        ox.NamedNode("urn:a"),
        ox.NamedNode(EX + "Z"),
        _lit("z"),
        _lit(""),
        _lit("𝔄"),
    ]
    for i, node in enumerate(nodes):
        yield ox.Triple(subjects[i], p("node"), node)
    yield ox.Triple(subjects[0], p("strnum"), _lit("10"))
    yield ox.Triple(subjects[1], p("strnum"), _lit("9", "integer"))
    yield ox.Triple(subjects[2], p("strnum"), _lit("abc"))
    yield ox.Triple(subjects[0], p("zero"), _lit("0", "double"))
    yield ox.Triple(subjects[1], p("zero"), _lit("-0", "double"))
    yield ox.Triple(subjects[0], p("one"), _lit("1", "integer"))
    yield ox.Triple(subjects[1], p("one"), _lit("1.0", "decimal"))
    yield ox.Triple(subjects[2], p("one"), _lit("NaN", "double"))


@pytest.fixture(scope="module")
def graph() -> KnowledgeGraph:
    graph = KnowledgeGraph.open()
    data = ox.serialize(list(_triples()), format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    graph.store.load(data, "application/n-triples", EX + "g")
    assert isinstance(graph.store, EmbeddedStore)
    return graph


@pytest.fixture(scope="module")
def client(graph: KnowledgeGraph) -> TestClient:
    return TestClient(create_app(Settings(), graph=graph), base_url="http://kg.test")


@pytest.fixture()
def executed(graph: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the endpoint hands to the store, in order."""
    texts: list[str] = []
    execute = graph.store.execute

    def spy(sparql: str, **options: object) -> object:
        texts.append(sparql)
        return execute(sparql, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(graph.store, "execute", spy)
    return texts


def _ask(client: TestClient, query: str, accept: str = "application/sparql-results+json") -> str:
    r = client.post(
        "/sparql",
        content=query,
        headers={"Content-Type": "application/sparql-query", "Accept": accept},
    )
    assert r.status_code == 200, r.text
    text: str = r.text
    return text


def _oxigraph(client: TestClient, query: str, monkeypatch: pytest.MonkeyPatch, accept: str) -> str:
    """The answer with Oxigraph doing the ORDER BY (kg's sort turned off)."""
    with monkeypatch.context() as m:
        m.setattr(evaluate, "SORT_HERE", False)
        return _ask(client, query, accept)


# (query, whether kg sorts it itself)
QUERIES = [
    ("SELECT ?s ?label WHERE { ?s ex:label ?label } ORDER BY ?label ?s", True),
    ("SELECT ?label WHERE { ?s ex:label ?label }\nORDER BY ?label", True),  # equal rows tie
    ("SELECT DISTINCT ?label WHERE { ?s ex:label ?label } ORDER BY DESC(?label)", True),
    ("SELECT ?s ?label WHERE { ?s ex:label ?label } ORDER BY ASC(?label) DESC(?s)", True),
    ("SELECT ?label ?s WHERE { ?s ex:label ?label } ORDER BY DESC($label) ?s", True),
    ("SELECT * WHERE { ?s ex:label ?label } ORDER BY ?label ?s", True),
    ("SELECT ?s ?label WHERE { ?s ex:label ?label } ORDER BY ?label", False),  # "zeta" twice
    ("SELECT ?s ?o WHERE { ?s ex:label ?l OPTIONAL { ?s ex:opt ?o } } ORDER BY ?o ?s", True),
    ("SELECT ?s ?o WHERE { ?s ex:label ?l OPTIONAL { ?s ex:opt ?o } } ORDER BY DESC(?o) ?s", True),
    ("SELECT ?o WHERE { ?s ex:label ?l OPTIONAL { ?s ex:opt ?o } } ORDER BY ?o", True),
    ("SELECT ?s ?n WHERE { ?s ex:int ?n } ORDER BY DESC(?n) ?s", True),
    ("SELECT ?s ?n WHERE { ?s ex:number ?n } ORDER BY ?n ?s", True),  # integers and decimals
    ("SELECT ?s ?n WHERE { ?s ex:dec ?n } ORDER BY DESC(?n)", True),
    ("SELECT ?s ?d WHERE { ?s ex:double ?d } ORDER BY ?d", True),
    ("SELECT ?s ?m WHERE { ?s ex:mixed ?m } ORDER BY ?m ?s", False),  # doubles and integers
    ("SELECT ?s ?d WHERE { ?s ex:date ?d } ORDER BY ?d ?s", False),  # dates, time zones
    ("SELECT ?s ?d WHERE { ?s ex:when ?d } ORDER BY DESC(?d)", False),
    ("SELECT ?s ?d WHERE { ?s ex:day ?d } ORDER BY ?d ?s", True),  # no time zone
    ("SELECT ?s ?d WHERE { ?s ex:day ?d } ORDER BY DESC(?d) ?s", True),
    ("SELECT ?s ?d WHERE { ?s ex:moment ?d } ORDER BY ?d ?s", True),
    ("SELECT ?d WHERE { ?s ex:moment ?d } ORDER BY DESC(?d)", True),
    ("SELECT ?s ?x WHERE { ?s ex:node ?x } ORDER BY ?x", True),  # bnodes < IRIs < literals
    ("SELECT ?s ?x WHERE { ?s ex:node ?x } ORDER BY DESC(?x)", True),
    ("SELECT ?s ?x WHERE { ?s ex:lang ?x } ORDER BY ?x", True),
    ("SELECT ?s ?x WHERE { ?s ex:samelang ?x } ORDER BY ?x", False),  # "zeta"@de, "zeta"
    ("SELECT ?s ?x WHERE { ?s ex:strnum ?x } ORDER BY ?x", False),  # numbers and strings
    ("SELECT ?s ?x WHERE { ?s ex:zero ?x } ORDER BY ?x", False),  # -0 = 0
    ("SELECT ?s ?x WHERE { ?s ex:one ?x } ORDER BY ?x ?s", False),  # NaN, 1 = 1.0
    (
        "SELECT ?g (COUNT(?s) AS ?n) (SAMPLE(?l) AS ?any) WHERE { ?s ex:group ?g ; ex:label ?l }"
        " GROUP BY ?g ORDER BY DESC(?n) ?g",
        True,
    ),
    (
        "SELECT ?l (COUNT(?s) AS ?n) WHERE { ?s ex:label ?l } GROUP BY ?l ORDER BY ?n ?l",
        True,
    ),
    (
        "SELECT (STRLEN(?l) AS ?len) ?l WHERE { ?s ex:label ?l } ORDER BY DESC(?len) ?l",
        True,
    ),
    # a subquery's ORDER BY and LIMIT stay where they are
    (
        "SELECT ?label WHERE { { SELECT ?label WHERE { ?s ex:label ?label }"
        " ORDER BY DESC(?label) LIMIT 5 } }",
        False,
    ),
    (
        "SELECT ?label WHERE { { SELECT ?label WHERE { ?s ex:label ?label }\n"
        "ORDER BY DESC(?label) LIMIT 5 } } ORDER BY ?label",
        True,
    ),
    ("SELECT ?s ?label WHERE { ?s ex:label ?label } ORDER BY ?label ?s LIMIT 4", False),
    ("SELECT ?s ?label WHERE { ?s ex:label ?label } ORDER BY ?label ?s OFFSET 2", False),
    (
        "SELECT ?s ?label WHERE { ?s ex:label ?label } ORDER BY ?label ?s"
        " VALUES ?s { ex:s01 ex:s02 }",
        False,
    ),
    ("SELECT ?s ?label WHERE { ?s ex:label ?label } ORDER BY ?label ?s # after\n# more\n", True),
    ("SELECT ?s ?label WHERE { ?s ex:label ?label } # ORDER BY ?label ?s\n", False),
    (
        'SELECT ?s WHERE { ?s ex:label ?l FILTER(?l != "} ORDER BY ?s") } # and no ORDER BY at all',
        False,
    ),
    ('SELECT ?s WHERE { ?s ex:label ?l FILTER(?l != "x ORDER BY ?s") } ORDER BY ?s', True),
    ("SELECT ?s ?label WHERE {\n  ?s ex:label ?label\n} ORDER BY ?label ?s", True),
    ("SELECT ?s WHERE { ?s ex:label ?label } ORDER BY ?label ?s", False),  # ?label not shown
    ("SELECT REDUCED ?label WHERE { ?s ex:label ?label } ORDER BY ?label", False),
    ("SELECT ?s ?label WHERE { ?s ex:label ?label } ORDER BY STR(?label) ?s", False),
]


@pytest.mark.parametrize(("query", "here"), QUERIES)
def test_rows_come_in_oxigraphs_order(
    client: TestClient,
    executed: list[str],
    monkeypatch: pytest.MonkeyPatch,
    query: str,
    here: bool,
) -> None:
    query = PREFIX + query
    accept = "application/sparql-results+json"
    ours = _ask(client, query, accept)
    sorted_here = len(executed) == 1 and executed[0] != query
    assert sorted_here == here, executed
    if here:  # the store got the query without its final ORDER BY, nothing else changed
        text, keys = split_final_order(query)
        assert keys and executed == [text]
    theirs = _oxigraph(client, query, monkeypatch, accept)
    assert executed[-1] == query  # Oxigraph's own ORDER BY
    assert json.loads(ours) == json.loads(theirs)
    assert len(json.loads(ours)["results"]["bindings"]) > 1


@pytest.mark.parametrize(
    "accept", ["text/csv", "text/tab-separated-values", "application/sparql-results+xml"]
)
def test_every_result_format(
    client: TestClient, executed: list[str], monkeypatch: pytest.MonkeyPatch, accept: str
) -> None:
    query = PREFIX + "SELECT ?x ?s WHERE { ?s ex:node ?x } ORDER BY DESC(?x)"
    ours = _ask(client, query, accept)
    assert executed and "ORDER" not in executed[0]
    assert ours == _oxigraph(client, query, monkeypatch, accept)


def test_the_store_gets_the_query_without_its_order_by(
    client: TestClient, executed: list[str]
) -> None:
    query = PREFIX + "SELECT ?s ?label WHERE { ?s ex:label ?label } ORDER BY ?label ?s"
    labels = [b["label"]["value"] for b in json.loads(_ask(client, query))["results"]["bindings"]]
    assert executed == [PREFIX + "SELECT ?s ?label WHERE { ?s ex:label ?label } "]
    assert labels == sorted(LABELS)  # code point order, as Oxigraph's


def test_limits_still_apply() -> None:
    graph = KnowledgeGraph.open()
    data = ox.serialize(list(_triples()), format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    graph.store.load(data, "application/n-triples", EX + "g")
    client = TestClient(create_app(Settings(max_rows=3), graph=graph), base_url="http://kg.test")
    r = client.get(
        "/sparql", params={"query": PREFIX + "SELECT ?l WHERE { ?s ex:label ?l } ORDER BY ?l"}
    )
    assert r.status_code == 400 and "more than 3 rows" in r.json()["detail"]


def test_split_final_order() -> None:
    q = "SELECT ?x WHERE { ?x ?p ?o }"
    assert split_final_order(q + " ORDER BY ?x DESC(?y) asc($z) # done") == (
        q + "  # done",
        (OrderKey("x"), OrderKey("y", True), OrderKey("z")),
    )
    for tail in [
        " ORDER BY ?x LIMIT 1",
        " LIMIT 1 ORDER BY ?x",  # invalid: must fail as written
        " ORDER BY ?x ORDER BY ?y",
        " ORDER BY ?x }",
        " ORDER BY",
        " ORDER BY (?x)",
        " ORDER BY DESC(?x + 1)",
        " ORDER BY ?x VALUES ?x { 1 }",
        " # ORDER BY ?x",
    ]:
        assert split_final_order(q + tail) == (q + tail, ()), tail
    assert split_final_order("SELECT ?x { ?x ?p '} ORDER BY ?x' }")[1] == ()
    sub = "SELECT ?x { { SELECT ?x { ?x ?p ?o } ORDER BY ?x } }"
    assert split_final_order(sub) == (sub, ())


def test_sort_rows_refuses_what_it_cannot_be_sure_of() -> None:
    def run(*values: object) -> list[object] | None:
        return sort_rows(list(values), [OrderKey("v")], lambda row, _: row)

    assert run(Literal("b"), None, URIRef(EX), BNode("x"), Literal("a", lang="en")) == [
        None,
        BNode("x"),
        URIRef(EX),
        Literal("a", lang="en"),
        Literal("b"),
    ]
    assert run(Literal("10", datatype=XSD.integer), Literal("9.5", datatype=XSD.decimal)) == [
        Literal("9.5", datatype=XSD.decimal),
        Literal("10", datatype=XSD.integer),
    ]
    for refused in [
        (Literal("1", datatype=XSD.integer), Literal("a")),  # numbers and strings
        (Literal("1", datatype=XSD.integer), Literal("1.0", datatype=XSD.decimal)),  # tie
        (Literal("1", datatype=XSD.integer), Literal("2", datatype=XSD.double)),
        (Literal("INF", datatype=XSD.double), Literal("2", datatype=XSD.double)),
        (  # rdflib would normalise the time zone away
            Literal("2024-01-01Z", datatype=XSD.date, normalize=False),
            Literal("2024-01-02", datatype=XSD.date),
        ),
        (Literal("2024-02-30", datatype=XSD.date), Literal("2024-01-02", datatype=XSD.date)),
        (
            Literal("2024-01-01", datatype=XSD.date),
            Literal("2024-01-01T00:00:00", datatype=XSD.dateTime),
        ),
        (
            Literal("2024-01-01T24:00:00", datatype=XSD.dateTime),
            Literal("2024-01-02T00:00:00", datatype=XSD.dateTime),
        ),
        (Literal("true", datatype=XSD.boolean), Literal("false", datatype=XSD.boolean)),
        (Literal("1", datatype=XSD.float), Literal("2", datatype=XSD.float)),
        (Literal("abc", datatype=XSD.integer), Literal("2", datatype=XSD.integer)),
        (Literal("99999999999999999999", datatype=XSD.integer), Literal("2")),
        (Literal("a", lang="en"), Literal("a", lang="de")),
        (Literal("x", datatype=URIRef(EX + "type")), Literal("y")),
    ]:
        assert run(*refused) is None, refused
