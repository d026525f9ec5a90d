"""NewsReader MEANTIME (English, CAT XML): read the gold annotations and score kg against them.

Each article is rebuilt from its tokens: the title (sentence 0), the dateline (sentence 1),
then one sentence per line (the corpus keeps sentences, not paragraphs). The dateline's date
(its ``CREATION_TIME``) is passed to kg as the publication date, as ``kg ingest --date`` would,
so time expressions in the dateline are input, not output, and are not scored.
Gold annotations cover sentences 0-5 only (the title, the dateline and the first four
sentences of the body), so predictions starting after them are not scored.

Entity types: a mention's type is its entity instance's ``ent_type`` (through ``REFERS_TO``);
kg's classes map onto them as :data:`CLASS_TO_TYPE` says (``kg:Product`` is PRO and
``kg:FinancialIndex`` and ``kg:Currency`` FIN; MEANTIME's FIN also covers shares, which kg does
not type as entities).

Entity extents: MEANTIME marks the noun phrase a name heads ("the Federal Reserve", "US
automaker GM"), kg's graph the name alone. ``entities`` and ``entities_lenient`` score each kg
mention at the extent :mod:`kg.eval.extent` derives for it from the article's parse, as the
NewsReader guidelines define it; ``entities_names`` scores kg's own name spans strictly.

Unmarked mentions: the gold scored is the named mentions (``syntactic_type`` NAM or PRE.NAM).
Some gold entity mentions have no ``syntactic_type`` at all (597 in the dev split's annotated
sentences: "Chrysler", "Senate", "U.S.", "twelve new long-haul Airbus jets"), so whether they
are named is not said. A kg mention whose extent is exactly such a mention is neither right
nor wrong: it is left out of ``entities``, ``entities_lenient`` and ``entities_names``
(:attr:`MeantimeDoc.unmarked`). A kg mention that only overlaps one is scored as usual.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import unquote

from ..articles import Article
from ..errors import InputError
from ..nlp.rules import load_rules
from .predictions import EntityMention, Predicted
from .scoring import Score, Span, Tally, b_cubed, overlaps
from .text import detokenize

#: kg class → MEANTIME entity type
CLASS_TO_TYPE = {
    "Person": "PER",
    "Organization": "ORG",
    "Country": "LOC",
    "Place": "LOC",
    "Product": "PRO",
    "FinancialIndex": "FIN",
    "Currency": "FIN",
}
ENTITY_TYPES = ("PER", "ORG", "LOC", "PRO", "FIN")
NAMED = ("NAM", "PRE.NAM")
VALUE_TYPES = ("QUANTITY", "MONEY", "PERCENT")
TIMEX_TYPES = ("DATE", "TIME", "DURATION")
ROLES = ("Arg0", "Arg1")
#: the last sentence the document-level annotation covers (0 = title, 1 = dateline)
LAST_ANNOTATED_SENTENCE = 5
DATELINE_SENTENCE = 1
METRICS = (
    "entities",
    "entities_lenient",
    "entities_names",
    "values",
    "timex",
    "participants",
    "crossdoc",
    "linking",
)


@dataclass(frozen=True)
class GoldEntity:
    span: Span
    type: str  # one of ENTITY_TYPES
    instance: str | None  # corpus-level instance id
    dbpedia: str | None  # DBpedia resource title ("Acme_Airways")


@dataclass(frozen=True)
class GoldValue:
    span: Span
    type: str
    value: Decimal | None  # None when the words give no number ("dozens of units")


@dataclass(frozen=True)
class GoldTimex:
    span: Span
    type: str
    value: str


@dataclass(frozen=True)
class GoldParticipant:
    event: Span
    entity: Span
    role: str


@dataclass(frozen=True)
class MeantimeDoc:
    """One article: the rebuilt text and its gold annotations as character spans."""

    doc_id: str
    name: str
    url: str | None
    text: str
    date: date | None
    annotated_end: int  # predictions starting at or after this offset are not scored
    entities: tuple[GoldEntity, ...]
    values: tuple[GoldValue, ...]
    timexes: tuple[GoldTimex, ...]
    participants: tuple[GoldParticipant, ...]
    #: spans of gold entity mentions in the annotated sentences whose syntactic type the
    #: annotators did not give: kg mentions exactly there are not scored
    unmarked: frozenset[Span] = frozenset()

    def article(self) -> Article:
        title = self.text.split("\n", 1)[0]
        return Article(
            title=title, text=self.text, date=self.date, url=self.url, file_name=self.name + ".xml"
        )


def meantime_files(directory: Path) -> list[Path]:
    """The CAT XML files of a MEANTIME folder: ``intra_cross-doc_annotation/`` when present
    (it adds corpus-level instance ids), else ``intra-doc_annotation/``, else the folder."""
    for sub in ("intra_cross-doc_annotation", "intra-doc_annotation"):
        if (directory / sub).is_dir():
            directory = directory / sub
            break
    files = sorted(p for p in directory.rglob("*.xml") if p.is_file())
    if not files:
        raise InputError(
            f"{directory}: no MEANTIME XML files found; give the meantime/ folder "
            "(with intra_cross-doc_annotation/) or a folder of CAT XML files"
        )
    return files


def read_meantime(directory: Path, limit: int | None = None) -> list[MeantimeDoc]:
    files = meantime_files(directory)
    return [read_document(p) for p in files[:limit]]


def read_document(path: Path) -> MeantimeDoc:
    """Parse one CAT XML file."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InputError(f"{path}: not a readable MEANTIME XML file ({exc})") from None
    tokens = sorted(root.iter("token"), key=lambda t: int(t.get("t_id", "0")))
    lines: dict[int, list[str]] = {}
    ids: list[str] = []
    for tok in tokens:
        lines.setdefault(int(tok.get("sentence", "0")), []).append(tok.text or "")
        ids.append(tok.get("t_id", ""))
    text, spans = detokenize([lines[k] for k in sorted(lines)])
    char = dict(zip(ids, spans, strict=True))
    sentence_of = {t.get("t_id", ""): int(t.get("sentence", "0")) for t in tokens}
    annotated = [char[i] for i in ids if sentence_of[i] <= LAST_ANNOTATED_SENTENCE]
    annotated_end = annotated[-1][1] if annotated else 0
    dateline_chars = [char[i] for i in ids if sentence_of[i] == DATELINE_SENTENCE]
    dateline = (dateline_chars[0][0], dateline_chars[-1][1]) if dateline_chars else (-1, -1)

    markables = root.find("Markables")
    relations = root.find("Relations")
    by_id = {m.get("m_id", ""): m for m in (markables if markables is not None else ())}

    def span_of(m_id: str) -> Span | None:
        element = by_id.get(m_id)
        anchors = [] if element is None else element.findall("token_anchor")
        got = [char[a.get("t_id", "")] for a in anchors if a.get("t_id", "") in char]
        return (min(s for s, _ in got), max(e for _, e in got)) if got else None

    refers: dict[str, str] = {}
    participants: list[GoldParticipant] = []
    named: dict[str, Span] = {}
    unmarked: set[Span] = set()
    for element in by_id.values():
        if element.tag != "ENTITY_MENTION":
            continue
        span = span_of(element.get("m_id", ""))
        if span is None:
            continue
        if element.get("syntactic_type") in NAMED:
            named[element.get("m_id", "")] = span
        elif not element.get("syntactic_type") and span[0] < annotated_end:
            unmarked.add(span)
    for rel in relations if relations is not None else ():
        sources = [s.get("m_id", "") for s in rel.findall("source")]
        target = rel.find("target")
        target_id = target.get("m_id", "") if target is not None else ""
        if rel.tag == "REFERS_TO":
            for source in sources:
                refers.setdefault(source, target_id)
        elif rel.tag == "HAS_PARTICIPANT" and rel.get("sem_role") in ROLES:
            for source in sources:
                event = by_id.get(source)
                if event is None or event.tag != "EVENT_MENTION" or target_id not in named:
                    continue
                event_span = span_of(source)
                if event_span is not None:
                    participants.append(
                        GoldParticipant(event_span, named[target_id], rel.get("sem_role", ""))
                    )

    entities: list[GoldEntity] = []
    for m_id, span in named.items():
        instance = by_id.get(refers.get(m_id, ""))
        if instance is None or instance.get("ent_type") not in ENTITY_TYPES:
            continue  # a name with no (or a mixed) entity type cannot be scored by type
        entities.append(
            GoldEntity(
                span,
                instance.get("ent_type", ""),
                instance.get("instance_id") or None,
                dbpedia_title(instance.get("external_ref") or ""),
            )
        )
    values: list[GoldValue] = []
    timexes: list[GoldTimex] = []
    published = _date(text[dateline[0] : dateline[1]]) if dateline_chars else None
    for element in by_id.values():
        span = span_of(element.get("m_id", ""))
        if element.tag == "TIMEX3" and element.get("functionInDocument") == "CREATION_TIME":
            published = _date(element.get("value", "")) or published
        if span is None or (element.tag == "TIMEX3" and _within(span, dateline)):
            continue  # the dateline is kg's input (``--date``), not its output
        if element.tag == "VALUE" and element.get("type") in VALUE_TYPES:
            values.append(
                GoldValue(span, element.get("type", ""), number_value(text[span[0] : span[1]]))
            )
        elif element.tag == "TIMEX3" and element.get("type") in TIMEX_TYPES:
            timexes.append(GoldTimex(span, element.get("type", ""), element.get("value", "")))
    return MeantimeDoc(
        doc_id=root.get("doc_id", path.stem),
        name=root.get("doc_name", path.stem),
        url=root.get("url") or None,
        text=text,
        date=published,
        annotated_end=annotated_end,
        entities=tuple(sorted(entities, key=lambda e: e.span)),
        values=tuple(sorted(values, key=lambda v: v.span)),
        timexes=tuple(sorted(timexes, key=lambda t: t.span)),
        participants=tuple(sorted(set(participants), key=lambda p: (p.event, p.entity, p.role))),
        unmarked=frozenset(unmarked - set(named.values())),
    )


