"""Store write throughput: kg's write path against pyoxigraph ``bulk_load`` of the same quads.

The triples are real: ``--articles`` generated articles go through the pipeline and the mapping
once (not timed), and the graphs are repeated ``--copies`` times under new article IRIs (every
IRI that starts with the article's IRI is renamed, so mentions and facts stay per article and
entities are shared, as in a real corpus).

* ``kg add_graphs bulk``: ``EmbeddedStore.add_graphs(…, bulk=True)`` with batches of
  ``--batch-size`` articles as ``kg ingest`` gathers them (``kg.graph.WRITE_ARTICLES``) (N-Triples bytes, the content-hash
  marker apart, made by ``kg.ingest`` in the worker before the clock starts), exactly as
  ``kg ingest`` writes: writing marks, bulk load, then markers and marks in one transaction;
* ``pyoxigraph bulk_load``: ``Store.bulk_load(nquads, format=N_QUADS)`` of the same quads
  (the N-Quads bytes are made before the clock starts).

Both write a fresh store on disk (``--memory``: in memory) and are flushed before the clock
stops. Informational rows: the same from rdflib triples (the N-Triples serialisation timed too,
as when the write runs in the same process as the extraction), ``add_graphs`` without ``bulk``
(one ``load`` transaction per batch: the Python API's default), the former path
``replace_graphs`` (rdflib terms → pyoxigraph terms → ``extend``), and pyoxigraph ``extend`` /
``bulk_extend`` of ready-made pyoxigraph quads per batch.

    .venv/bin/python bench/store_load.py --articles 100 --copies 5
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

import _common as c
import corpus


def extracted(n: int, seed: int, batch_size: int) -> list[tuple[str, list[Any]]]:
    from kg.ingest import extract
    from kg.nlp import load_nlp

    nlp = load_nlp()
    graphs: list[tuple[str, list[Any]]] = []
    for batch in extract(corpus.articles(n, seed), nlp=lambda: nlp, batch_size=batch_size):
        graphs.extend((e.graph, e.triples) for e in batch if e.triples is not None)
    return graphs


def replicate(graphs: list[tuple[str, list[Any]]], copies: int) -> list[tuple[str, list[Any]]]:
    from rdflib import URIRef

    out = list(graphs)
    for k in range(1, copies):
        for graph, triples in graphs:
            new = f"{graph}-copy{k}"

            def rename(term: Any, graph: str = graph, new: str = new) -> Any:
                if isinstance(term, URIRef) and term.startswith(graph):
                    return URIRef(new + term[len(graph) :])
                return term

            out.append((new, [(rename(s), rename(p), rename(o)) for s, p, o in triples]))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100, help="articles extracted (100)")
    parser.add_argument("--copies", type=int, default=5, help="times their graphs are loaded (5)")
    parser.add_argument(
        "--batch-size", type=int, default=128, help="graphs per write, as kg ingest (128)"
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs per variant; median counts (3)"
    )
    parser.add_argument("--memory", action="store_true", help="in-memory stores instead of disk")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (7)")
    args = parser.parse_args(argv)

    import pyoxigraph as ox

    from kg.ingest import _extracted
    from kg.store import EmbeddedStore
    from kg.store._convert import to_ox

    c.banner("store_load: kg's write path against pyoxigraph bulk_load")
    t = time.perf_counter()
    graphs = replicate(extracted(args.articles, args.seed, args.batch_size), args.copies)
    n_quads = sum(len(triples) for _, triples in graphs)
    ox_quads = [
        [ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(g)) for s, p, o in triples]  # type: ignore[arg-type]
        for g, triples in graphs
    ]
    nquads = ox.serialize([q for qs in ox_quads for q in qs], format=ox.RdfFormat.N_QUADS)
    assert nquads is not None
    print(
        f"{len(graphs)} article graphs ({args.articles} extracted × {args.copies}), "
        f"{n_quads:,} quads, {len(nquads) / 2**20:.1f} MiB of N-Quads; "
        f"{'in memory' if args.memory else 'on disk'} (prepared in {time.perf_counter() - t:.0f} s)\n"
    )

    def batches(items: list[Any]) -> list[list[Any]]:
        it = iter(items)
        return [b for b in iter(lambda: list(islice(it, args.batch_size)), [])]

    graph_batches = batches(graphs)
    data_batches = [
        [d for g, ts in b if (d := _extracted(g, g, ts).data) is not None] for b in graph_batches
    ]
    quad_batches = [[q for qs in b for q in qs] for b in batches(ox_quads)]

    def kg_store(write: Callable[[EmbeddedStore], None]) -> Callable[[Path | None], int]:
        def run(path: Path | None) -> int:
            store = EmbeddedStore(path)
            write(store)
            n = len(store)
            store.raw.flush()
            store.close()
            return n

        return run

    def add_bulk(store: EmbeddedStore) -> None:
        for batch in data_batches:
            store.add_graphs(batch, bulk=True)

    def add_bulk_from_rdflib(store: EmbeddedStore) -> None:
        for batch in graph_batches:
            data = [_extracted(g, g, ts).data for g, ts in batch]
            store.add_graphs([d for d in data if d is not None], bulk=True)

    def add_transactional(store: EmbeddedStore) -> None:
        for batch in data_batches:
            store.add_graphs(batch)

    def replace_graphs(store: EmbeddedStore) -> None:
        for batch in graph_batches:
            store.replace_graphs(dict(batch))

    def with_store(write: Callable[[Any], None]) -> Callable[[Path | None], int]:
        def run(path: Path | None) -> int:
            store = ox.Store(str(path)) if path else ox.Store()
            write(store)
            store.flush()
            return len(store)

        return run

    def bulk_load(store: Any) -> None:
        store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)

    def extend(store: Any) -> None:
        for batch in quad_batches:
            store.extend(batch)

    def bulk_extend(store: Any) -> None:
        for batch in quad_batches:
            store.bulk_extend(batch)

    ours, bulk, from_rdflib, extend_ = (
        "kg add_graphs bulk (kg ingest)",
        "pyoxigraph bulk_load (N-Quads)",
        "  kg add_graphs bulk, from rdflib triples",
        "  pyoxigraph extend (ox quads, per batch)",
    )
    variants: dict[str, Callable[[Path | None], int]] = {
        ours: kg_store(add_bulk),
        bulk: with_store(bulk_load),
        from_rdflib: kg_store(add_bulk_from_rdflib),
        "  kg add_graphs, one transaction per batch": kg_store(add_transactional),
        "  kg replace_graphs (rdflib triples; before)": kg_store(replace_graphs),
        extend_: with_store(extend),
        "  pyoxigraph bulk_extend (ox quads, per batch)": with_store(bulk_extend),
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    cpu_times: dict[str, list[float]] = {name: [] for name in variants}
    sizes: dict[str, float] = {}
    others: list[float] = []
    for _ in range(args.repeats):
        for name, run in variants.items():  # interleaved, so drift hits all alike
            with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
                path = None if args.memory else Path(tmp) / "store"
                with c.CpuWatch() as cpu:
                    count = run(path)
                times[name].append(cpu.wall)
                cpu_times[name].append(cpu.cpu)
                others.append(cpu.others)
                sizes[name] = 0.0 if path is None else c.dir_size_mib(path)
            assert count == n_quads, (name, count, n_quads)
    wall = {name: statistics.median(ts) for name, ts in times.items()}
    cpu_s = {name: statistics.median(ts) for name, ts in cpu_times.items()}
    c.table(
        [
            "variant",
            "median wall s",
            "quads/s",
            "µs/quad",
            "median CPU s",
            "quads/CPU s",
            "store MiB",
        ],
        [
            (
                name,
                wall[name],
                n_quads / wall[name],
                1e6 * wall[name] / n_quads,
                cpu_s[name],
                n_quads / cpu_s[name],
                sizes[name],
            )
            for name in variants
        ],
    )
    print(
        f"(median of {args.repeats}; other processes used up to {max(others):.2f} cores; "
        "CPU s counts every thread, and bulk_load runs several)"
    )
    c.ratio("store_load.vs_bulk_load", wall[bulk] / wall[ours], ">= 0.90")
    c.note("store_load.vs_bulk_load_cpu", cpu_s[bulk] / cpu_s[ours], "the same on CPU time")
    c.note(
        "store_load.from_rdflib_vs_bulk_load",
        wall[bulk] / wall[from_rdflib],
        "with the N-Triples serialisation (done by the extraction workers) timed too",
    )
    c.note(
        "store_load.vs_extend_of_ox_quads",
        wall[extend_] / wall[ours],
        "our write path ÷ pyoxigraph's transactional extend of ready-made quads, per batch",
    )


if __name__ == "__main__":
    main()
