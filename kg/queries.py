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
sorted here, in the order SPARQL gives them (unbound, blank nodes, IRIs, then literals:
numbers by value, others by their text): Oxigraph decodes both terms from its dictionary on
every comparison, which made sorting most of the time of the saved queries (``entities`` on
307 articles: 138 ms, 21 ms without the sort). The ``.rq`` files keep their ``ORDER BY``, so
other SPARQL tools give the same order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Identifier

from .errors import NotFoundError, QueryError
from .rdf.vocab import KGR
from .resources import resource_dir

if TYPE_CHECKING:
    from .store import SelectResult, Store

PARAM_TYPES = ("iri", "string", "integer", "decimal", "date")
_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
#: a query's last clause, ``ORDER BY ?a ?b`` (plain variables, ascending), then only comments
_FINAL_ORDER = re.compile(
    r"^ORDER\s+BY((?:[ \t]+\?\w+)+)[ \t]*(?=(?:\s*#[^\n]*)*\s*\Z)", re.I | re.M
)
_NUMERIC = frozenset(
    str(XSD[t])
    for t in [
        "integer",
        "decimal",
        "float",
        "double",
        "long",
        "int",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    ]
)


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
        """The variables of a final ``ORDER BY ?a ?b …`` that :meth:`run` sorts by itself."""
        return self._split_order()[1]

    def _split_order(self) -> tuple[str, tuple[str, ...]]:
        """The text without its final ``ORDER BY`` of plain variables, and those variables."""
        match = _FINAL_ORDER.search(self.text)
        if match is None:
            return self.text, ()
        text = self.text[: match.start()] + self.text[match.end() :]
        return text, tuple(v.lstrip("?") for v in match.group(1).split())

    def run(self, store: Store, bindings: Mapping[str, Identifier]) -> SelectResult:
        """Run on ``store`` with ``bindings`` (from :meth:`bind`): the rows of the query, in
        its order, sorted here when its ``ORDER BY`` is plain variables (see the module)."""
        from .store import SelectResult

        text, order = self._split_order()
        result = store.query(text, bindings)
        if order and not set(order) <= set(getattr(result, "variables", ())):
            result = store.query(self.text, bindings)  # it sorts by what it does not show
        elif order and isinstance(result, SelectResult):
            result.rows.sort(key=lambda row: tuple(term_order(row.get(v)) for v in order))
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


def term_order(term: Identifier | None) -> tuple[Any, ...]:
    """A sort key that orders RDF terms as SPARQL's ``ORDER BY`` does: unbound, blank nodes,
    IRIs, literals; numbers by value, then other literals by text, language and datatype."""
    if term is None:
        return (0,)
    if isinstance(term, BNode):
        return (1, str(term))
    if isinstance(term, URIRef):
        return (2, str(term))
    if isinstance(term, Literal):
        datatype = str(term.datatype or "")
        if datatype in _NUMERIC:
            try:
                return (3, 0, Decimal(str(term)), str(term))
            except InvalidOperation:  # an ill-typed number ("abc"^^xsd:integer): as text
                pass
        return (3, 1, str(term), term.language or "", datatype)
    return (4, str(term))


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
