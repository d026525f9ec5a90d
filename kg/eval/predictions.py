"""What kg said about one article, read back from the triples it writes (what users get).

Every entity and fact carries ``kg:evidence`` mentions with character offsets into the
article's text; this module turns one article's triples into plain spans the scorers compare
with gold annotations.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from rdflib import OWL, RDF, Literal, URIRef
from rdflib.term import Node

from ..nlp.items import ENTITY_CLASSES as ENTITY_KINDS
from ..rdf import vocab as kg
from ..rdf.mapping import NIF, TIME

Span = tuple[int, int]
#: entity classes by IRI → their local names
ENTITY_CLASSES = {str(kg.KG[name]): name for name in ENTITY_KINDS}
#: fact class → the property naming who takes part, scored as PropBank Arg0 (the agent)
PARTICIPANT_PROPERTIES = {
    str(kg.Event): str(kg.participant),
    str(kg.Agreement): str(kg.party),
    str(kg.Policy): str(kg.agent),
}
#: kg:Action's properties → the PropBank role they are scored as
ACTION_ROLES = {str(kg.actor): "Arg0", str(kg.patient): "Arg1"}
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class EntityMention:
    span: Span
    cls: str  # a value of ENTITY_CLASSES
    iri: str
    sentence: Span


@dataclass(frozen=True)
class ValueMention:
    span: Span
    value: Decimal
    unit: str | None


@dataclass(frozen=True)
class TimexMention:
    span: Span
    text: str
    value: str | None  # a TIMEX3-style value ("2008-10", "2008-Q3") when kg resolved it


@dataclass(frozen=True)
class ParticipantLink:
    event: Span
    entity: Span
    role: str


@dataclass(frozen=True)
class Relation:
    subject: str  # entity IRI
    predicate: str  # property IRI
    object: str


@dataclass(frozen=True)
class Predicted:
    """kg's output for one article, as spans."""

    entities: tuple[EntityMention, ...]
    values: tuple[ValueMention, ...]
    timexes: tuple[TimexMention, ...]
    participants: tuple[ParticipantLink, ...]
    relations: tuple[Relation, ...]
    same_as: dict[str, frozenset[str]]
    #: an entity mention's span → the extent of the noun phrase it heads, when the scorer
    #: needs one (MEANTIME: :mod:`kg.eval.extent`); spans not in it are their own extent
    extents: dict[Span, Span] = field(default_factory=dict)
    #: the entity mentions whose extent has a descriptor noun right before the name ("US
    #: automaker GM"): MEANTIME marks the name inside such a phrase as a mention of its own
    #: as well (:func:`kg.eval.extent.described_names`)
    described: frozenset[Span] = frozenset()

    def mentions_of(self, iri: str) -> list[EntityMention]:
        return [m for m in self.entities if m.iri == iri]


class _Index:
    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        self.out: dict[str, dict[str, list[Node]]] = defaultdict(lambda: defaultdict(list))
        self.typed: dict[str, set[str]] = defaultdict(set)
        for s, p, o in triples:
            self.out[str(s)][str(p)].append(o)
            if p == RDF.type:
                self.typed[str(o)].add(str(s))

    def objects(self, s: str, p: URIRef | str) -> list[Node]:
        return self.out.get(s, {}).get(str(p), [])

    def one(self, s: str, p: URIRef | str) -> Node | None:
        found = self.objects(s, p)
        return min(found, key=str) if found else None

    def span(self, mention: str) -> Span | None:
        begin, end = self.one(mention, NIF.beginIndex), self.one(mention, NIF.endIndex)
        if not isinstance(begin, Literal) or not isinstance(end, Literal):
            return None
        return int(begin.toPython()), int(end.toPython())

    def evidence(self, node: str) -> list[tuple[Span, Span]]:
        """(mention span, sentence span) of every ``kg:evidence`` of ``node``."""
        out: list[tuple[Span, Span]] = []
        for mention in self.objects(node, kg.evidence):
            span = self.span(str(mention))
            if span is None:
                continue
            sentence = self.one(str(mention), kg.inSentence)
            sent_span = self.span(str(sentence)) if sentence is not None else None
            out.append((span, sent_span or span))
        return sorted(out)


