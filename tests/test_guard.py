"""The SPARQL guard: SERVICE/LOAD refused on tokens, USING injection, FROM honoured."""

from __future__ import annotations

import socket
import threading

import pytest

from kg.errors import InputError, QueryError
from kg.store import EmbeddedStore
from kg.store.base import Dataset, SelectResult
from kg.store.guard import (
    ForbiddenOperation,
    add_using,
    has_dataset_clause,
    keywords,
    refuse_network,
)


@pytest.mark.parametrize(
    "sparql",
    [
        "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * { service silent <http://x> { ?s ?p ?o } }",
        "SELECT * {\n  SeRvIcE\t?endpoint { ?s ?p ?o } }",
        "LOAD <http://example.org/data.ttl>",
        "load silent <http://x> into graph <http://g>",
        # '<' after an operand inside parentheses is less-than, not an IRI that hides the rest
        "ASK { BIND(<http://127.0.0.1:9/> AS ?x) FILTER(1<2)SERVICE?x#>\n{ ?s ?p ?o } }",
        "ASK { FILTER(?a<?b) SERVICE <http://x> {} }",
    ],
)
def test_network_keywords_are_found(sparql: str) -> None:
    with pytest.raises(ForbiddenOperation, match="not allowed"):
        refuse_network(sparql)


@pytest.mark.parametrize(
    "sparql",
    [
        'SELECT * { ?s ?p "SERVICE" }',
        "SELECT * { ?s ?p '''LOAD\nSERVICE''' }",
        "SELECT ?service { ?service ?p $load }",
        "SELECT * { ?s <http://example.org/service> ?o }",
        "PREFIX ex: <http://e/> SELECT * { ?s ex:service ex:LOAD . _:service ?p ?o }",
        "SELECT * { ?s ?p ?o } # SERVICE <http://x> in a comment",
        "SELECT * { ?s ?p ?o FILTER(?o IN (<http://a/service>, <http://b/load>)) }",
    ],
)
def test_keywords_inside_other_tokens_are_not_flagged(sparql: str) -> None:
    refuse_network(sparql)  # does not raise
    assert not keywords(sparql) & {"SERVICE", "LOAD"}


def test_add_using_only_touches_modify_operations() -> None:
    update = (
        "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o } ;\n"
        "DELETE WHERE { ?a ?b ?c } ;\n"
        "INSERT DATA { <http://a> <http://b> <http://c> }"
    )
    out = add_using(update, ["http://g1"], ["http://n1"])
    assert out.count("USING <http://g1> USING NAMED <http://n1> WHERE") == 1
    assert "DELETE WHERE { ?a ?b ?c }" in out and "INSERT DATA" in out
    with pytest.raises(QueryError, match="absolute IRI"):
        add_using(update, ["http://g> } ; DROP ALL ; INSERT DATA { <x"], [])


def test_dataset_clause_detection() -> None:
    assert has_dataset_clause("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert has_dataset_clause("DELETE { ?s ?p ?o } USING <http://g> WHERE { ?s ?p ?o }")
    assert not has_dataset_clause("INSERT DATA { <http://a> <http://b> 'with using' }")


@pytest.fixture()
def listener():  # type: ignore[no-untyped-def]
    """A socket on 127.0.0.1 that records whether anything connected to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sock.settimeout(1.5)
    connected: list[bool] = []

    def accept() -> None:
        try:
            conn, _ = sock.accept()
            connected.append(True)
            conn.close()
        except OSError:
            pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], connected, thread
    sock.close()


def test_store_refuses_service_and_load_without_connecting(listener) -> None:  # type: ignore[no-untyped-def]
    port, connected, thread = listener
    store = EmbeddedStore()
    with pytest.raises(ForbiddenOperation):
        store.query(f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}")
    with pytest.raises(ForbiddenOperation):
        store.execute(f"SELECT * {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}")
    with pytest.raises(ForbiddenOperation):
        store.update(f"LOAD <http://127.0.0.1:{port}/data.ttl>")
    thread.join(timeout=2)
    assert connected == []


def _store() -> EmbeddedStore:
    store = EmbeddedStore()
    store.load(b'<http://a> <http://p> "1" .', "application/n-triples", "http://g1")
    store.load(b"<http://b> <http://p> 2 .", "text/turtle", "http://g2")
    return store


def _subjects(result: object) -> set[str]:
    return {sol["s"].value for sol in result}  # type: ignore[attr-defined]


def test_union_default_graph_unless_the_query_or_request_names_a_dataset() -> None:
    store = _store()
    assert _subjects(store.execute("SELECT ?s { ?s ?p ?o }")) == {"http://a", "http://b"}
    assert _subjects(store.execute("SELECT ?s FROM <http://g2> { ?s ?p ?o }")) == {"http://b"}
    only_g1 = Dataset(default_graphs=("http://g1",))
    assert _subjects(store.execute("SELECT ?s { ?s ?p ?o }", dataset=only_g1)) == {"http://a"}
    # the protocol's dataset wins over the query's FROM
    assert _subjects(store.execute("SELECT ?s FROM <http://g2> { ?s ?p ?o }", dataset=only_g1)) == {
        "http://a"
    }
    result = store.query("SELECT ?s FROM <http://g1> WHERE { ?s ?p ?o }")
    assert isinstance(result, SelectResult) and [str(r["s"]) for r in result] == ["http://a"]


def test_update_with_using_dataset_and_conflict() -> None:
    store = _store()
    store.update(
        "INSERT { GRAPH <http://out> { ?s a <http://Seen> } } WHERE { ?s ?p ?o }",
        dataset=Dataset(default_graphs=("http://g2",)),
    )
    assert _subjects(store.execute("SELECT ?s { GRAPH <http://out> { ?s ?p ?o } }")) == {"http://b"}
    with pytest.raises(QueryError, match="USING or WITH"):
        store.update(
            "WITH <http://g1> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
            dataset=Dataset(default_graphs=("http://g2",)),
        )


def test_load_parse_error_keeps_the_graph() -> None:
    store = _store()
    with pytest.raises(InputError, match="cannot parse"):
        store.load(b"<http://c> <http://p> .", "text/turtle", "http://g1", replace=True)
    assert _subjects(store.execute("SELECT ?s { GRAPH <http://g1> { ?s ?p ?o } }")) == {"http://a"}
    store.load(b"<http://c> <http://p> 3 .", "text/turtle", "http://g1", replace=True)
    assert _subjects(store.execute("SELECT ?s { GRAPH <http://g1> { ?s ?p ?o } }")) == {"http://c"}
