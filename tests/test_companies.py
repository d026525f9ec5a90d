"""Listed companies and indices linked to DBpedia: the gazetteer read from
``pytickersymbols``, ``kg_entities`` on hand-built Docs, the ``owl:sameAs`` triples and their
shapes. All sentences are invented for these tests; the companies are real listed ones."""

from __future__ import annotations

import pytest
from rdflib import OWL, Graph
from spacy.tokens import Doc, Span

import kg.nlp.extensions  # noqa: F401  (registers the Doc._ extensions)
from kg.articles import Article
from kg.eval.meantime import same_thing, wikidata_names
from kg.ner.component import BASE_KEY, SPANS_KEY
from kg.nlp.companies import (
    Company,
    _load_companies,
    dbpedia_iri,
    load_companies,
    without_legal_form,
)
from kg.nlp.products import load_index_pages
from kg.nlp.rules import load_rules
from kg.rdf.mapping import article_triples
from kg.validation import validate_graph
from tests.test_products import ENTITIES, parse

RULES = load_rules()


def links(doc: Doc) -> dict[str, str | None]:
    """Entity key → its DBpedia resource."""
    return {key: ent.dbpedia for key, ent in doc._.kg_entities.items()}


def test_the_gazetteer_knows_a_company_by_each_of_its_names() -> None:
    companies = load_companies(RULES.legal_suffixes)
    apple = companies["Apple Inc."]
    assert apple.wikipedia == "Apple_Inc."
    assert apple.dbpedia == "http://dbpedia.org/resource/Apple_Inc."
    assert companies["Apple"] == apple  # without its legal form
    assert companies["Boeing"].wikipedia == "Boeing"
    assert companies["Ford Motor Company"].wikipedia == "Ford_Motor_Company"
    # a name two listed companies share (EQT AB, EQT Corporation) names neither
    assert "EQT" not in companies
    assert without_legal_form("Block, Inc.", RULES.legal_suffixes) == "Block"
    assert dbpedia_iri("S&P 500") == "http://dbpedia.org/resource/S&P_500"
    assert dbpedia_iri('A "B"') == "http://dbpedia.org/resource/A_%22B%22"
    assert (
        companies["Hermès"].dbpedia == "http://dbpedia.org/resource/Hermès"
    )  # as DBpedia writes it


def test_a_listed_company_is_linked_and_has_one_iri_for_all_its_names() -> None:
    doc = ENTITIES(
        parse(
            "Boeing will sell jets to Apple Inc. , and Apple said Northway Motors would fly them .",
            {(0, 1): "ORG", (5, 7): "ORG", (9, 10): "ORG", (11, 13): "ORG"},
        )
    )
    assert links(doc) == {
        "org:boeing": "http://dbpedia.org/resource/Boeing",
        "org:apple": "http://dbpedia.org/resource/Apple_Inc.",
        "org:northway-motors": None,  # not listed: no link
    }
    graph = Graph()
    for triple in article_triples(Article(title="Jets", text=doc.text), doc)[1]:
        graph.add(triple)
    same_as = {str(o) for o in graph.objects(None, OWL.sameAs)}
    assert same_as == {
        "http://dbpedia.org/resource/Boeing",
        "http://dbpedia.org/resource/Apple_Inc.",
    }
    conforms, report = validate_graph(graph)
    assert conforms, report


def test_the_articles_own_full_name_is_looked_up_not_the_short_one() -> None:
    """A short name where the article gives the full one ("Continental" after "Continental
    Airlines") is the airline, which is not listed; not Continental AG, listed as
    "Continental"."""
    doc = ENTITIES(
        parse(
            "Continental Airlines will buy jets . Continental said so .",
            {(0, 2): "ORG", (6, 7): "ORG"},
        )
    )
    assert links(doc) == {"org:continental-airlines": None}
    alone = ENTITIES(parse("Continental will buy tyres .", {(0, 1): "ORG"}))
    assert links(alone) == {"org:continental": "http://dbpedia.org/resource/Continental_AG"}


