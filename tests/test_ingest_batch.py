"""Batch ingest: nlp.pipe batches, worker processes, per-article failure isolation."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import kg.graph
import kg.ingest
from kg import Article, KnowledgeGraph
from kg.ingest import count_articles

ROOT = Path(__file__).resolve().parent.parent


def _articles() -> list[Article]:
    texts = sorted((ROOT / "examples").glob("*.txt"))
    out = []
    for i in range(3):
        for path in texts:
            text = path.read_text(encoding="utf-8")
            out.append(Article.from_text(text + f"\nEdition {i}.\n", file_name=f"{i}-{path.name}"))
    return out


def _dump(graph: KnowledgeGraph) -> list[bytes]:
    buffer = io.BytesIO()
    graph.store.dump(buffer, "nquads")
    return sorted(buffer.getvalue().splitlines())


def test_workers_give_the_same_graph_as_one_process(nlp) -> None:  # type: ignore[no-untyped-def]
    articles = _articles()
    serial = KnowledgeGraph(KnowledgeGraph.open().store, nlp=nlp)
    report = serial.ingest(articles, batch_size=5)
    assert report.ok and len(report.ingested) == len(articles) == 12
    parallel = KnowledgeGraph.open()
    outcomes: list[str] = []
    report2 = parallel.ingest(
        articles, batch_size=3, workers=2, on_article=lambda name, outcome: outcomes.append(outcome)
    )
    assert report2.ok and report2.ingested == report.ingested  # same order
    assert outcomes == ["ingested"] * 12
    assert report2.triples == report.triples
    assert _dump(parallel) == _dump(serial)


def test_one_bad_article_fails_alone(nlp, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    real = kg.ingest.article_triples

    def flaky(article, doc):  # type: ignore[no-untyped-def]
        if "Edition 1." in article.text:
            raise RuntimeError("boom")
        return real(article, doc)

    monkeypatch.setattr(kg.ingest, "article_triples", flaky)
    graph = KnowledgeGraph(KnowledgeGraph.open().store, nlp=nlp)
    report = graph.ingest(_articles(), batch_size=4)
    assert len(report.failed) == 4 and len(report.ingested) == 8
    assert all("internal error RuntimeError: boom" in message for _, message in report.failed)
    assert len(graph.store.graphs()) == 8


def test_duplicates_in_one_run_are_written_once(nlp) -> None:  # type: ignore[no-untyped-def]
    article = _articles()[0]
    graph = KnowledgeGraph(KnowledgeGraph.open().store, nlp=nlp)
    report = graph.ingest([article, article])
    assert len(report.ingested) == 1 and len(report.unchanged) == 1


def test_count_articles(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nBody.")
    (tmp_path / "b.jsonl").write_text(
        '{"title": "x", "text": "y"}\n\n{"title": "z", "text": "w"}\n'
    )
    assert count_articles([tmp_path / "a.txt", tmp_path / "b.jsonl"]) == 3
    assert count_articles(["-"]) is None


def test_dask_local_cluster_gives_the_same_graph(nlp) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("distributed", reason="pip install -e '.[dev]' installs dask[distributed]")
    articles = _articles()[:6]
    serial = KnowledgeGraph(KnowledgeGraph.open().store, nlp=nlp)
    serial.ingest(articles)
    on_dask = KnowledgeGraph.open()
    report = on_dask.ingest(articles, batch_size=2, dask="local:2")
    assert report.ok and len(report.ingested) == 6
    assert _dump(on_dask) == _dump(serial)


def test_workers_do_not_outlive_a_killed_ingest(tmp_path: Path) -> None:
    """SIGTERM/SIGKILL of `kg ingest --workers 2` leaves no worker process behind."""
    import os
    import signal
    import subprocess
    import sys
    import time

    source = tmp_path / "corpus.jsonl"
    text = (
        ROOT / "examples" / sorted(p.name for p in (ROOT / "examples").glob("*.txt"))[0]
    ).read_text()
    source.write_text(
        "".join(
            __import__("json").dumps({"title": f"T{i}", "text": text + f" Edition {i}."}) + "\n"
            for i in range(400)
        )
    )
    exe = Path(sys.executable).parent / "kg"
    process = subprocess.Popen(
        [str(exe), "ingest", str(source), "--store", str(tmp_path / "s"), "--workers", "2",
         "--batch-size", "4", "-v"],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stderr is not None
    for line in process.stderr:  # wait until the workers produce results
        if line.startswith("ingested: "):
            break
    children = [
        int(pid)
        for pid in subprocess.run(
            ["pgrep", "-P", str(process.pid)], capture_output=True, text=True
        ).stdout.split()
    ]
    assert children, "the ingest should have worker processes"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    deadline = time.monotonic() + 15
    alive = children
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [pid for pid in alive if Path(f"/proc/{pid}").exists() and
                 "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()]  # fmt: skip
    assert not alive, f"workers {alive} outlived the killed ingest"


def test_batches_are_gathered_into_larger_writes(nlp, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The embedded store gets WRITE_ARTICLES articles per write (the bulk loader is cheaper
    per triple on more), or fewer once WRITE_SECONDS have passed; every article is reported
    once, after its write, and the graph is the same as with one write per batch."""
    articles = _articles()  # 12
    graphs = []
    for write_articles, write_seconds, expected in ((5, 60.0, [6, 6]), (100, 0.0, [2] * 6)):
        monkeypatch.setattr(kg.graph, "WRITE_ARTICLES", write_articles)
        monkeypatch.setattr(kg.graph, "WRITE_SECONDS", write_seconds)
        graph = KnowledgeGraph(KnowledgeGraph.open().store, nlp=nlp)
        sizes: list[int] = []
        add_graphs = graph.store.add_graphs  # type: ignore[attr-defined]

        def counted(data, *, bulk=False, add_graphs=add_graphs, sizes=sizes):  # type: ignore[no-untyped-def]
            data = list(data)
            sizes.append(len(data))
            return add_graphs(data, bulk=bulk)

        monkeypatch.setattr(graph.store, "add_graphs", counted)
        reported: list[str] = []
        report = graph.ingest(
            articles,
            batch_size=2,
            bulk=True,
            on_article=lambda n, o, reported=reported: reported.append(o),
        )
        assert report.ok and len(report.ingested) == 12 and reported == ["ingested"] * 12
        assert sizes == expected
        graphs.append(_dump(graph))
    assert graphs[0] == graphs[1]


def test_a_script_without_a_main_guard_gets_a_clear_error(tmp_path: Path) -> None:
    """Worker processes are spawned: they import the calling script again, and a script that
    calls ingest(workers=2) at top level breaks them. kg says so instead of a pool traceback."""
    import subprocess
    import sys

    script = tmp_path / "no_guard.py"
    script.write_text(
        "from kg import Article, KnowledgeGraph, KGError\n"
        "graph = KnowledgeGraph.open()\n"
        "try:\n"
        "    graph.ingest([Article.from_text('Peru and Chile met in Lima.')] * 3, workers=2)\n"
        "except KGError as exc:\n"
        "    print('KGError:', exc)\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert "KGError: a worker process ended abruptly" in done.stdout, done.stderr[-2000:]
    assert 'if __name__ == "__main__":' in done.stdout
