"""Unit tests of period resolution (``kg.nlp.periods``) and number parsing
(``kg.nlp.statistics.parse_number`` / ``find_bound``): plain functions, no spaCy model."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kg.nlp.items import Period
from kg.nlp.periods import is_duration, resolve_period
from kg.nlp.rules import load_rules
from kg.nlp.statistics import find_bound, parse_number

RULES = load_rules()
REFERENCE = date(2022, 4, 22)  # a Friday
D = date


# -- periods ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("October through March", D(2021, 10, 1), D(2022, 3, 31)),  # the start lies before the end
        ("from October to March", D(2021, 10, 1), D(2022, 3, 31)),
        ("between January and March 2021", D(2021, 1, 1), D(2021, 3, 31)),
        ("March", D(2022, 3, 1), D(2022, 3, 31)),
        ("in March", D(2022, 3, 1), D(2022, 3, 31)),
        ("May", D(2021, 5, 1), D(2021, 5, 31)),  # a month after the reference: the year before
        ("April", D(2022, 4, 1), D(2022, 4, 30)),
        ("March 15", D(2022, 3, 15), D(2022, 3, 15)),
        ("15 March 2021", D(2021, 3, 15), D(2021, 3, 15)),
        ("Feb. 29, 2020", D(2020, 2, 29), D(2020, 2, 29)),
        ("2021", D(2021, 1, 1), D(2021, 12, 31)),
        ("last year", D(2021, 1, 1), D(2021, 12, 31)),
        ("this year", D(2022, 1, 1), D(2022, 12, 31)),
        ("last month", D(2022, 3, 1), D(2022, 3, 31)),
        ("the first quarter", D(2022, 1, 1), D(2022, 3, 31)),
        ("the third quarter", D(2021, 7, 1), D(2021, 9, 30)),  # not yet begun: last year's
        ("Q1", D(2022, 1, 1), D(2022, 3, 31)),
        ("Friday", D(2022, 4, 22), D(2022, 4, 22)),  # the reference day itself
        ("Tuesday", D(2022, 4, 19), D(2022, 4, 19)),
        ("on Monday", D(2022, 4, 18), D(2022, 4, 18)),
        ("yesterday", D(2022, 4, 21), D(2022, 4, 21)),
        ("today", D(2022, 4, 22), D(2022, 4, 22)),
    ],
)
def test_resolve_period(text: str, start: date, end: date) -> None:
    assert resolve_period(text, REFERENCE) == Period(text, start, end)


@pytest.mark.parametrize(
    "text", ["four years", "22 years", "a decade", "the coming months", "February 30", "Q5"]
)
def test_unresolvable_period_has_no_dates(text: str) -> None:
    assert resolve_period(text, REFERENCE) == Period(text)


@pytest.mark.parametrize(
    "text", ["March", "October through March", "last year", "the first quarter", "Friday"]
)
def test_relative_period_without_reference_has_no_dates(text: str) -> None:
    assert resolve_period(text, None) == Period(text)


def test_explicit_year_needs_no_reference() -> None:
    assert resolve_period("2021", None) == Period("2021", D(2021, 1, 1), D(2021, 12, 31))
    assert resolve_period("March 2020", None) == Period("March 2020", D(2020, 3, 1), D(2020, 3, 31))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("four years", True),
        ("22 years", True),
        ("six months", True),
        ("the four years", True),
        ("two weeks earlier", True),
        ("annually", True),
        ("March", False),
        ("2021", False),
        ("October through March", False),
        ("Friday", False),
    ],
)
def test_is_duration(text: str, expected: bool) -> None:
    assert is_duration(text) is expected


@pytest.mark.parametrize("text", ["last year", "this year", "last month", "this month"])
def test_relative_calendar_period_is_not_a_duration(text: str) -> None:
    assert is_duration(text) is False


def test_quarter_of_a_year() -> None:
    assert resolve_period("the first quarter of 2021", REFERENCE) == Period(
        "the first quarter of 2021", D(2021, 1, 1), D(2021, 3, 31)
    )


def test_quarter_with_explicit_year_keeps_it() -> None:
    assert resolve_period("Q3 2022", REFERENCE) == Period("Q3 2022", D(2022, 7, 1), D(2022, 9, 30))


def test_range_end_without_year_follows_the_start() -> None:
    assert resolve_period("March 2020 - May", REFERENCE) == Period(
        "March 2020 - May", D(2020, 3, 1), D(2020, 5, 31)
    )


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("the fourth quarter of 2021", D(2021, 10, 1), D(2021, 12, 31)),
        ("in the second quarter of 2019", D(2019, 4, 1), D(2019, 6, 30)),
        ("last quarter", D(2022, 1, 1), D(2022, 3, 31)),
        ("last March", D(2022, 3, 1), D(2022, 3, 31)),  # the latest March before April
        ("last April", D(2021, 4, 1), D(2021, 4, 30)),  # not the month we are in
        ("last December", D(2021, 12, 1), D(2021, 12, 31)),
        ("next May", D(2022, 5, 1), D(2022, 5, 31)),
        ("last Friday", D(2022, 4, 15), D(2022, 4, 15)),  # not the reference day itself
        ("last Monday", D(2022, 4, 18), D(2022, 4, 18)),
        ("earlier today", D(2022, 4, 22), D(2022, 4, 22)),
        ("later today", D(2022, 4, 22), D(2022, 4, 22)),
        ("earlier this month", D(2022, 4, 1), D(2022, 4, 30)),
        ("earlier this year", D(2022, 1, 1), D(2022, 12, 31)),
        ("last week", D(2022, 4, 11), D(2022, 4, 17)),  # Monday to Sunday
        ("this week", D(2022, 4, 18), D(2022, 4, 24)),
        ("next week", D(2022, 4, 25), D(2022, 5, 1)),
        ("next year", D(2023, 1, 1), D(2023, 12, 31)),
        ("next month", D(2022, 5, 1), D(2022, 5, 31)),
        ("early 2009", D(2009, 1, 1), D(2009, 12, 31)),  # a part of the year: the year
        ("late March", D(2022, 3, 1), D(2022, 3, 31)),
        ("mid-2008", D(2008, 1, 1), D(2008, 12, 31)),
    ],
)
def test_resolve_relative_period(text: str, start: date, end: date) -> None:
    assert resolve_period(text, REFERENCE) == Period(text, start, end)


@pytest.mark.parametrize("text", ["last week", "earlier today", "last March", "last quarter"])
def test_relative_words_without_reference_have_no_dates(text: str) -> None:
    assert resolve_period(text, None) == Period(text)


# -- numbers ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("more than 79,800", Decimal(79800), None),
        ("$2.5bn", Decimal(2500000000), "USD"),
        ("4.2%", Decimal("4.2"), "percent"),
        ("about 1.4 million", Decimal(1400000), None),
        ("US$3 million", Decimal(3000000), "USD"),
        ("€40m", Decimal(40000000), "EUR"),
        ("£1.25 trillion", Decimal(1250000000000), "GBP"),
        ("12 per cent", Decimal(12), "percent"),
        ("0.5 percentage points", Decimal("0.5"), "percent"),
        ("300 pesos", Decimal(300), "MXN"),
        ("CA$7.5 billion", Decimal(7500000000), "CAD"),  # not the "A$" of Australia
        ("AU$52.5 million", Decimal(52500000), "AUD"),
        ("HK$12", Decimal(12), "HKD"),
        ("2,500.75", Decimal("2500.75"), None),
        ("5 km", Decimal(5), None),  # "k" is no multiplier inside a word
        ("7 months", Decimal(7), None),  # nor "m"
    ],
)
def test_parse_number(text: str, value: Decimal, unit: str | None) -> None:
    parsed = parse_number(text, RULES)
    assert parsed == (value, unit)
    assert str(parsed[0]) == str(value)  # "2500000000", not "2.5E+9" or "2500000000.0"


def test_parse_number_without_digits() -> None:
    assert parse_number("dozens", RULES) is None


@pytest.mark.parametrize(
    ("words", "bound"),
    [
        ("more than", "min"),
        ("at least", "min"),
        ("just over", "min"),
        ("less than", "max"),
        ("up to", "max"),
        ("no more than", "max"),  # the longest phrase wins over "more than"
        ("nearly", "approx"),
        ("about", "approx"),
        ("an estimated", "approx"),
        ("exactly", "exact"),
        ("The agency stopped", "exact"),
        ("", "exact"),
        ("More Than", "min"),
        ("more than a", "exact"),  # the phrase must end right before the number
    ],
)
def test_find_bound(words: str, bound: str) -> None:
    assert find_bound(words.split(), RULES) == bound
