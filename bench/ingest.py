"""Ingest throughput against bare spaCy, and ``--workers 2`` against ``--workers 1``.

Part 1 (same articles, same process, words/s; best of ``--repeats``):

* ``base nlp.pipe``: the base spaCy model alone (``spacy.load(model, exclude=["senter"])``, as
  kg loads it, without kg's components);
* ``kg nlp.pipe``: the very pipeline object kg uses (``kg.nlp.load_nlp()``), fed as ingest
  feeds it (``make_doc`` + the article date, batches of 32);
* ``ingest``: ``KnowledgeGraph.ingest(articles, workers=1, bulk=True)`` into an embedded store
  on disk with that same pipeline object (pipeline + mapping + store writes), as ``kg ingest``
  runs it; ``ingest, transactional`` is the same without ``bulk`` (the Python API's default:
  one transaction per batch, for stores that other threads read meanwhile).

``ingest ÷ kg nlp.pipe`` is the store and mapping overhead (target ≥ 0.90);
``kg nlp.pipe ÷ base nlp.pipe`` is the overhead of kg's components.

Part 2: a fresh ``KnowledgeGraph`` (model not loaded yet, as the CLI starts) ingests a larger
corpus with ``workers=1`` and then ``workers=2``; end to end (model load in each spawned worker
included) and in steady state (articles after the first round of batches ÷ the time they took).

    .venv/bin/python bench/ingest.py                  # 300 articles, 600 for workers
    .venv/bin/python bench/ingest.py --articles 100 --workers-articles 200   # quick
"""

from __future__ import annotations

import argparse
import math
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import _common as c
import corpus

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from kg import Article


def _docs(nlp: Language, articles: list[Article]) -> Iterator[Doc]:
    for a in articles:
        doc = nlp.make_doc(a.text)
        doc._.kg_date = a.date
        yield doc


def single(args: argparse.Namespace) -> None:
    import spacy

    from kg import KnowledgeGraph
    from kg.nlp import load_nlp
    from kg.nlp.pipeline import resolve_model_name
    from kg.store import EmbeddedStore

    articles = list(corpus.articles(args.articles, args.seed))
    n_words = sum(c.words(a.text) for a in articles)
    model = resolve_model_name()
    base = spacy.load(model, exclude=["senter"])
    nlp = load_nlp()
    for pipeline in (base, nlp):  # warm-up
        list(pipeline.pipe(_docs(pipeline, articles[:16]), batch_size=args.batch_size))
    print(f"part 1: {len(articles)} articles, {n_words:,} words, model {model}")
    print(f"  base: {', '.join(base.pipe_names)}")
    print(f"  kg:   {', '.join(nlp.pipe_names)}\n")

    def run_base() -> int:
        return sum(1 for _ in base.pipe((a.text for a in articles), batch_size=args.batch_size))

    def run_kg() -> int:
        return sum(1 for _ in nlp.pipe(_docs(nlp, articles), batch_size=args.batch_size))

    def run_ingest(bulk: bool) -> int:
        with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
            graph = KnowledgeGraph(EmbeddedStore(Path(tmp) / "store"), nlp=nlp)
            report = graph.ingest(articles, workers=1, batch_size=args.batch_size, bulk=bulk)
            graph.close()
            assert report.ok and len(report.ingested) == len(articles), report.failed[:3]
            return report.triples

    variants: dict[str, Callable[[], int]] = {
        "base nlp.pipe": run_base,
        "kg nlp.pipe": run_kg,
        "ingest (workers=1)": lambda: run_ingest(True),
        "ingest, transactional": lambda: run_ingest(False),
    }
    runs: dict[str, list[c.CpuWatch]] = {name: [] for name in variants}
    triples = 0
    for _ in range(args.repeats):
        for name, run in variants.items():  # interleaved, so drift hits all alike
            with c.CpuWatch() as cpu:
                out = run()
            triples = out if name.startswith("ingest (") else triples
            runs[name].append(cpu)
    wall = {name: min(r.wall for r in rs) for name, rs in runs.items()}
    cpu_s = {name: min(r.cpu for r in rs) for name, rs in runs.items()}
    others = {name: max(r.others for r in rs) for name, rs in runs.items()}
    c.table(
        ["variant", "wall s", "words/s", "CPU s", "words/CPU s", "ms CPU/article", "others' cores"],
        [
            (
                name,
                wall[name],
                n_words / wall[name],
                cpu_s[name],
                n_words / cpu_s[name],
                1000 * cpu_s[name] / len(articles),
                others[name],
            )
            for name in variants
        ],
    )
    print(
        f"(ingest wrote {triples:,} triples, {triples / len(articles):.0f} per article; best of "
        f"{args.repeats}; ratios use CPU time, which other processes on the machine do not skew)"
    )
    ing, kgp, bare = "ingest (workers=1)", "kg nlp.pipe", "base nlp.pipe"
    c.ratio("ingest.vs_kg_pipe", cpu_s[kgp] / cpu_s[ing], ">= 0.90")
    c.ratio("ingest.vs_kg_pipe_wall", wall[kgp] / wall[ing], ">= 0.90")
    c.note(
        "ingest.transactional_vs_kg_pipe",
        cpu_s[kgp] / cpu_s["ingest, transactional"],
        "the same without bulk (CPU time)",
    )
    c.note(
        "ingest.kg_pipe_vs_base_pipe",
        cpu_s[bare] / cpu_s[kgp],
        "kg pipeline ÷ base model words/s: the cost of kg's components",
    )
    c.note("ingest.vs_base_pipe", cpu_s[bare] / cpu_s[ing], "everything: ingest ÷ base model")


