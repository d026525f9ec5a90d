"""Shared fixtures: the shared data folder, the spaCy pipeline, graphs built once per session."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from kg import KnowledgeGraph

ROOT = Path(__file__).resolve().parent.parent
SEED = "articles/us-cuba-migration-talks.txt"


def shared_data() -> Path:
    return Path(os.environ.get("KG_SHARED_DATA") or ROOT.parent / "shared" / "data")


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_data()
    if not (path / SEED).exists():
        pytest.skip(
            f"shared data not found at {path}: set KG_SHARED_DATA to the shared/data folder"
        )
    return path


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from kg.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_text(shared: Path) -> str:
    return (shared / SEED).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_graph(shared: Path, nlp) -> KnowledgeGraph:  # type: ignore[no-untyped-def]
    graph = KnowledgeGraph(KnowledgeGraph.open().store, nlp=nlp)
    report = graph.ingest(shared / SEED, date=date(2022, 4, 22))
    assert report.ok and len(report.ingested) == 1
    return graph


@pytest.fixture(scope="session")
def examples_graph(nlp) -> KnowledgeGraph:  # type: ignore[no-untyped-def]
    from kg.demo import read_dates

    graph = KnowledgeGraph(KnowledgeGraph.open().store, nlp=nlp)
    folder = ROOT / "examples"
    dates = read_dates(folder)
    for path in sorted(folder.glob("*.txt")) + sorted(folder.glob("*.jsonl")):
        d = dates.get(path.name)
        report = graph.ingest(path, date=date.fromisoformat(d) if d else None)
        assert report.ok, report.failed
    return graph


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_http(url: str, timeout: float = 15.0) -> None:
    """Poll ``url`` until it answers (any status); fail the test after ``timeout`` seconds."""
    import time

    import httpx

    deadline = time.monotonic() + timeout
    while True:
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                pytest.fail(f"nothing answered at {url} within {timeout} s")
            time.sleep(0.05)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A real `oxigraph serve` (PyPI package `oxigraph`) on 127.0.0.1: its base URL."""
    import shutil
    import subprocess
    import sys

    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        pytest.skip("the `oxigraph` server is not installed: pip install -e '.[dev]'")
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen(
        [
            binary,
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/query")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
