"""Resolve periods as written ("October through March", "last year", "in the first quarter")
to calendar dates, relative to the article's publication date."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from .items import Period

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_RANGE = re.compile(r"\s+(?:through|thru|to|until|till|and)\s+|\s*[–—-]\s*(?=[A-Za-z0-9])")
_QUARTERS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
_DURATION = re.compile(
    r"^(?:the\s+)?(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|many)\s+"
    r"(?:years?|months?|weeks?|days?|decades?|hours?)(?:\s+(?:ago|earlier|later))?$"
)

_QUARTER = re.compile(
    r"(?:(?P<nth>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter|q(?P<q>[1-4]))"
    r"(?:\s+(?P<year>(?:1[89]|20)\d\d))?"
)

Interval = tuple[date, date]


def is_duration(text: str) -> bool:
    """``four years``, ``22 years``: a length of time, not a period on the calendar."""
    return bool(_DURATION.match(text.strip().lower())) or text.strip().lower() in (
        "monthly",
        "weekly",
        "daily",
        "annual",
        "annually",
        "yearly",
    )


def resolve_period(text: str, reference: date | None, *, future: bool = False) -> Period:
    """The period ``text`` names, with start and end dates when they can be known.

    A month, day or quarter without a year is the latest one up to ``reference``; with
    ``future`` (the text speaks of what will happen) the first one from ``reference`` on.

    >>> resolve_period("October through March", date(2022, 4, 22))
    Period(text='October through March', start=datetime.date(2021, 10, 1), end=datetime.date(2022, 3, 31))
    """
    cleaned = re.sub(
        r"^(?:from|between|since|during|in|on|for|over)\s+", "", text.strip(), flags=re.I
    )
    parts = _RANGE.split(cleaned, maxsplit=1)
    if len(parts) == 2 and _has_year(parts[0]) and not _has_year(parts[1]):
        # "March 2020 - May": the end lies in the start's year (or the next one)
        first = resolve_point(parts[0], reference, future=future)
        if first is not None:
            last = resolve_point(f"{parts[1]} {first[0].year}", reference, future=future)
            if last is not None and last[1] < first[0]:
                last = _shift_year(last, 1)
            if last is not None:
                return Period(text, first[0], last[1])
    if len(parts) == 2:
        end = resolve_point(parts[1], reference, future=future)
        if end is not None:
            start = resolve_point(
                parts[0], end[1] if _has_year(parts[0]) is False else reference, future=future
            )
            if start is not None:
                start = _before(start, end, parts[0])
                return Period(text, start[0], end[1])
    point = resolve_point(cleaned, reference, future=future)
    return Period(text, point[0], point[1]) if point else Period(text)


def _has_year(text: str) -> bool:
    return bool(re.search(r"\b(1[89]|20)\d\d\b", text))


def _before(start: Interval, end: Interval, text: str) -> Interval:
    """A range's start that lacks a year lies before its end: "October through March"."""
    if _has_year(text) or start[0] <= end[0]:
        return start
    return _shift_year(start, -1)


def _shift_year(interval: Interval, years: int) -> Interval:
    a, b = interval
    return _replace_year(a, a.year + years), _replace_year(b, b.year + years)


def _replace_year(d: date, year: int) -> date:
    last = calendar.monthrange(year, d.month)[1]
    return date(year, d.month, min(d.day, last))