def workers(args: argparse.Namespace) -> None:
    from kg import KnowledgeGraph

    articles = list(corpus.articles(args.workers_articles, args.seed + 1))
    n = len(articles)
    print(
        f"\npart 2: {n} articles, {sum(c.words(a.text) for a in articles):,} words, "
        f"batch size {args.batch_size}; a fresh KnowledgeGraph per run (model loaded inside)\n"
    )
    rows = []
    results: dict[int, tuple[float, float, float]] = {}
    for w in (1, args.workers):
        stamps: list[float] = []
        with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp, c.CpuWatch() as cpu:
            t0 = time.perf_counter()
            graph = KnowledgeGraph.open(Path(tmp) / "store")
            report = graph.ingest(
                articles,
                workers=w,
                batch_size=args.batch_size,
                bulk=True,  # as kg ingest
                on_article=lambda *_, s=stamps: s.append(time.perf_counter()),
            )
            graph.close()
            wall = time.perf_counter() - t0
        assert report.ok and len(report.ingested) == n, report.failed[:3]
        # start-up: until the first write is committed (ingest gathers batches into writes of
        # WRITE_ARTICLES, whose articles are reported together); steady: from there to the end
        skip = sum(1 for t in stamps if t - stamps[0] < 0.05)
        steady = startup = math.nan
        if n >= 2 * skip:
            steady = (n - skip) / (stamps[-1] - stamps[skip - 1])
            startup = stamps[skip - 1] - t0 - skip / steady
        results[w] = (n / wall, steady, cpu.cpu / n)
        rows.append((w, wall, n / wall, steady, startup, 1000 * cpu.cpu / n, cpu.ours, cpu.others))
    c.table(
        [
            "workers",
            "wall s",
            "articles/s",
            "steady articles/s",
            "start-up s",
            "ms CPU/article",
            "our cores",
            "others' cores",
        ],
        rows,
    )
    w = args.workers
    c.ratio(f"ingest.workers{w}_vs_1", results[w][0] / results[1][0], ">= 1.7")
    if math.isnan(results[w][1]):
        print(
            f"RATIO ingest.workers{w}_vs_1_steady = n/a (needs --workers-articles of at "
            "least twice the first write)"
        )
    else:
        c.ratio(f"ingest.workers{w}_vs_1_steady", results[w][1] / results[1][1], ">= 1.7")
    cores = os.cpu_count() or 1
    projected = min(w, cores) * results[1][2] / results[w][2]
    c.note(
        f"ingest.workers{w}_projected",
        projected,
        f"speed-up if {min(w, cores)} idle cores did only this: "
        f"{min(w, cores)} × CPU/article at 1 worker ÷ CPU/article at {w}",
    )
    if max(r[-1] for r in rows) > 0.25:
        print(
            "# other processes used the CPU during part 2: the measured workers ratios are "
            "pessimistic; the projected one is not affected"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=300, help="articles for part 1 (300)")
    parser.add_argument(
        "--workers-articles", type=int, default=600, help="articles for part 2 (600)"
    )
    parser.add_argument("--workers", type=int, default=2, help="compared with 1 in part 2 (2)")
    parser.add_argument(
        "--repeats", type=int, default=2, help="part 1 runs per variant; best counts (2)"
    )
    parser.add_argument("--batch-size", type=int, default=16, help="as kg ingest (16)")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (7)")
    parser.add_argument("--skip-single", action="store_true", help="skip part 1")
    parser.add_argument("--skip-workers", action="store_true", help="skip part 2")
    args = parser.parse_args(argv)
    c.banner("ingest: words/s against bare spaCy, and workers")
    if not args.skip_single:
        single(args)
    if not args.skip_workers:
        workers(args)


if __name__ == "__main__":
    main()
