"""The one small protocol every store implements (embedded pyoxigraph, remote SPARQL)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Protocol, runtime_checkable

from rdflib.term import Identifier, Node

Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, Node]
Row = dict[str, Identifier | None]


@dataclass(frozen=True)
class SelectResult:
    """The answer to a SELECT query: the projected variables and one dict per solution."""

    variables: list[str]
    rows: list[Row] = field(default_factory=list)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


QueryResult = SelectResult | bool | list[Triple]


@runtime_checkable
class Store(Protocol):
    """A quad store holding one named graph per article.

    Queries see the union of all named graphs as their default graph.
    """

    def replace_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        """Atomically replace the named graph ``graph`` with ``triples``."""

    def drop_graph(self, graph: str) -> bool:
        """Remove the named graph; ``False`` when it did not exist."""

    def has_graph(self, graph: str) -> bool:
        """Whether the named graph exists."""

    def graphs(self) -> list[str]:
        """The IRIs of all named graphs, sorted."""

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> QueryResult:
        """Run a SPARQL 1.1 query with variables pre-bound (never pasted into the text)."""

    def quads(self) -> Iterator[Quad]:
        """Every quad of every named graph."""

    def dump(self, out: IO[bytes], format: str) -> None:
        """Write the whole dataset as ``nquads`` or ``trig``."""

    def __len__(self) -> int:
        """Number of quads."""

    def close(self) -> None:
        """Release the store (flush and unlock)."""


_IRI_FORBIDDEN = set('<>"{}|\\^` \t\n\r')


def values_clause(bindings: Mapping[str, Identifier]) -> str:
    """A trailing SPARQL ``VALUES`` clause that pre-binds variables to RDF terms.

    Used where a backend cannot substitute variables itself (pyoxigraph only substitutes
    projected variables; remote endpoints have no substitution at all). Each value is an RDF
    term serialised by rdflib, never raw text: IRIs are checked, literals are escaped.
    """
    from rdflib import Literal, URIRef

    names: list[str] = []
    terms: list[str] = []
    for name, term in sorted(bindings.items()):
        if not name.isidentifier():
            raise ValueError(f"bad variable name {name!r}")
        if isinstance(term, URIRef):
            if _IRI_FORBIDDEN.intersection(str(term)) or ":" not in str(term):
                raise ValueError(f"not a valid IRI: {str(term)!r}")
        elif not isinstance(term, Literal):
            raise ValueError(f"cannot bind {name} to {term!r}")
        names.append(f"?{name}")
        terms.append(term.n3())
    return f"\nVALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}\n"
