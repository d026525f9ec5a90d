"""What the extractors put on ``Doc._``: plain frozen dataclasses, one per kind of fact.

Entities are referred to by *key* (``"country:CU"``, ``"person:joe-biden"``, ...); the RDF
mapping turns keys into IRIs. Character offsets index into ``doc.text`` (end exclusive).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

#: kinds of entity, named after the ontology's classes: the one list the rules, the mapping, stats,
#: analytics and eval read (checked against ontology/kg.ttl in tests)
ENTITY_CLASSES = (
    "Person",
    "Organization",
    "Country",
    "Place",
    "Product",
    "FinancialIndex",
    "Currency",
)


@dataclass(frozen=True)
class Block:
    """A line of the article and what it is: title, body, heading or boilerplate."""

    start: int
    end: int
    kind: str  # "title" | "body" | "heading" | "boilerplate"


@dataclass(frozen=True)
class Span:
    """Evidence: a character span and the sentence it lies in."""

    start: int
    end: int
    sent_start: int
    sent_end: int


@dataclass
class Entity:
    """A resolved entity of the article (mutable while the pipeline runs)."""

    key: str
    cls: str  # one of ENTITY_CLASSES
    label: str
    aliases: set[str] = field(default_factory=set)
    iso2: str | None = None
    iso3: str | None = None
    wikidata: str | None = None
    dbpedia: str | None = None  # the DBpedia resource's IRI (listed companies, indices)


@dataclass(frozen=True)
class Mention:
    entity: str  # entity key
    span: Span


@dataclass(frozen=True)
class RoleFact:
    person: str
    role: str
    represents: str | None
    span: Span


@dataclass(frozen=True)
class QuoteFact:
    text: str
    speaker: str | None
    span: Span


@dataclass(frozen=True)
class Period:
    text: str
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class Duration:
    """A length of time: ``amount`` units (``None`` when the text gives no number: "years")."""

    unit: str  # "year" | "month" | "week" | "day" | "hour" | "minute"
    amount: Decimal | None = None


@dataclass(frozen=True)
class TimeFact:
    """A time expression of the text: a period on the calendar or a duration."""

    text: str
    span: Span
    period: Period | None = None
    duration: Duration | None = None
    clock: time | None = None  # a time of day in UTC, on the period's one day
    reference: str | None = None  # "past" | "present" | "future": "recently", "now", "soon"
    part_of_day: str | None = None  # "morning" | "afternoon" | "evening" | "night" of its day


@dataclass(frozen=True)
class StatisticFact:
    value: Decimal
    bound: str  # "min" | "max" | "approx" | "exact"
    span: Span
    counted: str | None = None
    unit: str | None = None
    population: str | None = None
    about: str | None = None
    source: str | None = None
    place: str | None = None
    period: Period | None = None


@dataclass(frozen=True)
class EventFact:
    key: str
    label: str
    participants: tuple[str, ...]
    topics: tuple[str, ...]
    spans: tuple[Span, ...]
    date: date | None = None
    period: Period | None = None
    place: str | None = None


@dataclass(frozen=True)
class AgreementFact:
    key: str
    label: str
    parties: tuple[str, ...]
    topics: tuple[str, ...]
    spans: tuple[Span, ...]
    status: str | None = None


@dataclass(frozen=True)
class PolicyFact:
    key: str
    label: str
    action: str
    spans: tuple[Span, ...]
    agent: str | None = None
    requester: str | None = None
    place: str | None = None
