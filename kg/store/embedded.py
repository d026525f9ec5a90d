"""The embedded store: pyoxigraph on disk (or in memory)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib.term import Identifier

from ..errors import QueryError, StoreError
from ._convert import from_ox, to_ox
from .base import Quad, QueryResult, SelectResult, Triple, values_clause

_FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}


class EmbeddedStore:
    """A pyoxigraph :class:`~pyoxigraph.Store`: ``EmbeddedStore()`` in memory, or on disk.

    >>> store = EmbeddedStore()
    >>> len(store)
    0
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
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

    @property
    def raw(self) -> ox.Store:
        """The underlying pyoxigraph store."""
        return self._store

    def replace_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        name = ox.NamedNode(graph)
        quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), name) for s, p, o in triples]  # type: ignore[arg-type]
        # ``extend`` is one transaction, so an article is never half-written; between the two
        # calls a reader may briefly see the article missing, never mixed.
        if self._store.contains_named_graph(name):
            self._store.remove_graph(name)
        self._store.extend(quads)

    def drop_graph(self, graph: str) -> bool:
        name = ox.NamedNode(graph)
        if not self._store.contains_named_graph(name):
            return False
        self._store.remove_graph(name)
        return True

    def has_graph(self, graph: str) -> bool:
        return bool(self._store.contains_named_graph(ox.NamedNode(graph)))

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> QueryResult:
        substitutions = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()}
        try:
            try:
                result = self._store.query(
                    sparql,
                    use_default_graph_as_union=True,
                    substitutions=substitutions or None,  # type: ignore[arg-type]
                )
            except RuntimeError as exc:
                if not bindings or "projection" not in str(exc):
                    raise
                # pyoxigraph substitutes projected variables only: bind the rest with VALUES
                result = self._store.query(
                    sparql + values_clause(bindings), use_default_graph_as_union=True
                )
        except (SyntaxError, ValueError) as exc:
            raise QueryError(f"invalid SPARQL: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows = [
                {name: (from_ox(sol[name]) if sol[name] is not None else None) for name in names}
                for sol in result
            ]
            return SelectResult(variables=names, rows=rows)
        return [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in result]

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
