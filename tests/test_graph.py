"""The KnowledgeGraph facade over the embedded store: ingest, idempotence, delete, export,
networkx, SHACL, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph, Literal

from kg import Article, KnowledgeGraph

ARTICLE = Article.from_parts(
    "Peru and Chile open border talks",
    "Peruvian Foreign Minister Ana Ruiz met Chilean officials in Lima on Tuesday.\n\n"
    '"We want a fair deal," Ruiz said.\n\n'
    "The customs agency stopped more than 1,500 trucks in March.",
    date="2024-04-10",
    url="https://example.org/news/peru-chile",
)


def fresh(nlp, path: Path | None = None) -> KnowledgeGraph:  # type: ignore[no-untyped-def]
    return KnowledgeGraph(KnowledgeGraph.open(path).store, nlp=nlp)


def test_reingest_is_a_noop(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    graph = fresh(nlp, tmp_path / "store")
    first = graph.ingest(ARTICLE)
    before = sorted(graph.store.quads())
    second = graph.ingest(ARTICLE)
    assert first.ingested and not second.ingested and second.unchanged == first.ingested
    assert sorted(graph.store.quads()) == before
    forced = graph.ingest(ARTICLE, force=True)
    assert forced.ingested and sorted(graph.store.quads()) == before
    graph.close()


def test_store_persists_on_disk(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    graph = fresh(nlp, tmp_path / "store")
    graph.ingest(ARTICLE)
    n = len(graph.store)
    graph.close()
    again = KnowledgeGraph.open(tmp_path / "store")
    assert len(again.store) == n > 0
    assert again.stats()["Article"] == 1
    again.close()


def test_changed_article_with_same_url_is_replaced(nlp) -> None:  # type: ignore[no-untyped-def]
    graph = fresh(nlp)
    graph.ingest(ARTICLE)
    changed = Article.from_parts(
        ARTICLE.title, "Chilean officials met in Santiago.", url=ARTICLE.url
    )
    report = graph.ingest(changed)
    assert report.ingested and graph.stats()["Article"] == 1
    assert graph.stats()["Quotation"] == 0


def test_delete_keeps_entities_other_articles_mention(nlp) -> None:  # type: ignore[no-untyped-def]
    graph = fresh(nlp)
    graph.ingest(ARTICLE)
    other = Article.from_parts("Chile votes", "Chilean voters went to the polls on Sunday.")
    graph.ingest(other)
    labels = lambda: {str(r["label"]) for r in graph.run("entities")}  # noqa: E731
    assert {"Peru", "Chile", "Ana Ruiz"} <= labels()
    graph.delete(ARTICLE.title)
    assert "Chile" in labels() and "Peru" not in labels() and "Ana Ruiz" not in labels()
    assert graph.stats()["Article"] == 1


def test_export_is_deterministic_and_parses(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outputs = []
    for i in range(2):
        graph = fresh(nlp)
        graph.ingest(ARTICLE)
        path = tmp_path / f"g{i}.ttl"
        graph.export(path, "turtle")
        outputs.append(path.read_bytes())
        nt = tmp_path / f"g{i}.nt"
        graph.export(nt, "nt")
        assert _values(Graph().parse(path)) == _values(Graph().parse(nt, format="nt"))
        trig = tmp_path / f"g{i}.trig"
        graph.export(trig, "trig")
        ds = Dataset()
        ds.parse(trig, format="trig")
        assert len(list(ds.graphs())) >= 2
        data = json.loads(graph._serialise("json-ld"))
        assert data
    assert outputs[0] == outputs[1]
    assert b"@prefix kg:" in outputs[0]


def _values(graph: Graph) -> set[tuple[object, object, object]]:
    """Triples compared by value (Turtle writes 1500 as 1500.0 for xsd:decimal)."""
    return {(s, p, o.toPython() if isinstance(o, Literal) else o) for s, p, o in graph}


def test_examples_conform_to_shapes(examples_graph: KnowledgeGraph) -> None:
    conforms, report = examples_graph.validate()
    assert conforms, report[:2000]


def test_seed_conforms_to_shapes(seed_graph: KnowledgeGraph) -> None:
    conforms, report = seed_graph.validate()
    assert conforms, report[:2000]


def test_shapes_catch_a_broken_graph(seed_graph: KnowledgeGraph) -> None:
    from kg.validation import validate_graph

    graph = seed_graph.union_graph()
    iso = next(graph.triples((None, graph.namespace_manager.expand_curie("kg:isoAlpha2"), None)))
    graph.remove(iso)
    conforms, _ = validate_graph(graph)
    assert not conforms


def test_to_networkx(seed_graph: KnowledgeGraph) -> None:
    g = seed_graph.to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    cu = "https://w3id.org/newskg/id/country/CU"
    assert g.nodes[cu]["type"] == "Country" and g.nodes[cu]["label"] == "Cuba"
    preds = {d["predicate"].rsplit("#", 1)[-1] for _, _, d in g.in_edges(cu, data=True)}
    assert {"requestedBy", "agent", "participant", "party", "about"} <= preds
    assert all(
        d["article"].startswith("https://w3id.org/newskg/id/article/")
        for *_, d in g.edges(data=True)
    )


def test_dataset_view(seed_graph: KnowledgeGraph) -> None:
    ds = seed_graph.dataset()
    assert len(list(ds.quads((None, None, None, None)))) == len(seed_graph.store)


def test_bad_inputs_are_reported_and_others_ingested(nlp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "good.txt").write_text("Chile votes\n\nChilean voters went to the polls.\n")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 news\n\nA story.".encode("latin-1"))
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"title": "One", "text": "Peru signed a deal."})
        + "\n{not json\n"
        + json.dumps({"title": "Two", "text": "Chile signed a deal."})
        + "\n"
    )
    graph = fresh(nlp)
    report = graph.ingest(tmp_path)
    assert len(report.ingested) == 3
    messages = " | ".join(m for _, m in report.failed)
    assert "empty.txt" in messages and "latin1.txt" in messages and "feed.jsonl:2" in messages
    assert len(report.failed) == 3


def test_query_bindings_are_not_pasted(seed_graph: KnowledgeGraph) -> None:
    hostile = '"} } DELETE WHERE { ?s ?p ?o } #'
    result = seed_graph.query(
        "SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }", label=hostile
    )
    assert len(result) == 0
    assert seed_graph.stats()["Country"] == 2


def test_article_triples_come_in_the_same_order_whatever_the_hash_seed() -> None:
    """The mapping lists triples as it writes them (no sort): nothing it walks may be a set,
    whose order changes with Python's string hashing from one process to the next."""
    script = (
        "from kg import KnowledgeGraph; from tests.test_graph import ARTICLE\n"
        "from kg.store._convert import ntriples\n"
        "g = KnowledgeGraph.open(None); _, t = g.analyse(ARTICLE); g.close()\n"
        "import sys; sys.stdout.buffer.write(ntriples(t))\n"
    )
    root = Path(__file__).resolve().parents[1]
    runs = [
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    ]
    assert runs[0].count(b"\n") > 50
    assert runs[0] == runs[1] == runs[2]