def _within(span: Span, outer: Span) -> bool:
    return outer[0] <= span[0] and span[1] <= outer[1]


def _date(value: str) -> date | None:
    """An ISO date (``2008-10-15``) or a dateline (``October 15, 2008``)."""
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        pass
    try:
        return datetime.strptime(" ".join(value.replace(",", " ").split()), "%B %d %Y").date()
    except ValueError:
        return None


def dbpedia_title(ref: str) -> str | None:
    """``http://dbpedia.org/page/Lyon`` → ``Lyon`` (``None`` for other references)."""
    m = re.match(r"https?://(?:[a-z]{2}\.)?dbpedia\.org/(?:page|resource)/(.+)$", ref.strip())
    return unquote(m.group(1)) if m else None


_UNITS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], 2
    )
}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12, "bn": 10**9}


def number_value(text: str) -> Decimal | None:
    """The number a gold value mention states, read independently of kg's extractor.

    >>> number_value("US$ 3 billion"), number_value("twenty-two"), number_value("70 %")
    (Decimal('3000000000'), Decimal('22'), Decimal('70'))
    >>> number_value("dozens of units") is None
    True
    """
    words = re.findall(r"\d[\d,]*(?:\.\d+)?|[a-z]+", text.lower())
    start = next(
        (i for i, w in enumerate(words) if w[0].isdigit() or w in _UNITS or w in _TENS), None
    )
    if start is None:
        return Decimal(12) if "dozen" in words else None
    total = Decimal(0)
    current: Decimal | None = None
    for word in words[start:]:
        if word[0].isdigit():
            if current is not None:
                break
            try:
                current = Decimal(word.replace(",", ""))
            except InvalidOperation:
                return None
        elif word in _UNITS or word in _TENS:
            current = (current or Decimal(0)) + (_UNITS.get(word) or _TENS.get(word) or 0)
        elif word == "hundred":
            current = (current or Decimal(1)) * 100
        elif word == "dozen":
            current = (current or Decimal(1)) * 12
        elif word in _SCALES:
            total += (current or Decimal(1)) * _SCALES[word]
            current = None
        elif word != "and":
            break
    return total + (current or Decimal(0))


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded.lower()).split())