def read_predictions(triples: Iterable[tuple[Node, Node, Node]], text: str) -> Predicted:
    """Spans of entities, values, periods, participants and relations in one article's triples
    (``text`` is the analysed text, to place period expressions)."""
    index = _Index(triples)
    entities: list[EntityMention] = []
    classes: dict[str, str] = {}
    same_as: dict[str, frozenset[str]] = {}
    for cls_iri, cls in ENTITY_CLASSES.items():
        for node in sorted(index.typed.get(cls_iri, ())):
            classes[node] = cls
            entities.extend(EntityMention(s, cls, node, sent) for s, sent in index.evidence(node))
            links = frozenset(str(o) for o in index.objects(node, OWL.sameAs))
            if links:
                same_as[node] = links

    values: list[ValueMention] = []
    timexes: dict[Span, TimexMention] = {}
    for node in sorted(index.typed.get(str(kg.Statistic), ())):
        literal = index.one(node, kg.value)
        unit = index.one(node, kg.unit)
        evidence = index.evidence(node)
        if not isinstance(literal, Literal) or not evidence:
            continue
        try:
            value = Decimal(str(literal))
        except InvalidOperation:
            continue
        span, _sentence = evidence[0]
        values.append(ValueMention(span, value, str(unit) if unit is not None else None))

    for node in sorted(index.typed.get(str(kg.TimeExpression), ())):
        said = (
            _period_value(index, node)
            or _duration_value(index, node)
            or _reference_value(index, node)
        )
        for span, _sentence in index.evidence(node):
            if span not in timexes:
                timexes[span] = TimexMention(span, text[span[0] : span[1]], said)

    participants: list[ParticipantLink] = []
    for cls_iri, prop in PARTICIPANT_PROPERTIES.items():
        for node in sorted(index.typed.get(cls_iri, ())):
            targets = [str(o) for o in index.objects(node, prop)]
            for event_span, sentence in index.evidence(node):
                for target in targets:
                    near = _nearest(entities, target, event_span, sentence)
                    if near is not None:
                        participants.append(ParticipantLink(event_span, near, "Arg0"))
    for node in sorted(index.typed.get(str(kg.Action), ())):
        for prop, role in ACTION_ROLES.items():
            targets = [str(o) for o in index.objects(node, prop)]
            for event_span, sentence in index.evidence(node):
                for target in targets:
                    near = _nearest(entities, target, event_span, sentence)
                    if near is not None:
                        participants.append(ParticipantLink(event_span, near, role))

    relations = [
        Relation(s, p, str(o))
        for s in sorted(classes)
        for p, objects in index.out[s].items()
        for o in objects
        if str(o) in classes and p != str(OWL.sameAs)
    ]
    return Predicted(
        tuple(entities),
        tuple(values),
        tuple(sorted(timexes.values(), key=lambda t: t.span)),
        tuple(dict.fromkeys(participants)),
        tuple(sorted(set(relations), key=lambda r: (r.subject, r.predicate, r.object))),
        same_as,
    )


def _nearest(entities: list[EntityMention], iri: str, anchor: Span, sentence: Span) -> Span | None:
    """The mention of ``iri`` in ``sentence`` closest to ``anchor``."""
    candidates = [
        m.span
        for m in entities
        if m.iri == iri and sentence[0] <= m.span[0] and m.span[1] <= sentence[1]
    ]
    return min(candidates, key=lambda s: (distance(s, anchor), s), default=None)


