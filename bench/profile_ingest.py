"""Where ingest spends its time: per pipeline component, mapping and store, then cProfile.

Two passes over the same generated articles (workers=1):

1. *Split*, without a profiler, in CPU seconds of this process: the pipeline is run one component at a time over all articles
   (each component's ``pipe`` with kg's batch size, as ``nlp.pipe`` does), then the mapping
   (``article_triples``), then the store write (``EmbeddedStore.replace_graphs`` per batch,
   timed as term conversion + ``Store.extend``).
2. *Profile*: ``KnowledgeGraph.ingest`` under cProfile; the top functions by cumulative and by
   own time, and own time summed per package. cProfile slows Python code more than compiled
   code, so trust pass 1 for the split and pass 2 for *which* functions.

    .venv/bin/python bench/profile_ingest.py --articles 300
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import tempfile
import time
from collections import defaultdict
from itertools import islice
from pathlib import Path

import _common as c
import corpus


def clock() -> float:
    """CPU seconds of this process: steadier than wall time when others share the machine."""
    return time.process_time()


def split(nlp, articles, batch_size: int) -> tuple[list[tuple[str, str, float]], float]:  # type: ignore[no-untyped-def]
    import pyoxigraph as ox

    from kg.rdf.mapping import article_triples
    from kg.store import EmbeddedStore
    from kg.store._convert import to_ox

    rows: list[tuple[str, str, float]] = []
    t = clock()
    docs = []
    for a in articles:
        doc = nlp.make_doc(a.text)
        doc._.kg_date = a.date
        docs.append(doc)
    rows.append(("nlp (base)", "tokenizer (make_doc)", clock() - t))
    for name, proc in nlp.pipeline:
        t = clock()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:
            docs = [proc(d) for d in docs]
        area = "ours (components)" if name.startswith("kg_") else "nlp (base)"
        rows.append((area, name, clock() - t))
    t = clock()
    graphs = [article_triples(a, d) for a, d in zip(articles, docs, strict=True)]
    rows.append(("mapping", "article_triples", clock() - t))
    t = clock()
    again = [article_triples(a, TextOnce(d)) for a, d in zip(articles, docs, strict=True)]  # type: ignore[arg-type]
    what_if = clock() - t
    assert again == graphs
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        store = EmbeddedStore(Path(tmp) / "store")
        convert = extend = 0.0
        it = iter(graphs)
        while batch := list(islice(it, batch_size)):
            t = clock()
            quads = [
                ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(g)))  # type: ignore[arg-type]
                for g, triples in batch
                for s, p, o in triples
            ]
            convert += clock() - t
            t = clock()
            store.raw.extend(quads)
            extend += clock() - t
        store.close()
    rows.append(("store", "rdflib → pyoxigraph terms (to_ox)", convert))
    rows.append(("store", "Store.extend (one transaction per batch)", extend))
    return rows, what_if


class TextOnce:
    """A Doc whose ``text`` is computed once: spaCy's ``Doc.text`` joins every token's text
    on each access. Used to measure what caching it in the mapping would save."""

    def __init__(self, doc) -> None:  # type: ignore[no-untyped-def]
        self._doc = doc
        self.text = doc.text

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._doc, name)


AREAS = (
    ("kg/nlp/", "ours: components (kg/nlp)"),
    ("kg/rdf/", "ours: mapping (kg/rdf)"),
    ("kg/store/", "ours: store (kg/store)"),
    ("kg/", "ours: other kg"),
    ("/rdflib/", "rdflib (terms, mapping + conversion)"),
    ("pyoxigraph", "pyoxigraph"),
    ("/spacy/", "spaCy"),
    ("/thinc/", "thinc (models)"),
    ("/numpy/", "numpy"),
)


def area_of(filename: str) -> str:
    for needle, name in AREAS:
        if needle in filename:
            return name
    if filename.startswith("~") or filename == "~":
        return "builtins / C"
    return "other Python"


def profile(nlp, articles, batch_size: int, top: int, out: Path | None) -> None:  # type: ignore[no-untyped-def]
    from kg import KnowledgeGraph
    from kg.store import EmbeddedStore

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        graph = KnowledgeGraph(EmbeddedStore(Path(tmp) / "store"), nlp=nlp)
        profiler = cProfile.Profile()
        t = clock()
        profiler.enable()
        report = graph.ingest(articles, workers=1, batch_size=batch_size)
        profiler.disable()
        wall = clock() - t
        graph.close()
    print(
        f"\ncProfile of KnowledgeGraph.ingest: {len(report.ingested)} articles, "
        f"{report.triples:,} triples, {wall:.1f} CPU s under the profiler"
    )
    if out:
        profiler.dump_stats(str(out))
        print(f"(raw profile written to {out}; `python -m pstats {out}` or snakeviz to browse)")
    stats = pstats.Stats(profiler, stream=io.StringIO())
    entries = stats.stats  # type: ignore[attr-defined]
    total = max(v[3] for v in entries.values())  # the outermost cumulative time

    def label(key: tuple[str, int, str]) -> str:
        filename, line, func = key
        short = filename.split("site-packages/")[-1].split("/work/main/")[-1]
        return f"{short}:{line}({func})" if line else func

    by_cum = sorted(entries.items(), key=lambda kv: kv[1][3], reverse=True)[:top]
    print(f"\ntop {top} by cumulative time")
    c.table(
        ["cumulative s", "%", "own s", "calls", "function"],
        [(v[3], 100 * v[3] / total, v[2], v[1], label(k)) for k, v in by_cum],
    )
    by_own = sorted(entries.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    print(f"\ntop {top} by own time")
    c.table(
        ["own s", "%", "calls", "function"],
        [(v[2], 100 * v[2] / total, v[1], label(k)) for k, v in by_own],
    )
    areas: dict[str, float] = defaultdict(float)
    for key, v in entries.items():
        areas[area_of(key[0])] += v[2]
    print("\nown time by package")
    c.table(
        ["own s", "%", "package"],
        [(s, 100 * s / total, a) for a, s in sorted(areas.items(), key=lambda kv: -kv[1])],
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300, help="generated articles (300)")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (7)")
    parser.add_argument("--batch-size", type=int, default=16, help="as kg ingest (16)")
    parser.add_argument("--top", type=int, default=25, help="functions to list (25)")
    parser.add_argument("--output", type=Path, help="also write the raw cProfile stats here")
    parser.add_argument("--skip-profile", action="store_true", help="only the split (pass 1)")
    args = parser.parse_args(argv)

    from kg.nlp import load_nlp

    c.banner("profile_ingest: where ingest spends its time (workers=1)")
    articles = list(corpus.articles(args.articles, args.seed))
    n_words = sum(c.words(a.text) for a in articles)
    nlp = load_nlp()
    list(nlp.pipe([a.text for a in articles[:8]]))  # warm-up
    print(f"{len(articles)} articles, {n_words:,} words; pipeline: {', '.join(nlp.pipe_names)}\n")

    with c.CpuWatch() as cpu:
        rows, what_if = split(nlp, articles, args.batch_size)
    total = sum(r[2] for r in rows)
    print("split (no profiler): CPU time per stage")
    c.table(
        ["area", "stage", "s", "%", "ms/article"],
        [(a, s, t, 100 * t / total, 1000 * t / len(articles)) for a, s, t in rows],
    )
    per_area: dict[str, float] = defaultdict(float)
    for area, _, t in rows:
        per_area[area] += t
    print()
    c.table(
        ["area", "s", "%"],
        [(a, t, 100 * t / total) for a, t in per_area.items()] + [("total", total, 100.0)],
    )
    print(f"# {cpu}")
    mapping = per_area["mapping"]
    print(
        f"what-if: article_triples with doc.text computed once per article: {what_if:.2f} s "
        f"instead of {mapping:.2f} s ({1000 * (mapping - what_if) / len(articles):.1f} ms/article, "
        f"{100 * (mapping - what_if) / total:.0f}% of the total)"
    )
    c.note(
        "profile.ours_share",
        1 - per_area["nlp (base)"] / total,
        "share of ingest time that is not spaCy's base model",
    )
    if not args.skip_profile:
        profile(nlp, articles, args.batch_size, args.top, args.output)


if __name__ == "__main__":
    main()