def wikidata_names() -> dict[str, frozenset[str]]:
    """Wikidata item IRI → the folded names kg's gazetteers give it, countries' and office
    holders' (the only offline bridge between kg's Wikidata links and MEANTIME's DBpedia
    references)."""
    rules = load_rules()
    names: dict[str, set[str]] = {}
    for name, iso2 in rules.country_names.items():
        entry = rules.countries.get(iso2)
        if entry is not None and entry.wikidata:
            names.setdefault(f"http://www.wikidata.org/entity/{entry.wikidata}", set()).add(
                _fold(name)
            )
    for holders in rules.office_holders.values():
        for holder in holders:
            if holder.wikidata:
                names.setdefault(f"http://www.wikidata.org/entity/{holder.wikidata}", set()).add(
                    _fold(holder.name)
                )
    return {k: frozenset(v) for k, v in names.items()}


def same_thing(link: str, title: str, names: dict[str, frozenset[str]]) -> bool:
    """Whether kg's ``owl:sameAs`` target ``link`` is the DBpedia resource ``title``."""
    wanted = _fold(title.replace("_", " "))
    own = dbpedia_title(link)
    if own is not None:
        return _fold(own.replace("_", " ")) == wanted
    return wanted in names.get(link, frozenset())


def found_by(gold: Span, mentions: Sequence[EntityMention]) -> EntityMention | None:
    """The kg mention that found a gold mention: the one with the same span, else the longest
    one ending where it ends (MEANTIME spans keep determiners and descriptors: "the Acme Group",
    "French carmaker Acme"); a kg mention of a part ("Ohio" in "Dayton, Ohio")
    does not count."""
    same_end = [m for m in mentions if m.span[1] == gold[1] and m.span[0] >= gold[0]]
    return max(same_end, key=lambda m: (m.span == gold, -m.span[0], m.iri), default=None)


