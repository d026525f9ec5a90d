"""``kg_events``: meetings and other events, and agreements.

An event is a noun from ``[events].nouns`` (``talks``, ``summit``, ``meeting``). Its
participants come from ``between X and Y``, ``with X``, entity modifiers (``US-Cuba talks``)
or the subject of the verb that governs it (``US, Cuba hold … talks``); its topic from
``on/about X`` or a topic verb in the same clause (``…, discuss migration``); its date from a
date expression with ``on``; its place from ``in/at X`` or a place naming it (``a Lima summit``).
Within one article, a mention with the same head noun as an earlier event is that event, unless
it is indefinite (``a meeting``) or its date, place or participants differ from the event's.

An agreement is a noun from ``[agreements].nouns``; its parties come from the same patterns,
else from the participants of an event in the same sentence, else from the countries the
sentence names; its topic from ``on X``, a noun modifier (``migration agreements``) or the
object of a clause about it (``agreements that were intended to curtail … migration``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Token

from . import extensions as _ext  # noqa: F401
from .common import agent_of, entity_key, evidence, slugify
from .items import AgreementFact, EventFact, Span, TimeFact
from .layout import yields_facts
from .rules import Rules, load_rules

_TOPIC_PREPS = ("on", "about", "over", "regarding", "concerning", "for")


@dataclass
class _Acc:
    """What is known of one event or agreement while the article is read."""

    label: str
    parties: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    date: date | None = None
    place: str | None = None
    status: str | None = None
    sentences: set[int] = field(default_factory=set)

    def add(self, keys: list[str], topics: list[str]) -> None:
        self.parties.extend(k for k in keys if k not in self.parties)
        self.topics.extend(t for t in topics if t not in self.topics)


class Events:
    """The ``kg_events`` component."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        events: dict[str, _Acc] = {}
        latest: dict[str, str] = {}  # head noun → the key of its latest event
        agreements: dict[str, _Acc] = {}
        for tok in doc:
            if (
                tok.pos_ == "VERB"
                and tok.lemma_.lower() in self.rules.meeting_verbs
                and yields_facts(doc, tok.idx)
            ):
                self._meeting(doc, tok, events, latest)
                continue
            if tok.pos_ not in ("NOUN", "PROPN") or not yields_facts(doc, tok.idx):
                continue
            lemma = tok.lemma_.lower()
            if tok.ent_type_ == "ORG":
                continue  # a word of an organisation's name: "Trades Union Congress"
            if lemma in self.rules.event_nouns or tok.lower_ in self.rules.event_nouns:
                self._event(doc, tok, events, latest)
            elif lemma in self.rules.agreement_nouns and not _idiom(tok):
                self._agreement(doc, tok, agreements)
        for acc in agreements.values():
            if not acc.parties:
                acc.add(self._parties_from_context(doc, acc, events), [])
        doc._.kg_events = [
            EventFact(
                key,
                a.label,
                tuple(a.parties),
                tuple(a.topics),
                tuple(a.spans),
                date=a.date,
                place=a.place,
            )
            for key, a in events.items()
            if a.parties or a.topics or a.date or a.place
        ]
        doc._.kg_agreements = [
            AgreementFact(key, a.label, tuple(a.parties), tuple(a.topics), tuple(a.spans), a.status)
            for key, a in agreements.items()
        ]
        return doc

    # -- events -------------------------------------------------------------------------------
    def _event(self, doc: Doc, tok: Token, events: dict[str, _Acc], latest: dict[str, str]) -> None:
        participants = self._participants(tok)
        acc = self._record(events, latest, tok, tok.lemma_.lower(), _label(tok), participants)
        if (name := _proper_name(tok)) is not None:
            acc.label = name  # the event's own name ("Global Health Security Summit") wins
        acc.spans.append(evidence(doc, *_np_chars(tok)))

    def _meeting(
        self, doc: Doc, verb: Token, events: dict[str, _Acc], latest: dict[str, str]
    ) -> None:
        """A verb of meeting is a "meeting" of its subject (or, after "to", its governing
        verb's: "Benning is expected to meet union leaders"), its object and those it is
        "with"; its place and day as for a noun."""
        rules = self.rules
        holder = verb
        while (
            holder.dep_ in ("xcomp", "conj")
            and holder.head is not holder
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in holder.children)
        ):
            holder = holder.head
        keys = [
            key
            for c in holder.children
            if c.dep_ in ("nsubj", "nsubjpass")
            for key in _agents_with_conj(c, rules)
        ]
        for child in verb.children:
            if child.dep_ in ("dobj", "obj"):
                keys.extend(_agents_with_conj(child, rules))
            elif child.dep_ == "prep" and child.lower_ in ("with", "between", "among"):
                keys.extend(_conjoined_agents(child, rules))
        participants = [k for k in dict.fromkeys(keys) if not k.startswith("place:")]
        acc = self._record(events, latest, verb, "meeting", "meeting", participants)
        acc.spans.append(evidence(doc, verb.idx, verb.idx + len(verb.text)))

    def _record(
        self,
        events: dict[str, _Acc],
        latest: dict[str, str],
        tok: Token,
        head: str,
        label: str,
        participants: list[str],
    ) -> _Acc:
        """The event ``tok`` (an event noun or a verb of meeting) mentions, with the
        participants, topics, day and place found around it: the latest one of the same
        ``head`` unless it names another, else a new one labelled ``label``."""
        day, place = self._date(tok), self._place(tok)
        key = latest.get(head)
        if key is None or _another(tok, events[key], participants, day, place):
            same = sum(1 for k in events if k == head or k.startswith(head + "-"))
            key = head if not same else f"{head}-{same + 1}"
            events[key] = _Acc(label=label)
            latest[head] = key
        acc = events[key]
        acc.add(participants, self._topics(tok))
        acc.sentences.add(tok.sent.start)
        acc.date = acc.date or day
        acc.place = acc.place or place
        return acc

    def _participants(self, tok: Token) -> list[str]:
        rules = self.rules
        keys: list[str] = []
        for child in tok.children:
            key = (
                agent_of(child, rules)
                if child.dep_ in ("compound", "amod", "nmod", "poss")
                else None
            )
            if key and not key.startswith("place:"):  # "a Lima summit": where, not who
                keys.append(key)
            if child.dep_ == "prep" and child.lower_ in ("between", "with", "among", "by"):
                keys.extend(_conjoined_agents(child, rules))
        verb = tok.head
        if tok.dep_ in ("dobj", "attr", "nsubjpass", "pobj") and verb.pos_ in ("VERB", "AUX"):
            if tok.dep_ == "pobj":
                verb = verb.head
            if verb.lemma_.lower() in rules.participation_verbs:
                for child in verb.children:
                    if child.dep_ in ("nsubj", "npadvmod", "nsubjpass"):
                        keys.extend(_agents_with_conj(child, rules))
        return list(dict.fromkeys(keys))

    def _topics(self, tok: Token) -> list[str]:
        rules = self.rules
        topics = [t for child in tok.children if (t := _prep_topic(child))]
        for child in tok.children:  # "a meeting to discuss X"
            if child.dep_ in ("acl", "relcl") and child.lemma_.lower() in rules.topic_verbs:
                topics.extend(_object_topic(child))
        verb = tok.head
        if verb.pos_ == "VERB":
            for sibling in [*verb.children, *(verb.head.children if verb.dep_ == "conj" else ())]:
                if (
                    sibling.dep_ in ("conj", "xcomp", "advcl")
                    and sibling.lemma_.lower() in rules.topic_verbs
                ):
                    topics.extend(_object_topic(sibling))
        return topics

    def _date(self, tok: Token) -> date | None:
        """The day of the event (as ``kg_timex`` resolved it: "on Wednesday" in "plans to
        open talks on Wednesday" is the coming one): a date naming the event noun ("Sunday's
        election", "the Monday meeting", "a meeting on Monday"), or one "on" the verb the
        noun is the subject or object of ("held talks on Monday") or that describes it ("the
        summit, held on Monday"); not a date of another clause ("results published on
        Monday")."""
        anchors = {tok.i} | {c.i for c in tok.children if c.dep_ in ("acl", "relcl")}
        if tok.dep_ in ("dobj", "obj", "nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
            anchors.add(tok.head.i)
        doc = tok.doc
        facts: list[TimeFact] = doc._.kg_timex or []
        for fact in facts:
            period = fact.period
            if period is None or period.start is None or period.start != period.end:
                continue
            if not tok.sent.start_char <= fact.span.start < tok.sent.end_char:
                continue
            span = doc.char_span(fact.span.start, fact.span.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            if root.dep_ == "pobj" and root.head.lower_ == "on":
                governor = root.head.head
            elif root.dep_ in ("poss", "compound", "npadvmod", "nmod"):
                governor = root.head
            else:
                continue
            if governor.i in anchors:
                return period.start
        return None

    def _place(self, tok: Token) -> str | None:
        for child in tok.children:
            key = entity_key(child) if child.dep_ in ("compound", "amod", "nmod") else None
            if key and key.startswith("place:"):
                return key
        for node in (tok, tok.head):
            for child in node.children:
                if child.dep_ == "prep" and child.lower_ in ("in", "at"):
                    for obj in child.children:
                        key = entity_key(obj)
                        if key and key.startswith("place:"):
                            return key
        return None

    # -- agreements ---------------------------------------------------------------------------
    def _agreement(self, doc: Doc, tok: Token, agreements: dict[str, _Acc]) -> None:
        name = _proper_name(tok)
        key = slugify(name) if name else tok.lemma_.lower()
        topics = [t for child in tok.children if (t := _prep_topic(child))]
        topics += [
            c.lemma_.lower()
            for c in tok.children
            if c.dep_ == "compound" and c.pos_ == "NOUN" and not c.ent_type_
        ]
        for clause in tok.children:
            if clause.dep_ in ("relcl", "acl"):
                topics.extend(_object_topic(clause, depth=2))
        label = name or (f"{topics[0]} {tok.text}" if topics else _label(tok))
        acc = agreements.setdefault(key, _Acc(label=label))
        acc.add(self._participants(tok) + self._signatories(tok), topics)
        acc.spans.append(evidence(doc, *_np_chars(tok)))
        acc.sentences.add(tok.sent.start)
        acc.status = acc.status or self._status(tok)

    def _signatories(self, tok: Token) -> list[str]:
        verb = tok.head
        if tok.dep_ not in ("dobj", "nsubjpass") or verb.pos_ != "VERB":
            return []
        keys: list[str] = []
        for child in verb.children:
            if child.dep_ in ("nsubj", "agent"):
                keys.extend(_agents_with_conj(child, self.rules))
            if child.dep_ == "prep" and child.lower_ == "with":
                keys.extend(_conjoined_agents(child, self.rules))
        return keys

    def _status(self, tok: Token) -> str | None:
        table = self.rules.agreement_status
        words = [c.lower_ for c in tok.children if c.dep_ in ("amod", "compound")]
        for child in tok.children:
            if child.dep_ == "prep":
                words.append(" ".join(t.lower_ for t in child.subtree))
        if tok.head.pos_ == "VERB":
            words.append(tok.head.lemma_.lower())
        for word in words:
            if word in table:
                return table[word]
        return None

    def _parties_from_context(self, doc: Doc, acc: _Acc, events: dict[str, _Acc]) -> list[str]:
        for event in events.values():
            if event.sentences & acc.sentences and event.parties:
                return list(event.parties)
        for sent_start in sorted(acc.sentences):
            sent = doc[sent_start].sent
            keys = list(
                dict.fromkeys(k for t in sent if (k := entity_key(t)) and k.startswith("country:"))
            )
            if len(keys) >= 2:
                return keys
        return []


def _another(
    tok: Token, acc: _Acc, participants: list[str], day: date | None, place: str | None
) -> bool:
    """Whether an event mention names another event than ``acc``, the latest one with the same
    head noun: it is indefinite (``a meeting``) or its date, place or participants differ."""
    if any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in tok.children):
        return True
    if (day and acc.date and day != acc.date) or (place and acc.place and place != acc.place):
        return True
    return bool(participants and acc.parties and not set(participants) & set(acc.parties))


def _idiom(tok: Token) -> bool:
    """``a great deal``, ``a good deal``: not an agreement."""
    return tok.lower_ == "deal" and any(c.lower_ in ("great", "good") for c in tok.children)


def _label(tok: Token) -> str:
    """The noun with its descriptive modifiers: ``first high-level talks`` → ``high-level talks``."""
    left = [
        t
        for t in tok.lefts
        if t.dep_ in ("amod", "compound", "nmod")
        and not t.ent_type_
        and t.pos_ != "NUM"
        and t.lower_ not in ("first", "second", "third", "last", "next", "previous", "earlier")
    ]
    if not left:
        return tok.text
    start = min(t.left_edge.i for t in left)
    words = [
        t for t in tok.doc[start : tok.i + 1] if not t.ent_type_ and t.dep_ not in ("det", "poss")
    ]
    return "".join(t.text_with_ws for t in words).strip() or tok.text


def _proper_name(tok: Token) -> str | None:
    """``North American Steel Cooperation Agreement``: a capitalised name ending in the noun."""
    if not tok.is_title:
        return None
    start = tok.i
    while start > 0 and (tok.doc[start - 1].is_title or tok.doc[start - 1].lower_ in ("on", "of")):
        if tok.doc[start - 1].is_sent_start:
            break
        start -= 1
    while start < tok.i and not tok.doc[start].is_title:
        start += 1
    return tok.doc[start : tok.i + 1].text if start < tok.i else None


def _np_chars(tok: Token) -> tuple[int, int]:
    start = tok.left_edge.idx if tok.left_edge.i >= tok.i - 4 else tok.idx
    return start, tok.idx + len(tok.text)


def _prep_topic(prep: Token) -> str | None:
    if prep.dep_ != "prep" or prep.lower_ not in _TOPIC_PREPS:
        return None
    obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    if obj is None or obj.ent_type_ in ("DATE", "TIME", "CARDINAL", "MONEY"):
        return None
    return _topic_words(obj)


def _object_topic(verb: Token, depth: int = 1) -> list[str]:
    for child in verb.children:
        if child.dep_ in ("dobj", "obj") and child.pos_ in ("NOUN", "PROPN"):
            return [_topic_words(child)]
    if depth > 1:
        for child in verb.children:
            if child.dep_ in ("xcomp", "ccomp") and child.pos_ == "VERB":
                return _object_topic(child, depth - 1)
    return []


def _topic_words(tok: Token) -> str:
    mods = [c.lower_ for c in tok.lefts if c.dep_ == "compound" and not c.ent_type_]
    return " ".join([*mods, tok.lemma_.lower() if tok.pos_ == "NOUN" else tok.text])


def _agents_with_conj(tok: Token, rules: Rules) -> list[str]:
    keys: list[str] = []
    todo = [tok]
    while todo:
        t = todo.pop(0)
        if key := agent_of(t, rules):
            keys.append(key)
        todo.extend(c for c in t.children if c.dep_ in ("conj", "appos"))
    return keys


def _conjoined_agents(prep: Token, rules: Rules) -> list[str]:
    keys: list[str] = []
    for obj in prep.children:
        if obj.dep_ == "pobj":
            keys.extend(_agents_with_conj(obj, rules))
    return keys


@Language.factory(
    "kg_events",
    requires=["doc._.kg_entities", "doc._.kg_timex"],
    assigns=["doc._.kg_events", "doc._.kg_agreements"],
)
def make_events(nlp: Language, name: str) -> Events:
    return Events(load_rules())
