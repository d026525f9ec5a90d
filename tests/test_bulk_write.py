"""The store's N-Triples write path (``EmbeddedStore.add_graphs``): bulk and transactional
writes store the same quads; a bulk write cut short leaves a graph that the next open drops."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from kg.errors import StoreError
from kg.store import EmbeddedStore
from kg.store._convert import ntriples, parse_ntriples
from kg.store.base import GraphData

EX = "http://example.org/"
HASH = URIRef("https://w3id.org/newskg/ontology#contentHash")


def article(n: int, extra: str = "") -> tuple[str, list[tuple[URIRef, URIRef, Literal | URIRef]]]:
    graph = f"{EX}article/{n}"
    a = URIRef(graph)
    return graph, [
        (a, URIRef(f"{EX}title"), Literal(f'Talks "{n}"\nin two lines\\ {extra}')),
        (a, URIRef(f"{EX}lang"), Literal("Grüße", lang="de")),
        (a, URIRef(f"{EX}words"), Literal(n)),
        (a, URIRef(f"{EX}mentions"), URIRef(f"{EX}person/ana-ruiz")),
        (a, HASH, Literal(f"hash-{n}{extra}")),
    ]


def data(n: int, extra: str = "") -> GraphData:
    graph, triples = article(n, extra)
    return GraphData(
        graph,
        ntriples([t for t in triples if t[1] != HASH]),
        ntriples([t for t in triples if t[1] == HASH]),
    )


def dump(store: EmbeddedStore) -> list[bytes]:
    out = io.BytesIO()
    store.dump(out, "nquads")
    return sorted(out.getvalue().splitlines())


def test_ntriples_round_trip_the_rdflib_terms() -> None:
    _, triples = article(1)
    assert sorted(parse_ntriples(ntriples(triples))) == sorted(triples)


@pytest.mark.parametrize("bad", ["no-scheme/x", "http://example.org/a b", "http://x/<y>"])
def test_an_invalid_iri_is_refused_before_anything_is_written(bad: str) -> None:
    with pytest.raises(ValueError, match="IRI"):
        ntriples([(URIRef(bad), URIRef(f"{EX}p"), Literal("o"))])


@pytest.mark.parametrize("bulk", [False, True])
def test_add_graphs_stores_what_replace_graphs_stores(bulk: bool) -> None:
    reference = EmbeddedStore()
    reference.replace_graphs(dict(article(n) for n in range(3)))
    store = EmbeddedStore()
    store.add_graphs([data(n) for n in range(3)], bulk=bulk)
    assert dump(store) == dump(reference)  # no writing marks left in the default graph
    # a graph that exists is replaced, not added to
    reference.replace_graphs(dict([article(1, "changed")]))
    store.add_graphs([data(1, "changed"), data(3)], bulk=bulk)
    reference.replace_graphs(dict([article(3)]))
    assert dump(store) == dump(reference)


@pytest.mark.parametrize("bulk", [False, True])
def test_invalid_data_writes_nothing(bulk: bool) -> None:
    store = EmbeddedStore()
    bad = GraphData(f"{EX}article/9", b'<http://example.org/a> <http://example.org/p> "x .\n')
    with pytest.raises(StoreError, match="invalid RDF"):
        store.add_graphs([data(1), bad], bulk=bulk)
    assert len(store) == 0 and store.graphs() == []


_CRASH = """
import os, sys
from kg.store import EmbeddedStore
from kg.store.base import GraphData

store = EmbeddedStore(sys.argv[1])
store.add_graphs([GraphData(sys.argv[2], sys.argv[3].encode(), sys.argv[4].encode())], bulk=True)


class DiesBeforeTheCommit:
    def __init__(self, inner):
        self.inner = inner

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def update(self, *args, **kwargs):
        os._exit(3)  # as if killed between the bulk load and the commit


store._store = DiesBeforeTheCommit(store._store)
store.add_graphs([GraphData(sys.argv[5], sys.argv[6].encode(), sys.argv[7].encode())], bulk=True)
"""


def test_a_graph_whose_bulk_write_was_cut_short_is_dropped_on_reopen(tmp_path: Path) -> None:
    path = tmp_path / "store"
    done, cut = data(1), data(2)
    args = [str(path), done.graph, done.body.decode(), done.marker.decode()]
    args += [cut.graph, cut.body.decode(), cut.marker.decode()]
    process = subprocess.run([sys.executable, "-c", _CRASH, *args], capture_output=True, timeout=60)
    assert process.returncode == 3, process.stderr.decode()[-2000:]

    raw = ox.Store(str(path))  # as the crash left it: the cut graph, without its marker
    cut_name = ox.NamedNode(cut.graph)
    assert raw.contains_named_graph(cut_name)
    assert not list(raw.quads_for_pattern(None, ox.NamedNode(str(HASH)), None, cut_name))
    del raw

    store = EmbeddedStore(path)
    try:
        assert store.recovered == [cut.graph]
        assert store.graphs() == [done.graph]
        reference = EmbeddedStore()
        reference.replace_graphs(dict([article(1)]))
        assert dump(store) == dump(reference)  # the finished graph whole, and no marks
    finally:
        store.close()
    assert EmbeddedStore(path).recovered == []