def test_a_listed_company_read_as_a_place_is_the_company_but_not_in_a_place() -> None:
    doc = ENTITIES(parse("Cisco sued the maker .", {(0, 1): "GPE"}))
    assert links(doc) == {"org:cisco": "http://dbpedia.org/resource/Cisco"}
    # "Dover" is a listed company's name too, but "in Dover" is the town
    town = ENTITIES(parse("The plant in Dover will close .", {(3, 4): "GPE"}))
    assert links(town) == {"place:dover": None}
    # and a country stays a country whatever a company is called
    country = ENTITIES(parse("Japan will buy jets .", {(0, 1): "GPE"}))
    assert list(links(country)) == ["country:JP"]


def test_an_index_is_linked_to_its_dbpedia_resource() -> None:
    doc = ENTITIES(parse("The Nikkei 225 fell 2 percent .", {}))
    assert links(doc) == {"index:nikkei-225": "http://dbpedia.org/resource/Nikkei_225"}
    assert load_index_pages()["Dow Jones Industrial Average"] == "Dow_Jones_Industrial_Average"


def test_a_listed_name_going_on_with_a_generic_word_is_the_company() -> None:
    doc = ENTITIES(
        parse(
            "Apple Computer sued Cisco Systems over Northway Computer . Airbus Group said so .",
            {(0, 2): "ORG", (3, 5): "ORG", (6, 8): "ORG", (9, 11): "ORG"},
        )
    )
    assert links(doc) == {
        "org:apple": "http://dbpedia.org/resource/Apple_Inc.",
        "org:cisco": "http://dbpedia.org/resource/Cisco",
        "org:northway-computer": None,  # the rest is not listed
        "org:airbus-group": None,  # a group is often a parent company of its own
    }


def test_a_listed_name_read_as_a_person_by_one_recogniser_is_the_company() -> None:
    doc = parse("Lockheed Martin will build the jets .", {(0, 2): "PERSON"})
    doc.spans[BASE_KEY] = [Span(doc, 0, 2, label="PERSON")]
    doc.spans[SPANS_KEY] = [Span(doc, 0, 2, label="ORG")]
    assert links(ENTITIES(doc)) == {
        "org:lockheed-martin": "http://dbpedia.org/resource/Lockheed_Martin"
    }
    # both read a person: one ("Hugo Boss" is a listed company and was a man)
    doc = parse("Hugo Boss founded the firm .", {(0, 2): "PERSON"})
    doc.spans[BASE_KEY] = [Span(doc, 0, 2, label="PERSON")]
    doc.spans[SPANS_KEY] = [Span(doc, 0, 2, label="PERSON")]
    assert links(ENTITIES(doc)) == {"person:hugo-boss": None}


def test_a_known_office_holder_is_linked_to_wikidata() -> None:
    doc = ENTITIES(
        parse(
            "Barack Obama met Ana Ruiz . Obama said so .",
            {(0, 2): "PERSON", (3, 5): "PERSON", (6, 7): "PERSON"},
        )
    )
    assert {key: ent.wikidata for key, ent in doc._.kg_entities.items()} == {
        "person:barack-obama": "Q76",
        "person:ana-ruiz": None,
    }
    graph = Graph()
    for triple in article_triples(Article(title="Talks", text=doc.text), doc)[1]:
        graph.add(triple)
    assert {str(o) for o in graph.objects(None, OWL.sameAs)} == {
        "http://www.wikidata.org/entity/Q76"
    }
    conforms, report = validate_graph(graph)
    assert conforms, report
    # the scorer's bridge from Wikidata items to DBpedia titles knows the name too
    assert same_thing("http://www.wikidata.org/entity/Q76", "Barack_Obama", wikidata_names())


def test_a_gazetteer_short_of_companies_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    import pytickersymbols

    stocks = [
        {"name": "Velo Corp.", "metadata": {"wikipedia_url": "https://en.wikipedia.org/wiki/Velo"}}
    ]
    monkeypatch.setattr(pytickersymbols.PyTickerSymbols, "get_all_stocks", lambda self: stocks)
    forms = frozenset({"corp.", "test-only"})  # a cache entry of this test's own
    with pytest.warns(UserWarning, match="kg expects 1000 or more"):
        companies = load_companies(forms)
    assert companies == {
        "Velo": Company("Velo Corp.", "Velo"),
        "Velo Corp.": Company("Velo Corp.", "Velo"),
    }
    _load_companies.cache_clear()