def distance(a: Span, b: Span) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _period_value(index: _Index, node: str) -> str | None:
    interval = index.one(node, kg.period)
    if interval is None:
        return None
    days: list[date] = []
    stamps: list[str | None] = []
    for edge in (TIME.hasBeginning, TIME.hasEnd):
        instant = index.one(str(interval), edge)
        day = index.one(str(instant), TIME.inXSDDate) if instant is not None else None
        if day is None:
            return None
        days.append(date.fromisoformat(str(day)))
        stamp = index.one(str(instant), TIME.inXSDDateTimeStamp)
        stamps.append(str(stamp) if stamp is not None else None)
    if stamps[0] is not None and stamps[0] == stamps[1]:
        return clock_value(stamps[0])
    value = timex_value(days[0], days[1])
    part = index.one(node, kg.partOfDay)
    if value is not None and part is not None and days[0] == days[1]:
        return f"{value}T{_PARTS_OF_DAY[str(part)]}"
    return value


#: kg:partOfDay → the TIMEX3 part-of-day code ("2010-07-16TMO")
_PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}


def clock_value(stamp: str) -> str | None:
    """The TIMEX3 value of a UTC time stamp, to the minute.

    >>> clock_value("2009-12-15T18:00:00Z")
    '2009-12-15T18:00Z'
    """
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d)(?::\d\d(?:\.\d+)?)?Z", stamp)
    return f"{m.group(1)}Z" if m else None


#: OWL-Time unit → the TIMEX3 duration designator (hours and minutes after "T")
_DURATION_UNITS = {
    str(TIME.unitYear): "Y",
    str(TIME.unitMonth): "M",
    str(TIME.unitWeek): "W",
    str(TIME.unitDay): "D",
    str(TIME.unitHour): "TH",
    str(TIME.unitMinute): "TM",
}


def _duration_value(index: _Index, node: str) -> str | None:
    duration = index.one(node, kg.duration)
    if duration is None:
        return None
    unit = index.one(str(duration), TIME.unitType)
    amount = index.one(str(duration), TIME.numericDuration)
    if unit is None or str(unit) not in _DURATION_UNITS:
        return None
    return duration_value(str(amount) if amount is not None else None, _DURATION_UNITS[str(unit)])


def _reference_value(index: _Index, node: str) -> str | None:
    """``PAST_REF``, ``PRESENT_REF`` or ``FUTURE_REF`` for a ``kg:timeReference``."""
    ref = index.one(node, kg.timeReference)
    return f"{str(ref).upper()}_REF" if ref is not None else None


def duration_value(amount: str | None, designator: str) -> str:
    """The TIMEX3 value of a duration: ``P2Y``, ``PT75H``, ``PXY`` (no number given).

    >>> duration_value("75", "TH"), duration_value(None, "Y"), duration_value("1.5", "Y")
    ('PT75H', 'PXY', 'P1.5Y')
    """
    time, unit = ("T", designator[1]) if designator.startswith("T") else ("", designator)
    return f"P{time}{amount if amount is not None else 'X'}{unit}"


def timex_value(start: date, end: date) -> str | None:
    """The TIMEX3 value of a closed calendar interval: a day, an ISO week or its weekend, a
    month, a quarter, a half, a year or a decade; ``None`` for other ranges.

    >>> timex_value(date(2008, 7, 1), date(2008, 9, 30))
    '2008-Q3'
    >>> timex_value(date(2008, 9, 22), date(2008, 9, 28))
    '2008-W39'
    """
    if start == end:
        return start.isoformat()
    if start.weekday() == 0 and end - start == 6 * _DAY:
        year, week, _ = start.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if start.weekday() == 5 and end - start == _DAY:
        year, week, _ = start.isocalendar()
        return f"{year:04d}-W{week:02d}-WE"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and (
        start.year % 10 == 0 and end.year == start.year + 9
    ):
        return f"{start.year // 10:03d}"
    if start.year != end.year or start.day != 1 or (end + _DAY).day != 1:
        return None
    if start.month == end.month:
        return f"{start.year:04d}-{start.month:02d}"
    if start.month == 1 and end.month == 12:
        return f"{start.year:04d}"
    if start.month % 3 == 1 and end.month == start.month + 2:
        return f"{start.year:04d}-Q{(start.month + 2) // 3}"
    if start.month in (1, 7) and end.month == start.month + 5:
        return f"{start.year:04d}-H{1 if start.month == 1 else 2}"
    return None
