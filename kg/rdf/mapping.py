"""Doc → RDF: one named graph per article, in the kg vocabulary, with provenance.

Every entity and fact points (``kg:evidence``) to a :class:`kg:Mention` carrying the
article, the sentence and 0-based character offsets into the article's ``kg:text`` such
that ``text[begin:end] == nif:anchorOf``. IRIs are minted from stable keys, so the same
article always gives the same graph.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, time
from decimal import Decimal
from functools import lru_cache

from rdflib import OWL, RDF, RDFS, XSD, Literal, Namespace, URIRef
from rdflib.term import Node
from spacy.tokens import Doc

from ..articles import Article
from ..nlp.common import doc_text
from ..nlp.items import ENTITY_CLASSES, Duration, Entity, Period, Span
from ..relations.component import RELATION_PROPERTIES
from . import vocab as kg
from .vocab import KGR


class _Namespace(Namespace):
    """A namespace whose terms are made once (rdflib's makes a new IRI on every ``NIF.x``,
    which the mapping does thousands of times per article)."""

    @lru_cache(maxsize=256)  # noqa: B019 - a few module-level namespaces, never freed
    def term(self, name: str) -> URIRef:
        return super().term(name)


NIF = _Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
TIME = _Namespace("http://www.w3.org/2006/time#")
SKOS = _Namespace("http://www.w3.org/2004/02/skos/core#")
WD = Namespace("http://www.wikidata.org/entity/")
_TYPE = RDF.type  # RDF.x and RDFS.x go through a metaclass's __getattr__ each time
_LABEL = RDFS.label
#: a duration's unit → its OWL-Time unit
TIME_UNITS = {
    "year": TIME.unitYear,
    "month": TIME.unitMonth,
    "week": TIME.unitWeek,
    "day": TIME.unitDay,
    "hour": TIME.unitHour,
    "minute": TIME.unitMinute,
}

Triple = tuple[Node, Node, Node]
_CLASS = {name: kg.KG[name] for name in ENTITY_CLASSES}
_PATH = {
    "person": "person",
    "org": "organization",
    "country": "country",
    "place": "place",
    "product": "product",
    "index": "index",
    "currency": "currency",
}

PREFIXES = {
    "kg": str(kg.KG),
    "kgr": str(KGR),
    "nif": str(NIF),
    "time": str(TIME),
    "skos": str(SKOS),
    "wd": str(WD),
    "owl": str(OWL),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}


def article_iri(article: Article) -> URIRef:
    return KGR[f"article/{article.key}"]


def entity_iri(key: str) -> URIRef:
    """``"country:CU"`` → ``kgr:country/CU``."""
    kind, _, rest = key.partition(":")
    return KGR[f"{_PATH.get(kind, kind)}/{rest}"]


def _h(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:12]


class _Writer:
    def __init__(self, article: Article, doc: Doc) -> None:
        self.article = article
        self.doc = doc
        self.iri = article_iri(article)
        #: insertion-ordered and without repeats: the mapping walks the Doc in a fixed order, so
        #: the same article always gives the same list, with no sort to pay for
        self.triples: dict[Triple, None] = {}
        self.text_of = doc_text(doc)
        #: sentences and mentions already written (an article has many mentions per sentence)
        self.sentences: dict[tuple[int, int], URIRef] = {}
        self.mentions: dict[tuple[int, int], URIRef] = {}

    def add(self, s: Node, p: Node, o: Node | None) -> None:
        if o is not None:
            self.triples[s, p, o] = None

    def text(self, s: Node, p: Node, value: str | None) -> None:
        if value:
            self.add(s, p, Literal(value))

    def evidence(self, node: Node, span: Span) -> None:
        mention = self.mentions.get((span.start, span.end))
        if mention is None:
            mention = self._mention(span)
        self.add(node, kg.evidence, mention)

    def _mention(self, span: Span) -> URIRef:
        text = self.text_of
        sentence = self.sentences.get((span.sent_start, span.sent_end))
        if sentence is None:
            sentence = URIRef(f"{self.iri}#sentence={span.sent_start},{span.sent_end}")
            self.sentences[span.sent_start, span.sent_end] = sentence
            self.add(sentence, _TYPE, kg.Sentence)
            self.add(sentence, kg.inArticle, self.iri)
            self.add(sentence, NIF.beginIndex, _integer(span.sent_start))
            self.add(sentence, NIF.endIndex, _integer(span.sent_end))
            self.add(sentence, NIF.anchorOf, Literal(text[span.sent_start : span.sent_end]))
        mention = URIRef(f"{self.iri}#char={span.start},{span.end}")
        # a mention's sentence is the one of its first evidence (a span has one sentence)
        self.mentions[span.start, span.end] = mention
        self.add(mention, _TYPE, kg.Mention)
        self.add(mention, kg.inArticle, self.iri)
        self.add(mention, kg.inSentence, sentence)
        self.add(mention, NIF.beginIndex, _integer(span.start))
        self.add(mention, NIF.endIndex, _integer(span.end))
        self.add(mention, NIF.anchorOf, Literal(text[span.start : span.end]))
        return mention

    def fact(self, node: URIRef, cls: URIRef, label: str, extractor: str) -> None:
        self.add(node, _TYPE, cls)
        self.text(node, _LABEL, label)
        self.text(node, kg.extractor, extractor)

    def period(
        self, node: URIRef, period: Period | None, *, text: bool = True, clock: time | None = None
    ) -> None:
        """``kg:period`` as an OWL-Time interval between two dated instants (and, with
        ``text``, the wording as ``kg:periodText``; with ``clock``, a UTC time of day on both
        instants as ``time:inXSDDateTimeStamp``)."""
        if period is None:
            return
        if text:
            self.text(node, kg.periodText, period.text)
        if period.start is None or period.end is None:
            return
        interval = URIRef(f"{node}/period")
        self.add(node, kg.period, interval)
        self.add(interval, _TYPE, TIME.Interval)
        for edge, day, name in (
            (TIME.hasBeginning, period.start, "begin"),
            (TIME.hasEnd, period.end, "end"),
        ):
            instant = URIRef(f"{interval}/{name}")
            self.add(interval, edge, instant)
            self.add(instant, _TYPE, TIME.Instant)
            self.add(instant, TIME.inXSDDate, _date(day))
            if clock is not None:
                stamp = f"{day.isoformat()}T{clock.strftime('%H:%M:%S')}Z"
                self.add(
                    instant, TIME.inXSDDateTimeStamp, Literal(stamp, datatype=XSD.dateTimeStamp)
                )

    def duration(self, node: URIRef, duration: Duration | None) -> None:
        """``kg:duration`` as an OWL-Time duration: a unit and, when known, a number."""
        if duration is None:
            return
        value = URIRef(f"{node}/duration")
        self.add(node, kg.duration, value)
        self.add(value, _TYPE, TIME.Duration)
        self.add(value, TIME.unitType, TIME_UNITS[duration.unit])
        if duration.amount is not None:
            amount = Literal(_decimal(duration.amount), datatype=XSD.decimal)
            self.add(value, TIME.numericDuration, amount)


def article_triples(article: Article, doc: Doc) -> tuple[URIRef, list[Triple]]:
    """The named graph IRI and the triples of one analysed article."""
    w = _Writer(article, doc)
    a = w.iri
    w.add(a, _TYPE, kg.Article)
    w.text(a, kg.title, article.title)
    w.text(a, _LABEL, article.title)
    w.add(a, kg.text, Literal(doc_text(doc)))
    w.text(a, kg.contentHash, article.content_hash)
    if article.date:
        w.add(a, kg.published, Literal(article.date.isoformat(), datatype=XSD.date))
    if article.url:
        w.add(a, kg.url, Literal(article.url, datatype=XSD.anyURI))
    w.text(a, kg.sourceName, article.source)
    w.text(a, kg.byline, article.author)
    w.text(a, kg.fileName, article.file_name)

    entities: dict[str, Entity] = doc._.kg_entities or {}
    known = set(entities)
    for key, ent in entities.items():
        node = entity_iri(key)
        w.add(node, _TYPE, _CLASS[ent.cls])
        w.text(node, _LABEL, ent.label)
        w.add(node, kg.mentionedIn, a)
        for alias in sorted(ent.aliases - {ent.label}):
            w.text(node, SKOS.altLabel, alias)
        if ent.iso2 and ent.iso3:
            w.text(node, kg.isoAlpha2, ent.iso2)
            w.text(node, kg.isoAlpha3, ent.iso3)
        if ent.wikidata:
            w.add(node, OWL.sameAs, WD[ent.wikidata])
        if ent.dbpedia:
            w.add(node, OWL.sameAs, URIRef(ent.dbpedia))
    for mention in doc._.kg_mentions or ():
        w.evidence(entity_iri(mention.entity), mention.span)

    def ref(key: str | None) -> URIRef | None:
        return entity_iri(key) if key and key in known else None

    for role in doc._.kg_roles or ():
        target = ref(role.represents)
        node = KGR[f"role/{_h(role.person, role.role.lower(), role.represents)}"]
        person = entity_iri(role.person)
        label = (
            f"{role.role}, {entities[role.represents].label}"
            if target is not None and role.represents
            else role.role
        )
        w.fact(node, kg.Role, label, "kg_roles")
        w.add(node, kg.holder, person)
        w.add(person, kg.hasRole, node)
        w.text(node, kg.roleName, role.role)
        w.add(node, kg.roleFor, target)
        w.add(person, kg.represents, target)
        w.evidence(node, role.span)

    for quote in doc._.kg_quotes or ():
        node = KGR[f"article/{article.key}/quote/{_h(quote.span.start, quote.text)}"]
        w.fact(node, kg.Quotation, _short(quote.text), "kg_quotes")
        w.text(node, kg.quoteText, quote.text)
        w.add(node, kg.speaker, ref(quote.speaker))
        w.evidence(node, quote.span)

    for stat in doc._.kg_statistics or ():
        node = KGR[f"article/{article.key}/statistic/{_h(stat.span.start, stat.value)}"]
        w.fact(node, kg.Statistic, doc_text(doc)[stat.span.start : stat.span.end], "kg_statistics")
        w.add(node, kg.value, Literal(_decimal(stat.value), datatype=XSD.decimal))
        w.text(node, kg.bound, stat.bound)
        w.text(node, kg.counted, stat.counted)
        w.text(node, kg.unit, stat.unit)
        w.text(node, kg.population, stat.population)
        w.add(node, kg.about, ref(stat.about))
        w.add(node, kg.source, ref(stat.source))
        w.add(node, kg.place, ref(stat.place))
        w.period(node, stat.period)
        w.evidence(node, stat.span)

    for event in doc._.kg_events or ():
        node = KGR[f"article/{article.key}/event/{_h(event.key)}"]
        w.fact(node, kg.Event, event.label, "kg_events")
        for key in event.participants:
            w.add(node, kg.participant, ref(key))
        for topic in event.topics:
            w.text(node, kg.topic, topic)
        if event.date:
            w.add(node, kg.date, Literal(event.date.isoformat(), datatype=XSD.date))
        w.add(node, kg.place, ref(event.place))
        for span in event.spans:
            w.evidence(node, span)

    for agreement in doc._.kg_agreements or ():
        node = KGR[f"article/{article.key}/agreement/{_h(agreement.key)}"]
        w.fact(node, kg.Agreement, agreement.label, "kg_events")
        for key in agreement.parties:
            w.add(node, kg.party, ref(key))
        for topic in agreement.topics:
            w.text(node, kg.topic, topic)
        w.text(node, kg.status, agreement.status)
        for span in agreement.spans:
            w.evidence(node, span)

    for policy in doc._.kg_policies or ():
        node = KGR[f"article/{article.key}/policy/{_h(policy.key)}"]
        w.fact(node, kg.Policy, policy.label, "kg_policies")
        w.text(node, kg.action, policy.action)
        w.add(node, kg.agent, ref(policy.agent))
        w.add(node, kg.requestedBy, ref(policy.requester))
        w.add(node, kg.place, ref(policy.place))
        for span in policy.spans:
            w.evidence(node, span)

    for timex in doc._.kg_timex or ():
        node = KGR[f"article/{article.key}/time/{timex.span.start},{timex.span.end}"]
        w.fact(node, kg.TimeExpression, timex.text, "kg_timex")
        w.period(node, timex.period, text=False, clock=timex.clock)
        w.duration(node, timex.duration)
        w.text(node, kg.timeReference, timex.reference)
        w.text(node, kg.partOfDay, timex.part_of_day)
        w.evidence(node, timex.span)

    for rel in doc._.kg_relations or ():
        subject, obj = ref(rel.subject), ref(rel.object)
        local = RELATION_PROPERTIES.get(rel.relation)
        if subject is None or obj is None or local is None:
            continue
        prop = kg.KG[local]
        w.add(subject, prop, obj)  # the direct triple, for simple queries
        node = KGR[f"article/{article.key}/relation/{_h(rel.subject, local, rel.object)}"]
        label = f"{entities[rel.subject].label} {_words(local)} {entities[rel.object].label}"
        w.fact(node, kg.RelationStatement, label, "kg_relations")
        w.add(node, kg.subject, subject)
        w.add(node, kg.predicate, prop)
        w.add(node, kg.object, obj)
        confidence = _decimal(Decimal(str(rel.confidence)))
        w.add(node, kg.confidence, Literal(confidence, datatype=XSD.decimal))
        w.evidence(node, rel.span)

    _actions(w, article, doc, entities)
    return a, list(w.triples)


def _actions(w: _Writer, article: Article, doc: Doc, entities: dict[str, Entity]) -> None:
    """``kg:Action``s (``kg_actions``): who did what to whom, one node per predicate word."""
    for action in doc._.kg_actions or ():
        actors = [k for k in action.actors if k in entities]
        patients = [k for k in action.patients if k in entities]
        if not actors and not patients:
            continue
        node = KGR[f"article/{article.key}/action/{action.span.start},{action.span.end}"]
        label = " ".join(
            part
            for part in (
                " and ".join(entities[k].label for k in actors),
                action.lemma,
                " and ".join(entities[k].label for k in patients),
            )
            if part
        )
        w.fact(node, kg.Action, label, "kg_actions")
        w.text(node, kg.lemma, action.lemma)
        for key in actors:
            w.add(node, kg.actor, entity_iri(key))
        for key in patients:
            w.add(node, kg.patient, entity_iri(key))
        w.evidence(node, action.span)


@lru_cache(maxsize=1 << 12)
def _date(day: date) -> Literal:
    """An ``xsd:date`` literal (periods' instants repeat: shared, as :func:`_integer`)."""
    return Literal(day.isoformat(), datatype=XSD.date)


@lru_cache(maxsize=1 << 16)
def _integer(value: int) -> Literal:
    """An ``xsd:integer`` literal (offsets repeat across articles; rdflib literals are slow
    to make and immutable, so they are shared)."""
    return Literal(value, datatype=XSD.integer)


def _decimal(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _words(name: str) -> str:
    """``"worksFor"`` → ``"works for"``."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
