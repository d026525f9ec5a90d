"""Crashes and concurrency: SIGKILL mid-ingest loses no committed article and leaves none half
written; a second process cannot open the store for writing."""

from __future__ import annotations

import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg import KnowledgeGraph
from kg.articles import Article, iter_articles
from kg.errors import StoreError
from kg.rdf.mapping import article_iri
from kg.store import EmbeddedStore

PEOPLE = ["Ana Ruiz", "Li Wei", "Omar Haddad", "Sofia Rossi", "Kwame Mensah", "Elena Petrova"]
COUNTRIES = ["Chile", "Peru", "Kenya", "Norway", "Vietnam", "Morocco", "Canada", "Greece"]
ROLES = ["Foreign Minister", "Trade Minister", "President", "Prime Minister"]


def corpus(path: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            a, b = rng.sample(COUNTRIES, 2)
            person, role = rng.choice(PEOPLE), rng.choice(ROLES)
            n = rng.randint(100, 9000)
            text = (
                f"{role} {person} of {a} met officials from {b} on Monday in talks number {i}. "
                f"More than {n:,} workers crossed the border last year, {person} said. "
                f'"We will sign a new agreement," {person} told reporters.'
            )
            out.write(json.dumps({"title": f"{a} and {b} hold talks ({i})", "text": text}) + "\n")


def _kg() -> list[str]:
    exe = Path(sys.executable).parent / "kg"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "kg.cli"]


def _dump(store: EmbeddedStore) -> list[bytes]:
    buffer = io.BytesIO()
    store.dump(buffer, "nquads")
    return sorted(buffer.getvalue().splitlines())


def test_sigkill_mid_ingest_loses_nothing_committed(tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "corpus.jsonl"
    corpus(source, 500)
    articles = {a.file_name: a for a in iter_articles([source]) if isinstance(a, Article)}
    assert len(articles) == 500
    store_dir = tmp_path / "store"
    command = [*_kg(), "ingest", str(source), "--store", str(store_dir), "--workers", "1",
               "--batch-size", "10", "-v"]  # fmt: skip

    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    committed: list[str] = []
    deadline = time.monotonic() + 120
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("ingested: "):
            committed.append(line.removeprefix("ingested: ").strip())
        if len(committed) >= 60 or time.monotonic() > deadline:
            break
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert 60 <= len(committed) < 500, "the ingest should have been killed midway"

    # reference: the same articles ingested in this process
    reference = KnowledgeGraph(KnowledgeGraph.open().store, nlp=nlp)
    assert reference.ingest(list(articles.values())).ok
    expected = {g: sorted(reference.store.execute(  # type: ignore[arg-type]
        "CONSTRUCT WHERE { ?s ?p ?o }", dataset=_ds(g)), key=str) for g in reference.store.graphs()}  # fmt: skip

    store = EmbeddedStore(store_dir)  # the lock died with the process
    present = set(store.graphs())
    for name in committed:  # every article reported committed is there...
        assert str(article_iri(articles[name])) in present, name
    for graph in present:  # ...and every article there is whole, none half written
        got = sorted(store.execute("CONSTRUCT WHERE { ?s ?p ?o }", dataset=_ds(graph)), key=str)  # type: ignore[arg-type]
        assert [str(t) for t in got] == [str(t) for t in expected[graph]], graph
    before = len(present)
    store.close()

    # running the same command again finishes the rest, with no duplicates
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"{500 - before} ingested, {before} skipped as already present, 0 failed" in done.stderr
    store = EmbeddedStore(store_dir)
    try:
        assert len(store.graphs()) == 500
        assert _dump(store) == _dump(reference.store)  # type: ignore[arg-type]
    finally:
        store.close()


def _ds(graph: str):  # type: ignore[no-untyped-def]
    from kg.store.base import Dataset

    return Dataset((graph,))


def test_a_second_writer_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    EmbeddedStore(store_dir).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from kg.store import EmbeddedStore; s = EmbeddedStore(sys.argv[1]); "
         "print('ready', flush=True); time.sleep(60)", str(store_dir)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="Is another kg process using it"):
            EmbeddedStore(store_dir)
        from typer.testing import CliRunner

        from kg.cli import app

        result = CliRunner().invoke(app, ["stats", "--store", str(store_dir)])
        assert result.exit_code == 1 and "another kg process" in result.output
    finally:
        holder.kill()
        holder.wait(timeout=10)