def score_meantime(docs: Sequence[MeantimeDoc], predicted: Sequence[Predicted]) -> dict[str, Score]:
    """Every MEANTIME metric over a run (micro-averaged; ``crossdoc`` across all articles)."""
    tallies = {name: Tally() for name in METRICS if name != "crossdoc"}
    key: dict[tuple[str, Span], str] = {}
    response: dict[tuple[str, Span], str] = {}
    names = wikidata_names()
    for doc, pred in zip(docs, predicted, strict=True):
        end = doc.annotated_end
        ents = [m for m in pred.entities if m.span[0] < end]
        gold_typed = [(g.span, g.type) for g in doc.entities]
        name_spans = [(m.span, CLASS_TO_TYPE[m.cls]) for m in ents]
        extents = [(pred.extents.get(m.span, m.span), CLASS_TO_TYPE[m.cls]) for m in ents]
        # a name after a descriptor ("US automaker GM") is a mention of its own as well
        extents += [(m.span, CLASS_TO_TYPE[m.cls]) for m in ents if m.span in pred.described]
        # exactly a gold mention not said to be named or not: neither right nor wrong
        extents = [e for e in extents if e[0] not in doc.unmarked]
        name_spans = [e for e in name_spans if e[0] not in doc.unmarked]
        tallies["entities"].add_matched(gold_typed, extents, lambda g, p: g == p)
        tallies["entities_lenient"].add_matched(
            gold_typed, extents, lambda g, p: g[1] == p[1] and overlaps(g[0], p[0])
        )
        tallies["entities_names"].add_matched(gold_typed, name_spans, lambda g, p: g == p)
        tallies["values"].add_matched(
            doc.values,
            [v for v in pred.values if v.span[0] < end],
            lambda g, p: overlaps(g.span, p.span) and (g.value is None or g.value == p.value),
        )
        tallies["timex"].add_matched(
            doc.timexes,
            [t for t in pred.timexes if t.span[0] < end],
            lambda g, p: overlaps(g.span, p.span) and p.value == g.value,
        )
        tallies["participants"].add_matched(
            doc.participants,
            [p for p in pred.participants if p.event[0] < end],
            lambda g, p: (
                g.role == p.role and overlaps(g.event, p.event) and overlaps(g.entity, p.entity)
            ),
        )
        linking = tallies["linking"]
        for gold in doc.entities:
            best = found_by(gold.span, ents)
            if gold.instance is not None:
                key[(doc.doc_id, gold.span)] = gold.instance
                if best is not None:
                    response[(doc.doc_id, gold.span)] = best.iri
            if gold.dbpedia is not None:
                links = pred.same_as.get(best.iri, frozenset()) if best is not None else frozenset()
                hit = any(same_thing(link, gold.dbpedia, names) for link in links)
                linking.add(gold=1, predicted=int(bool(links)), correct=int(hit))
    scores = {name: tally.score() for name, tally in tallies.items()}
    scores["crossdoc"] = b_cubed(key, response)
    return {name: scores[name] for name in METRICS}
