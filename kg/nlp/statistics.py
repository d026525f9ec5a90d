"""``kg_statistics``: numbers reported in the text, as typed quantities.

For each number (``79,800``, ``$2.5bn``, ``4.2%``, ``1.4 million``, ``six percent``) it finds
the value, the bound (``more than`` → min, ``about`` → approx, see ``lexicon.toml``), what
was counted (the noun the number modifies; for ``N times`` the verb), the population it is
about (``stopped Cubans``), the source (the subject of the verb, ``according to X`` or the
subject of a reporting verb), the period (the nearest date expression in the sentence,
resolved against the article's date) and a place (``in Havana``). Numbers written in words
count too (``five``, ``six percent``, ``two million``), except a lone ``one`` and references
(``the two countries``); numbers that name rather than count do not (``A-10``, ``737-800``,
``iPhone 4``, ``No. 1``).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from . import extensions as _ext  # noqa: F401
from .common import agent_of, doc_text, entity_key, evidence
from .items import StatisticFact
from .layout import yields_facts
from .periods import is_duration, resolve_period
from .rules import Rules, load_rules
from .timex import UTC_TIME

_NUMBER_LABELS = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}
_NUMBER = re.compile(
    r"(?P<cur>US\$|CA\$|C\$|AU\$|A\$|NZ\$|HK\$|S\$|[$€£¥₹])?\s*"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"\s*(?P<mult>thousand|million|billion|trillion|bn|m|k)?(?![\w])",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"%|\bper ?cent\b|\bpercentage points?\b", re.IGNORECASE)
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_WORD = re.compile(r"[A-Za-z]+")
#: a currency sign just before a number the model left out of its span ("or $0.67 a share")
_CURRENCY_BEFORE = re.compile(r"(?:US\$|C\$|A\$|NZ\$|[$€£¥₹])\s?$")
#: a number glued by a hyphen or slash to a code: "A-10", "737-800", "COVID-19"
_CODE_BEFORE = re.compile(r"[A-Z0-9][-/]$")
_CODE_AFTER = re.compile(r"[-/][A-Z0-9]")
#: a rank: "No. 1", "#3"
_RANK_BEFORE = re.compile(r"(?:\b(?:No|Nos|Number)\.?|#)\s*$")
#: words before a number that make it a reference, not a count: "the two countries"
_DEFINITE = frozenset({"the", "these", "those", "its", "their", "his", "her", "our", "both"})


def parse_number(text: str, rules: Rules) -> tuple[Decimal, str | None] | None:
    """``"more than 79,800"`` → (79800, None); ``"$2.5bn"`` → (2500000000, "USD");
    ``"six percent"`` → (6, "percent")."""
    m = _NUMBER.search(text)
    currency: str | None = None
    if m is None:
        words = number_words(text, rules)
        if words is None:
            return None
        value = words[0]
    else:
        try:
            value = Decimal(m.group("num").replace(",", ""))
        except InvalidOperation:
            return None
        mult = (m.group("mult") or "").lower()
        if mult:
            value *= rules.multipliers.get(mult, Decimal(1))
        currency = rules.currencies.get(m.group("cur") or "")
    if currency is None:
        for word in text.lower().split():
            currency = currency or rules.currencies.get(word)
    if _PERCENT.search(text):
        return value, "percent"
    return (value.quantize(Decimal(1)) if value == value.to_integral() else value), currency


def number_words(text: str, rules: Rules) -> tuple[Decimal, int, int] | None:
    """The first number written in words in ``text``, with the offsets where it starts and
    ends: ``"some twenty-two million people"`` → (22000000, 5, 24)."""
    words = rules.number_words
    scales = {w: v for w, v in rules.multipliers.items() if len(w) > 2}
    found = list(_WORD.finditer(text))
    first = next(
        (k for k, m in enumerate(found) if m.group().lower() in words.keys() - {"hundred"}),
        None,
    )
    if first is None:
        return None
    total = Decimal(0)
    current: Decimal | None = None
    end = found[first].end()
    for k in range(first, len(found)):
        m = found[k]
        word = m.group().lower()
        if k > first and text[found[k - 1].end() : m.start()].strip(" -"):
            break  # the next word is not part of this number
        if word == "hundred" and current is not None:
            current *= 100
        elif word in words and word != "hundred":
            value = words[word]
            if current is not None and not (
                current % 100 == 0 or (current % 10 == 0 and current >= 20 and value < 10)
            ):
                break  # "five six": two numbers
            current = (current or Decimal(0)) + value
        elif word in scales and current is not None:
            total += current * scales[word]
            current = None
        else:
            break
        end = m.end()
    half = _AND_A_HALF.match(text, end)
    if half is not None:  # "two and a half"
        return total + (current or Decimal(0)) + Decimal("0.5"), found[first].start(), half.end()
    return total + (current or Decimal(0)), found[first].start(), end


def find_bound(words: list[str], rules: Rules) -> str:
    """The bound the words just before a number give (``["more", "than"]`` → ``"min"``)."""
    lowered = [w.lower() for w in words]
    for phrase, bound in rules.bounds:
        if len(phrase) <= len(lowered) and tuple(lowered[-len(phrase) :]) == phrase:
            return bound
    return "exact"


class Statistics:
    """The ``kg_statistics`` component."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        #: the one-word bounds of the rules ("nearly", "about"), which may stand between a
        #: preposition and its figure ("from nearly 38%")
        self.lead_words = frozenset(words[0] for words, _ in rules.bounds if len(words) == 1)

    def __call__(self, doc: Doc) -> Doc:
        facts: list[StatisticFact] = []
        seen: set[tuple[object, ...]] = set()
        for ent in _number_spans(doc):
            if not yields_facts(doc, ent.start_char):
                continue
            for fact in self._statistics(doc, ent):
                key = (
                    fact.value,
                    fact.unit,
                    fact.counted,
                    fact.source,
                    fact.period and fact.period.text,
                )
                if fact.counted is None and fact.unit is None:
                    facts.append(fact)  # a bare figure says too little to be the same fact
                elif key not in seen:  # a figure the article repeats is one fact
                    seen.add(key)
                    facts.append(fact)
        facts += self._ages(doc)
        doc._.kg_statistics = facts
        return doc

    def _statistics(self, doc: Doc, ent: SpacySpan) -> list[StatisticFact]:
        """The figure of a number entity, or the two figures of one the model read across a
        word joining them ("US$299 and US$399", "from US$55 billion to US$110 billion", "20 to
        25 percent"); the first takes the unit and multiplier the second names and it lacks
        ("20 to 25 percent": 20 percent)."""
        joint = next(
            (
                t.i
                for t in ent
                if t.lower_ in _JOINING
                and any(x.like_num for x in doc[ent.start : t.i])
                and any(x.like_num for x in doc[t.i + 1 : ent.end])
            ),
            None,
        )
        if joint is None:
            fact = self._statistic(doc, ent)
            return [fact] if fact is not None else []
        left = self._statistic(doc, doc[ent.start : joint])
        right = self._statistic(doc, doc[joint + 1 : ent.end])
        if left is not None and right is not None:
            words = {t.lower_ for t in doc[ent.start : joint]}
            right_words = [t.lower_ for t in doc[joint + 1 : ent.end]]
            scale = next((w for w in right_words if w in self.rules.multipliers), None)
            if scale is not None and not words & self.rules.multipliers.keys():
                left = replace(left, value=left.value * self.rules.multipliers[scale])
            if left.unit is None and right.unit is not None:
                left = replace(left, unit=right.unit)
        return [f for f in (left, right) if f is not None]

    def _ages(self, doc: Doc) -> list[StatisticFact]:
        """A person's age, which the model reads as a date: "Jobs, aged 55,", "died at the age
        of 56", "Barra, 51, will lead": counted "age", in years, about the person named last
        before it in its sentence."""
        text, rules = doc_text(doc), self.rules
        out: list[StatisticFact] = []
        for ent in doc.ents:
            m = _AGE.search(ent.text)
            if ent.label_ != "DATE" or m is None or not yields_facts(doc, ent.start_char):
                continue
            start, end = ent.start_char + m.start(1), ent.start_char + m.end(1)
            before = text[max(ent.sent.start_char, start - 30) : start].lower().split()
            after = text[end : end + 2]
            aged = bool(before) and (before[-1] in rules.age_before or before[-2:] == ["age", "of"])
            person = next(
                (
                    e
                    for e in reversed(ent.sent.ents)
                    if e.end <= ent.start and str(e.kb_id_).startswith("person:")
                ),
                None,
            )
            apposition = (  # "Barra, 51,": the number right after the person's name and a comma
                person is not None
                and person.end + 1 == ent.start
                and doc[person.end].text == ","
                and ent.text.strip() == m.group(1)
                and after[:1] in (",", ".")
            )
            if person is None or not (aged or apposition) or not 0 < int(m.group(1)) < 130:
                continue
            out.append(
                StatisticFact(
                    value=Decimal(m.group(1)),
                    bound="exact",
                    span=evidence(doc, start, end),
                    counted="age",
                    unit="year",
                    about=str(person.kb_id_),
                )
            )
        return out

    def _statistic(self, doc: Doc, ent: SpacySpan) -> StatisticFact | None:
        rules = self.rules
        digits = _NUMBER.search(ent.text)
        if digits is not None:
            if _YEAR.match(ent.text.strip()) and ent.label_ in ("CARDINAL", ""):
                return None  # "the 2030 World Cup": a year the model left unlabelled too
            number_at = ent.start_char + digits.start("cur" if digits.group("cur") else "num")
            number_end = ent.start_char + digits.end("num")
            text = doc_text(doc)
            glued = _LETTERS.match(text, ent.start_char + digits.end())
            if glued is not None and glued.group().lower() not in rules.glued_units:
                return None  # "3G", "7e7": a code, not a count ("30GB" is one: a capacity)
            if number_at > 0 and (
                text[number_at - 1] in "'’"
                or (text[number_at - 1].isalpha() and not digits.group("cur"))
            ):
                return None  # "iLife '11": a year or a version; "7e7": a code
            if UTC_TIME.match(text, number_at):
                return None  # "at 0800 UTC": a time of day
        elif (words := number_words(ent.text, rules)) is not None:
            number_at, number_end = ent.start_char + words[1], ent.start_char + words[2]
        else:
            return None
        parsed = parse_number(ent.text, rules)
        if parsed is None:
            return None
        value, unit = parsed
        if unit is None and digits is not None and glued is not None:
            unit = glued.group()  # "30GB": 30 GB
        lead = doc_text(doc)[ent.start_char : number_at].split()
        before = [t.text for t in doc[max(ent.sent.start, ent.start - 3) : ent.start]]
        if digits is None and not self._a_count(value, (before + lead)[-1:]):
            return None
        if unit is None and _designation(doc, number_at, number_end):
            return None
        start, end = ent.start_char, ent.end_char
        sign = _CURRENCY_BEFORE.search(doc_text(doc), max(0, start - 4), start)
        if unit is None and sign is not None:
            unit, start = rules.currencies.get(sign.group().strip()), sign.start()
        bound = find_bound(lead, rules) if lead else find_bound(before, rules)
        if bound == "exact" and lead:
            bound = find_bound(before + lead, rules)

        noun = _counted_noun(ent)
        if noun is not None and noun.lower_ in rules.level_nouns:
            noun = None  # "down from a record of 740,000": the level is not what was counted
        currency = rules.currencies.get(noun.lower_) if noun is not None else None
        if noun is not None and unit is None and currency is not None and noun.i == ent.end:
            unit, end = currency, noun.idx + len(noun)  # "600 million euros"
            noun = next(  # what the money is "in", "on" or "for": "1.5 billion euros on stadiums"
                (
                    obj
                    for prep in noun.children
                    if prep.dep_ == "prep" and prep.lower_ in ("in", "on", "for")
                    for obj in prep.children
                    if obj.dep_ == "pobj" and obj.pos_ == "NOUN"
                ),
                None,
            )
        noun = _measured(noun, rules) if noun is not None else None
        verb = _governing_verb(ent.root)
        counted: str | None = None
        population: str | None = None
        about: str | None = None
        if noun is not None and noun.lower_ in rules.frequency_nouns and verb is not None:
            counted = f"{noun.text} {verb.text}"
            obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
            if obj is not None and obj.i not in range(ent.start, ent.end):
                population = _phrase(obj)
                about = _entity_in(obj, rules)
        elif noun is not None:
            # not the number nor the words of its bound before it ("up to 40 suppliers")
            bound_words = {t.i for t in ent.root.subtree if t.i < ent.start}
            if ent.root.dep_ == "pobj" and ent.root.head.head == noun:
                bound_words.add(ent.root.head.i)  # the "of" of "a net profit of $1.2 billion"
            if ent.root.dep_ == "conj" and ent.root.head.like_num:  # the 21 of "102 and 21
                bound_words.update(t.i for t in ent.root.head.subtree)  # people"
            counted = _phrase(noun, skip=bound_words | set(range(ent.start, ent.end)))
            about = _entity_in(noun, rules, skip=range(ent.start, ent.end))
        elif verb is not None:
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj")), None)
            k = ent.start - 1  # the word before the figure and its bound ("from nearly 38%")
            while k > ent.sent.start and doc[k].lower_ in self.lead_words:
                k -= 1
            prep = doc[k] if k >= ent.sent.start else None
            if (
                obj is not None
                and prep is not None
                and prep.lower_ in ("at", "to", "by", "from")
                and obj.i not in range(ent.start, ent.end)
            ):  # "held its main rate at 5%", "cut prices by 10%"
                figure = self._figure_at(doc, obj)
                if figure is None:
                    counted = _phrase(_measured(obj, rules))
                elif (noun_of := _counted_noun(figure)) is not None:
                    counted = _phrase(_measured(noun_of, rules))  # "won 31% of the vote, down
                    # from 38%": the 38% is of the vote too
            elif subj is not None and entity_key(subj) is None and subj.pos_ != "PRON":
                counted = _phrase(_measured(subj, rules))  # "Revenue rose to $3 billion"; not
                # a name: "the EU would give 600 million euros" counts no EU
        source = self._source(ent, verb, about)
        if about is None and verb is not None:
            about = self._subject_about(verb, source)
        period = self._period(doc, ent)
        place = self._place(verb, about)
        if lead and start < number_at and bound == "exact":
            start = number_at
        return StatisticFact(
            value=value,
            bound=bound,
            span=evidence(doc, start, end),
            counted=counted,
            unit=unit,
            population=population,
            about=about,
            source=source,
            place=place,
            period=period,
        )

    def _a_count(self, value: Decimal, before: list[str]) -> bool:
        """Whether a number written in words counts something: not ``the two countries`` (a
        reference) nor a lone ``one`` (``one of them``, ``one day``: a pronoun or article)."""
        return value != 1 and not (before and before[0].lower() in _DEFINITE)

    def _source(self, ent: SpacySpan, verb: Token | None, about: str | None) -> str | None:
        """Who gives the figure: ``according to X`` first, then the subject of a reporting verb
        (``X reported 2,000 cases``, ``X said … rose 5%``) or an organisation that counts its own
        work (``the Border Patrol stopped migrants 209,000 times``). A country, place or person
        doing something else is what the figure is about, not its source (``Cuba received 2.4
        million visitors``). A product or an index gives no figure (``iPhone sales rose 5%``
        says nothing of who counted them)."""
        rules = self.rules
        sent = ent.sent
        for tok in sent:
            if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor().lower_ == "to":
                for obj in tok.nbor().children:
                    key = agent_of(obj, rules)
                    if key and _can_give(key):
                        return key
        if verb is not None:
            reports = verb.lemma_.lower() in rules.report_verbs
            for child in verb.children:
                if child.dep_ in ("nsubj", "agent"):
                    key = agent_of(child, rules) or _pobj_agent(child, rules)
                    if (
                        key
                        and key != about
                        and _can_give(key)
                        and (reports or key.startswith("org:"))
                    ):
                        return key
        for tok in sent:
            if tok.pos_ == "VERB" and tok.lemma_.lower() in rules.report_verbs and tok != verb:
                for child in tok.children:
                    if (
                        child.dep_ == "nsubj"
                        and (key := agent_of(child, rules))
                        and key != about
                        and _can_give(key)
                    ):
                        return key
        return None

    def _subject_about(self, verb: Token, source: str | None) -> str | None:
        """A country or place doing what the figure counts is what it is about: "Cuba received
        2.4 million visitors", and so is a market's index or a currency that moved by it: "the
        dollar fell 1.2%" (a reporting verb's subject is a source, never this)."""
        if verb.lemma_.lower() in self.rules.report_verbs:
            return None
        for child in verb.children:
            if child.dep_ == "nsubj":
                key = agent_of(child, self.rules)
                if key and key != source and key.startswith(_ABOUT_SUBJECTS):
                    return key
        return None

    def _period(self, doc: Doc, ent: SpacySpan):  # type: ignore[no-untyped-def]
        """The date of the figure's sentence that is the figure's: the first after it, unless
        an earlier figure it is compared with comes between ("31% of the vote, down from 38%
        in 2023": 2023 is the 38%'s), else the last before it."""
        dates = [
            d
            for d in ent.sent.ents
            if d.label_ in ("DATE", "TIME")
            and not is_duration(d.text)
            and not (d.start > 0 and doc[d.start - 1].lower_ == "of")
        ]
        if not dates:
            return None
        baseline = next(
            (
                f.start
                for f in ent.sent.ents
                if f.label_ in _NUMBER_LABELS
                and f.start >= ent.end
                and f.start > 0
                and doc[f.start - 1].lower_ in self.rules.baseline_words
            ),
            len(doc),
        )
        after = [d for d in dates if d.start >= ent.end]
        if after and after[0].start < baseline:
            chosen = after[0]
        else:
            before = [d for d in dates if d.end <= ent.start]
            if not before:
                return None
            chosen = before[-1]
        return resolve_period(chosen.text, doc._.kg_date)

    @staticmethod
    def _figure_at(doc: Doc, tok: Token) -> SpacySpan | None:
        """The number entity ``tok`` is a word of, if any."""
        return next(
            (e for e in doc.ents if e.label_ in _NUMBER_LABELS and e.start <= tok.i < e.end),
            None,
        )

    def _place(self, verb: Token | None, about: str | None) -> str | None:
        if verb is None:
            return None
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "at", "across", "throughout"):
                for obj in child.children:
                    key = entity_key(obj)
                    if key and key.startswith(("place:", "country:")) and key != about:
                        return key
        return None