def _month(year: int, month: int) -> Interval:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def resolve_point(text: str, reference: date | None, *, future: bool = False) -> Interval | None:
    """A single calendar unit (day, week, month, quarter, year) as a closed interval.

    A part of a unit is resolved to the unit: "early 2009" → 2009, "late March" → March.
    "The first quarter of last year" is the first quarter of the year "last year" names.
    """
    t = re.sub(r"[.,]", " ", text.strip().lower())
    t = re.sub(r"^mid-(?=\w)", "", t)
    t = " ".join(w for w in t.split() if w not in ("the", "of", "in", "on"))
    t = re.sub(r"^(?:earlier|later|early|late|mid|middle)\s+(?=\S)", "", t)
    t = re.sub(r"^(?:previous|preceding)\s+(?=(?:year|month|week|quarter)$)", "last ", t)
    t = re.sub(r"^(?:final|last)\s+(?=quarter\s)", "fourth ", t)
    if not t:
        return None
    if reference is not None and (
        m := re.fullmatch(r"(.+?)\s+((?:last|this|next|previous) year)", t)
    ):
        named = resolve_point(m.group(2), reference)
        if named is not None and not re.search(r"\d{4}|\byear\b", m.group(1)):
            return resolve_point(f"{m.group(1)} {named[0].year}", reference)
    if m := re.fullmatch(r"((?:1[89]|20)\d\d)-(\d\d)-(\d\d)", t):
        try:
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        return d, d
    if m := re.fullmatch(r"(1[89]\d|20\d)0'?s", t):
        decade = int(m.group(1)) * 10
        return date(decade, 1, 1), date(decade + 9, 12, 31)
    if m := re.fullmatch(r"(first|second|1st|2nd) half (1[89]\d\d|20\d\d)", t):
        y, h1 = int(m.group(2)), m.group(1) in ("first", "1st")
        return (date(y, 1, 1), date(y, 6, 30)) if h1 else (date(y, 7, 1), date(y, 12, 31))
    if m := re.fullmatch(r"(1[89]\d\d|20\d\d)", t):
        y = int(m.group(1))
        return date(y, 1, 1), date(y, 12, 31)
    words = t.split()
    if any(w in MONTHS for w in words) and any(w in WEEKDAYS for w in words):
        words = [w for w in words if w not in WEEKDAYS]  # "Tuesday, October 5": the date says it
    # month [day] [year] / day month [year]
    months = [w for w in words if w in MONTHS]
    others = [w for w in words if w not in MONTHS and not re.fullmatch(r"\d{1,4}(st|nd|rd|th)?", w)]
    if len(months) == 1 and not others:
        month = MONTHS[months[0]]
        year_words = [w for w in words if re.fullmatch(r"(1[89]|20)\d\d", w)]
        days = [w for w in words if re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", w)]
        if year_words:
            year = int(year_words[0])
        elif reference is not None and future:
            year = reference.year if month >= reference.month else reference.year + 1
        elif reference is not None:
            year = reference.year if month <= reference.month else reference.year - 1
        else:
            return None
        if days:
            day = int(re.sub(r"\D", "", days[0]))
            try:
                d = date(year, month, day)
            except ValueError:
                return None
            if not year_words and reference is not None:
                if future and d < reference:
                    d = _replace_year(d, d.year + 1)
                elif not future and d > reference:
                    d = _replace_year(d, d.year - 1)
            return d, d
        return _month(year, month)
    if quarter := _QUARTER.fullmatch(t):
        q = _QUARTERS.get(quarter.group("nth") or "") or int(quarter.group("q") or 0)
        if quarter.group("year"):
            return _quarter(int(quarter.group("year")), q)
        if reference is None:
            return None
        if future:
            ended = _quarter(reference.year, q)[1] < reference
            return _quarter(reference.year + 1 if ended else reference.year, q)
        year = (
            reference.year
            if date(reference.year, 3 * q - 2, 1) <= reference
            else reference.year - 1
        )
        return _quarter(year, q)
    if reference is None:
        return None
    relative = _relative(words, reference)
    if relative is not None:
        return relative
    if t in ("last year", "past year"):
        return date(reference.year - 1, 1, 1), date(reference.year - 1, 12, 31)
    if t == "this year":
        return date(reference.year, 1, 1), date(reference.year, 12, 31)
    if t == "last month":
        first = reference.replace(day=1) - timedelta(days=1)
        return _month(first.year, first.month)
    if t == "this month":
        return _month(reference.year, reference.month)
    if t == "next year":
        return date(reference.year + 1, 1, 1), date(reference.year + 1, 12, 31)
    if t == "next month":
        first = _month(reference.year, reference.month)[1] + timedelta(days=1)
        return _month(first.year, first.month)
    if t in ("last quarter", "this quarter"):
        q = (reference.month - 1) // 3 + 1
        if t == "this quarter":
            return _quarter(reference.year, q)
        return _quarter(reference.year, q - 1) if q > 1 else _quarter(reference.year - 1, 4)
    if t in ("last weekend", "this weekend", "next weekend", "past weekend"):
        saturday = reference + timedelta(days=5 - reference.weekday())
        saturday += timedelta(weeks={"last": -1, "past": -1, "next": 1}.get(words[0], 0))
        return saturday, saturday + timedelta(days=1)
    if t in ("last week", "this week", "next week", "past week"):
        monday = reference - timedelta(days=reference.weekday())
        monday += timedelta(weeks={"last": -1, "past": -1, "this": 0, "next": 1}[words[0]])
        return monday, monday + timedelta(days=6)
    if t in ("today", "this morning", "this afternoon", "this evening", "tonight"):
        return reference, reference
    if t in ("yesterday", "last night"):
        d = reference - timedelta(days=1)
        return d, d
    if t == "tomorrow":
        d = reference + timedelta(days=1)
        return d, d
    if len(words) == 1 and words[0] in WEEKDAYS:
        if future:
            d = reference + timedelta(days=(WEEKDAYS[words[0]] - reference.weekday()) % 7)
        else:
            d = reference - timedelta(days=(reference.weekday() - WEEKDAYS[words[0]]) % 7)
        return d, d
    return None


def _quarter(year: int, q: int) -> Interval:
    return date(year, 3 * q - 2, 1), _month(year, 3 * q)[1]


def _relative(words: list[str], reference: date) -> Interval | None:
    """``last March``, ``next May``, ``last Friday``: the month or day before (after) the
    reference's, never the reference's own."""
    if len(words) != 2 or words[0] not in ("last", "next", "past"):
        return None
    back = words[0] != "next"
    if words[1] in MONTHS:
        month = MONTHS[words[1]]
        if back:
            year = reference.year if month < reference.month else reference.year - 1
        else:
            year = reference.year if month > reference.month else reference.year + 1
        return _month(year, month)
    if words[1] in WEEKDAYS:
        delta = (reference.weekday() - WEEKDAYS[words[1]]) % 7 or 7
        d = (
            reference - timedelta(days=delta)
            if back
            else reference + timedelta(days=7 - delta or 7)
        )
        return d, d
    return None
