"""Sort the rows of a SELECT query here, exactly as Oxigraph's ``ORDER BY`` would.

Oxigraph decodes both terms from its dictionary on every comparison of its ``ORDER BY``, which
made sorting most of the time of ordinary queries (the saved query ``entities`` on 307
articles: 138 ms, 21 ms without its final ``ORDER BY``). So a SELECT query that ends in
``ORDER BY`` of plain variables (``?v``, ``ASC(?v)``, ``DESC(?v)``) is run without that clause
(:func:`split_final_order`) and its rows are sorted by :func:`sort_rows` — the saved queries
(:mod:`kg.queries`) and the ``/sparql`` endpoint (:mod:`api.sparql.evaluate`) both do this.

Exactness comes first: :func:`sort_rows` returns ``None`` whenever it cannot be sure to give
Oxigraph's order, and the caller then runs the query as written. It sorts unbound values,
blank nodes (by label), IRIs, then literals, and it compares literals only within one family
per sorted column: strings (plain, ``xsd:string`` and language-tagged, by code point), or
``xsd:integer``/``xsd:decimal`` (by exact value, in Oxigraph's ranges), or ``xsd:double``
alone (finite values), or ``xsd:date`` or ``xsd:dateTime`` without a time zone (by value).
Anything else is left to Oxigraph: other datatypes (times, durations, booleans, floats, user
types), dates with a time zone, ``NaN``/``INF``, ill-typed literals, RDF-star triples, a column that mixes families (Oxigraph then compares mixed pairs by their text, an
order a sort key cannot give), and queries with ``REDUCED`` (how many duplicates it drops can
depend on the order). Oxigraph's sort is also not stable: rows that compare equal come out
in an order of its own, so a sort where two *different* rows tie on every key (say ``"a"@en``
and ``"a"@de``, or ``1`` and ``1.0``) is refused as well; identical rows are interchangeable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from .store.guard import Token, tokens

R = TypeVar("R")

_XSD = "http://www.w3.org/2001/XMLSchema#"
_STRING = _XSD + "string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_INTEGER_TYPE = _XSD + "integer"
_DECIMAL_TYPE = _XSD + "decimal"
_DOUBLE_TYPE = _XSD + "double"
_DATE_TYPE = _XSD + "date"
_DATE_TIME_TYPE = _XSD + "dateTime"
#: dates and times without a time zone (with one, XSD orders them only partly)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATE_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2}(?:\.[0-9]{1,9})?)"
)
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.([0-9]*))?|\.([0-9]+))")
_DOUBLE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_I64 = 2**63
#: Oxigraph's xsd:decimal: 18 fractional digits in an i128 (about ±1.7e20)
_DECIMAL_LIMIT = Decimal(2**127 - 1) / Decimal(10**18)

#: the keywords that may not stand at the top level before a final ``ORDER BY``: with them
#: the clause is not the last one (or the query is invalid, and must fail as written)
_NOT_BEFORE = frozenset({"ORDER", "LIMIT", "OFFSET", "VALUES"})


@dataclass(frozen=True)
class OrderKey:
    """One condition of a final ``ORDER BY``: a variable (without ``?``), and its direction."""

    variable: str
    descending: bool = False


def split_final_order(sparql: str) -> tuple[str, tuple[OrderKey, ...]]:
    """``sparql`` without its final ``ORDER BY`` and that clause's conditions, when it is the
    query's last clause (only comments after it) and orders by plain variables; else
    ``(sparql, ())``. Works on SPARQL tokens, so strings, IRIs and comments never match, and
    a subquery's ``ORDER BY`` (inside braces) is never the final one."""
    toks = list(tokens(sparql))
    if any(t.keyword == "REDUCED" for t in toks):
        return sparql, ()
    braces = parens = 0
    top_level: list[int] = []  # where ORDER, LIMIT, OFFSET or VALUES stand outside braces
    for i, tok in enumerate(toks):
        if tok.kind == "open":
            braces += 1
        elif tok.kind == "close":
            braces -= 1
        elif tok.text == "(" and tok.kind == "other":
            parens += 1
        elif tok.text == ")" and tok.kind == "other":
            parens -= 1
        elif braces == 0 and parens == 0 and tok.keyword in _NOT_BEFORE:
            top_level.append(i)
    if len(top_level) != 1 or braces != 0 or parens != 0:
        return sparql, ()
    order_at = top_level[0]
    if (
        toks[order_at].keyword != "ORDER"
        or order_at + 1 >= len(toks)
        or toks[order_at + 1].keyword != "BY"
        or not any(t.kind == "close" for t in toks[:order_at])
    ):
        return sparql, ()
    keys = _conditions(toks[order_at + 2 :])
    if not keys:
        return sparql, ()
    last = toks[-1]
    start = toks[order_at].start
    return sparql[:start] + sparql[last.start + len(last.text) :], keys


def _conditions(toks: list[Token]) -> tuple[OrderKey, ...]:
    """The conditions ``?a DESC(?b) ASC(?c)``, or ``()`` if any is something else."""
    keys: list[OrderKey] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.kind == "var":
            keys.append(OrderKey(tok.text[1:]))
            i += 1
        elif (
            tok.keyword in ("ASC", "DESC")
            and len(toks) >= i + 4
            and (toks[i + 1].kind, toks[i + 1].text) == ("other", "(")
            and toks[i + 2].kind == "var"
            and (toks[i + 3].kind, toks[i + 3].text) == ("other", ")")
        ):
            keys.append(OrderKey(toks[i + 2].text[1:], tok.keyword == "DESC"))
            i += 4
        else:
            return ()
    return tuple(keys)