def _designation(doc: Doc, start: int, end: int) -> bool:
    """Whether the number at ``start:end`` names a thing rather than counts: a model or code
    (``A-10``, ``737-800``, ``iPhone 4``, ``Route 6``, ``Flight 370``) or a rank (``No. 1``)."""
    text = doc_text(doc)
    if _CODE_BEFORE.search(text, max(0, start - 2), start) or _CODE_AFTER.match(text, end):
        return True
    if _RANK_BEFORE.search(text, text.rfind("\n", 0, start) + 1, start):
        return True
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span) or span.start == 0:
        return False
    tok, name = span[0], doc[span.start - 1]
    if (
        name.pos_ == "NOUN"
        and name.is_title
        and tok.head == name
        and span.text.isdigit()
        and name.ent_type_ not in ("DATE", "TIME")
    ):
        return True  # "Flight 370", "Gate 7": a capitalised noun numbered
    return (
        name.pos_ == "PROPN"
        and name.is_alpha
        and any(c.isupper() for c in name.text)
        and name.ent_type_ not in ("DATE", "TIME", "PERSON", "NORP", "GPE", "LOC")
        and (
            tok.head == name
            or name.head == tok
            or (  # "Boeing 747 jets": a maker's name and a number on the same noun
                name.dep_ in ("compound", "nmod")
                and name.head == tok.head
                and name.ent_type_ in ("ORG", "PRODUCT", "FAC", "WORK_OF_ART", "EVENT", "LAW")
            )
        )
    )


