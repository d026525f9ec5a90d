"""Saved SPARQL queries (``queries/*.rq``) and how their parameters are bound.

A saved query starts with ``#+`` header lines::

    #+ summary: what the query answers
    #+ param: entity iri  the entity to look at
    #+ columns: fact article sentence start end

Parameters are bound as pre-bound variables (never pasted into the query text). A store that
cannot substitute a variable joins it as a ``VALUES`` block instead, so a parameter must occur
in a triple pattern of every branch that uses it (not only in ``BIND`` or ``FILTER``). Types:
``iri`` (absolute, or relative to ``https://w3id.org/newskg/id/``), ``string``, ``integer``,
``decimal`` and ``date``.

A saved query that ends in ``ORDER BY`` of plain variables is run without it and its rows are
sorted by :func:`kg.order.sort_rows`, in exactly the order Oxigraph gives them, or run as
written when that order cannot be sure (see :mod:`kg.order`): Oxigraph decodes both terms
from its dictionary on every comparison, which made sorting most of the time of the saved
queries (``entities`` on 307 articles: 138 ms, 21 ms without the sort). The ``.rq`` files keep
their ``ORDER BY``, so other SPARQL tools give the same order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import XSD, Literal, URIRef
from rdflib.term import Identifier

from .errors import NotFoundError, QueryError
from .order import OrderKey, sort_rows, split_final_order
from .rdf.vocab import KGR
from .resources import resource_dir

if TYPE_CHECKING:
    from .store import SelectResult, Store

PARAM_TYPES = ("iri", "string", "integer", "decimal", "date")
_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class SavedQuery:
    name: str
    summary: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    text: str
    path: Path

    @property
    def order(self) -> tuple[str, ...]:
        """The variables of a final ``ORDER BY ?a DESC(?b) …`` that :meth:`run` may sort by
        itself (see :func:`kg.order.split_final_order`)."""
        return tuple(key.variable for key in self._split_order()[1])

    def _split_order(self) -> tuple[str, tuple[OrderKey, ...]]:
        """The text without its final ``ORDER BY`` of plain variables, and its conditions."""
        return split_final_order(self.text)

    def run(self, store: Store, bindings: Mapping[str, Identifier]) -> SelectResult:
        """Run on ``store`` with ``bindings`` (from :meth:`bind`): the rows of the query, in
        its order, sorted here when that is exact (see the module), else by the store."""
        from .store import SelectResult

        text, order = self._split_order()
        result = store.query(text, bindings)
        if order and isinstance(result, SelectResult):
            rows = None
            if {key.variable for key in order} <= set(result.variables):
                rows = sort_rows(result.rows, order, lambda row, variable: row.get(variable))
            if rows is None:  # it sorts by what it does not show, or in a way only it knows
                result = store.query(self.text, bindings)
            else:
                result.rows[:] = rows
        if not isinstance(result, SelectResult):
            raise QueryError(f"saved query {self.name!r} is not a SELECT query")
        return result

    def bind(self, values: dict[str, str | Identifier]) -> dict[str, Identifier]:
        """Check and convert parameter values; unknown or missing ones raise QueryError."""
        declared = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(declared))
        if unknown:
            hint = ", ".join(declared) or "none"
            raise QueryError(
                f"query {self.name!r} has no parameter {', '.join(unknown)} (parameters: {hint})"
            )
        missing = sorted(set(declared) - set(values))
        if missing:
            raise QueryError(
                f"query {self.name!r} needs --param {missing[0]}=… "
                f"({declared[missing[0]].description or declared[missing[0]].type})"
            )
        return {name: to_term(values[name], declared[name].type, name) for name in values}


def to_term(value: str | Identifier, kind: str, name: str = "value") -> Identifier:
    """Turn a parameter value into an RDF term of the declared type."""
    if isinstance(value, Identifier):
        return value
    text = str(value).strip()
    try:
        if kind == "iri":
            iri = text if ":" in text.split("/")[0] else str(KGR[text])
            if not _IRI.match(iri):
                raise ValueError
            ox.NamedNode(iri)  # ValueError for what the store refuses (control characters…)
            return URIRef(iri)
        if kind == "integer":
            return Literal(int(text), datatype=XSD.integer)
        if kind == "decimal":
            return Literal(Decimal(text), datatype=XSD.decimal)
        if kind == "date":
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError
            return Literal(text, datatype=XSD.date)
        return Literal(text)
    except (ValueError, InvalidOperation):
        raise QueryError(f"parameter {name}={text!r} is not a valid {kind}") from None


def parse_saved_query(path: Path, *, strict: bool = True) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    summary = ""
    params: list[Param] = []
    columns: tuple[str, ...] = ()
    for line in text.splitlines():
        if not line.startswith("#+"):
            continue
        key, _, value = line[2:].strip().partition(":")
        value = value.strip()
        if key == "summary":
            summary = value
        elif key == "columns":
            columns = tuple(value.split())
        elif key == "param":
            name, kind, *rest = [*value.split(maxsplit=2), ""]
            if kind not in PARAM_TYPES:
                raise QueryError(f"{path}: parameter {name} has unknown type {kind!r}")
            params.append(Param(name, kind, " ".join(rest).strip()))
    if not summary and strict:
        raise QueryError(f"{path}: a saved query must start with a '#+ summary:' line")
    return SavedQuery(path.stem, summary, tuple(params), columns, text, path)


def saved_queries(directory: Path | None = None) -> dict[str, SavedQuery]:
    """All saved queries by name, sorted."""
    root = directory or resource_dir("queries")
    return {p.stem: parse_saved_query(p) for p in sorted(root.glob("*.rq"))}


def load_query(name_or_path: str) -> SavedQuery:
    """A saved query by name, or any ``.rq`` file by path."""
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.exists():
        return parse_saved_query(path, strict=False)
    queries = saved_queries()
    if name_or_path not in queries:
        raise NotFoundError(
            f"no saved query {name_or_path!r}; available: {', '.join(queries)} "
            "(or give the path of a .rq file)"
        )
    return queries[name_or_path]
