"""Bad input never loses the good input around it, and each failure says which file (and line)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import Article, KnowledgeGraph
from kg.cli import app

GOOD = "Port talks resume\n\nOfficials from Chile and Peru met in Lima on Monday to discuss the port.\n"


@pytest.fixture()
def messy(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "latin1.txt").write_bytes(
        "Réunion à Genève\n\nLe ministre a parlé.".encode("latin-1")
    )
    (folder / "utf16.txt").write_bytes(
        "Sommet à Genève\n\nLes ministres se sont réunis.".encode("utf-16")
    )
    (folder / "control.txt").write_text(
        "Talks \x07end\x0b in \x1bdeadlock\n\nThe delegates\x00 left Geneva on Friday.\x0c\n",
        encoding="utf-8",
    )
    (folder / "huge.txt").write_bytes(b"Huge\n\n" + b"word " * 10_000_000)  # 50 MB
    lines = [
        json.dumps({"title": "First brief", "text": "Canada and Mexico signed a trade deal."}),
        "{not json",
        json.dumps({"title": "No text"}),
        json.dumps(
            {
                "title": 'Bad <IRI> chars "here" {x}|^`',
                "url": 'http://example.org/a b<c>"d"',
                "text": "Kenya announced new visa rules on Tuesday.",
            }
        ),
    ]
    data = ("\n".join(lines) + "\n").encode("utf-8") + b'{"title": "caf\xe9", "text": "x"}\n'
    data += (
        json.dumps({"title": "Last brief", "text": "Brazil hosted the summit."}) + "\n"
    ).encode()
    (folder / "feed.jsonl").write_bytes(data)
    (folder / "page.html").write_text(
        "<html><head><script>alert('x')</script><title>Ferry strike</title></head><body>"
        "<nav>Home | World | Sport</nav><script>var a = 1;</script>"
        "<article><h1>Ferry strike ends</h1><p>Ferry workers in Greece ended a two-day strike on "
        "Wednesday after the union accepted a pay offer, the ministry said.</p></article>"
        "<footer>Cookie settings</footer></body></html>",
        encoding="utf-8",
    )
    return folder


def test_cli_reports_each_bad_input_and_keeps_the_good(messy: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = CliRunner().invoke(app, ["ingest", str(messy), "--store", str(store)])
    out = result.output
    assert result.exit_code == 1, out
    assert "7 ingested" in out and "7 failed" in out, out
    for expected in (
        "empty.txt: the file is empty",
        "binary.txt: looks like a binary file",
        "latin1.txt: not valid UTF-8",
        "huge.txt: the file is 50,000,006 bytes",
        "feed.jsonl:2:",
        "feed.jsonl:3: the record has no 'text'",
        "feed.jsonl:5: not valid UTF-8",
    ):
        assert expected in out, f"{expected!r} not in {out}"
    graph = KnowledgeGraph.open(store)
    try:
        titles = {a["title"] for a in graph.articles()}
        assert titles == {
            "Port talks resume",
            "Talks  end  in  deadlock",  # control characters become spaces, offsets kept
            "First brief",
            'Bad <IRI> chars "here" {x}|^`',
            "Last brief",
            "Ferry strike ends",
            "Sommet à Genève",  # UTF-16 with a byte-order mark is decoded
        }
        conforms, report = graph.validate()
        assert conforms, report
        # the written graph survives every export format
        for fmt in ("turtle", "nt", "jsonld", "trig", "nquads"):
            graph.export(tmp_path / f"out.{fmt}", fmt)
    finally:
        graph.close()


def test_max_chars_names_the_limit(nlp) -> None:  # type: ignore[no-untyped-def]
    graph = KnowledgeGraph(KnowledgeGraph.open().store, nlp=nlp)
    long = Article.from_text("Long\n\n" + "Rain fell. " * 200, file_name="long.txt")
    report = graph.ingest([long, Article.from_text(GOOD)], max_chars=500)
    assert len(report.ingested) == 1
    ((_name, message),) = report.failed
    assert "long.txt: the article has 2,206 characters, more than the limit of 500" in message
