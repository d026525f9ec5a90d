"""The scorers of ``kg eval`` on tiny hand-made gold/prediction pairs (no model, no data)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import OWL, RDF, Literal, URIRef
from rdflib.term import Node

from kg.eval.conll04 import (
    ConllSentence,
    RelationTuple,
    bilou_spans,
    predicted_relations,
    score_conll04,
)
from kg.eval.meantime import (
    GoldEntity,
    GoldParticipant,
    GoldTimex,
    GoldValue,
    MeantimeDoc,
    dbpedia_title,
    number_value,
    read_document,
    same_thing,
    score_meantime,
)
from kg.eval.predictions import (
    EntityMention,
    ParticipantLink,
    Predicted,
    Relation,
    TimexMention,
    ValueMention,
    clock_value,
    duration_value,
    read_predictions,
    timex_value,
)
from kg.eval.scoring import Tally, b_cubed, match, prf
from kg.eval.text import detokenize
from kg.rdf import vocab as kg
from kg.rdf.mapping import NIF, TIME

# -- P/R/F1 -----------------------------------------------------------------------------------


def test_prf_perfect_partial_and_empty() -> None:
    assert prf(3, 3, 3).as_dict() == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "gold": 3,
        "predicted": 3,
    }
    partial = prf(1, 4, 2)
    assert (partial.precision, partial.recall) == (0.5, 0.25)
    assert partial.f1 == pytest.approx(2 * 0.5 * 0.25 / 0.75)
    nothing_predicted = prf(0, 5, 0)
    assert (nothing_predicted.precision, nothing_predicted.recall, nothing_predicted.f1) == (
        0,
        0,
        0,
    )
    nothing_to_find = prf(0, 0, 4)
    assert (nothing_to_find.precision, nothing_to_find.recall, nothing_to_find.f1) == (0, 0, 0)
    assert prf(0, 0, 0).f1 == 1.0  # nothing to find and nothing claimed


def test_match_is_one_to_one_and_maximum() -> None:
    def ok(g: tuple[int, int], p: tuple[int, int]) -> bool:
        return g[0] < p[1] and p[0] < g[1]

    # one prediction overlapping two gold spans is credited once
    assert len(match([(0, 5), (3, 8)], [(2, 6)], ok)) == 1
    # a greedy first choice would leave gold 1 unmatched; augmenting paths find both
    gold = [(0, 10), (8, 9)]
    pred = [(8, 9), (0, 3)]
    assert match(gold, pred, ok) == [(0, 1), (1, 0)]
    assert match([], pred, ok) == [] and match(gold, [], ok) == []


def test_tally_sums_documents() -> None:
    tally = Tally()
    tally.add_matched(["a", "b"], ["a", "c"], lambda g, p: g == p)
    tally.add_matched(["d"], [], lambda g, p: g == p)
    assert (tally.gold, tally.predicted, tally.correct) == (3, 2, 1)
    assert tally.score().recall == pytest.approx(1 / 3)


# -- B³ -----------------------------------------------------------------------------------------


def test_b_cubed_perfect_merged_split_and_empty() -> None:
    key = {1: "A", 2: "A", 3: "B"}
    assert b_cubed(key, {1: "x", 2: "x", 3: "y"}).f1 == 1.0
    merged = b_cubed(key, {1: "x", 2: "x", 3: "x"})
    assert merged.recall == 1.0 and merged.precision == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)
    split = b_cubed(key, {1: "x", 2: "y", 3: "z"})
    assert split.precision == 1.0 and split.recall == pytest.approx((1 / 2 + 1 / 2 + 1) / 3)
    assert b_cubed({}, {}).f1 == 1.0
    missed = b_cubed(key, {})
    assert (missed.f1, missed.gold, missed.predicted) == (0.0, 3, 0)


def test_b_cubed_scores_only_mentions_both_sides_have() -> None:
    score = b_cubed({1: "A", 2: "A", 3: "B"}, {1: "x", 2: "x", 9: "x"})
    assert score.f1 == 1.0 and (score.gold, score.predicted) == (3, 2)


# -- text, numbers, dates -----------------------------------------------------------------------


def test_detokenize_keeps_token_offsets() -> None:
    lines = [["Title", "here"], ["He", "said", '"', "yes", '"', ",", "paid", "US$", "5", "."]]
    text, spans = detokenize(lines)
    assert text == "Title here\nHe said “yes”, paid US$5."
    tokens = [t for line in lines for t in line]
    for token, (start, end) in zip(tokens, spans, strict=True):
        shown = text[start:end]
        assert shown == token or (token == '"' and shown in "“”")
    assert detokenize([["``", "Hi", "''", "(", "x", ")", "it", "'s"]])[0] == "“Hi” (x) it's"


def test_number_value_reads_digits_words_and_scales() -> None:
    assert number_value("$ 30 billion") == Decimal(30_000_000_000)
    assert number_value("GB # 12.5 billion") == Decimal("12500000000")
    assert number_value("twenty-two") == 22
    assert number_value("six percent") == 6
    assert number_value("more than 120 points") == 120
    assert number_value("8,123.45") == Decimal("8123.45")
    assert number_value("millions of dollars") is None


def test_timex_value_of_calendar_intervals() -> None:
    assert timex_value(date(2008, 10, 15), date(2008, 10, 15)) == "2008-10-15"
    assert timex_value(date(2008, 2, 1), date(2008, 2, 29)) == "2008-02"
    assert timex_value(date(2008, 1, 1), date(2008, 12, 31)) == "2008"
    assert timex_value(date(2009, 10, 1), date(2009, 12, 31)) == "2009-Q4"
    assert timex_value(date(2021, 10, 1), date(2022, 3, 31)) is None
    assert timex_value(date(2022, 4, 11), date(2022, 4, 17)) == "2022-W15"  # Monday to Sunday
    assert timex_value(date(2021, 1, 4), date(2021, 1, 10)) == "2021-W01"  # ISO week year
    assert timex_value(date(2022, 4, 12), date(2022, 4, 18)) is None  # seven days, not a week
    assert timex_value(date(2022, 4, 23), date(2022, 4, 24)) == "2022-W16-WE"  # its weekend
    assert timex_value(date(1990, 1, 1), date(1999, 12, 31)) == "199"
    assert timex_value(date(2009, 7, 1), date(2009, 12, 31)) == "2009-H2"


def test_timex_value_of_durations_and_clock_times() -> None:
    assert duration_value("2", "Y") == "P2Y"
    assert duration_value("2.5", "Y") == "P2.5Y"
    assert duration_value("6", "M") == "P6M"
    assert duration_value("3", "W") == "P3W"
    assert duration_value("10", "D") == "P10D"
    assert duration_value("75", "TH") == "PT75H"
    assert duration_value("30", "TM") == "PT30M"
    assert duration_value(None, "Y") == "PXY"  # "several years"
    assert clock_value("2022-04-22T18:00:00Z") == "2022-04-22T18:00Z"
    assert clock_value("2022-04-22T18:00:00+02:00") is None


def test_dbpedia_links_and_wikidata_bridge() -> None:
    assert dbpedia_title("http://dbpedia.org/page/Acme_Corp.") == "Acme_Corp."
    assert dbpedia_title("http://example.org/x") is None
    names = {"http://www.wikidata.org/entity/Q30": frozenset({"united states", "us"})}
    assert same_thing("http://www.wikidata.org/entity/Q30", "United_States", names)
    assert not same_thing("http://www.wikidata.org/entity/Q30", "Georgia_(U.S._state)", names)
    assert same_thing("http://dbpedia.org/resource/France", "France", names)


def test_bilou_spans() -> None:
    assert bilou_spans(["U-Peop", "O", "B-Loc", "I-Loc", "L-Loc"]) == [
        (0, 1, "Peop"),
        (2, 5, "Loc"),
    ]
    assert bilou_spans(["B-Org", "I-Org", "O"]) == [(0, 2, "Org")]  # unterminated: closed
    assert bilou_spans([]) == []


# -- MEANTIME -------------------------------------------------------------------------------------

TEXT = "Acmeco sells jets\nOctober 15, 2007\nAcmeco sold 5 jets to Zenith in Paris today."
#       0         1          2         3         4         5         6         7
#       0123456789012345678901234567890123456789012345678901234567890123456789012345678901


def _doc(**gold: object) -> MeantimeDoc:
    fields: dict[str, object] = {
        "doc_id": "1",
        "name": "doc",
        "url": None,
        "text": TEXT,
        "date": date(2007, 10, 15),
        "annotated_end": len(TEXT),
        "entities": (),
        "values": (),
        "timexes": (),
        "participants": (),
    }
    fields.update(gold)
    return MeantimeDoc(**fields)  # type: ignore[arg-type]


def _pred(**items: object) -> Predicted:
    fields: dict[str, object] = {
        "entities": (),
        "values": (),
        "timexes": (),
        "participants": (),
        "relations": (),
        "same_as": {},
    }
    fields.update(items)
    return Predicted(**fields)  # type: ignore[arg-type]


SENT = (35, 79)
GOLD_ENTITIES = (
    GoldEntity((0, 6), "ORG", "ORG1", "Acmeco"),
    GoldEntity((35, 41), "ORG", "ORG1", "Acmeco"),
    GoldEntity((57, 63), "ORG", "ORG2", None),
    GoldEntity((67, 72), "LOC", "LOC1", "Paris"),
)
PRED_ENTITIES = (
    EntityMention((0, 6), "Organization", "kg:acmeco", (0, 17)),
    EntityMention((35, 41), "Organization", "kg:acmeco", SENT),
    EntityMention((57, 63), "Organization", "kg:zenith", SENT),
    EntityMention((67, 72), "Place", "kg:paris", SENT),
)


def test_meantime_perfect_run() -> None:
    doc = _doc(
        entities=GOLD_ENTITIES,
        values=(GoldValue((47, 48), "QUANTITY", Decimal(5)),),
        timexes=(GoldTimex((73, 78), "DATE", "2007-10-15"),),
        participants=(GoldParticipant((42, 46), (35, 41), "Arg0"),),
    )
    pred = _pred(
        entities=PRED_ENTITIES,
        values=(ValueMention((47, 48), Decimal(5), None),),
        timexes=(TimexMention((73, 78), "today", "2007-10-15"),),
        participants=(ParticipantLink((42, 46), (35, 41), "Arg0"),),
        same_as={"kg:paris": frozenset({"http://dbpedia.org/resource/Paris"})},
    )
    scores = score_meantime([doc], [pred])
    assert list(scores) == [
        "entities",
        "entities_lenient",
        "entities_names",
        "values",
        "timex",
        "participants",
        "crossdoc",
        "linking",
    ]
    for name, score in scores.items():
        assert score.f1 == 1.0 or name == "linking", name
    linking = scores["linking"]  # three gold mentions with a DBpedia link, kg linked one
    assert (linking.gold, linking.predicted, linking.precision) == (3, 1, 1.0)
    assert linking.recall == pytest.approx(1 / 3)


def test_meantime_empty_prediction_and_empty_gold() -> None:
    gold = _doc(entities=GOLD_ENTITIES, values=(GoldValue((47, 48), "QUANTITY", Decimal(5)),))
    scores = score_meantime([gold], [_pred()])
    assert scores["entities"].recall == 0.0 and scores["entities"].gold == 4
    assert scores["values"].f1 == 0.0
    assert scores["crossdoc"].f1 == 0.0 and scores["crossdoc"].predicted == 0
    assert scores["timex"].f1 == 1.0  # nothing to find, nothing claimed
    nothing = score_meantime([_doc()], [_pred(entities=PRED_ENTITIES)])
    assert nothing["entities"].precision == 0.0 and nothing["entities"].predicted == 4


def test_meantime_spans_types_values_and_region() -> None:
    doc = _doc(
        entities=GOLD_ENTITIES[1:],
        values=(GoldValue((47, 53), "QUANTITY", Decimal(5)),),  # "5 jets"
    )
    pred = _pred(
        entities=(
            EntityMention((35, 46), "Organization", "kg:x", SENT),  # too long: lenient only
            EntityMention((57, 63), "Person", "kg:zenith", SENT),  # wrong type
            EntityMention((67, 72), "Country", "kg:paris", SENT),  # Country is LOC
        ),
        values=(ValueMention((47, 48), Decimal(6), None),),  # overlaps, wrong value
    )
    scores = score_meantime([doc], [pred])
    assert scores["entities"].precision == pytest.approx(1 / 3)
    assert scores["entities_lenient"].precision == pytest.approx(2 / 3)
    assert scores["values"].f1 == 0.0
    # only the title and the dateline annotated: kg's mentions after them are not scored
    outside = _doc(entities=GOLD_ENTITIES[:1], annotated_end=SENT[0])
    counted = score_meantime([outside], [_pred(entities=PRED_ENTITIES)])["entities"]
    assert (counted.predicted, counted.precision) == (1, 1.0)


def test_meantime_entities_score_extents_and_names_score_names() -> None:
    # gold "the Acmeco" (31-41) and "Paris" (67-72); kg names "Acmeco" and "Paris", the first
    # extended to the phrase it heads, the second its own extent
    doc = _doc(entities=(GoldEntity((31, 41), "ORG", None, None), GOLD_ENTITIES[3]))
    pred = _pred(
        entities=(PRED_ENTITIES[1], PRED_ENTITIES[3]),
        extents={(35, 41): (31, 41)},
    )
    scores = score_meantime([doc], [pred])
    assert scores["entities"].f1 == 1.0
    assert scores["entities_lenient"].f1 == 1.0
    names = scores["entities_names"]  # "Acmeco" alone is not the gold span
    assert (names.precision, names.recall) == (0.5, 0.5)


def test_meantime_a_described_name_is_scored_at_its_extent_and_alone() -> None:
    # gold marks "the Acmeco" (31-41) and "Acmeco" (35-41) inside it; kg's one mention of
    # "Acmeco" scores at both when its extent has a descriptor before the name
    doc = _doc(entities=(GoldEntity((31, 41), "ORG", None, None), GOLD_ENTITIES[1]))
    plain = _pred(entities=(PRED_ENTITIES[1],), extents={(35, 41): (31, 41)})
    described = replace(plain, described=frozenset({(35, 41)}))
    assert score_meantime([doc], [plain])["entities"].recall == 0.5
    both = score_meantime([doc], [described])["entities"]
    assert (both.recall, both.precision, both.predicted) == (1.0, 1.0, 2)


def test_meantime_a_mention_the_gold_leaves_untyped_is_neither_right_nor_wrong() -> None:
    # gold: "Acmeco" (35-41) named; "Zenith" (57-63) a mention with no syntactic type
    doc = _doc(entities=(GOLD_ENTITIES[1],), unmarked=frozenset({(57, 63), (64, 72)}))
    pred = _pred(entities=PRED_ENTITIES[1:])  # Acmeco, Zenith, and Paris (67-72)
    scores = score_meantime([doc], [pred])
    # Zenith is not scored; Paris only overlaps an unmarked mention ("in Paris") and is wrong
    for name in ("entities", "entities_lenient", "entities_names"):
        got = scores[name]
        assert (got.predicted, got.precision, got.gold) == (2, 0.5, 1), name


def test_meantime_products_and_indices_are_pro_and_fin() -> None:
    doc = _doc(
        entities=(GoldEntity((0, 6), "PRO", None, None), GoldEntity((35, 41), "FIN", None, None))
    )
    pred = _pred(
        entities=(
            EntityMention((0, 6), "Product", "kg:p", (0, 17)),
            EntityMention((35, 41), "FinancialIndex", "kg:i", SENT),
        )
    )
    assert score_meantime([doc], [pred])["entities"].f1 == 1.0


def test_meantime_crossdoc_counts_identity_across_articles() -> None:
    a = _doc(doc_id="a", entities=GOLD_ENTITIES[:2])
    b = _doc(doc_id="b", entities=(GoldEntity((0, 6), "ORG", "ORG1", None),))
    split = _pred(entities=(EntityMention((0, 6), "Organization", "kg:acmeco-inc", (0, 17)),))
    scores = score_meantime([a, b], [_pred(entities=PRED_ENTITIES[:2]), split])
    assert scores["crossdoc"].precision == 1.0
    assert scores["crossdoc"].recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3) / 3)


CAT = """<?xml version="1.0" ?>
<Document doc_id="7" doc_name="7_Test" lang="en" url="http://example.org/7">
<token number="0" sentence="0" t_id="1">Acme</token>
<token number="1" sentence="0" t_id="2">grows</token>
<token number="2" sentence="1" t_id="3">March</token>
<token number="3" sentence="1" t_id="4">01</token>
<token number="4" sentence="1" t_id="5">,</token>
<token number="5" sentence="1" t_id="6">2008</token>
<token number="6" sentence="2" t_id="7">The</token>
<token number="7" sentence="2" t_id="8">firm</token>
<token number="8" sentence="2" t_id="9">Acme</token>
<token number="9" sentence="2" t_id="10">hired</token>
<token number="10" sentence="2" t_id="11">five</token>
<token number="11" sentence="2" t_id="12">people</token>
<token number="12" sentence="2" t_id="13">in</token>
<token number="13" sentence="2" t_id="14">May</token>
<token number="14" sentence="2" t_id="15">.</token>
<Markables>
<ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="1"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="2" syntactic_type="NAM"><token_anchor t_id="9"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="3" syntactic_type="NOM"><token_anchor t_id="7"/><token_anchor t_id="8"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="4" syntactic_type="NAM"><token_anchor t_id="12"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="9" syntactic_type=""><token_anchor t_id="7"/><token_anchor t_id="8"/><token_anchor t_id="9"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="10"><token_anchor t_id="1"/></ENTITY_MENTION>
<EVENT_MENTION m_id="5" pred="hire"><token_anchor t_id="10"/></EVENT_MENTION>
<VALUE m_id="6" type="QUANTITY"><token_anchor t_id="11"/></VALUE>
<TIMEX3 m_id="7" type="DATE" value="2008-03-01" functionInDocument="CREATION_TIME"><token_anchor t_id="3"/><token_anchor t_id="4"/><token_anchor t_id="5"/><token_anchor t_id="6"/></TIMEX3>
<TIMEX3 m_id="8" type="DATE" value="2008-05" functionInDocument="NONE"><token_anchor t_id="14"/></TIMEX3>
<ENTITY m_id="20" ent_type="ORG" instance_id="ORG9" external_ref="http://dbpedia.org/page/Acme" TAG_DESCRIPTOR="Acme"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="1"/><source m_id="2"/><source m_id="3"/><target m_id="20"/></REFERS_TO>
<HAS_PARTICIPANT r_id="2" sem_role="Arg0" sem_role_framework="PROPBANK"><source m_id="5"/><target m_id="2"/></HAS_PARTICIPANT>
<HAS_PARTICIPANT r_id="3" sem_role="Arg1" sem_role_framework="PROPBANK"><source m_id="5"/><target m_id="3"/></HAS_PARTICIPANT>
</Relations>
</Document>
"""


def test_read_cat_document(tmp_path: Path) -> None:
    path = tmp_path / "7_Test.xml"
    path.write_text(CAT, encoding="utf-8")
    doc = read_document(path)
    assert doc.text == "Acme grows\nMarch 01, 2008\nThe firm Acme hired five people in May."
    assert doc.date == date(2008, 3, 1) and doc.annotated_end == len(doc.text)
    spans = [doc.text[e.span[0] : e.span[1]] for e in doc.entities]
    assert spans == ["Acme", "Acme"]  # the nominal is not a name; "people" has no type
    # a mention with no syntactic type is unmarked, unless a named mention has its span
    assert [doc.text[s:e] for s, e in doc.unmarked] == ["The firm Acme"]
    assert {(e.type, e.instance, e.dbpedia) for e in doc.entities} == {("ORG", "ORG9", "Acme")}
    assert [(doc.text[v.span[0] : v.span[1]], v.value) for v in doc.values] == [("five", 5)]
    assert [(t.value, doc.text[t.span[0] : t.span[1]]) for t in doc.timexes] == [("2008-05", "May")]
    (link,) = doc.participants  # Arg1 points to a nominal mention: not scored
    assert (doc.text[link.event[0] : link.event[1]], link.role) == ("hired", "Arg0")
    assert doc.article().title == "Acme grows" and doc.article().text == doc.text


# -- reading kg's triples -------------------------------------------------------------------------


def test_read_predictions_from_triples() -> None:
    from rdflib.namespace import XSD  # imported here: pytest's collector trips on it

    text = "Acme hired 5 people in May for two years."
    art = "https://w3id.org/newskg/id/article/x"
    sentence = URIRef(f"{art}#sentence=0,41")

    def mention(start: int, end: int) -> tuple[URIRef, list[tuple[Node, Node, Node]]]:
        node = URIRef(f"{art}#char={start},{end}")
        return node, [
            (node, NIF.beginIndex, Literal(start, datatype=XSD.integer)),
            (node, NIF.endIndex, Literal(end, datatype=XSD.integer)),
            (node, kg.inSentence, sentence),
        ]

    acme, stat = URIRef("urn:x:acme"), URIRef("urn:x:stat")
    may, years = URIRef("urn:x:may"), URIRef("urn:x:years")
    m_acme, t1 = mention(0, 4)
    m_stat, t2 = mention(11, 12)
    m_may, t3 = mention(23, 26)
    m_years, t4 = mention(31, 40)
    period, length = URIRef("urn:x:may/period"), URIRef("urn:x:years/duration")
    begin, end = URIRef("urn:x:b"), URIRef("urn:x:e")
    triples = [
        *t1,
        *t2,
        *t3,
        *t4,
        (sentence, NIF.beginIndex, Literal(0, datatype=XSD.integer)),
        (sentence, NIF.endIndex, Literal(41, datatype=XSD.integer)),
        (acme, RDF.type, kg.Organization),
        (acme, kg.evidence, m_acme),
        (acme, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q1")),
        (stat, RDF.type, kg.Statistic),
        (stat, kg.value, Literal("5", datatype=XSD.decimal)),
        (stat, kg.evidence, m_stat),
        (stat, kg.periodText, Literal("in May")),  # a statistic's period is not a timex
        (may, RDF.type, kg.TimeExpression),
        (may, kg.evidence, m_may),
        (may, kg.period, period),
        (period, TIME.hasBeginning, begin),
        (period, TIME.hasEnd, end),
        (begin, TIME.inXSDDate, Literal("2008-05-01", datatype=XSD.date)),
        (end, TIME.inXSDDate, Literal("2008-05-31", datatype=XSD.date)),
        (years, RDF.type, kg.TimeExpression),
        (years, kg.evidence, m_years),
        (years, kg.duration, length),
        (length, TIME.unitType, TIME.unitYear),
        (length, TIME.numericDuration, Literal("2", datatype=XSD.decimal)),
    ]
    pred = read_predictions(triples, text)
    assert pred.entities == (EntityMention((0, 4), "Organization", str(acme), (0, 41)),)
    assert pred.values == (ValueMention((11, 12), Decimal(5), None),)
    assert pred.timexes == (
        TimexMention((23, 26), "May", "2008-05"),
        TimexMention((31, 40), "two years", "P2Y"),
    )
    assert pred.same_as == {str(acme): frozenset({"http://www.wikidata.org/entity/Q1"})}


# -- CoNLL04 ----------------------------------------------------------------------------------------


def _sentence(
    text: str,
    entities: tuple[tuple[tuple[int, int], str], ...],
    relations: tuple[RelationTuple, ...] = (),
) -> ConllSentence:
    return ConllSentence("1", tuple(text.split()), text, entities, relations)


def test_conll04_entities_and_relations_through_the_property_map() -> None:
    text = "Jane Doe of Acme lives in Paris ."
    jane, acme, paris = (0, 8), (12, 16), (26, 31)
    gold = _sentence(
        text,
        ((jane, "Peop"), (acme, "Org"), (paris, "Loc"), ((32, 33), "Other")),
        ((jane, "Peop", acme, "Org", "Work_For"), (jane, "Peop", paris, "Loc", "Live_In")),
    )
    entities = (
        EntityMention(jane, "Person", "p", (0, 33)),
        EntityMention(acme, "Organization", "o", (0, 33)),
        EntityMention(paris, "Country", "c", (0, 33)),
    )
    pred = _pred(
        entities=entities,
        relations=(
            Relation("p", str(kg.represents), "o"),  # → Work_For
            Relation("p", str(kg.represents), "c"),  # a country → Live_In
            Relation("p", str(kg.speaker), "o"),  # not mapped
        ),
    )
    assert predicted_relations(pred) == [
        (jane, "Peop", acme, "Org", "Work_For"),
        (jane, "Peop", paris, "Loc", "Live_In"),
    ]
    scores = score_conll04([gold], [pred])
    assert scores["entities"].f1 == 1.0 and scores["relations"].f1 == 1.0
    empty = score_conll04([gold], [_pred()])
    assert empty["entities"].recall == 0.0 and empty["relations"].gold == 2


def test_conll04_killed_is_kill() -> None:
    text = "Jane Doe shot John Roe ."
    jane, john = (0, 8), (14, 22)
    gold = _sentence(
        text, ((jane, "Peop"), (john, "Peop")), ((jane, "Peop", john, "Peop", "Kill"),)
    )
    pred = _pred(
        entities=(
            EntityMention(jane, "Person", "j", (0, 24)),
            EntityMention(john, "Person", "r", (0, 24)),
        ),
        relations=(Relation("j", str(kg.killed), "r"),),
    )
    assert predicted_relations(pred) == [(jane, "Peop", john, "Peop", "Kill")]
    assert score_conll04([gold], [pred])["relations"].f1 == 1.0


def test_conll04_ignores_a_glued_full_stop() -> None:
    gold = _sentence("He visited Paris.", (((11, 17), "Loc"),))
    pred = _pred(entities=(EntityMention((11, 16), "Place", "k", (0, 17)),))
    assert score_conll04([gold], [pred])["entities"].f1 == 1.0
