"""Time and memory of kg.analytics on a generated corpus (default 10 000 articles).

    python bench/analytics.py --articles 10000     # a few minutes
    python bench/analytics.py --articles 500       # a quick run

The corpus is written directly as RDF in kg's vocabulary (bench/synthetic.py): running the NLP
pipeline on 10 000 articles would take hours, and the analyses only read the graph.

Each step is timed once (wall clock). Memory is the peak resident set size above the one at
the start of the step (Linux: the high-water mark is reset through /proc/self/clear_refs after
a garbage collection and malloc_trim), so it includes what the store allocates in Rust; where
that is not possible, --tracemalloc traces Python allocations instead (slower, Python only).
Ratios compare with a baseline measured in the same run: a bare iteration over the store's
quads (``store.quads()``), and, for PageRank, networkx's own pure-Python PageRank.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import Corpus

from kg import EmbeddedStore, KnowledgeGraph
from kg import analytics as A


class Meter:
    """Wall time and peak extra memory of one call."""

    def __init__(self, traced: bool) -> None:
        self.traced = traced
        self.rss = not traced and Path("/proc/self/clear_refs").exists()
        try:
            self.libc: Any = ctypes.CDLL("libc.so.6")
        except OSError:
            self.libc = None

    def _settle(self) -> None:
        gc.collect()
        if self.libc is not None:
            self.libc.malloc_trim(0)

    @staticmethod
    def _status(key: str) -> int:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
        return 0

    def __call__(self, fn: Callable[[], Any]) -> tuple[Any, float, int | None]:
        self._settle()
        if self.traced:
            tracemalloc.start()
            start = time.perf_counter()
            result = fn()
            elapsed = time.perf_counter() - start
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            return result, elapsed, peak
        if self.rss:
            Path("/proc/self/clear_refs").write_text("5")
            before = self._status("VmRSS")
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
        rss_peak = self._status("VmHWM") - before if self.rss else None
        return result, elapsed, rss_peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--disk", action="store_true", help="an on-disk store (temp folder)")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="measure Python allocations (slower)"
    )
    args = parser.parse_args()
    with TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "store" if args.disk else None)
        run(store, args)
        store.close()


def run(store: EmbeddedStore, args: argparse.Namespace) -> None:
    meter = Meter(args.tracemalloc)
    rows: list[tuple[str, float, int | None, str]] = []
    print(
        f"kg.analytics bench: {args.articles} synthetic articles (RDF written directly in the "
        "ontology's shape; the NLP pipeline is not run), "
        f"{'on-disk' if args.disk else 'in-memory'} store",
        flush=True,
    )

    start = time.perf_counter()
    data = "".join(Corpus(args.articles, args.seed).nquads()).encode()
    store.raw.load(data, format=ox.RdfFormat.N_QUADS)
    del data
    graph = KnowledgeGraph(store)
    print(f"generated and loaded {len(store):,} quads in {time.perf_counter() - start:.1f} s")

    def step(name: str, fn: Callable[[], Any], note: str = "") -> Any:
        result, elapsed, peak = meter(fn)
        rows.append((name, elapsed, peak, note))
        print(f"  {name}: {elapsed:.2f} s", flush=True)
        return result

    step("baseline: iterate store.quads()", lambda: sum(1 for _ in store.quads()))
    proj = step("projection: build (to_networkx + articles)", lambda: A.projection(graph))
    step("projection: cached call (state token)", lambda: A.projection(graph))
    every = proj.scope(None, None, None, None)
    relations = step("relation graph (undirected, weighted)", lambda: proj.relations(every))
    nodes, edges = len(relations), relations.number_of_edges()
    degree = step("centrality degree (top 20)", lambda: A.centrality(graph, "degree"))
    step("centrality pagerank (top 20)", lambda: A.centrality(graph, "pagerank"))
    nx_pagerank = _networkx_pagerank()
    if nx_pagerank is not None:
        step("baseline: networkx pure-Python pagerank", lambda: nx_pagerank(relations))
    between = step("centrality betweenness (top 20)", lambda: A.centrality(graph, "betweenness"))
    rows[-1] = (*rows[-1][:3], f"{'sampled' if between.approximate else 'exact'}")
    people = [r.entity.iri for r in degree.ranking if r.entity.type == "Person"]
    people = people or [r.entity.iri for r in degree.ranking]
    far = _far_person(graph, people[0])
    found = step("paths hub → far person (max_len 6)", lambda: A.paths(graph, people[0], far))
    rows[-1] = (*rows[-1][:3], f"length {found.length}, {len(found.paths)} paths")
    comms = step("communities (Louvain)", lambda: A.communities(graph))
    rows[-1] = (*rows[-1][:3], f"{len(comms.communities)} communities")
    step("cooccurrence by article (1st: reads mentions)", lambda: A.cooccurrence(graph, top=50))
    step("cooccurrence by article (cached mentions)", lambda: A.cooccurrence(graph, top=50))
    step("cooccurrence by sentence (1st)", lambda: A.cooccurrence(graph, by="sentence", top=50))
    step("cooccurrence by sentence (cached)", lambda: A.cooccurrence(graph, by="sentence", top=50))
    hub = degree.ranking[0].entity.iri
    line = step("timeline of the top hub", lambda: A.timeline(graph, hub))
    rows[-1] = (*rows[-1][:3], f"{len(line.entries)} entries")
    since = date(2022, 6, 1)
    until = since + timedelta(days=30)
    step(
        "centrality pagerank, one month",
        lambda: A.centrality(graph, "pagerank", since=since, until=until),
    )
    with TemporaryDirectory() as tmp:
        step(
            "GraphML of one month",
            lambda: A.write(A.subgraph(graph, since=since, until=until), Path(tmp) / "g.graphml"),
        )
        step(
            "GEXF of one month",
            lambda: A.write(A.subgraph(graph, since=since, until=until), Path(tmp) / "g.gexf"),
        )
    _report(rows, args, len(store), nodes, edges, meter)


def _networkx_pagerank() -> Callable[[Any], Any] | None:
    try:  # networkx's pagerank needs scipy; its pure-Python version does not
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
    except ImportError:
        return None
    return lambda g: _pagerank_python(g, weight="weight", tol=1.0e-8)


def _far_person(graph: KnowledgeGraph, start: str) -> str:
    """A person as far from ``start`` as the relation graph allows (within 6 hops)."""
    import networkx as nx

    proj = A.projection(graph)
    rel = proj.relations(proj.scope(None, None, None, None))
    dist = nx.single_source_shortest_path_length(rel, start, cutoff=6)
    people = [n for n, d in dist.items() if rel.nodes[n].get("type") == "Person"]
    return max(people, key=lambda n: (dist[n], n)) if people else start


def _report(
    rows: list[tuple[str, float, int | None, str]],
    args: argparse.Namespace,
    quads: int,
    nodes: int,
    edges: int,
    meter: Meter,
) -> None:
    base = rows[0][1]
    nx_base = next((r[1] for r in rows if r[0].startswith("baseline: networkx")), None)
    memory = (
        "peak Python allocations (tracemalloc)"
        if meter.traced
        else "peak RSS above the step's start"
        if meter.rss
        else "n/a"
    )
    print()
    print(
        f"{args.articles:,} articles, {quads:,} quads; relation graph {nodes:,} nodes, "
        f"{edges:,} edges. Memory: {memory}. Ratio: time ÷ the quad-iteration baseline."
    )
    width = max(len(r[0]) for r in rows)
    print(f"| {'step':<{width}} | {'time':>8} | {'memory':>9} | {'ratio':>6} | note")
    print(f"|{'-' * (width + 2)}|{'-' * 10}|{'-' * 11}|{'-' * 8}|------")
    for name, elapsed, peak, note in rows:
        mem = f"{peak / 2**20:7.0f} MB" if peak is not None else "      n/a"
        if name.startswith("centrality pagerank (") and nx_base:
            note = f"{elapsed / nx_base:.2f}× networkx's pure-Python pagerank"
        print(f"| {name:<{width}} | {elapsed:6.2f} s | {mem} | {elapsed / base:6.3f} | {note}")


if __name__ == "__main__":
    main()
