"""Acceptance of the foundation issue on the seed article, through the saved queries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kg import KnowledgeGraph

KGR = "https://w3id.org/newskg/id/"
US, CU = KGR + "country/US", KGR + "country/CU"


def rows(graph: KnowledgeGraph, name: str, **params: str) -> list[dict[str, str]]:
    return [
        {k: str(v) for k, v in row.items() if v is not None} for row in graph.run(name, **params)
    ]


def of_type(graph: KnowledgeGraph, cls: str) -> list[dict[str, str]]:
    return [r for r in rows(graph, "entities") if r["type"].endswith("#" + cls)]


def test_exactly_two_countries_with_iso_codes(seed_graph: KnowledgeGraph) -> None:
    countries = of_type(seed_graph, "Country")
    assert sorted(r["label"] for r in countries) == ["Cuba", "United States"]
    codes = seed_graph.query(
        "PREFIX kg: <https://w3id.org/newskg/ontology#> "
        "SELECT ?c ?iso ?wd WHERE { ?c kg:isoAlpha2 ?iso ; <http://www.w3.org/2002/07/owl#sameAs> ?wd }"
    )
    found = {str(r["c"]): (str(r["iso"]), str(r["wd"])) for r in codes}
    assert found == {
        US: ("US", "http://www.wikidata.org/entity/Q30"),
        CU: ("CU", "http://www.wikidata.org/entity/Q241"),
    }


def test_exactly_three_people(seed_graph: KnowledgeGraph) -> None:
    people = sorted(r["label"] for r in of_type(seed_graph, "Person"))
    assert people == ["Carlos Fernandez de Cossio", "Donald Trump", "Joe Biden"]


def test_organisations_are_whole_names(seed_graph: KnowledgeGraph) -> None:
    orgs = {r["label"] for r in of_type(seed_graph, "Organization")}
    assert "US Customs and Border Protection" in orgs
    assert "Border Patrol" in orgs
    assert any("Associated Press" in o for o in orgs)
    assert not orgs & {"US Customs", "Border Protection", "Customs"}


def test_roles(seed_graph: KnowledgeGraph) -> None:
    found = {(r["personLabel"], r["role"], r.get("forLabel")) for r in rows(seed_graph, "roles")}
    assert ("Carlos Fernandez de Cossio", "Deputy Foreign Minister", "Cuba") in found
    assert ("Joe Biden", "President", "United States") in found
    assert ("Donald Trump", "President", "United States") in found


def test_event_talks(seed_graph: KnowledgeGraph) -> None:
    events = [r for r in rows(seed_graph, "events") if "talks" in r["label"]]
    assert {r.get("participant") for r in events} >= {US, CU}
    assert "migration" in {r.get("topic") for r in events}


def test_agreement_parties(seed_graph: KnowledgeGraph) -> None:
    agreements = [r for r in rows(seed_graph, "agreements") if "agreement" in r["label"]]
    assert agreements
    by_agreement: dict[str, set[str]] = {}
    for r in agreements:
        by_agreement.setdefault(r["agreement"], set()).add(r.get("party", ""))
    assert any(parties >= {US, CU} for parties in by_agreement.values())


def test_two_policies(seed_graph: KnowledgeGraph) -> None:
    policies = rows(seed_graph, "policies")
    consular = [p for p in policies if "consular services" in p["label"]]
    flights = [p for p in policies if "resum" in p["label"] and "flights" in p["label"]]
    assert len(consular) == 1 and len(flights) == 1
    assert consular[0]["agent"] == US and consular[0]["requester"] == CU
    assert consular[0]["placeLabel"] == "Havana"
    assert flights[0]["agent"] == CU and flights[0]["requester"] == US


def test_statistics(seed_graph: KnowledgeGraph) -> None:
    stats = {r["value"]: r for r in rows(seed_graph, "statistics")}
    cubans = stats["79800"]
    assert cubans["bound"] == "min"
    assert cubans["about"] == CU
    assert "Customs and Border Protection" in cubans["sourceLabel"]
    assert cubans["period"] == "October through March"
    assert (cubans["start"], cubans["end"]) == ("2021-10-01", "2022-03-31")
    march = stats["209000"]
    assert march["bound"] == "min"
    assert march["sourceLabel"] == "Border Patrol"
    assert march["period"] == "March"


def test_quotations(seed_graph: KnowledgeGraph) -> None:
    quotes = [
        q
        for q in rows(seed_graph, "quotes")
        if q.get("speakerLabel") == "Carlos Fernandez de Cossio"
    ]
    assert len(quotes) >= 4
    for start in (
        "They seem committed",
        "These talks helped both of us",
        "They asked us to renew the flights",
        "We said we agree",
    ):
        assert any(q["text"].startswith(start) for q in quotes), start


def test_nothing_from_boilerplate(seed_graph: KnowledgeGraph, seed_text: str) -> None:
    labels = {r["label"] for r in rows(seed_graph, "entities")}
    assert not any("Route" in label for label in labels)
    boiler = [i for i, line in enumerate(seed_text.split("\n")) if line.startswith("READ MORE")]
    starts = []
    offset = 0
    for i, line in enumerate(seed_text.split("\n")):
        if i in boiler or line.strip() == "Route 6":
            starts.append((offset, offset + len(line)))
        offset += len(line) + 1
    mentions = seed_graph.query(
        "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> "
        "SELECT ?b WHERE { ?m nif:beginIndex ?b }"
    )
    for row in mentions:
        begin = int(str(row["b"]))
        assert not any(a <= begin < b for a, b in starts), begin


def test_provenance_offsets_slice_the_text(seed_graph: KnowledgeGraph, seed_text: str) -> None:
    checked = 0
    facts = seed_graph.query(
        """PREFIX kg: <https://w3id.org/newskg/ontology#>
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
        SELECT ?fact ?b ?e ?anchor ?sb ?se ?sentence WHERE {
          VALUES ?cls { kg:Statistic kg:Quotation kg:Role }
          ?fact a ?cls ; kg:evidence ?m .
          ?m nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?anchor ; kg:inSentence ?s .
          ?s nif:beginIndex ?sb ; nif:endIndex ?se ; nif:anchorOf ?sentence .
        }"""
    )
    for row in facts:
        b, e = int(str(row["b"])), int(str(row["e"]))
        sb, se = int(str(row["sb"])), int(str(row["se"]))
        assert seed_text[b:e] == str(row["anchor"])
        assert seed_text[sb:se] == str(row["sentence"])
        assert sb <= b < e <= se
        checked += 1
    assert checked >= 2 + 4 + 3


def test_provenance_query(seed_graph: KnowledgeGraph, seed_text: str) -> None:
    found = rows(seed_graph, "provenance", entity="country/CU")
    assert len(found) >= 5
    linked = {
        str(r["f"])
        for r in seed_graph.query(
            "SELECT ?f WHERE { ?f ?p ?e }", e="https://w3id.org/newskg/id/country/CU"
        )
    }
    assert {r["fact"] for r in found} <= linked | {CU}
    assert US not in {r["fact"] for r in found}
    for r in found:
        start, end = int(r["start"]), int(r["end"])
        assert r["sentence"] in seed_text and seed_text[start:end] in r["sentence"]


def test_without_date_periods_stay_text(shared: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    graph = KnowledgeGraph(KnowledgeGraph.open().store, nlp=nlp)
    graph.ingest(shared / "articles/us-cuba-migration-talks.txt")
    stats = {str(r["value"]): r for r in graph.run("statistics")}
    assert str(stats["79800"]["period"]) == "October through March"
    assert stats["79800"]["start"] is None


@pytest.mark.parametrize("reference", [date(2022, 4, 22)])
def test_date_resolution(shared: Path, nlp, reference: date) -> None:  # type: ignore[no-untyped-def]
    graph = KnowledgeGraph(KnowledgeGraph.open().store, nlp=nlp)
    graph.ingest(shared / "articles/us-cuba-migration-talks.txt", date=reference)
    stats = {str(r["value"]): r for r in graph.run("statistics")}
    assert str(stats["79800"]["start"]) == "2021-10-01"
    assert str(stats["79800"]["end"]) == "2022-03-31"


def test_classifier_adds_no_wrong_relation(seed_graph: KnowledgeGraph) -> None:
    """The article states none of the classifier's relations between the two countries, and
    no one in it lives in Cuba; whatever the classifier adds carries its confidence."""
    found = rows(seed_graph, "relations")
    learned = [r for r in found if "confidence" in r]
    assert not [r for r in found if {r["subject"], r["object"]} == {US, CU}]
    assert not [r for r in learned if r["predicate"].endswith("#livesIn") and r["object"] == CU]
    assert all(0.5 <= float(r["confidence"]) <= 1 for r in learned)
