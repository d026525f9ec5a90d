"""``kg_timex``: every date, time and duration the title and body mention, resolved.

Candidates are the model's DATE and TIME entities plus patterns for what it misses (weekdays,
"last week", "earlier today", "Q3 2022", "the first quarter of 2009", "mid-2008", years after
a preposition, months, "two years", "75 hours"). Each is resolved against the article's date
(``doc._.kg_date``) with :mod:`kg.nlp.periods` into a period (start, end) or a duration; a time
of day is resolved to its day ("Tuesday night"), "two years ago" to the year it names. What
cannot be resolved is dropped, and so are ages ("aged 55", "55 years old"), names with numbers
("Windows 2000") and plain numbers ("No. 1"). Where candidates overlap, the longest wins.
Words for the time of writing, before or after it ("now", "recently", "soon") are time
expressions too, with a reference ("present", "past", "future") instead of a date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date, time, timedelta
from decimal import Decimal, InvalidOperation

from spacy.language import Language
from spacy.tokens import Doc, Token

from . import extensions as _ext  # noqa: F401
from .common import doc_text, evidence
from .items import Duration, Period, Span, TimeFact
from .layout import yields_facts
from .periods import MONTHS, WEEKDAYS, resolve_period
from .rules import Rules, load_rules

_YEAR = r"(?:1[89]|20)\d\d"
_MONTH = "|".join(
    sorted((m.capitalize() + (r"\.?" if len(m) <= 4 else "") for m in MONTHS), key=len)[::-1]
)
_WEEKDAY = "|".join(d.capitalize() for d in WEEKDAYS)
_DAYNUM = r"\d{1,2}(?:st|nd|rd|th)?"
_PARTS = r"(?i:the\s+)?(?i:(?:early|late|mid|middle|end|beginning|start)(?:\s+of\s+|[\s-]))?"
_RELATIVE = r"(?i:last|next|this|past|previous|coming)"
_UNITS_CAL = r"(?i:week|month|year|quarter|weekend|spring|summer|autumn|fall|winter)"
#: a time of day in UTC: "18:00 UTC", "0800 GMT"
UTC_TIME = re.compile(r"\b([01]?\d|2[0-3]):?([0-5]\d)\s*(?:utc|gmt)\b", re.IGNORECASE)
#: the patterns for what the model misses, most specific first
_PATTERNS = [
    rf"\b(?:[01]?\d|2[0-3]):?[0-5]\d[ \t]*(?:UTC|GMT)\b"
    rf"(?:,?[ \t]+(?:(?:{_WEEKDAY})|(?:{_MONTH})[ \t]+{_DAYNUM}))?",
    # Tuesday, October 5, 2008 / 5 October 2008 / October 2008
    rf"(?:(?:{_WEEKDAY}),?\s+)?(?:(?:{_MONTH})\s+{_DAYNUM}(?:,?\s+{_YEAR})?"
    rf"|{_DAYNUM}\s+(?i:of\s+)?(?:{_MONTH})(?:,?\s+{_YEAR})?)\b",
    rf"{_PARTS}(?:{_MONTH}),?\s+{_YEAR}\b",
    rf"(?:{_RELATIVE}\s+|{_PARTS})(?:{_MONTH})\b",
    rf"(?:{_RELATIVE}\s+)?(?:{_WEEKDAY})(?:\s+(?i:morning|afternoon|evening|night))?\b",
    rf"(?i:(?:earlier|later)\s+)?{_RELATIVE}\s+{_UNITS_CAL}\b",
    r"(?i:(?:earlier|later)\s+)?(?i:today|yesterday|tomorrow|tonight|last night)\b",
    r"(?i:(?:earlier|later)\s+)?(?i:this\s+(?:morning|afternoon|evening))\b",
    rf"(?i:the\s+)?(?i:first|second|third|fourth|1st|2nd|3rd|4th)\s+(?i:quarter)"
    rf"(?:\s+(?i:of\s+)?{_YEAR})?\b",
    rf"\bQ[1-4](?:\s+{_YEAR})?\b",
    rf"(?i:the\s+)?(?i:first|second)\s+(?i:half)\s+(?i:of\s+)?{_YEAR}\b",
    r"(?i:the\s+)?(?:1[89]|20)\d0'?s\b",
    rf"(?i:(?:early|late|mid)[\s-])?{_YEAR}\b",
]
_CANDIDATES = re.compile("|".join(f"(?:{p})" for p in _PATTERNS))
#: words before a duration's number that leave it as it is ("the past five days")
_DURATION_LEAD = frozenset(
    {"the", "last", "past", "next", "previous", "coming", "first", "over", "nearly", "almost"}
    | {"about", "around", "some", "in", "for", "within", "another", "further", "more", "than"}
)
#: a range of two dates: "from 2009 to 2011", "between May and June", "Monday-Friday"
_RANGE = re.compile(r"\s+(?:to|through|thru|until|till|and)\s+|\s*[–—-]\s*")
_TIME_OF_DAY = re.compile(
    r"\b\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)(?!\w)|\b\d{1,2}:\d\d\b", re.IGNORECASE
)


def resolve_timex(
    text: str, reference: date | None, rules: Rules, *, future: bool = False
) -> TimeFact | None:
    """The period or duration ``text`` names (the fact's span is filled in by the caller);
    with ``future``, a date without a year or week is the next one rather than the last.

    >>> rules = load_rules()
    >>> resolve_timex("two years", date(2008, 10, 5), rules).duration
    Duration(unit='year', amount=Decimal('2'))
    >>> resolve_timex("Q3 2022", None, rules).period.start
    datetime.date(2022, 7, 1)
    """
    lowered = " ".join(text.lower().split())
    if re.fullmatch(r"['’]\d\d", lowered):  # "'82": the such year nearest the reference
        if reference is None:
            return None
        century = reference.year // 100 * 100
        year = min(
            (c + int(lowered[1:]) for c in (century - 100, century, century + 100)),
            key=lambda y: abs(y - reference.year),
        )
        return TimeFact(text, _NOWHERE, period=Period(text, date(year, 1, 1), date(year, 12, 31)))
    if clock := UTC_TIME.search(lowered):
        return _at(text, lowered[: clock.start()] + lowered[clock.end() :], clock, reference)
    duration = _duration(lowered, rules)
    if duration is not None:
        amount, unit, direction = duration
        if direction is None:
            return TimeFact(text, _NOWHERE, duration=Duration(unit, amount))
        if reference is None or amount is None or amount != amount.to_integral():
            return None
        start, end = _back(reference, amount if direction == "ago" else -amount, unit)
        return TimeFact(text, _NOWHERE, period=Period(text, start, end))
    period = resolve_period(text, reference, future=future)
    if period.start is None or period.end is None:
        stripped = _without_time_of_day(lowered, rules)
        if not stripped or stripped == lowered:
            return None
        period = resolve_period(stripped, reference, future=future)
        if period.start is None or period.end is None:
            return None
    part = _part_of_day(lowered, rules) if period.start == period.end else None
    return TimeFact(text, _NOWHERE, period=Period(text, period.start, period.end), part_of_day=part)


def _part_of_day(text: str, rules: Rules) -> str | None:
    """The part of its day an expression names: "morning" for "Friday morning", "night" for
    "tonight"; ``None`` for a whole day."""
    parts = [rules.parts_of_day[w] for w in re.findall(r"[a-z]+", text) if w in rules.parts_of_day]
    return parts[-1] if parts else None


def _away(period: Period, reference: date) -> int:
    """Days between ``reference`` and the period (0 when it lies inside)."""
    assert period.start is not None and period.end is not None
    if period.start <= reference <= period.end:
        return 0
    return min(abs((period.start - reference).days), abs((period.end - reference).days))


def _at(text: str, day: str, clock: re.Match[str], reference: date | None) -> TimeFact | None:
    """A UTC time on the day the rest of the text names, else on the article's date."""
    day = day.replace(",", " ").strip()
    if day:
        period = resolve_period(day, reference)
        start, end = period.start, period.end
    else:
        start = end = reference
    if start is None or start != end:
        return None
    at = time(int(clock.group(1)), int(clock.group(2)))
    return TimeFact(text, _NOWHERE, period=Period(text, start, end), clock=at)


def _duration(text: str, rules: Rules) -> tuple[Decimal | None, str, str | None] | None:
    """(amount, unit, "ago" | "from now" | None) of ``"the past 2.5 years"``, ``"six straight
    days"``, ``"recent years"``, ``"two years ago"``; ``None`` when ``text`` is no duration."""
    words = text.replace("-", " ").split()
    direction = None
    if words[-1:] == ["ago"]:
        direction, words = "ago", words[:-1]
    elif words[-2:] == ["from", "now"]:
        direction, words = "from now", words[:-2]
    if not words:
        return None
    unit = rules.timex_units.get(words[-1]) or (
        rules.timex_units.get(words[-1][:-1]) if words[-1].endswith("s") else None
    )
    if unit is None:
        return None
    plural = words[-1] not in rules.timex_units
    words = words[:-1]
    while words and words[0] in _DURATION_LEAD and " ".join(words) not in rules.vague_amounts:
        words = words[1:]
    words = [w for w in words if w not in rules.duration_adjectives]
    amount = _amount(words, rules)
    if amount is None:
        return None
    value = amount[0]
    if value is None and not words and not plural:
        return None  # "the year", "this week": a period, not a duration
    if unit == "decade":
        unit, value = "year", None if value is None else value * 10
    return value, unit, direction


def _amount(words: list[str], rules: Rules) -> tuple[Decimal | None] | None:
    """``(2.5,)`` for "two and a half", ``(None,)`` for "several" or nothing, ``None`` when
    the words are not an amount."""
    phrase = " ".join(words)
    if not words or phrase in rules.vague_amounts:
        return (None,)
    half = Decimal(0)
    if phrase.endswith(" and a half"):
        half, words = Decimal("0.5"), words[:-3]
    if len(words) == 1 and words[0] in ("a", "an"):
        return (Decimal(1) + half,)
    if len(words) == 1 and re.fullmatch(r"\d+(?:\.\d+)?", words[0]):
        try:
            return (Decimal(words[0]) + half,)
        except InvalidOperation:
            return None
    numbers = rules.duration_numbers  # the number words and "single"
    if words and all(w in numbers for w in words):
        return (Decimal(sum(numbers[w] for w in words)) + half,)
    return None


def _back(reference: date, amount: Decimal, unit: str) -> tuple[date, date]:
    """The calendar unit ``amount`` ``unit``s before ``reference``, at that unit's grain."""
    n = int(amount)  # negative: after the reference ("two days from now")
    if unit == "year":
        return date(reference.year - n, 1, 1), date(reference.year - n, 12, 31)
    if unit == "month":
        months = reference.year * 12 + reference.month - 1 - n
        year, month = divmod(months, 12)
        return date(year, month + 1, 1), date(
            year, month + 1, calendar.monthrange(year, month + 1)[1]
        )
    if unit == "week":
        monday = reference - timedelta(days=reference.weekday(), weeks=n)
        return monday, monday + timedelta(days=6)
    day = reference - timedelta(days=n if unit == "day" else 0)
    return day, day


def _without_time_of_day(text: str, rules: Rules) -> str:
    text = _TIME_OF_DAY.sub(" ", text.replace(",", " "))
    words = text.split()
    for phrase in sorted(rules.times_of_day, key=len, reverse=True):
        parts = phrase.split()
        k = 0
        while k <= len(words) - len(parts):
            if words[k : k + len(parts)] == parts:
                del words[k : k + len(parts)]
            else:
                k += 1
    return " ".join(words)


#: the span of a fact resolved from text alone; the component gives it the real one
_NOWHERE = Span(0, 0, 0, 0)


class TimeExpressions:
    """The ``kg_timex`` component."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        units = "|".join(sorted(rules.timex_units, key=len, reverse=True))
        amounts = "|".join(
            sorted(
                [*rules.duration_numbers, *(re.escape(v) for v in rules.vague_amounts)],
                key=len,
                reverse=True,
            )
        )
        adjectives = "|".join(sorted(rules.duration_adjectives, key=len, reverse=True))
        number = rf"(?:\d+(?:\.\d+)?|(?:{amounts})(?:-(?:{amounts}))?|an?)(?:\s+and\s+a\s+half)?"
        #: a year written with its last two digits after a date's preposition: "since '82"
        prepositions = "|".join(sorted(map(re.escape, rules.date_prepositions), key=len)[::-1])
        self.short_year = re.compile(rf"(?i:\b(?:{prepositions})\s+(['’]\d\d)\b)")
        #: signs written before an amount of money ("$", "€"), which starts no range of durations
        self.currency_signs = tuple(sign for sign in rules.currencies if not sign.isalpha())
        #: the first number of a range whose unit comes after the second ("between 60 and")
        self.range_start = re.compile(
            rf"(?i:\b(\d+(?:\.\d+)?|{amounts})[ \t]*(?:and|to|or|-|–)[ \t]*)$"
        )
        self.anaphora = re.compile(
            r"(?i:\b(?:"
            + "|".join(re.escape(a) for a in sorted(rules.anaphoric_days, key=len, reverse=True))
            + r")\b)"
        )
        self.references = re.compile(
            r"(?i:\b(?:"
            + "|".join(re.escape(r) for r in sorted(rules.time_references, key=len, reverse=True))
            + r")\b)"
        )
        self.durations = re.compile(
            rf"(?i:(?:the\s+)?(?:(?:last|past|next|previous|coming|first)\s+)?"
            rf"\b{number}[ \t]*[- ][ \t]*(?:(?:{adjectives})[ \t]+)*(?:{units})s?\b"
            rf"(?:[ \t]+(?:ago|from now)\b)?"
            rf"|\b(?:(?<=for )|(?<=over the )|(?<=in )(?:recent[ \t]+)?)(?:{units})s\b)"
        )

    def __call__(self, doc: Doc) -> Doc:
        reference = doc._.kg_date
        text = doc_text(doc)
        candidates: list[tuple[int, int]] = [
            (e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")
        ]
        candidates += [m.span() for m in _CANDIDATES.finditer(text)]
        candidates += [m.span() for m in self.durations.finditer(text)]
        candidates += [m.span(1) for m in self.short_year.finditer(text)]
        found: list[TimeFact] = []
        for start, end in sorted(set(candidates), key=lambda s: (s[0] - s[1], s[0])):
            start, end = _trim(text, start, end)
            if (
                start >= end
                or not yields_facts(doc, start)
                or any(start < f.span.end and f.span.start < end for f in found)
            ):
                continue
            for s, e in self._parts(text, start, end, reference):
                if not self._temporal(text, s, e):
                    continue
                fact = self._resolve(doc, text[s:e], s, e, reference)
                if fact is not None:
                    found.append(replace(fact, text=text[s:e], span=evidence(doc, s, e)))
        found = [self._clock_day(f, found) for f in sorted(found, key=lambda f: f.span.start)]
        found += self._range_starts(doc, text, found)
        for m in self.anaphora.finditer(text):
            start, end = m.span()
            if not yields_facts(doc, start) or any(
                start < f.span.end and f.span.start < end for f in found
            ):
                continue
            last = max(
                (
                    f
                    for f in found
                    if f.span.end <= start and f.period and f.period.start == f.period.end
                ),
                key=lambda f: f.span.start,
                default=None,
            )
            day = last.period.start if last is not None and last.period else reference
            if day is not None:
                found.append(
                    TimeFact(m.group(), evidence(doc, start, end), Period(m.group(), day, day))
                )
        for m in self.references.finditer(text):
            start, end = m.span()
            after = text[end:].split(maxsplit=1)
            following = after[0].lower().strip(",.;:") if after else ""
            if following.isdigit() or {following, following[:-1]} & (
                self.rules.timex_units.keys()
                | self.rules.number_words.keys()
                | self.rules.vague_amounts
            ):
                continue  # "in the past decade", "in the past two years": not a reference
            if yields_facts(doc, start) and not any(
                start < f.span.end and f.span.start < end for f in found
            ):
                ref = self.rules.time_references[" ".join(m.group().lower().split())]
                found.append(TimeFact(m.group(), evidence(doc, start, end), reference=ref))
        doc._.kg_timex = sorted(found, key=lambda f: f.span.start)
        return doc

    def _range_starts(self, doc: Doc, text: str, found: list[TimeFact]) -> list[TimeFact]:
        """The first end of a range of durations that names its unit once: "60" in "between
        60 and 90 days", "two" in "two to three years"."""
        out: list[TimeFact] = []
        for fact in found:
            duration = fact.duration
            if duration is None or duration.amount is None:
                continue
            m = self.range_start.search(text[max(0, fact.span.start - 40) : fact.span.start])
            if m is None:
                continue
            start = fact.span.start - len(m.group(0))
            end = start + len(m.group(1))
            amount = _amount([m.group(1).lower()], self.rules)
            if (
                text[max(0, start - 3) : start].endswith(self.currency_signs)
                or text[start - 1 : start] in (".", ",")
                or re.fullmatch(_YEAR, m.group(1))
            ):
                continue  # "$5 and 10 days later", "in 2008 and 90 days later": no duration
            if (
                amount is None
                or amount[0] is None
                or any(start < f.span.end and f.span.start < end for f in found)
            ):
                continue
            out.append(
                TimeFact(
                    m.group(1),
                    evidence(doc, start, end),
                    duration=Duration(duration.unit, amount[0]),
                )
            )
        return out

    @staticmethod
    def _clock_day(fact: TimeFact, found: list[TimeFact]) -> TimeFact:
        """A UTC time given alone ("at 18:00 UTC") is on the day its sentence names
        ("flew Tuesday … at 18:00 UTC"), else on the article's date."""
        if fact.clock is None or not UTC_TIME.fullmatch(fact.text.strip()):
            return fact
        days = [
            f
            for f in found
            if f.clock is None
            and f.span.sent_start == fact.span.sent_start
            and f.period is not None
            and f.period.start == f.period.end
        ]
        if not days:
            return fact
        near = min(days, key=lambda f: abs(f.span.start - fact.span.start))
        assert near.period is not None
        day = Period(fact.text, near.period.start, near.period.end)
        return TimeFact(fact.text, fact.span, day, None, fact.clock)

    def _parts(
        self, text: str, start: int, end: int, reference: date | None
    ) -> list[tuple[int, int]]:
        """A range ("from 2009 to 2011") as its two ends, each a time expression of its own
        (as TimeML marks them); anything else whole."""
        phrase = text[start:end]
        m = _RANGE.search(phrase)
        if m is None:
            return [(start, end)]
        left = _trim(text, start, start + m.start())
        right = _trim(text, start + m.end(), end)
        left = (left[0] + _lead(text[left[0] : left[1]]), left[1])
        if all(
            a < b and resolve_timex(text[a:b], reference, self.rules) is not None
            for a, b in (left, right)
        ):
            return [left, right]
        return [(start, end)]

    def _resolve(
        self, doc: Doc, phrase: str, start: int, end: int, reference: date | None
    ) -> TimeFact | None:
        """``phrase`` resolved in the direction its clause speaks of; where its verb is in
        the present ("has a June 1 deadline", "resulting in closures during the fourth
        quarter"), a month, day or quarter without a year is the one nearer the reference."""
        future = self._future(doc, start, end)
        fact = resolve_timex(phrase, reference, self.rules, future=future)
        if (
            future
            or reference is None
            or fact is None
            or fact.period is None
            or any(w in WEEKDAYS for w in phrase.lower().split())
            or not self._present(doc, start, end)
        ):
            return fact
        ahead = resolve_timex(phrase, reference, self.rules, future=True)
        if ahead is None or ahead.period is None:
            return fact
        return ahead if _away(ahead.period, reference) < _away(fact.period, reference) else fact

    def _present(self, doc: Doc, start: int, end: int) -> bool:
        """Whether the expression hangs from a verb in neither a past tense nor a past
        participle ("has a June 1 deadline", "resulting in closures during the fourth
        quarter"; not "closed", "has closed", "was closed", "plans announced in January")."""
        verb = self._verb(doc, start, end)
        return (
            verb is not None
            and verb.tag_ not in ("VBD", "VBN")
            and not any(
                c.tag_ in ("VBD", "VBN") or c.lower_ in ("has", "have")
                for c in verb.children
                if c.dep_ in ("aux", "auxpass")
            )
        )

    def _verb(self, doc: Doc, start: int, end: int) -> Token | None:
        """The verb the expression hangs from (up to four steps up the parse)."""
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        token = span.root
        for _ in range(4):
            if token.pos_ in ("VERB", "AUX"):
                return token
            if token.head is token:
                return None
            token = token.head
        return None

    def _future(self, doc: Doc, start: int, end: int) -> bool:
        """Whether the clause the expression belongs to speaks of the future: "will meet on
        Friday", "is expected to close in June", "closed until Friday"."""
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return False
        if span.start > 0 and doc[span.start - 1].lower_ in self.rules.future_prepositions:
            return True
        token = span.root
        for _ in range(4):
            if token.pos_ in ("VERB", "AUX") or token.head is token:
                break
            token = token.head
        for verb in (token, token.head if token.dep_ in ("xcomp", "ccomp") else token):
            if verb.lemma_.lower() in self.rules.future_verbs:
                return True
            if any(
                c.dep_ in ("aux", "auxpass") and c.lower_ in self.rules.future_auxiliaries
                for c in verb.children
            ):
                return True
        return False

    def _temporal(self, text: str, start: int, end: int) -> bool:
        """Not an age, not a frequency, not a bare number or year used as a name or a count."""
        phrase = text[start:end].lower()
        before = text[max(0, start - 30) : start].lower().split()
        after = text[end : end + 12].lower()
        if any(w in self.rules.age_before for w in before[-3:]):
            return False
        if phrase.endswith(("-old", " old")) or any(
            re.match(rf"\s*-?{re.escape(w)}\b", after) for w in self.rules.age_after
        ):
            return False
        if (
            re.match(r"an?\s", phrase)
            and before
            and (
                before[-1] in ("once", "twice", "thrice", "times", "per")
                or re.search(r"\d", before[-1])
            )
        ):
            return False  # "twice a day", "$5 a day": a frequency or a rate
        previous = before[-1].strip(",.") if before else ""
        if previous.endswith(("'s", "’s")):
            previous = "'s"
        if re.fullmatch(r"\d+", phrase):
            if not re.fullmatch(_YEAR, phrase) or re.match(r"[-/.,]?\d|\s*%", text[end:]):
                return False
            if previous not in self.rules.date_prepositions | self.rules.year_determiners and (
                previous not in MONTHS
            ):
                return False  # "Windows 2000", "2000 people": a name or a count
        # a bare month after anything but a preposition or a possessive is a name:
        # "Theresa May", "the March for Jobs"
        if phrase.startswith("the "):
            return phrase[4:].strip().rstrip(".") not in MONTHS
        return (
            phrase.rstrip(".") not in MONTHS
            or previous in self.rules.date_prepositions
            or (previous in self.rules.year_determiners and previous != "the")  # "its May sales"
        )


def _lead(phrase: str) -> int:
    """How many characters of ``phrase`` are a leading "from" or "between"."""
    m = re.match(r"(?i:from|between)\s+", phrase)
    return m.end() if m else 0


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Without white space, a trailing full stop or comma, and what follows a line break."""
    if "\n" in text[start:end].strip():
        end = text.index("\n", start + len(text[start:end]) - len(text[start:end].lstrip()))
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:"):
        if text[end - 1] == "." and re.search(r"\b[ap]\.m\.$", text[start:end], re.I):
            break
        end -= 1
    return start, end


@Language.factory("kg_timex", requires=["doc.ents"], assigns=["doc._.kg_timex"])
def make_timex(nlp: Language, name: str) -> TimeExpressions:
    return TimeExpressions(load_rules())
