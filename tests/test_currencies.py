"""Currencies as entities (kg.nlp.currencies) on hand-built parses: no model needed."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.articles import Article
from kg.eval.meantime import CLASS_TO_TYPE
from kg.nlp.currencies import currency_label
from kg.rdf import vocab as kg
from kg.rdf.mapping import article_triples, entity_iri
from kg.validation import validate_graph
from tests.test_rules_units import build, run

TEXT = (
    "The dollar rose against the yen and the Canadian dollar , but 5 dollars bought a pound "
    "of beef in the euro zone ."
)
TREE = (
    "det>1 nsubj>2 ROOT prep>2 det>5 pobj>3 cc>5 det>9 amod>9 conj>5 punct>2 cc>2 nummod>13 "
    "nsubj>14 conj>2 det>16 dobj>14 prep>16 pobj>17 prep>14 det>22 compound>22 pobj>19 punct>2"
)
TAGS = (
    "DET NOUN VERB ADP DET NOUN CCONJ DET ADJ NOUN PUNCT CCONJ NUM NOUN VERB DET NOUN ADP NOUN "
    "ADP DET NOUN NOUN PUNCT"
)


def test_a_currency_spoken_of_as_a_thing_of_its_own_is_an_entity() -> None:
    doc = run(build((TEXT, TREE, TAGS), ents=(("Canadian", "NORP"), ("5 dollars", "MONEY"))))
    found = [(e.text, e.kb_id_) for e in doc.ents if e.label_ == "CURRENCY"]
    # "the Canadian dollar" is Canada's; not the amount "5 dollars", the weight "a pound of
    # beef" nor the "euro" of "the euro zone"
    assert found == [
        ("dollar", "currency:USD"),
        ("yen", "currency:JPY"),
        ("dollar", "currency:CAD"),
    ]
    entities = doc._.kg_entities
    assert [entities[k].label for k in ("currency:USD", "currency:JPY", "currency:CAD")] == [
        "US Dollar",
        "Yen",
        "Canadian Dollar",
    ]
    assert CLASS_TO_TYPE[entities["currency:USD"].cls] == "FIN"  # MEANTIME's type
    # in the graph: a kg:Currency with its label, its DBpedia resource and its mentions
    graph = Graph()
    for triple in article_triples(Article(title="Markets", text=doc.text), doc)[1]:
        graph.add(triple)
    conforms, report = validate_graph(graph)
    assert conforms, report[:2000]
    usd = entity_iri("currency:USD")
    assert usd == URIRef("https://w3id.org/newskg/id/currency/USD")
    assert (usd, RDF.type, kg.Currency) in graph
    assert str(graph.value(usd, RDFS.label)) == "US Dollar"
    assert (usd, OWL.sameAs, URIRef("http://dbpedia.org/resource/United_States_dollar")) in graph


def test_a_currency_word_without_the_or_a_country_is_money_not_the_currency() -> None:
    text = "Investors moved dollars and sterling ."
    tree = "nsubj>1 ROOT dobj>1 cc>2 conj>2 punct>1"
    doc = run(build((text, tree, "NOUN VERB NOUN CCONJ NOUN PUNCT")))
    assert [(e.text, e.kb_id_) for e in doc.ents] == [("sterling", "currency:GBP")]
    assert currency_label("XYZ") == "XYZ"  # a code ISO 4217 does not know keeps itself


def test_a_headline_word_misread_as_a_name_is_the_currency_the_body_speaks_of() -> None:
    doc = run(
        build(
            "Dollar slides",
            (
                "The dollar fell 2% on Tuesday .",
                "det>1 nsubj>2 ROOT nummod>4 dobj>2 prep>2 pobj>5 punct>2",
                "DET NOUN VERB NUM NOUN ADP PROPN PUNCT",
            ),
            ents=(("Dollar", "PERSON"), ("2%", "PERCENT"), ("Tuesday", "DATE")),
        )
    )
    assert [(e.text, e.kb_id_) for e in doc.ents if e.label_ == "CURRENCY"] == [
        ("Dollar", "currency:USD"),
        ("dollar", "currency:USD"),
    ]
    assert not any(key.startswith("person:") for key in doc._.kg_entities)
    # the figure is about the currency that moved by it
    [fact] = doc._.kg_statistics
    assert (fact.value, fact.about) == (2, "currency:USD")
