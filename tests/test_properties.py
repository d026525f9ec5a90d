"""Property-based tests (hypothesis): whatever text comes in, the pipeline does not crash, the
graph it writes parses back and conforms to the SHACL shapes, and every minted IRI is valid."""

from __future__ import annotations

import re
from datetime import date

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef

from kg import Article, KnowledgeGraph
from kg.validation import validate_graph

# RFC 3987 forbids these in IRIs; pyoxigraph's parser agrees
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\\x00-\x1f]*$")

NAMES = st.text(
    alphabet=st.characters(categories=("Lu", "Ll", "Lo", "Mn", "Pd", "Po")),
    min_size=1,
    max_size=12,
)
WORDS = st.sampled_from(
    [
        "President", "Minister", "Foreign", "of", "the", "said", "met", "in", "on", "Monday",
        "agreement", "signed", "more than", "about", "%", "million", "migrants", "last year",
        "March", "2021", "Q3", "talks", "\"", "'", ",", ".", "\n", "\n\n", "—", "(", ")",
        "United States", "Cuba", "Côte d'Ivoire", "U.S.", "EU", "UN", "Reuters", "Dr.",
    ]
)  # fmt: skip
NUMBERS = st.integers(min_value=-(10**12), max_value=10**12).map(lambda n: f"{n:,}")
NEWSY = st.lists(st.one_of(WORDS, NAMES.map(str.title), NUMBERS), min_size=1, max_size=60).map(
    " ".join
)
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=400)


def _check(graph: KnowledgeGraph, text: str, published: date | None) -> None:
    article = Article.from_text(text, date=published, file_name="x.txt")
    if not article.text.strip():
        return
    _, triples = graph.analyse(article)
    rdf = Graph()
    for s, p, o in triples:
        for term in (s, p, o):
            assert not isinstance(term, BNode)
            if isinstance(term, URIRef):
                assert IRI.match(str(term)), f"invalid IRI {str(term)!r}"
                ox.NamedNode(str(term))  # pyoxigraph accepts it too
            else:
                assert isinstance(term, Literal)
        rdf.add((s, p, o))
    # the graph parses back from N-Triples, term for term
    data = rdf.serialize(format="nt", encoding="utf-8")
    assert len(Graph().parse(data=data, format="nt")) == len(rdf)
    conforms, report = validate_graph(rdf)
    assert conforms, report
    # offsets index into the stored text
    stored = str(next(o for s, p, o in triples if str(p).endswith("#text")))
    assert stored == article.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY_TEXT)
def test_arbitrary_unicode_never_breaks_the_graph(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    _check(KnowledgeGraph(KnowledgeGraph.open().store, nlp=nlp), text, None)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=NEWSY,
    body=st.lists(NEWSY, min_size=1, max_size=4).map("\n\n".join),
    published=st.one_of(
        st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
    ),
)
def test_newsy_text_gives_valid_conformant_graphs(
    nlp, title: str, body: str, published: date | None
) -> None:  # type: ignore[no-untyped-def]
    _check(KnowledgeGraph(KnowledgeGraph.open().store, nlp=nlp), f"{title}\n\n{body}", published)
