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


def resolve_period(text: str, reference: date | None) -> Period:
    """The period ``text`` names, with start and end dates when they can be known.

    >>> resolve_period("October through March", date(2022, 4, 22))
    Period(text='October through March', start=datetime.date(2021, 10, 1), end=datetime.date(2022, 3, 31))
    """
    cleaned = re.sub(
        r"^(?:from|between|since|during|in|on|for|over)\s+", "", text.strip(), flags=re.I
    )
    parts = _RANGE.split(cleaned, maxsplit=1)
    if len(parts) == 2:
        end = resolve_point(parts[1], reference)
        if end is not None:
            start = resolve_point(parts[0], end[1] if _has_year(parts[0]) is False else reference)
            if start is not None:
                start = _before(start, end, parts[0])
                return Period(text, start[0], end[1])
    point = resolve_point(cleaned, reference)
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


def resolve_point(text: str, reference: date | None) -> Interval | None:
    """A single calendar unit (day, month, quarter, year) as a closed interval."""
    t = re.sub(r"[.,]", " ", text.strip().lower())
    t = " ".join(w for w in t.split() if w not in ("the", "of", "in", "on"))
    if not t:
        return None
    if m := re.fullmatch(r"(1[89]\d\d|20\d\d)", t):
        y = int(m.group(1))
        return date(y, 1, 1), date(y, 12, 31)
    words = t.split()
    # month [day] [year] / day month [year]
    months = [w for w in words if w in MONTHS]
    others = [w for w in words if w not in MONTHS and not re.fullmatch(r"\d{1,4}(st|nd|rd|th)?", w)]
    if len(months) == 1 and not others:
        month = MONTHS[months[0]]
        year_words = [w for w in words if re.fullmatch(r"(1[89]|20)\d\d", w)]
        days = [w for w in words if re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", w)]
        if year_words:
            year = int(year_words[0])
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
            if not year_words and reference is not None and d > reference:
                d = _replace_year(d, d.year - 1)
            return d, d
        return _month(year, month)
    if reference is None:
        return None
    if words[-1] in ("quarter", "q") or re.fullmatch(r"q[1-4]", words[0]):
        q = _QUARTERS.get(words[0]) or (
            int(words[0][1]) if re.fullmatch(r"q[1-4]", words[0]) else 0
        )
        if not q:
            return None
        year = int(words[1]) if len(words) > 1 and words[1].isdigit() else reference.year
        start = date(year, 3 * q - 2, 1)
        if start > reference:
            year -= 1
            start = date(year, 3 * q - 2, 1)
        return start, _month(year, 3 * q)[1]
    if t in ("last year", "past year"):
        return date(reference.year - 1, 1, 1), date(reference.year - 1, 12, 31)
    if t == "this year":
        return date(reference.year, 1, 1), date(reference.year, 12, 31)
    if t == "last month":
        first = reference.replace(day=1) - timedelta(days=1)
        return _month(first.year, first.month)
    if t == "this month":
        return _month(reference.year, reference.month)
    if t in ("today", "this morning", "this afternoon", "tonight"):
        return reference, reference
    if t == "yesterday":
        d = reference - timedelta(days=1)
        return d, d
    if len(words) == 1 and words[0] in WEEKDAYS:
        delta = (reference.weekday() - WEEKDAYS[words[0]]) % 7
        d = reference - timedelta(days=delta)
        return d, d
    return None
