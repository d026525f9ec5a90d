"""Move whole datasets in and out of a store as N-Quads or TriG, streamed.

Export walks the named graphs in IRI order and writes each graph's quads sorted: the output is
deterministic (the same content gives the same bytes, whatever order it was ingested in) and
memory is bounded by the largest article graph, not the store. Import parses as it reads and
writes in batches; every named graph in the input replaces the graph of the same name (so
importing an export of the same store twice changes nothing).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from .errors import InputError, KGError
from .rdf.mapping import PREFIXES
from .store.base import Dataset, Store

DATASET_FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
_SUFFIXES = {".nq": "nquads", ".nquads": "nquads", ".trig": "trig"}
BATCH_QUADS = 50_000


def dataset_format(name: str | None, path: str | Path | None = None) -> str:
    """``nquads`` or ``trig``, from ``name`` or else the file suffix."""
    if name is None and path is not None:
        name = _SUFFIXES.get(Path(str(path)).suffix.lower())
    if name is None or name.lower() not in DATASET_FORMATS:
        raise KGError(
            f"cannot tell the format of {path or 'the input'}; say --format nquads or trig"
        )
    return name.lower()


def _graph_triples(store: Store, graph: str) -> list[ox.Triple]:
    result = store.execute("CONSTRUCT WHERE { ?s ?p ?o }", dataset=Dataset((graph,)))
    assert not isinstance(result, (bool, ox.QuerySolutions))
    return sorted(result, key=str)


def write_dataset(store: Store, out: IO[bytes], format: str) -> int:
    """Write every named graph of ``store`` to ``out``; return the number of quads."""
    fmt = DATASET_FORMATS[dataset_format(format)]
    prefixes = {k: str(v) for k, v in PREFIXES.items() if k != "kgr"}
    total = 0
    first = True
    for graph in store.graphs():
        name = ox.NamedNode(graph)
        quads = [
            ox.Quad(t.subject, t.predicate, t.object, name) for t in _graph_triples(store, graph)
        ]
        if fmt == ox.RdfFormat.TRIG:
            data = ox.serialize(quads, format=fmt, prefixes=prefixes) or b""
            if not first:  # the prefixes are declared once, at the top
                data = b"".join(
                    line
                    for line in data.splitlines(keepends=True)
                    if not line.startswith(b"@prefix")
                )
        else:
            data = ox.serialize(quads, format=fmt) or b""
        out.write(data)
        total += len(quads)
        first = False
    return total


@dataclass
class ImportReport:
    graphs: int = 0
    quads: int = 0


def read_dataset(
    store: Store,
    source: IO[bytes],
    format: str,
    *,
    on_batch: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Load N-Quads/TriG from ``source``; each named graph replaces its namesake. Triples in
    the input's default graph go to the store's own default graph."""
    fmt = DATASET_FORMATS[dataset_format(format)]
    report = ImportReport()
    seen: set[str | None] = set()
    batch: dict[str | None, list[ox.Triple]] = defaultdict(list)
    size = 0

    def flush() -> None:
        nonlocal size
        for graph, triples in batch.items():
            data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            store.load(data, "application/n-triples", graph, replace=graph not in seen)
            if graph not in seen:
                seen.add(graph)
                report.graphs += graph is not None
        batch.clear()
        size = 0
        if on_batch:
            on_batch(report)

    try:
        for quad in ox.parse(source, format=fmt):
            graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else None
            if isinstance(quad.graph_name, ox.BlankNode):
                raise InputError(
                    "a graph named by a blank node cannot be imported; name it with an IRI"
                )
            batch[graph].append(ox.Triple(quad.subject, quad.predicate, quad.object))
            report.quads += 1
            size += 1
            if size >= BATCH_QUADS:
                flush()
    except SyntaxError as exc:
        flush()  # what parsed before the error is kept, and said so
        raise InputError(
            f"the input stops parsing after {report.quads} quads: {exc}. The {report.graphs} "
            "graphs read so far were imported; fix the file and import it again"
        ) from None
    flush()
    return report
