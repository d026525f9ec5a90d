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


def test_one_rebuild_at_a_time_and_readers_do_not_queue(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading
    import time

    graph = KnowledgeGraph.open()
    graph.store.load(PERSON % (b"ana-ruiz", b"Ana Ruiz"), "text/turtle", "urn:x:g1")
    lookup.search_entities(graph, None, "Person")  # an index exists
    graph.store.load(PERSON % (b"li-wei", b"Li Wei"), "text/turtle", "urn:x:g2")  # now stale
    builds = 0
    real = lookup._build_index

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal builds
        builds += 1
        time.sleep(0.5)
        return real(*args, **kwargs)

    monkeypatch.setattr(lookup, "_build_index", slow)
    results: list[tuple[float, int]] = []

    def search() -> None:
        started = time.monotonic()
        hits = lookup.search_entities(graph, None, "Person")
        results.append((time.monotonic() - started, len(hits)))

    threads = [threading.Thread(target=search) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert builds == 1
    quick = [n for elapsed, n in results if elapsed < 0.25]
    assert len(quick) >= 15 and set(quick) == {1}  # the others got the previous index at once
    assert [h.label for h in lookup.search_entities(graph, None, "Person")] == [
        "Ana Ruiz",
        "Li Wei",
    ]
