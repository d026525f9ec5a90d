"""kg export / kg import move whole datasets between stores, deterministically."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import KnowledgeGraph
from kg.cli import app
from kg.errors import InputError
from kg.store import EmbeddedStore, RemoteStore

GRAPHS = {
    "http://example.org/g1": b'<http://example.org/a> <http://example.org/name> "A\\u00e9" .\n'
    b"<http://example.org/a> <http://example.org/knows> <http://example.org/b> .\n",
    "http://example.org/g2": b'<http://example.org/b> <http://example.org/name> "B"@en .\n',
}


def _graph(order: list[str]) -> KnowledgeGraph:
    graph = KnowledgeGraph.open()
    for name in order:
        graph.store.load(GRAPHS[name], "application/n-triples", name)
    return graph


@pytest.mark.parametrize("fmt", ["nquads", "trig"])
def test_export_is_deterministic_and_round_trips(fmt: str) -> None:
    one, two = _graph(list(GRAPHS)), _graph(list(reversed(GRAPHS)))
    out1, out2 = io.BytesIO(), io.BytesIO()
    one.export(out1, fmt)
    two.export(out2, fmt)
    assert out1.getvalue() == out2.getvalue()  # insertion order does not matter
    if fmt == "trig":
        assert out1.getvalue().count(b"@prefix kg:") == 1
    copy = KnowledgeGraph.open()
    report = copy.import_dataset(io.BytesIO(out1.getvalue()), fmt)
    assert (report.graphs, report.quads) == (2, 3)
    again = io.BytesIO()
    copy.export(again, fmt)
    assert again.getvalue() == out1.getvalue()
    # importing twice replaces, it does not duplicate or keep stale triples
    copy.store.load(
        b"<http://example.org/z> <http://example.org/p> 1 .", "text/turtle", "http://example.org/g1"
    )
    copy.import_dataset(io.BytesIO(out1.getvalue()), fmt)
    assert len(copy.store) == 3


def test_import_into_a_remote_store(oxigraph_server: str) -> None:
    source = _graph(list(GRAPHS))
    dump = io.BytesIO()
    source.export(dump, "nquads")
    remote = RemoteStore(oxigraph_server)
    remote.update("CLEAR ALL")
    target = KnowledgeGraph(remote)
    target.import_dataset(io.BytesIO(dump.getvalue()), "nquads")
    assert remote.graphs() == sorted(GRAPHS)
    back = io.BytesIO()
    target.export(back, "nquads")
    assert back.getvalue() == dump.getvalue()


def test_broken_input_keeps_what_parsed_and_says_so() -> None:
    good = b'<http://example.org/a> <http://example.org/p> "x" <http://example.org/g1> .\n'
    graph = KnowledgeGraph.open()
    with pytest.raises(InputError, match="after 1 quads"):
        graph.import_dataset(io.BytesIO(good + b"<http://example.org/b> <oops .\n"), "nquads")
    assert graph.store.graphs() == ["http://example.org/g1"]


def test_cli_export_then_import(tmp_path: Path) -> None:
    store_a, store_b = tmp_path / "a", tmp_path / "b"
    seed = EmbeddedStore(store_a)
    for name, data in GRAPHS.items():
        seed.load(data, "application/n-triples", name)
    seed.close()
    runner = CliRunner()
    dump = tmp_path / "all.nq"
    result = runner.invoke(
        app, ["export", "-f", "nquads", "-o", str(dump), "--store", str(store_a)]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["import", str(dump), "--store", str(store_b)])
    assert result.exit_code == 0, result.output
    assert "2 graphs, 3 quads" in result.output
    copy = EmbeddedStore(store_b)
    assert copy.graphs() == sorted(GRAPHS)
    copy.close()
    result = runner.invoke(app, ["import", str(tmp_path / "x.ttl"), "--store", str(store_b)])
    assert result.exit_code == 1 and "--format nquads or trig" in result.output
