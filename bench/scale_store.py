"""Scale of the store side to 100,000 articles: kg's write path and saved queries as the store grows.

Running the NLP on 100k articles takes hours on two cores (``scale.py`` measures it to 10k,
where its cost per article is flat); what can grow with the corpus is the store: writes,
disk, memory and queries. So this benchmark writes a synthetic corpus (``synthetic.py``: the
graphs ingest would write, in the ontology's shape, with hubs and recurring casts) through
the very write path of ``kg ingest`` — ``EmbeddedStore.add_graphs`` with N-Triples bytes per
article, its content hash as the commit marker, ``bulk=True``, writes of 128 — into one store
that grows through ``--sizes`` (cumulative). After each step: write time and CPU per article,
quads, store size on disk, peak RSS, and the latency of saved queries (``graph.run`` in a child
process, median of ``--query-runs`` after a warm-up, stopped after ``--query-timeout`` s).

Baseline in the same run: ``pyoxigraph.Store.bulk_load`` of the same step's N-Quads into a
fresh store (``--no-baseline`` skips it): the ratio says whether kg's write path keeps pace
as its store grows.

    .venv/bin/python bench/scale_store.py --sizes 1000,10000,100000
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

import _common as c
from scale import query_latency, top_country
from synthetic import KG, Corpus, _Article

HEADERS = (
    "articles",
    "added",
    "write wall s",
    "ms/article",
    "CPU ms/article",
    "articles/s",
    "quads",
    "quads/article",
    "store MiB",
    "peak RSS MiB",
    "bulk_load s",
    "bulk_load ÷ kg",
    "others (cores)",
)
_GRAPH = re.compile(rb" <[^<>]*> \.\n")


def article_graphs(corpus: Corpus, start: int, stop: int) -> Iterator[tuple[str, bytes]]:
    """``(graph IRI, N-Quads)`` of articles ``start:stop`` of ``corpus`` (in order: the corpus
    draws from one random generator)."""
    first = date(2021, 1, 1)
    for i in range(start, stop):
        day = first + timedelta(days=corpus.rng.randrange(3 * 365))
        article = _Article(corpus, f"bench{i:06d}", day)
        yield article.iri, "".join(article.quads()).encode()


def _batches(items: Iterator[tuple[str, bytes]], size: int) -> Iterator[list[tuple[str, bytes]]]:
    while batch := list(islice(items, size)):
        yield batch


def _cpu() -> float:
    times = os.times()
    return times.user + times.system


def graph_data(iri: str, nquads: bytes) -> Any:
    from kg.store.base import GraphData

    body = _GRAPH.sub(b" .\n", nquads)
    digest = hashlib.sha256(body).hexdigest()
    marker = f'<{iri}> <{KG}contentHash> "{digest}" .\n'.encode()
    return GraphData(iri, body, marker)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000", help="cumulative store sizes")
    parser.add_argument(
        "--queries",
        default="provenance,roles,events,statistics,entities",
        help="saved queries timed after each step",
    )
    parser.add_argument("--query-runs", type=int, default=3, help="runs per query (3)")
    parser.add_argument("--query-timeout", type=float, default=180, help="seconds per query (180)")
    parser.add_argument("--query-memory", type=float, default=8, help="GiB per query process (8)")
    parser.add_argument(
        "--batch-size", type=int, default=128, help="articles per write, as kg ingest (128)"
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip pyoxigraph bulk_load")
    parser.add_argument("--store", type=Path, help="keep the store here (default: temporary)")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (7)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    names = [q for q in args.queries.split(",") if q]

    import pyoxigraph as ox

    from kg import KnowledgeGraph
    from kg.store import EmbeddedStore

    c.banner(
        f"scale_store: kg's store growing through {', '.join(f'{s:,}' for s in sizes)} articles"
    )
    print(
        "synthetic articles (RDF written directly, no NLP) through EmbeddedStore.add_graphs("
        f"bulk=True), batches of {args.batch_size}; queries: {', '.join(names)}\n",
        flush=True,
    )
    corpus = Corpus(max(sizes), args.seed)
    rows: list[list[Any]] = []
    qrows: list[list[Any]] = []
    ratios: list[float] = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp_name:
        tmp = Path(tmp_name)
        store_dir = args.store or tmp / "store"
        done = 0
        for size in sizes:
            todo = size - done
            if todo <= 0:
                continue
            store = EmbeddedStore(store_dir)
            dump = tmp / "step.nq"
            quads = 0
            wall = cpu_s = 0.0
            busy = c.CpuWatch()
            with busy, dump.open("wb") as out:
                for batch in _batches(article_graphs(corpus, done, size), args.batch_size):
                    data = [graph_data(iri, nquads) for iri, nquads in batch]
                    for _, nquads in batch:
                        out.write(nquads)
                        quads += nquads.count(b"\n") + 1  # +1: the marker
                    t0, c0 = time.perf_counter(), _cpu()
                    store.add_graphs(data, bulk=True)
                    wall += time.perf_counter() - t0
                    cpu_s += _cpu() - c0
                t0, c0 = time.perf_counter(), _cpu()
                store.raw.flush()
                wall += time.perf_counter() - t0
                cpu_s += _cpu() - c0
            total = len(store)
            store.close()
            base_wall = None
            if not args.no_baseline:
                fresh = tmp / f"baseline-{size}"
                t0 = time.perf_counter()
                raw = ox.Store(str(fresh))
                raw.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
                raw.flush()
                base_wall = time.perf_counter() - t0
                del raw
                shutil.rmtree(fresh, ignore_errors=True)
                ratios.append(base_wall / wall)
            dump.unlink()
            done = size
            rows.append(
                [
                    f"{size:,}",
                    f"{todo:,}",
                    wall,
                    1000 * wall / todo,
                    1000 * cpu_s / todo,
                    todo / wall,
                    f"{total:,}",
                    quads / todo,
                    c.dir_size_mib(store_dir),
                    c.peak_rss_mib(),
                    f"{base_wall:.1f}" if base_wall is not None else "-",
                    f"{base_wall / wall:.2f}" if base_wall is not None else "-",
                    f"{busy.others:.2f}",
                ]
            )
            print(
                "step "
                + ", ".join(
                    f"{h}: {v:.1f}" if isinstance(v, float) else f"{h}: {v}"
                    for h, v in zip(HEADERS, rows[-1], strict=True)
                ),
                flush=True,
            )
            with KnowledgeGraph.open(store_dir) as graph:
                entity = top_country(graph)
            for name in names:
                t = time.perf_counter()
                seconds, count = query_latency(
                    store_dir, name, entity, args.query_runs, args.query_timeout, args.query_memory
                )
                took = time.perf_counter() - t
                shown = "did not finish" if seconds is None else f"{1000 * seconds:,.0f} ms"
                per_row = f"{1e6 * seconds / count:.1f}" if seconds is not None and count else "-"
                qrows.append(
                    [f"{size:,}", name, shown, "-" if count is None else f"{count:,}", per_row]
                )
                print(f"  {name}: {shown} ({took:.0f} s with start-up)", flush=True)
    print()
    c.table(HEADERS, rows)
    print()
    c.table(["articles", "query", "median", "rows", "µs/row"], qrows)
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        c.note(
            "scale_store.write_cost_growth",
            float(last[4]) / float(first[4]),
            f"CPU ms per article written at {last[0]} ÷ at {first[0]} articles (1 = flat)",
        )
    if ratios:
        c.note(
            "scale_store.bulk_load_vs_kg",
            statistics.median(ratios),
            "pyoxigraph bulk_load of a step's quads into a fresh store ÷ kg's write into the growing store (median over steps)",
        )


if __name__ == "__main__":
    main()
