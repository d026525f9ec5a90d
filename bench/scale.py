"""Scale: ingest a growing generated corpus into one store and watch the cost per article.

The store grows through ``--sizes`` (cumulative: ``1000,10000`` ingests articles 0-999, then
1000-9999 into the same store). Each step's articles are written as a JSON Lines file by
``corpus.py`` and ingested the way ``kg ingest FILE --workers N`` does. After each step:
wall and CPU time per article, triples, store size on disk, peak RSS, and the latency of a few
saved queries. A step that would take longer than ``--budget-minutes`` at the previous step's
rate is skipped, with the estimate.

    .venv/bin/python bench/scale.py --sizes 1000,10000
    .venv/bin/python bench/scale.py --sizes 1000,10000,100000 --budget-minutes 180
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import _common as c
import corpus

KG = "https://w3id.org/newskg/ontology#"


_QUERY_CHILD = """
import json, statistics, sys, time
from kg import KnowledgeGraph
store, name, entity, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
params = {"entity": entity} if name == "provenance" else {}
with KnowledgeGraph.open(store) as graph:
    rows = len(graph.run(name, **params))
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        graph.run(name, **params)
        times.append(time.perf_counter() - t)
print(json.dumps([statistics.median(times), rows]))
"""


def query_latency(
    store: Path, name: str, entity: str, runs: int, timeout: float, memory_gib: float
) -> tuple[float | None, int | None]:
    """Median seconds of ``graph.run(name)`` (one warm-up first) and its rows (``None, None``
    on a time-out, ``None, -1`` when the child failed, e.g. at the memory cap), in a child
    process that is stopped after ``timeout`` seconds or ``memory_gib`` of memory: a query whose
    cost explodes with the store size must not stall or sink the benchmark."""

    def limit() -> None:
        size = int(memory_gib * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    try:
        done = subprocess.run(
            [sys.executable, "-c", _QUERY_CHILD, str(store), name, entity, str(runs)],
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=limit,
            cwd=store.parent,
        )
    except subprocess.TimeoutExpired:
        return None, None
    if done.returncode != 0:
        print(f"# {name}: failed ({done.stderr.strip().splitlines()[-1:]})")
        return None, -1
    seconds, rows = json.loads(done.stdout)
    return float(seconds), int(rows)


def top_country(graph: Any) -> str:
    result = graph.query(
        # inside each article graph: across the union default graph, a hub's type triples (one
        # per article) times its evidence would grow with the square of the corpus
        f"SELECT ?e (COUNT(?m) AS ?n) WHERE {{ GRAPH ?g {{ ?e a <{KG}Country> ; <{KG}evidence> ?m }} }} "
        "GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 1"
    )
    return str(result.rows[0]["e"])


def main(argv: list[str] | None = None) -> None:
    from kg.ingest import default_workers

    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="1000,10000", help="store sizes, cumulative (1000,10000)"
    )
    parser.add_argument(
        "--workers", type=int, default=default_workers(), help="as kg ingest (all cores)"
    )
    parser.add_argument(
        "--queries", default="provenance,roles,events,statistics", help="saved queries timed"
    )
    parser.add_argument(
        "--query-runs", type=int, default=3, help="runs per query; median counts (3)"
    )
    parser.add_argument(
        "--query-timeout", type=float, default=120, help="seconds per query process (120)"
    )
    parser.add_argument("--query-memory", type=float, default=6, help="GiB per query process (6)")
    parser.add_argument(
        "--budget-minutes", type=float, default=25, help="skip a step estimated longer (25)"
    )
    parser.add_argument(
        "--store", type=Path, help="keep the store here (default: a temporary folder)"
    )
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (7)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    names = [q for q in args.queries.split(",") if q]

    from kg import KnowledgeGraph

    c.banner(f"scale: one store growing through {', '.join(f'{s:,}' for s in sizes)} articles")
    print(
        f"workers {args.workers}; queries {', '.join(names)} (graph.run in a child process, median of {args.query_runs} "
        f"after a warm-up, stopped after {args.query_timeout:g} s)\n"
    )
    rows: list[list[Any]] = []
    qrows: list[list[Any]] = []
    per_article: list[tuple[int, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp_name:
        tmp = Path(tmp_name)
        store_dir = args.store or tmp / "store"
        graph = KnowledgeGraph.open(store_dir)
        done = 0
        rate = 0.0
        try:
            for size in sizes:
                todo = size - done
                if todo <= 0:
                    continue
                if rate and todo / rate > args.budget_minutes * 60:
                    print(
                        f"# skipped {size:,}: {todo:,} more articles at {rate:.1f} articles/s "
                        f"would take about {todo / rate / 60:.0f} min (> --budget-minutes "
                        f"{args.budget_minutes:g})"
                    )
                    break
                chunk = tmp / f"articles-{done}-{size}.jsonl"
                with chunk.open("w", encoding="utf-8") as out:
                    for rec in corpus.records(todo, args.seed, start=done):
                        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                with c.CpuWatch() as cpu:
                    report = graph.ingest(chunk, workers=args.workers)
                    graph.store.raw.flush()  # type: ignore[attr-defined]
                assert report.ok and len(report.ingested) == todo, report.failed[:3]
                chunk.unlink()
                done = size
                rate = todo / cpu.wall
                triples = len(graph.store)
                per_article.append((size, cpu.wall / todo, cpu.cpu / todo))
                rows.append(
                    [
                        size,
                        todo,
                        cpu.wall,
                        rate,
                        1000 * cpu.wall / todo,
                        1000 * cpu.cpu / todo,
                        triples,
                        triples / size,
                        c.dir_size_mib(store_dir),
                        c.peak_rss_mib(),
                        c.peak_rss_mib(children=True),
                        cpu.others,
                    ]
                )
                entity = top_country(graph)
                graph.close()  # the queries run in child processes, which open the store
                qrow: list[Any] = [size]
                for name in names:
                    seconds, n = query_latency(
                        store_dir,
                        name,
                        entity,
                        args.query_runs,
                        args.query_timeout,
                        args.query_memory,
                    )
                    qrow += [
                        1000 * seconds
                        if seconds is not None
                        else "failed (memory cap?)"
                        if n == -1
                        else f"> {args.query_timeout:g} s",
                        "-" if n is None or n < 0 else n,
                    ]
                qrows.append(qrow)
                graph = KnowledgeGraph.open(store_dir)
                print(
                    f"  {size:,} articles: {cpu.wall:.0f} s for {todo:,}, {triples:,} triples, "
                    f"{c.dir_size_mib(store_dir):.0f} MiB",
                    flush=True,
                )
        finally:
            graph.close()
    print()
    c.table(
        [
            "articles",
            "added",
            "wall s",
            "articles/s",
            "ms/article",
            "CPU ms/article",
            "triples",
            "triples/article",
            "store MiB",
            "peak RSS MiB (this process)",
            "children's peak RSS MiB (workers, queries)",
            "others' cores",
        ],
        rows,
    )
    print()
    header = ["articles"]
    for name in names:
        header += [f"{name} ms", "rows"]
    c.table(header, qrows)
    if len(per_article) >= 2:
        (n0, w0, c0), (n1, w1, c1) = per_article[0], per_article[-1]
        print(f"\ncost per article, step to {n1:,} ÷ step to {n0:,} (flat = 1.00):")
        c.ratio("scale.cpu_per_article", c1 / c0, "<= 1.1")
        c.note("scale.wall_per_article", w1 / w0, "the same on wall-clock time")
        for i, name in enumerate(names):
            first, last = qrows[0][1 + 2 * i], qrows[-1][1 + 2 * i]
            r0, r1 = qrows[0][2 + 2 * i], qrows[-1][2 + 2 * i]
            if (
                not all(isinstance(v, float | int) for v in (first, last, r0, r1))
                or not r0
                or not r1
            ):
                print(f"RATIO scale.query_{name} = n/a (timed out or failed)")
                continue
            c.note(
                f"scale.query_{name}",
                last / first,
                f"latency growth for {n1 / n0:g}× the articles; per row {(last / r1) / (first / r0):.2f}×",
            )
    if rate:
        print(f"# estimate for 100,000 articles at the last rate: {100_000 / rate / 60:.0f} min")


if __name__ == "__main__":
    main()
