"""The embedded store: pyoxigraph on disk (or in memory)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib.term import Identifier

from ..errors import QueryError, StoreError
from ._convert import from_ox, in_graph, parse_triples, to_ox, to_query_result
from .base import Dataset, GraphData, Quad, QueryResult, RawResult, Triple, values_clause
from .guard import check_iri, keywords, prepare_update, refuse_network


def _union_default(sparql: str) -> bool:
    """The union of all graphs is the default graph unless the query says FROM / FROM NAMED."""
    return "FROM" not in keywords(sparql)


def _swap_update(swaps: list[tuple[ox.NamedNode, list[ox.Triple]]]) -> str:
    """``DROP GRAPH`` + ``INSERT DATA`` for each graph, as one SPARQL update (one transaction).

    The data is N-Triples written by pyoxigraph's serialiser (N-Triples terms are SPARQL
    terms): serialised RDF, never raw text.
    """
    parts = []
    for name, triples in swaps:
        body = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
        parts.append(f"DROP SILENT GRAPH {name} ;\nCREATE SILENT GRAPH {name} ;\n")
        if triples:
            parts.append(f"INSERT DATA {{ GRAPH {name} {{\n{body}}} }} ;\n")
    return "".join(parts).rstrip(" ;\n")


_FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}

#: ``<g> <urn:kg:store:writing> true`` in the default graph while ``g`` is bulk-loaded; it is
#: removed in the transaction that writes ``g``'s marker, so one found on open is left by a crash
_WRITING = ox.NamedNode("urn:kg:store:writing")
_TRUE = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))


def _triples(data: bytes) -> list[ox.Triple]:
    return [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    ]


def _commit_update(names: list[ox.NamedNode], markers: bytes) -> str:
    """One SPARQL update (one transaction) that writes the markers of bulk-loaded graphs and
    removes their writing marks. The markers are parsed here, before anything is written, and
    re-serialised by pyoxigraph: serialised RDF, never raw text."""
    quads = ox.parse(markers, format=ox.RdfFormat.N_QUADS)
    inserts = " ".join(
        f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}" for q in quads
    )
    creates = "".join(f"CREATE SILENT GRAPH {name} ;\n" for name in names)
    marks = " ".join(f"{name} {_WRITING} {_TRUE} ." for name in names)
    insert = f"INSERT DATA {{ {inserts} }} ;\n" if inserts else ""
    return f"{creates}{insert}DELETE DATA {{ {marks} }}"


class EmbeddedStore:
    """A pyoxigraph :class:`~pyoxigraph.Store`: ``EmbeddedStore()`` in memory, or on disk.

    >>> store = EmbeddedStore()
    >>> len(store)
    0
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self._generation = 0
        try:
            if self.path is None:
                self._store = ox.Store()
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(
                f"cannot open the store at {self.path}: {exc}. Is another kg process using it? "
                "Close it or choose another folder with --store / KG_STORE."
            ) from exc
        #: graphs a crash left half written by a bulk write, dropped on opening
        self.recovered = self._drop_unfinished()

    @property
    def generation(self) -> int:
        """Counts this process's writes. The store is locked to one process, so no one else
        can change it behind this counter (writes through ``raw`` must call :meth:`touched`)."""
        return self._generation

    def touched(self) -> None:
        self._generation += 1

    @property
    def raw(self) -> ox.Store:
        """The underlying pyoxigraph store."""
        return self._store

    def replace_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        self.replace_graphs({graph: triples})

    def replace_graphs(self, graphs: Mapping[str, Iterable[Triple]]) -> None:
        """New graphs are added in one ``extend`` (one transaction for the batch). Graphs that
        exist are swapped by one SPARQL update (``DROP`` + ``INSERT DATA``, one transaction), so
        a reader sees the old article or the new one, never neither and never a mix."""
        fresh: list[ox.Quad] = []
        swaps: list[tuple[ox.NamedNode, list[ox.Triple]]] = []
        for graph, triples in graphs.items():
            name = ox.NamedNode(graph)
            terms = [(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples]
            if self._store.contains_named_graph(name):
                swaps.append((name, [ox.Triple(*t) for t in terms]))  # type: ignore[arg-type]
            else:
                fresh.extend(ox.Quad(*t, name) for t in terms)  # type: ignore[arg-type]
        self.touched()
        if swaps:
            self._store.update(_swap_update(swaps))
        if fresh:
            self._store.extend(fresh)

    def add_graphs(self, graphs: Iterable[GraphData], *, bulk: bool = False) -> None:
        """Write graphs given as N-Triples, each all or nothing; faster than
        :meth:`replace_graphs` (pyoxigraph parses the data in Rust).

        Graphs that exist are swapped as by :meth:`replace_graphs`. New graphs are written in
        one ``load`` (one transaction), or with ``bulk`` by pyoxigraph's bulk loader, 2–3×
        faster but not transactional: each graph is first marked as being written (one
        transaction), then bulk-loaded without its ``marker``, then its marker is written and
        its mark removed (one transaction). A crash in between leaves marked graphs, which the
        next open drops (:attr:`recovered`), and a graph without its marker is not skipped by a
        re-run. Meanwhile, other threads reading this store may see a graph half written:
        ``bulk`` is for a process that holds the store alone (``kg ingest``).
        """
        fresh: list[GraphData] = []
        swaps: list[tuple[ox.NamedNode, list[ox.Triple]]] = []
        try:
            for data in {g.graph: g for g in graphs}.values():
                name = ox.NamedNode(data.graph)
                if self._store.contains_named_graph(name):
                    swaps.append((name, _triples(data.body + data.marker)))
                else:
                    fresh.append(data)
            body = b"".join(in_graph(g.body, g.graph) for g in fresh)
            markers = b"".join(in_graph(g.marker, g.graph) for g in fresh)
            names = [ox.NamedNode(g.graph) for g in fresh]
            commit = _commit_update(names, markers) if bulk and fresh else ""
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"invalid RDF for the store: {exc}") from None
        self.touched()
        if swaps:
            self._store.update(_swap_update(swaps))
        if not fresh:
            return
        if not bulk:
            try:
                self._store.load(body + markers, format=ox.RdfFormat.N_QUADS)
            except (SyntaxError, ValueError) as exc:  # nothing was written
                raise StoreError(f"invalid RDF for the store: {exc}") from None
            return
        self._store.extend([ox.Quad(name, _WRITING, _TRUE, ox.DefaultGraph()) for name in names])
        try:
            self._store.bulk_load(body, format=ox.RdfFormat.N_QUADS)
            self._store.update(commit)
        except BaseException as exc:
            self._drop_unfinished()
            if isinstance(exc, (SyntaxError, ValueError)):
                raise StoreError(f"invalid RDF for the store: {exc}") from None
            raise

    def _drop_unfinished(self) -> list[str]:
        """Drop the graphs whose bulk write did not finish (see :meth:`add_graphs`)."""
        marks = list(self._store.quads_for_pattern(None, _WRITING, None, ox.DefaultGraph()))
        dropped = []
        for mark in marks:
            name = mark.subject
            if isinstance(name, ox.NamedNode) and self._store.contains_named_graph(name):
                self._store.remove_graph(name)
                dropped.append(name.value)
            self._store.remove(mark)
        if marks:
            self.touched()
        return dropped

    def drop_graph(self, graph: str) -> bool:
        name = ox.NamedNode(graph)
        if not self._store.contains_named_graph(name):
            return False
        self.touched()
        self._store.remove_graph(name)
        return True

    def has_graph(self, graph: str) -> bool:
        return bool(self._store.contains_named_graph(ox.NamedNode(graph)))

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> QueryResult:
        refuse_network(sparql)
        substitutions = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()}
        try:
            try:
                result = self._store.query(
                    sparql,
                    use_default_graph_as_union=_union_default(sparql),
                    substitutions=substitutions or None,  # type: ignore[arg-type]
                )
            except RuntimeError as exc:
                if not bindings or "projection" not in str(exc):
                    raise
                # pyoxigraph substitutes projected variables only: bind the rest with VALUES
                result = self._store.query(
                    sparql + values_clause(bindings),
                    use_default_graph_as_union=_union_default(sparql),
                )
        except (SyntaxError, ValueError) as exc:
            raise QueryError(f"invalid SPARQL: {exc}") from None
        return to_query_result(result)  # type: ignore[return-value]

    def execute(
        self, sparql: str, *, dataset: Dataset | None = None, base_iri: str | None = None
    ) -> RawResult:
        refuse_network(sparql)
        options: dict[str, object] = {}
        if dataset:
            options["default_graph"] = [
                ox.NamedNode(check_iri(g)) for g in dataset.default_graphs
            ] or ox.DefaultGraph()
            options["named_graphs"] = [ox.NamedNode(check_iri(g)) for g in dataset.named_graphs]
        else:
            options["use_default_graph_as_union"] = _union_default(sparql)
        try:
            result = self._store.query(sparql, base_iri=base_iri, **options)  # type: ignore[arg-type]
        except (SyntaxError, ValueError) as exc:
            raise QueryError(f"invalid SPARQL: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        return result

    def update(
        self, sparql: str, *, dataset: Dataset | None = None, base_iri: str | None = None
    ) -> None:
        dataset = dataset or Dataset()
        sparql = prepare_update(sparql, dataset.default_graphs, dataset.named_graphs)
        self.touched()
        try:
            self._store.update(sparql, base_iri=base_iri)
        except (SyntaxError, ValueError) as exc:
            raise QueryError(f"invalid SPARQL update: {exc}") from None

    def load(
        self,
        data: bytes,
        media_type: str,
        graph: str | None,
        *,
        replace: bool = False,
        base_iri: str | None = None,
    ) -> None:
        target: ox.NamedNode | ox.DefaultGraph = (
            ox.NamedNode(check_iri(graph)) if graph is not None else ox.DefaultGraph()
        )
        triples = parse_triples(data, media_type, base_iri)  # all parsed before any write
        self.touched()
        if replace and isinstance(target, ox.NamedNode):
            if self._store.contains_named_graph(target):
                # one transaction: readers see the old graph or the new, never neither
                self._store.update(_swap_update([(target, triples)]))
                return
        elif replace:
            self._store.clear_graph(target)
        quads = [ox.Quad(t.subject, t.predicate, t.object, target) for t in triples]
        if isinstance(target, ox.NamedNode):
            self._store.add_graph(target)  # an empty PUT still creates the graph
        self._store.extend(quads)

    def quads(self) -> Iterator[Quad]:
        for q in self._store.quads_for_pattern(None, None, None, None):
            if isinstance(q.graph_name, ox.DefaultGraph):
                continue
            yield (
                from_ox(q.subject),
                from_ox(q.predicate),
                from_ox(q.object),
                from_ox(q.graph_name),
            )

    def dump(self, out: IO[bytes], format: str) -> None:
        try:
            fmt = _FORMATS[format]
        except KeyError:
            raise StoreError(
                f"unknown dump format {format!r}; use one of {sorted(_FORMATS)}"
            ) from None
        self._store.dump(out, format=fmt)

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        store = self.__dict__.pop("_store", None)
        if store is not None and self.path is not None:
            store.flush()
        # dropping the last reference releases the on-disk lock