class _Unsure(Exception):
    """This value (or this column) might not sort here as Oxigraph sorts it."""


def _term_parts(term: object) -> tuple[int, str, str, str]:
    """(kind, value, datatype, language) of a pyoxigraph or rdflib term; kind 0 is unbound,
    1 a blank node, 2 an IRI, 3 a literal."""
    if term is None:
        return 0, "", "", ""
    if isinstance(term, ox.BlankNode):
        return 1, term.value, "", ""
    if isinstance(term, ox.NamedNode):
        return 2, term.value, "", ""
    if isinstance(term, ox.Literal):
        if getattr(term, "direction", None) is not None:
            raise _Unsure  # RDF 1.2 base direction
        return 3, term.value, term.datatype.value, term.language or ""
    if isinstance(term, BNode):
        return 1, str(term), "", ""
    if isinstance(term, URIRef):
        return 2, str(term), "", ""
    if isinstance(term, Literal):
        if term.language:
            return 3, str(term), _LANG_STRING, term.language
        return 3, str(term), str(term.datatype or _STRING), ""
    raise _Unsure  # an RDF-star triple, or something unknown


def _literal_value(text: str, datatype: str, language: str) -> tuple[str, Any]:
    """The family of a literal and the value it sorts by among its family, as Oxigraph
    compares it; :class:`_Unsure` where that is not certain."""
    if datatype == _STRING or (datatype == _LANG_STRING and language):
        return "string", text
    if datatype == _INTEGER_TYPE and _INTEGER.fullmatch(text):
        value = int(text)
        if -_I64 <= value < _I64:  # Oxigraph's xsd:integer is an i64, else ill-typed
            return "number", value
    elif datatype == _DECIMAL_TYPE and (match := _DECIMAL.fullmatch(text)):
        fraction = match.group(1) or match.group(2) or ""
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
            raise _Unsure from None
        if len(fraction) <= 18 and abs(number) <= _DECIMAL_LIMIT:
            return "number", number
    elif datatype == _DOUBLE_TYPE and _DOUBLE.fullmatch(text):
        double = float(text)
        if double not in (float("inf"), float("-inf")):
            return "double", double
    elif datatype == _DATE_TYPE and (match := _DATE.fullmatch(text)):
        return "date", _calendar(match.groups())
    elif datatype == _DATE_TIME_TYPE and (match := _DATE_TIME.fullmatch(text)):
        *day, hour, minute, second = match.groups()
        if int(hour) < 24 and int(minute) < 60 and Decimal(second) < 60:
            return "dateTime", (*_calendar(day), int(hour), int(minute), Decimal(second))
    raise _Unsure


def _calendar(parts: Sequence[str]) -> tuple[int, int, int]:
    """Year, month and day of a date without a time zone; :class:`_Unsure` if it is no date
    (Oxigraph keeps such a literal as ill-typed text)."""
    try:
        day = date(*map(int, parts))
    except ValueError:
        raise _Unsure from None
    return day.year, day.month, day.day


def sort_rows(
    rows: Sequence[R], keys: Sequence[OrderKey], get: Callable[[R, str], object]
) -> list[R] | None:
    """``rows`` in the order ``ORDER BY keys`` gives them in Oxigraph, or ``None`` when that
    order cannot be sure here (see the module). ``get(row, variable)`` is a row's term for a
    variable, ``None`` when unbound; rows are compared with ``==`` to find real ties.

    Rows are sorted by the first condition, then each run of rows that tie on it by the next
    one, and so on: the later conditions are looked at only where they decide something."""
    known: dict[object, tuple[tuple[int, Any], str]] = {}  # a term's sort key and family

    def term_key(term: object) -> tuple[tuple[int, Any], str]:
        found = known.get(term)
        if found is None:
            kind, value, datatype, language = _term_parts(term)
            if kind < 3:
                found = (kind, value), ""
            else:
                family, sortable = _literal_value(value, datatype, language)
                found = (3, sortable), family
            known[term] = found
        return found

    def ordered(group: list[R], column: int) -> list[R]:
        if column == len(keys):
            first = group[0]
            if any(row != first for row in group):
                raise _Unsure  # different rows that Oxigraph puts in an order of its own
            return group
        variable = keys[column].variable
        keyed = [(term_key(get(row, variable)), row) for row in group]
        if len({family for (_, family), _ in keyed if family}) > 1:
            raise _Unsure  # numbers and strings (say) in one column: Oxigraph's own order
        keyed.sort(key=lambda item: item[0][0], reverse=keys[column].descending)
        out: list[R] = []
        i = 0
        while i < len(keyed):
            j = i + 1
            while j < len(keyed) and keyed[j][0][0] == keyed[i][0][0]:
                j += 1
            if j - i == 1:
                out.append(keyed[i][1])
            else:
                out.extend(ordered([row for _, row in keyed[i:j]], column + 1))
            i = j
        return out

    if not rows:
        return []
    try:
        return ordered(list(rows), 0)
    except _Unsure:
        return None