def _number_spans(doc: Doc) -> list[SpacySpan]:
    """Number entities from the model, plus digit tokens it left unlabelled."""
    spans = [e for e in doc.ents if e.label_ in _NUMBER_LABELS]
    covered = {i for e in doc.ents for i in range(e.start, e.end)}
    for tok in doc:
        if tok.i in covered or not tok.like_num or not any(ch.isdigit() for ch in tok.text):
            continue
        if tok.ent_type_ or tok.dep_ not in ("nummod", "dobj", "pobj", "attr", "npadvmod"):
            continue
        spans.append(doc[tok.i : tok.i + 1])
    return sorted(spans, key=lambda s: s.start)


def _numeric_ent_types() -> set[str]:
    return _NUMBER_LABELS | {"DATE", "TIME", "ORDINAL"}


def _counted_noun(ent: SpacySpan) -> Token | None:
    root = ent.root
    if root.dep_ == "conj" and root.head.like_num and root.head.i < root.i:
        root = root.head  # "102 and 21 people": the 21 are people too
    if root.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and root.head.pos_ in (
        "NOUN",
        "PROPN",
    ):
        head = root.head
        if head.i not in range(ent.start, ent.end) or ent.label_ == "QUANTITY":
            return head
    for child in root.children:  # "1.4 million people" parsed with the noun inside
        if child.dep_ == "prep" and child.lower_ == "of":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                return obj
        if child.dep_ == "prep" and child.lower_ == "in" and ent.label_ == "MONEY":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ == "NOUN":
                return obj  # "$300 million in subsidies"
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN":
        return root.head.head  # "a net profit of $1.2 billion"
    if root.pos_ in ("NOUN", "PROPN") and root.ent_type_ not in _numeric_ent_types():
        return root
    return None


