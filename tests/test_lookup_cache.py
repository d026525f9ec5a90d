"""The entity search index is cached per store content and rebuilt after every write."""

from __future__ import annotations

from kg import KnowledgeGraph, lookup
from kg.store import EmbeddedStore

PERSON = b"""@prefix kg: <https://w3id.org/newskg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/newskg/id/person/%s> a kg:Person ; rdfs:label "%s" .
"""


def test_generation_counts_writes() -> None:
    store = EmbeddedStore()
    before = store.generation
    store.load(PERSON % (b"ana-ruiz", b"Ana Ruiz"), "text/turtle", "urn:x:g1")
    store.update("CLEAR SILENT GRAPH <urn:x:nothing>")
    store.drop_graph("urn:x:g1")
    assert store.generation == before + 3
    store.drop_graph("urn:x:g1")  # nothing changed, nothing counted
    assert store.generation == before + 3


def test_search_index_is_cached_and_invalidated(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    graph = KnowledgeGraph.open()
    graph.store.load(PERSON % (b"ana-ruiz", b"Ana Ru\xc3\xadz"), "text/turtle", "urn:x:g1")
    calls = 0
    real = lookup._select

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(lookup, "_select", counting)
    assert [h.label for h in lookup.search_entities(graph, "ruiz", "Person")] == ["Ana Ruíz"]
    first = calls
    assert [h.label for h in lookup.search_entities(graph, "ANA", "Person")] == ["Ana Ruíz"]
    assert calls == first  # served from the index
    graph.store.load(PERSON % (b"li-wei", b"Li Wei"), "text/turtle", "urn:x:g2")
    assert [h.label for h in lookup.search_entities(graph, None, "Person")] == [
        "Ana Ruíz",
        "Li Wei",
    ]
    assert calls > first  # rebuilt after the write
