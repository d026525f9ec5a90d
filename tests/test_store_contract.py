"""One contract for every Store: the embedded pyoxigraph store and a remote SPARQL store
(a real `oxigraph serve` on 127.0.0.1) must behave the same through the Store protocol."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from rdflib import Literal, URIRef

from kg import KnowledgeGraph
from kg.errors import InputError, QueryError
from kg.store import EmbeddedStore, RemoteStore, Store
from kg.store.base import Dataset, SelectResult
from kg.store.guard import ForbiddenOperation

EX = "http://example.org/"
G1, G2 = EX + "g1", EX + "g2"
TRIPLES_1 = [
    (URIRef(EX + "alice"), URIRef(EX + "name"), Literal("Alice")),
    (URIRef(EX + "alice"), URIRef(EX + "age"), Literal(42)),
    (URIRef(EX + "alice"), URIRef(EX + "motto"), Literal("Ça va", lang="fr")),
]
TRIPLES_2 = [(URIRef(EX + "bob"), URIRef(EX + "name"), Literal("Bob"))]


@pytest.fixture(params=["embedded", "remote"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    if request.param == "embedded":
        backend: Store = EmbeddedStore()
    else:
        backend = RemoteStore(request.getfixturevalue("oxigraph_server"))
        backend.update("CLEAR ALL")
    backend.replace_graph(G1, TRIPLES_1)
    backend.replace_graph(G2, TRIPLES_2)
    yield backend
    backend.close()


def _names(
    store: Store, sparql: str = "SELECT ?n WHERE { ?s <http://example.org/name> ?n }"
) -> list[str]:
    result = store.query(sparql)
    assert isinstance(result, SelectResult)
    return sorted(str(r["n"]) for r in result)


def test_graphs_and_len(store: Store) -> None:
    assert store.graphs() == [G1, G2]
    assert store.has_graph(G1) and not store.has_graph(EX + "nope")
    assert len(store) == 4


def test_union_default_graph_and_bindings(store: Store) -> None:
    assert _names(store) == ["Alice", "Bob"]
    result = store.query(
        "SELECT ?n WHERE { ?s <http://example.org/name> ?n }", {"s": URIRef(EX + "bob")}
    )
    assert isinstance(result, SelectResult) and [str(r["n"]) for r in result] == ["Bob"]
    # a bound literal is a term, never text: quotes cannot break out of it
    hostile = Literal('Bob" } UNION { ?s ?p ?n } #')
    result = store.query("SELECT ?s WHERE { ?s <http://example.org/name> ?n }", {"n": hostile})
    assert isinstance(result, SelectResult) and len(result) == 0


def test_terms_round_trip(store: Store) -> None:
    result = store.query("SELECT ?o WHERE { <http://example.org/alice> ?p ?o }")
    assert isinstance(result, SelectResult)
    assert {r["o"] for r in result} == {o for _, _, o in TRIPLES_1}
    assert store.query("ASK { ?s <http://example.org/age> 42 }") is True
    constructed = store.query("CONSTRUCT WHERE { ?s <http://example.org/name> ?o }")
    assert isinstance(constructed, list) and len(constructed) == 2


def test_literals_keep_their_lexical_form(store: Store) -> None:
    """A date's time zone and a number's written form come back as the store holds them."""
    result = store.query(
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT ?d ?t WHERE { "
        'BIND("2024-01-01Z"^^xsd:date AS ?d) BIND("2024-01-01T10:00:00+02:00"^^xsd:dateTime AS ?t) }'
    )
    assert isinstance(result, SelectResult)
    assert [str(result.rows[0]["d"]), str(result.rows[0]["t"])] == [
        "2024-01-01Z",
        "2024-01-01T10:00:00+02:00",
    ]


def test_replace_graph_replaces(store: Store) -> None:
    store.replace_graph(G1, [(URIRef(EX + "carol"), URIRef(EX + "name"), Literal("Carol"))])
    assert _names(store) == ["Bob", "Carol"]
    assert len(store) == 2


def test_drop_graph(store: Store) -> None:
    assert store.drop_graph(G2) is True
    assert store.drop_graph(G2) is False
    assert store.graphs() == [G1]


def test_quads_and_dump(store: Store) -> None:
    quads = sorted((str(s), str(p), str(o), str(g)) for s, p, o, g in store.quads())
    assert len(quads) == 4 and {q[3] for q in quads} == {G1, G2}
    buffer = io.BytesIO()
    store.dump(buffer, "nquads")
    assert len([line for line in buffer.getvalue().splitlines() if line.strip()]) == 4


def test_execute_with_dataset(store: Store) -> None:
    result = store.execute(
        "SELECT ?n WHERE { ?s <http://example.org/name> ?n }", dataset=Dataset((G2,))
    )
    assert [sol["n"].value for sol in result] == ["Bob"]  # type: ignore[union-attr]
    assert store.execute("ASK { ?s ?p 42 }") is True


def test_update_and_load(store: Store) -> None:
    store.update(
        'INSERT DATA { GRAPH <http://example.org/g3> { <http://example.org/d> <http://example.org/name> "Dee" } }'
    )
    assert _names(store) == ["Alice", "Bob", "Dee"]
    store.load(
        b'<http://example.org/e> <http://example.org/name> "Eve" .', "text/turtle", G2, replace=True
    )
    assert _names(store) == ["Alice", "Dee", "Eve"]
    store.load(
        b'<http://example.org/f> <http://example.org/name> "Fay" .', "application/n-triples", G2
    )
    assert _names(store) == ["Alice", "Dee", "Eve", "Fay"]
    with pytest.raises(InputError, match="cannot parse"):
        store.load(b"<http://example.org/e> <oops", "text/turtle", G2, replace=True)
    assert _names(store) == ["Alice", "Dee", "Eve", "Fay"]  # nothing lost


def test_errors(store: Store) -> None:
    with pytest.raises(QueryError):
        store.query("SELECT * WHERE {")
    with pytest.raises(ForbiddenOperation):
        store.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    with pytest.raises(ForbiddenOperation):
        store.update("LOAD <http://127.0.0.1:9/data.ttl>")


def test_knowledge_graph_on_both_stores_answers_the_same(oxigraph_server: str, nlp) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import ROOT

    remote = RemoteStore(oxigraph_server)
    remote.update("CLEAR ALL")
    article = ROOT / "examples"
    texts = sorted(article.glob("*.txt"))[:2]
    answers = []
    for backend in (EmbeddedStore(), remote):
        graph = KnowledgeGraph(backend, nlp=nlp)
        report = graph.ingest(texts)
        assert report.ok and len(report.ingested) == 2
        again = graph.ingest(texts)
        assert len(again.unchanged) == 2  # the content hash is read back from either store
        answers.append(
            (
                graph.stats(),
                [tuple(map(str, r.values())) for r in graph.run("roles")],
                [tuple(map(str, r.values())) for r in graph.run("entities")],
            )
        )
        graph.delete(graph.store.graphs()[0])
        assert len(graph.store.graphs()) == 1
        graph.close()
    embedded_answer, remote_answer = answers
    embedded_stats, remote_stats = embedded_answer[0], remote_answer[0]
    assert {k: v for k, v in embedded_stats.items() if k != "triples"} == {
        k: v for k, v in remote_stats.items() if k != "triples"
    }
    assert embedded_answer[1:] == remote_answer[1:]


@pytest.mark.parametrize(
    ("url", "env", "expected"),
    [
        (
            "http://h:7878",
            {},
            ("http://h:7878/query", "http://h:7878/update", "http://h:7878/store"),
        ),
        (
            "http://h:3030/ds/sparql",
            {},
            ("http://h:3030/ds/sparql", "http://h:3030/ds/update", "http://h:3030/ds/data"),
        ),
        ("https://n:8182/sparql", {}, ("https://n:8182/sparql", "https://n:8182/sparql", None)),
        (
            "http://q:7001/",
            {"KG_STORE_LAYOUT": "single"},
            ("http://q:7001/", "http://q:7001/", "http://q:7001/"),
        ),
        (
            "http://v/sparql",
            {"KG_STORE_GSP_URL": "http://v/crud"},
            ("http://v/sparql", "http://v/sparql", "http://v/crud"),
        ),
    ],
)
def test_endpoint_layouts(
    url: str, env: dict[str, str], expected: tuple, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[type-arg]
    from kg.store.remote import Endpoints

    for key in ("KG_STORE_LAYOUT", "KG_STORE_GSP_URL", "KG_STORE_UPDATE_URL"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    got = Endpoints.from_url(url)
    assert (got.query, got.update, got.graph_store) == expected


def test_credentials_never_stay_in_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.store.remote import _auth

    monkeypatch.setenv("KG_STORE_TOKEN", "t0ken")
    url, auth, headers = _auth("http://me:pw@h:7878/query")
    assert url == "http://h:7878/query" and auth is not None
    assert headers == {"Authorization": "Bearer t0ken"}


def test_unreachable_store_says_so() -> None:
    from kg.errors import StoreError
    from tests.conftest import free_port

    store = RemoteStore(f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreError, match="cannot reach the store"):
        store.graphs()


@pytest.mark.parametrize("how", ["replace_graph", "gsp_put"])
def test_readers_never_see_a_replaced_graph_missing_or_mixed(how: str) -> None:
    """Snapshot isolation in the embedded store: while a writer swaps an article graph again
    and again, every query sees the old version or the new one, whole."""
    import threading

    store = EmbeddedStore()
    versions = [
        [(URIRef(f"{EX}s{i}"), URIRef(EX + "v"), Literal(v)) for i in range(3000)] for v in range(2)
    ]
    store.replace_graph(G1, versions[0])
    seen: set[tuple[int, frozenset[str]]] = set()
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            result = store.query(
                "SELECT (COUNT(*) AS ?n) (SAMPLE(?o) AS ?v) (COUNT(DISTINCT ?o) AS ?k) "
                "WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                {"g": URIRef(G1)},
            )
            assert isinstance(result, SelectResult)
            rows = [(int(r["n"]), int(r["k"]), str(r["v"])) for r in result]
            seen.add((len(rows), frozenset(f"{n}/{k}" for n, k, _ in rows)))

    reader = threading.Thread(target=read)
    reader.start()
    payloads = [
        "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in version).encode()
        for version in versions
    ]
    for i in range(60):
        if how == "replace_graph":
            store.replace_graph(G1, versions[i % 2])
        else:  # what a Graph Store PUT does
            store.load(payloads[i % 2], "application/n-triples", G1, replace=True)
    stop.set()
    reader.join(timeout=10)
    assert seen == {(1, frozenset({"3000/1"}))}  # always one whole version