#: letters written right after a number ("30GB", "3G")
_LETTERS = re.compile(r"[A-Za-z]+")
#: "and a half" after a number written in words
_AND_A_HALF = re.compile(r"\s+and\s+a\s+half\b", re.IGNORECASE)
#: words joining two figures the model read as one entity ("US$299 and US$399")
_JOINING = frozenset({"and", "or", "to"})
#: a person's age as the model's DATE gives it: "56", "the age of 56"
_AGE = re.compile(r"(?:^|\s)(\d{1,3})$")
#: the entities a figure is about when they are the subject of its verb
_ABOUT_SUBJECTS = ("country:", "place:", "currency:", "index:")


def _measured(tok: Token, rules: Rules) -> Token:
    """What a noun that measures something names: "steel" for "worth of steel", "work visas"
    for "the number of work visas"; else the noun itself."""
    if tok.lower_ in rules.measure_nouns:
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
    return tok


def _governing_verb(tok: Token) -> Token | None:
    for _ in range(5):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "amod":
            return tok
        if tok.head == tok:
            return None
        tok = tok.head
    return None


#: dependents whose words are no part of what a figure counted: clauses, an apposition ("two
#: disasters - the losses of …") and a time ("disasters this year")
_NOT_IN_PHRASE = frozenset({"relcl", "acl", "advcl", "appos", "npadvmod"})


