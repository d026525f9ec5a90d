"""The ontology is the source of truth: the Python vocabulary is generated from it, the rules
name only its classes, and the public API is what __all__ says."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph

import kg
from kg.nlp.rules import ENTITY_CLASSES, load_rules
from kg.queries import saved_queries
from kg.rdf import vocab

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = [
    "Article",
    "Person",
    "Organization",
    "Country",
    "Place",
    "Agreement",
    "Policy",
    "Statistic",
    "Event",
    "Quotation",
    "Role",
]


def _gen():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_vocab", ROOT / "scripts" / "gen_vocab.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_vocab_is_generated_from_the_ontology() -> None:
    expected = _gen().render(ROOT / "ontology" / "kg.ttl")
    actual = (ROOT / "kg" / "rdf" / "vocab.py").read_text()
    assert actual == expected, "kg/rdf/vocab.py is stale: run `python scripts/gen_vocab.py`"


def test_required_classes_have_labels_and_comments() -> None:
    graph = Graph().parse(ROOT / "ontology" / "kg.ttl")
    for name in REQUIRED:
        iri = vocab.KG[name]
        assert (iri, RDF.type, OWL.Class) in graph, name
        assert graph.value(iri, RDFS.label) and graph.value(iri, RDFS.comment), name


def test_rules_name_only_ontology_classes() -> None:
    graph = Graph().parse(ROOT / "ontology" / "kg.ttl")
    for cls in {*ENTITY_CLASSES, *load_rules().entity_labels.values()}:
        assert (vocab.KG[cls], RDF.type, OWL.Class) in graph, cls


def test_saved_queries_have_summaries_and_contract_columns() -> None:
    queries = saved_queries()
    contract = {
        "entities": "entity type label",
        "roles": "person personLabel role for forLabel",
        "events": "event label participant participantLabel date topic",
        "agreements": "agreement label party partyLabel topic",
        "policies": "policy label agent agentLabel requester requesterLabel place placeLabel",
        "statistics": "statistic value bound counted about aboutLabel source sourceLabel start end period sentence",
        "quotes": "quote speaker speakerLabel text article",
        "relations": "subject subjectLabel predicate object objectLabel article confidence",
        "provenance": "fact article sentence start end",
    }
    for name, columns in contract.items():
        q = queries[name]
        assert q.summary
        assert " ".join(q.columns) == columns
        select = q.text.split("SELECT", 1)[1].split("WHERE", 1)[0]
        assert [w[1:] for w in select.split() if w.startswith("?")] == columns.split()
    assert [p.name for p in queries["provenance"].params] == ["entity"]


def test_public_api() -> None:
    for name in kg.__all__:
        assert hasattr(kg, name), name
    assert "KnowledgeGraph" in kg.__all__
    assert sorted(kg.__all__) == kg.__all__
