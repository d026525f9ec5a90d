"""Saved queries run by name are sorted by kg, not by the store, in the order SPARQL's
``ORDER BY`` gives: the same rows in the same order as the store sorting them itself."""

from __future__ import annotations

import io
from typing import Any

import pytest
from rdflib import RDF, RDFS, Literal, URIRef

from kg import KnowledgeGraph
from kg.queries import load_query, saved_queries
from kg.rdf import vocab as kg

ID = "https://w3id.org/newskg/id/"
#: labels whose order tells a correct sort from a careless one: case, accents, digits as
#: text ("10" before "9"), scripts past the Basic Multilingual Plane, a language tag
LABELS = ["zeta", "Zeta", "Élan", "elan", "10 Downing", "9 Elms", "Ωmega", "𝔄lpha", "ångström", ""]


@pytest.fixture(scope="module")
def graph(examples_graph: KnowledgeGraph) -> KnowledgeGraph:
    """The examples (a copy: the session's graph stays as it is) and people to sort."""
    data = io.BytesIO()
    examples_graph.store.dump(data, "nquads")
    graph = KnowledgeGraph.open()
    graph.import_dataset(io.BytesIO(data.getvalue()), "nquads")
    article = URIRef(ID + "article/order-test")
    triples = [(article, RDF.type, kg.Article)]
    for i, label in enumerate(LABELS):
        person = URIRef(f"{ID}person/order-{i}")
        triples += [(person, RDF.type, kg.Person), (person, RDFS.label, Literal(label))]
    place = URIRef(ID + "place/order-lang")
    triples += [(place, RDF.type, kg.Place), (place, RDFS.label, Literal("zeta", lang="de"))]
    graph.store.replace_graph(str(article), triples)
    return graph


def _params(graph: KnowledgeGraph, name: str) -> dict[str, str]:
    if not load_query(name).params:
        return {}
    rows = graph.run("entities").rows  # provenance and the like: the most mentioned country
    country = next(str(r["entity"]) for r in rows if str(r["entity"]).startswith(ID + "country/"))
    return {p.name: country for p in load_query(name).params}


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_kg_sorts_as_the_store_would(
    graph: KnowledgeGraph, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = load_query(name)
    bindings = saved.bind(dict(_params(graph, name)))
    sent: list[str] = []
    query = graph.store.query

    def spy(text: str, *args: Any, **kwargs: Any) -> Any:
        sent.append(text)
        return query(text, *args, **kwargs)

    monkeypatch.setattr(graph.store, "query", spy)
    ours = saved.run(graph.store, bindings)
    assert len(sent) == 1 and "ORDER BY" not in sent[0], f"{name}: sorted by kg, in one run"
    monkeypatch.undo()
    theirs = graph.store.query(saved.text, bindings)  # ORDER BY done by Oxigraph
    assert saved.order, f"{name}: ends in an ORDER BY of plain variables, so kg sorts it"
    assert ours.variables == theirs.variables  # type: ignore[union-attr]
    key = [tuple(r.get(v) for v in saved.order) for r in theirs]  # type: ignore[union-attr]
    assert [tuple(r.get(v) for v in saved.order) for r in ours] == key
    assert sorted(map(str, ours.rows)) == sorted(map(str, theirs))  # type: ignore[arg-type]
    if name == "entities":
        labels = [
            str(r["label"]) for r in ours if str(r["entity"]).startswith(ID + "person/order-")
        ]
        assert labels == sorted(LABELS)  # code point order, as Oxigraph's


def test_a_query_sorted_by_a_hidden_variable_is_left_to_the_store(
    graph: KnowledgeGraph, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "hidden.rq"
    path.write_text(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?s WHERE { ?s rdfs:label ?label }\nORDER BY ?label ?s\n",
        encoding="utf-8",
    )
    saved = load_query(str(path))
    assert saved.order == ("label", "s")
    rows = [str(r["s"]) for r in saved.run(graph.store, {})]
    assert rows == [str(r["s"]) for r in graph.store.query(saved.text)]  # type: ignore[union-attr]