def _phrase(tok: Token, skip: Collection[int] = ()) -> str:
    """The words of a noun phrase, without determiners, punctuation, clauses, appositions,
    times or the figures coordinated with the one counted (``skip``)."""
    cut: set[int] = set()
    for t in tok.subtree:
        if t.dep_ in _NOT_IN_PHRASE and t.i != tok.i:
            cut.update(x.i for x in t.subtree)
        elif t.dep_ in ("conj", "cc") and t.head.i in skip:
            cut.update(x.i for x in t.subtree)  # "102 and 21 people": the other figure
    kept = [
        t
        for t in tok.subtree
        if t.i not in skip
        and t.i not in cut
        and t.dep_ != "punct"
        and not t.is_space
        and t.lower_ not in ("the", "a", "an")
    ][:8]
    # as written where the words follow each other ("Mexico's"), else one space between
    out = "".join(
        t.text + (t.whitespace_ if k + 1 < len(kept) and kept[k + 1].i == t.i + 1 else " ")
        for k, t in enumerate(kept)
    )
    return " ".join(out.split()) or tok.text


def _entity_in(tok: Token, rules: Rules, skip: range = range(0)) -> str | None:
    key = agent_of(tok, rules)
    if key:
        return key
    for t in tok.subtree:
        if t.i in skip:
            continue
        key = entity_key(t)
        if key:
            return key
    return None


def _can_give(key: str) -> bool:
    """Whether the entity ``key`` can be a figure's source: a person, an organisation, a
    country or a place (the ontology's kg:source), not a product or an index."""
    return key.startswith(("person:", "org:", "country:", "place:"))


def _pobj_agent(tok: Token, rules: Rules) -> str | None:
    for child in tok.children:
        if child.dep_ == "pobj":
            return agent_of(child, rules)
    return None


@Language.factory("kg_statistics", requires=["doc._.kg_entities"], assigns=["doc._.kg_statistics"])
def make_statistics(nlp: Language, name: str) -> Statistics:
    return Statistics(load_rules())
