"""The one small protocol every store implements (embedded pyoxigraph, remote SPARQL)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO, Protocol, runtime_checkable

import pyoxigraph as ox
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


@dataclass(frozen=True)
class GraphData:
    """One named graph's triples as N-Triples (``kg.store._convert.ntriples``), ready for
    pyoxigraph to parse in Rust. ``marker`` holds the triples that say the graph is complete
    (for an article, its content hash, which makes a re-run skip it): they are written last."""

    graph: str
    body: bytes
    marker: bytes = b""


#: What :meth:`Store.execute` returns, in pyoxigraph terms so results can be streamed and
#: serialised without a round trip through rdflib: ``True``/``False`` for ASK, the solutions
#: of a SELECT, or the triples of a CONSTRUCT/DESCRIBE.
RawResult = bool | ox.QuerySolutions | Iterator[ox.Triple]


@dataclass(frozen=True)
class Dataset:
    """An RDF dataset named by the request (SPARQL Protocol ``default-graph-uri`` etc.).

    Empty means "not given": queries then see the union of every graph as their default graph
    and every named graph by name; updates write where they say.
    """

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)


@runtime_checkable
class Store(Protocol):
    """A quad store holding one named graph per article.

    Queries see the union of all named graphs as their default graph.
    """

    def replace_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        """Atomically replace the named graph ``graph`` with ``triples``."""

    @property
    def generation(self) -> int | None:
        """A number that changes whenever this store's content changes, for caches of derived
        data (search indexes, projections); ``None`` when it cannot be known (a remote store
        that others write to)."""

    def replace_graphs(self, graphs: Mapping[str, Iterable[Triple]]) -> None:
        """Replace several named graphs at once (a batch of articles), each atomically."""

    def drop_graph(self, graph: str) -> bool:
        """Remove the named graph; ``False`` when it did not exist."""

    def has_graph(self, graph: str) -> bool:
        """Whether the named graph exists."""

    def graphs(self) -> list[str]:
        """The IRIs of all named graphs, sorted."""

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> QueryResult:
        """Run a SPARQL 1.1 query with variables pre-bound (never pasted into the text)."""

    def execute(
        self, sparql: str, *, dataset: Dataset | None = None, base_iri: str | None = None
    ) -> RawResult:
        """Run a query as given (no bindings), for the SPARQL endpoint.

        ``dataset`` overrides the query's own ``FROM``/``FROM NAMED``. ``SERVICE`` is refused.
        """

    def update(
        self, sparql: str, *, dataset: Dataset | None = None, base_iri: str | None = None
    ) -> None:
        """Run a SPARQL 1.1 Update in one transaction; ``dataset`` is ``using-graph-uri`` etc.

        ``LOAD`` and ``SERVICE`` are refused; an update with ``USING``/``WITH`` and a dataset
        is refused too (SPARQL 1.1 Protocol §2.2.3).
        """

    def load(
        self,
        data: bytes,
        media_type: str,
        graph: str | None,
        *,
        replace: bool = False,
        base_iri: str | None = None,
    ) -> None:
        """Parse RDF ``data`` into ``graph`` (``None``: the store's own default graph).

        The data is parsed completely before anything is written, so a syntax error leaves the
        graph as it was. ``replace`` empties the graph first (Graph Store Protocol PUT).
        """

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
