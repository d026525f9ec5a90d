"""``kg_timex`` on hand-built Docs (no trained model), its resolution of time expressions and
how they are written to the graph. All sentences are invented for these tests."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
import spacy
from rdflib import RDF, Graph
from spacy.tokens import Doc

import kg.nlp.extensions
from kg.articles import Article
from kg.eval.predictions import read_predictions
from kg.nlp.items import Duration
from kg.nlp.layout import classify_lines
from kg.nlp.rules import load_rules
from kg.nlp.timex import TimeExpressions, resolve_timex
from kg.rdf import vocab as kg
from kg.rdf.mapping import TIME, article_triples
from kg.validation import validate_graph

NLP = spacy.blank("en")
RULES = load_rules()
REFERENCE = date(2022, 4, 22)  # a Friday
D = date


def build(
    text: str,
    *,
    ents: tuple[tuple[str, str], ...] = (),
    parse: tuple[tuple[int, str, str], ...] | None = None,
    when: date | None = REFERENCE,
) -> Doc:
    """A Doc of ``text`` with the entity ``ents`` (phrase, label), a parse (``(head, dep, pos)``
    per token; flat when not given), layout blocks and a publication date."""
    toks = NLP.make_doc(text)
    n = len(toks)
    if parse is None:
        parse = tuple((0, "ROOT" if i == 0 else "dep", "X") for i in range(n))
    assert len(parse) == n, [t.text for t in toks]
    iob = ["O"] * n
    for phrase, label in ents:
        start = text.index(phrase)
        span = toks.char_span(start, start + len(phrase))
        assert span is not None, phrase
        for k in range(span.start, span.end):
            iob[k] = ("B-" if k == span.start else "I-") + label
    doc = Doc(
        NLP.vocab,
        words=[t.text for t in toks],
        spaces=[bool(t.whitespace_) for t in toks],
        heads=[h for h, _, _ in parse],
        deps=[d for _, d, _ in parse],
        pos=[p for _, _, p in parse],
        ents=iob,
    )
    doc._.kg_blocks = classify_lines(doc.text, RULES)
    doc._.kg_date = when
    return TimeExpressions(RULES)(doc)


def found(doc: Doc) -> list[tuple[str, object]]:
    """(text, what it resolved to) of every time expression: (start, end), a Duration, a
    (day, UTC time) pair or a reference ("past", "present", "future")."""
    out: list[tuple[str, object]] = []
    for f in doc._.kg_timex:
        if f.reference is not None:
            out.append((f.text, f.reference))
        elif f.duration is not None:
            out.append((f.text, f.duration))
        elif f.clock is not None:
            out.append((f.text, (f.period.start, f.clock)))
        else:
            out.append((f.text, (f.period.start, f.period.end)))
    return out


# -- resolving one expression ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two years", Duration("year", Decimal(2))),
        ("75 hours", Duration("hour", Decimal(75))),
        ("the past five days", Duration("day", Decimal(5))),
        ("six straight weeks", Duration("week", Decimal(6))),
        ("almost two and a half years", Duration("year", Decimal("2.5"))),
        ("twenty-one months", Duration("month", Decimal(21))),
        ("a decade", Duration("year", Decimal(10))),
        ("several years", Duration("year", None)),
        ("recent years", Duration("year", None)),
        ("single-day", Duration("day", Decimal(1))),  # "the worst single-day fall"
    ],
)
def test_durations(text: str, expected: Duration) -> None:
    fact = resolve_timex(text, REFERENCE, RULES)
    assert fact is not None and fact.period is None
    assert fact.duration == expected


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("two years ago", D(2020, 1, 1), D(2020, 12, 31)),  # at the grain of its unit
        ("three months ago", D(2022, 1, 1), D(2022, 1, 31)),
        ("a week ago", D(2022, 4, 11), D(2022, 4, 17)),
        ("ten days ago", D(2022, 4, 12), D(2022, 4, 12)),
        ("two days from now", D(2022, 4, 24), D(2022, 4, 24)),
        ("the year", None, None),  # not a duration, and no period either
        ("this year", D(2022, 1, 1), D(2022, 12, 31)),
        ("the previous year", D(2021, 1, 1), D(2021, 12, 31)),
        ("the first quarter of last year", D(2021, 1, 1), D(2021, 3, 31)),
        ("the final quarter of 2020", D(2020, 10, 1), D(2020, 12, 31)),
        ("Tuesday night", D(2022, 4, 19), D(2022, 4, 19)),  # a time of day: its day
        ("tomorrow", D(2022, 4, 23), D(2022, 4, 23)),
        ("the 1980s", D(1980, 1, 1), D(1989, 12, 31)),
        ("the first half of 2019", D(2019, 1, 1), D(2019, 6, 30)),
        ("Monday, April 18", D(2022, 4, 18), D(2022, 4, 18)),
    ],
)
def test_periods(text: str, start: date | None, end: date | None) -> None:
    fact = resolve_timex(text, REFERENCE, RULES)
    if start is None:
        assert fact is None
    else:
        assert fact is not None and fact.duration is None and fact.period is not None
        assert (fact.period.start, fact.period.end) == (start, end)


def test_future_picks_the_next_date() -> None:
    assert resolve_timex("Monday", REFERENCE, RULES).period.start == D(2022, 4, 18)
    assert resolve_timex("Monday", REFERENCE, RULES, future=True).period.start == D(2022, 4, 25)
    june = resolve_timex("June 3", REFERENCE, RULES, future=True).period
    assert june.start == D(2022, 6, 3)
    assert resolve_timex("June 3", REFERENCE, RULES).period.start == D(2021, 6, 3)


def test_utc_clock_time_on_its_day() -> None:
    fact = resolve_timex("14:30 UTC", REFERENCE, RULES)
    assert fact.clock == time(14, 30) and fact.period.start == fact.period.end == REFERENCE
    monday = resolve_timex("0900 GMT Monday", REFERENCE, RULES)
    assert monday.clock == time(9, 0) and monday.period.start == D(2022, 4, 18)


def test_relative_expressions_need_a_reference() -> None:
    assert resolve_timex("last week", None, RULES) is None
    assert resolve_timex("two years ago", None, RULES) is None
    assert resolve_timex("March 2020", None, RULES).period.start == D(2020, 3, 1)
    assert resolve_timex("two years", None, RULES).duration == Duration("year", Decimal(2))


def test_a_year_written_with_two_digits_is_the_nearest_such_year() -> None:
    doc = build("Shares are at their lowest since '82 and may recover in ’23.", ents=())
    assert found(doc) == [
        ("'82", (D(1982, 1, 1), D(1982, 12, 31))),
        ("’23", (D(2023, 1, 1), D(2023, 12, 31))),
    ]
    # not without a preposition before it: "the '82 vintage" is a name's
    assert found(build("The '82 vintage sold well.", ents=())) == []


def test_a_range_of_durations_naming_its_unit_once_is_two_durations() -> None:
    doc = build("Repairs take between 60 and 90 days, or two to three years for a plant.", ents=())
    assert found(doc) == [
        ("60", Duration("day", Decimal(60))),
        ("90 days", Duration("day", Decimal(90))),
        ("two", Duration("year", Decimal(2))),
        ("three years", Duration("year", Decimal(3))),
    ]
    # an amount of money or a year before "and" is no duration
    assert found(build("It cost $5 and 10 days later it sold.", ents=())) == [
        ("10 days", Duration("day", Decimal(10)))
    ]
    assert [
        text for text, _ in found(build("Output hit 2008 and 90 days later fell.", ents=()))
    ] == ["90 days"]


# -- the component --------------------------------------------------------------------------------
def test_finds_what_the_model_marks_and_what_it_misses() -> None:
    doc = build(
        "Widget sales fell in the third quarter of 2021 and again last week.\n"
        "The chain said on Tuesday that mid-2019 was better, after two years of losses.\n"
        "Q3 2020 was the best since 2015, and shops stayed open for 75 hours earlier today.",
        ents=(("the third quarter of 2021", "DATE"),),
    )
    assert found(doc) == [
        ("the third quarter of 2021", (D(2021, 7, 1), D(2021, 9, 30))),
        ("last week", (D(2022, 4, 11), D(2022, 4, 17))),
        ("Tuesday", (D(2022, 4, 19), D(2022, 4, 19))),
        ("mid-2019", (D(2019, 1, 1), D(2019, 12, 31))),
        ("two years", Duration("year", Decimal(2))),
        ("Q3 2020", (D(2020, 7, 1), D(2020, 9, 30))),
        ("2015", (D(2015, 1, 1), D(2015, 12, 31))),
        ("75 hours", Duration("hour", Decimal(75))),
        ("earlier today", (D(2022, 4, 22), D(2022, 4, 22))),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The mayor, aged 55, opened the bridge.",
        "The mayor is 55 years old.",
        "A 60-year-old farmer won.",
        "The Zephyr 2000 went on sale.",  # a model name
        "The firm ranked No. 1 among 3000 rivals.",
        "Nurses check the ward twice a day.",
        "About 2000 people marched.",
        "The plant makes 1,995 pumps.",
    ],
)
def test_ages_names_counts_and_rates_are_not_time(text: str) -> None:
    assert found(build(text, ents=(("55", "DATE"),) if "aged 55" in text else ())) == []


def test_the_longest_overlapping_expression_wins() -> None:
    doc = build(
        "The depot reopened on Tuesday, April 19, 2022 after repairs.",
        ents=(("Tuesday", "DATE"),),
    )
    assert found(doc) == [("Tuesday, April 19, 2022", (D(2022, 4, 19), D(2022, 4, 19)))]


def test_a_range_is_two_expressions() -> None:
    doc = build(
        "The yard will deliver ferries from 2024 to 2026.", ents=(("2024 to 2026", "DATE"),)
    )
    assert found(doc) == [
        ("2024", (D(2024, 1, 1), D(2024, 12, 31))),
        ("2026", (D(2026, 1, 1), D(2026, 12, 31))),
    ]


def test_future_tense_picks_the_coming_day() -> None:
    parse = (
        (1, "det", "DET"),  # The
        (3, "nsubj", "NOUN"),  # council
        (3, "aux", "AUX"),  # will
        (3, "ROOT", "VERB"),  # vote
        (3, "prep", "ADP"),  # on
        (4, "pobj", "PROPN"),  # Monday
        (3, "punct", "PUNCT"),  # .
    )
    doc = build("The council will vote on Monday.", parse=parse)
    assert found(doc) == [("Monday", (D(2022, 4, 25), D(2022, 4, 25)))]
    past = build("The council voted on Monday.")
    assert found(past) == [("Monday", (D(2022, 4, 18), D(2022, 4, 18)))]
    until = build("The museum stays closed until Wednesday.")
    assert found(until) == [("Wednesday", (D(2022, 4, 27), D(2022, 4, 27)))]


def test_the_same_day_is_the_last_day_named() -> None:
    doc = build("The storm hit on April 2, 2022. Power failed the same day.")
    assert found(doc)[-1] == ("the same day", (D(2022, 4, 2), D(2022, 4, 2)))
    chain = build(
        "Talks began on April 2, 2022 and ended the same day; on April 5, 2022 "
        "the deal was signed, and shares rose that day."
    )
    assert found(chain)[-1] == ("that day", (D(2022, 4, 5), D(2022, 4, 5)))
    alone = build("Shares rose 2% on the day.")
    assert found(alone) == [("the day", (REFERENCE, REFERENCE))]


def test_headings_and_line_breaks() -> None:
    doc = build("Ferry strike ends on Monday\nApril 22, 2022\nThe strike lasted three weeks.")
    # the title is read, the date line (a heading) is not, and nothing runs across lines
    assert found(doc) == [
        ("Monday", (D(2022, 4, 18), D(2022, 4, 18))),
        ("three weeks", Duration("week", Decimal(3))),
    ]


def test_without_a_publication_date_only_absolute_expressions() -> None:
    doc = build(
        "Exports rose in May 2021 and fell last week, after four months of growth.", when=None
    )
    assert found(doc) == [
        ("May 2021", (D(2021, 5, 1), D(2021, 5, 31))),
        ("four months", Duration("month", Decimal(4))),
    ]


# -- the graph ------------------------------------------------------------------------------------
def test_time_expressions_in_the_graph_conform_and_read_back() -> None:
    text = (
        "Harbour works take two years\n"
        "The port said on Tuesday that work begun in the first quarter of 2021 would take two "
        "years, and the cranes were tested at 14:30 UTC for several hours. It is now open."
    )
    doc = build(text)
    doc._.kg_entities = {}
    article = Article("Harbour works take two years", text, date=REFERENCE)
    _, triples = article_triples(article, doc)
    graph = Graph()
    for t in triples:
        graph.add(t)
    conforms, report = validate_graph(graph)
    assert conforms, report[:2000]
    nodes = set(graph.subjects(RDF.type, kg.TimeExpression))
    assert len(nodes) == len(doc._.kg_timex) == 7
    durations = {
        (graph.value(d, TIME.numericDuration), graph.value(d, TIME.unitType))
        for d in graph.objects(None, kg.duration)
    }
    assert {(str(n) if n is not None else None, unit) for n, unit in durations} == {
        ("2", TIME.unitYear),
        (None, TIME.unitHour),  # "several hours": the unit without a number
    }
    values = {t.text: t.value for t in read_predictions(triples, text).timexes}
    assert values == {
        "two years": "P2Y",
        "Tuesday": "2022-04-19",
        "the first quarter of 2021": "2021-Q1",
        "14:30 UTC": "2022-04-19T14:30Z",  # on the day its sentence names
        "several hours": "PTXH",
        "now": "PRESENT_REF",
    }


def test_a_utc_time_is_on_the_day_its_sentence_names() -> None:
    two = tuple((0, "ROOT" if i == 0 else "dep", "X") for i in range(9))
    two += tuple((9, "ROOT" if i == 9 else "dep", "X") for i in range(9, 16))  # two sentences
    doc = build(
        "The probe landed on Tuesday at 18:00 UTC. The crew rested at 09:15 GMT.", parse=two
    )
    assert found(doc) == [
        ("Tuesday", (D(2022, 4, 19), D(2022, 4, 19))),
        ("18:00 UTC", (D(2022, 4, 19), time(18, 0))),
        ("09:15 GMT", (REFERENCE, time(9, 15))),
    ]


def test_a_part_of_the_day_is_kept_with_its_day() -> None:
    text = "Talks began on Tuesday morning, ran late last night and resume tonight."
    doc = build(text)
    parts = [(f.text, f.period.start, f.part_of_day) for f in doc._.kg_timex]
    assert parts == [
        ("Tuesday morning", D(2022, 4, 19), "morning"),
        ("last night", D(2022, 4, 21), "night"),
        ("tonight", REFERENCE, "night"),
    ]
    assert resolve_timex("Tuesday", REFERENCE, RULES).part_of_day is None
    assert resolve_timex("last week", REFERENCE, RULES).part_of_day is None
    doc._.kg_entities = {}
    _, triples = article_triples(Article("Talks", text, date=REFERENCE), doc)
    graph = Graph()
    for t in triples:
        graph.add(t)
    conforms, report = validate_graph(graph)
    assert conforms, report[:2000]
    assert sorted(map(str, graph.objects(None, kg.partOfDay))) == ["morning", "night", "night"]
    values = {t.text: t.value for t in read_predictions(triples, text).timexes}
    assert values == {  # TIMEX3's parts of the day
        "Tuesday morning": "2022-04-19TMO",
        "last night": "2022-04-21TNI",
        "tonight": "2022-04-22TNI",
    }


def test_weekends() -> None:
    doc = build("Trains ran last weekend and will run again this weekend.")
    assert found(doc) == [
        ("last weekend", (D(2022, 4, 16), D(2022, 4, 17))),
        ("this weekend", (D(2022, 4, 23), D(2022, 4, 24))),
    ]


def test_a_bare_month_needs_a_preposition() -> None:
    assert found(build("Ministers met Theresa May twice.")) == []
    assert found(build("The March for Jobs drew crowds.")) == []
    assert found(build("Prices rose in March.")) == [("March", (D(2022, 3, 1), D(2022, 3, 31)))]
    assert found(build("Their May sales fell.")) == [("May", (D(2021, 5, 1), D(2021, 5, 31)))]


def test_the_time_of_writing_before_and_after_it() -> None:
    doc = build("The mill recently closed; it is now empty and will soon be sold.")
    assert found(doc) == [("recently", "past"), ("now", "present"), ("soon", "future")]
    decade = build("Sales fell in the past decade and in the past two years.")
    assert ("in the past", "past") not in found(decade)
    doc = build("After the recent slump, in recent years and in the long term, it will grow.")
    assert found(doc) == [
        ("recent", "past"),
        ("recent years", Duration("year", None)),  # before a unit: a duration
        ("the long term", "future"),
    ]


def _tagged(words: list[str], heads: list[int], tags: list[str]) -> Doc:
    """A Doc with heads and fine-grained tags (verbs get the VERB part of speech)."""
    doc = Doc(
        NLP.vocab,
        words=words,
        heads=heads,
        deps=["ROOT" if h == i else "dep" for i, h in enumerate(heads)],
        tags=tags,
        pos=["VERB" if t.startswith("VB") else "X" for t in tags],
    )
    doc._.kg_blocks = classify_lines(doc.text, RULES)
    doc._.kg_date = REFERENCE
    return TimeExpressions(RULES)(doc)


def test_a_date_without_year_in_a_present_clause_is_the_nearer_one() -> None:
    words = ["The", "plant", "has", "a", "June", "1", "deadline", "."]
    heads = [1, 2, 2, 6, 6, 4, 2, 2]
    present = _tagged(words, heads, ["DT", "NN", "VBZ", "DT", "NNP", "CD", "NN", "."])
    assert found(present) == [("June 1", (D(2022, 6, 1), D(2022, 6, 1)))]
    words = ["The", "plant", "closed", "on", "June", "1", "."]
    heads = [1, 2, 2, 2, 3, 4, 2]
    past = _tagged(words, heads, ["DT", "NN", "VBD", "IN", "NNP", "CD", "."])
    assert found(past) == [("June 1", (D(2021, 6, 1), D(2021, 6, 1)))]
