"""Saved queries answer each fact once, with the labels of the article that states it.

Every article graph repeats the type and label of each entity it mentions, and the store's
default graph is the union (a multiset) of the article graphs. A saved query that joined a
fact with its entities' labels across that union would return one row per (article that
labels the entity) — wrong rows when articles label an entity differently, and a cost that
grows with the square of the corpus. These graphs are written by hand so that the two
articles label the same entities differently.
"""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg import KnowledgeGraph
from kg.rdf import vocab as kg
from kg.rdf.mapping import NIF

ID = "https://w3id.org/newskg/id/"
A, B = URIRef(ID + "article/aaaa"), URIRef(ID + "article/bbbb")
PERSON, ORG, COUNTRY = (
    URIRef(ID + "person/ana-sol"),
    URIRef(ID + "organization/statistics-office"),
    URIRef(ID + "country/CU"),
)


def _article(graph: URIRef, person: str, org: str, country: str) -> list[tuple[Node, Node, Node]]:
    """An article graph that labels the three shared entities its own way."""
    return [
        (graph, RDF.type, kg.Article),
        (PERSON, RDF.type, kg.Person),
        (PERSON, RDFS.label, Literal(person)),
        (ORG, RDF.type, kg.Organization),
        (ORG, RDFS.label, Literal(org)),
        (COUNTRY, RDF.type, kg.Country),
        (COUNTRY, RDFS.label, Literal(country)),
    ]


def _facts(graph: URIRef) -> list[tuple[Node, Node, Node]]:
    """One fact of each kind, stated in ``graph`` only."""
    sentence, mention = URIRef(graph + "/sentence/0"), URIRef(graph + "/mention/0")
    stat, policy = URIRef(graph + "/statistic/1"), URIRef(graph + "/policy/1")
    event, agreement = URIRef(graph + "/event/1"), URIRef(graph + "/agreement/1")
    quote = URIRef(graph + "/quotation/1")
    return [
        (sentence, NIF.anchorOf, Literal("A sentence.")),
        (mention, kg.inSentence, sentence),
        (mention, kg.inArticle, graph),
        (stat, RDF.type, kg.Statistic),
        (stat, kg.value, Literal("2.4", datatype=XSD.decimal)),
        (stat, kg.bound, Literal("exact")),
        (stat, kg.evidence, mention),
        (stat, kg.about, COUNTRY),
        (stat, kg.source, ORG),
        (policy, RDF.type, kg.Policy),
        (policy, RDFS.label, Literal("opening the border")),
        (policy, kg.agent, COUNTRY),
        (policy, kg.requestedBy, PERSON),
        (event, RDF.type, kg.Event),
        (event, RDFS.label, Literal("talks")),
        (event, kg.participant, COUNTRY),
        (agreement, RDF.type, kg.Agreement),
        (agreement, RDFS.label, Literal("an accord")),
        (agreement, kg.party, COUNTRY),
        (quote, RDF.type, kg.Quotation),
        (quote, kg.quoteText, Literal("We will talk.")),
        (quote, kg.evidence, mention),
        (quote, kg.speaker, PERSON),
        (PERSON, kg.worksFor, ORG),
    ]


@pytest.fixture(scope="module")
def graph() -> KnowledgeGraph:
    g = KnowledgeGraph.open()
    g.store.replace_graphs(
        {
            str(A): _article(A, "Ana Sol", "National Statistics Office", "Cuba") + _facts(A),
            str(B): _article(B, "Sol", "the statistics office", "Republic of Cuba"),
        }
    )
    return g


@pytest.mark.parametrize(
    ("name", "columns"),
    [
        ("statistics", ("aboutLabel", "sourceLabel")),
        ("policies", ("agentLabel", "requesterLabel")),
        ("events", ("participantLabel",)),
        ("agreements", ("partyLabel",)),
        ("quotes", ("speakerLabel",)),
    ],
)
def test_a_fact_comes_once_with_its_own_articles_labels(
    graph: KnowledgeGraph, name: str, columns: tuple[str, ...]
) -> None:
    rows = graph.run(name).rows
    assert len(rows) == 1, rows
    labels = {str(rows[0][c]) for c in columns}
    assert labels <= {"Ana Sol", "National Statistics Office", "Cuba"}, labels


def test_relations_use_the_stating_articles_labels(graph: KnowledgeGraph) -> None:
    rows = [r for r in graph.run("relations").rows if r["predicate"] == kg.worksFor]
    assert [(str(r["subjectLabel"]), str(r["objectLabel"]), r["article"]) for r in rows] == [
        ("Ana Sol", "National Statistics Office", A)
    ]
