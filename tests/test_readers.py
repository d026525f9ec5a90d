"""Readers keep the metadata a page or record carries: title, date, source, URL, author."""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal, URIRef

from kg import KnowledgeGraph
from kg.articles import iter_articles, read_html
from kg.rdf import vocab as kg

PAGE = """<!doctype html>
<html><head>
<title>Harbour workers strike in Valparaiso | Coastal Daily</title>
<meta property="og:title" content="Harbour workers strike in Valparaiso">
<meta name="author" content="Marta Quispe">
<meta property="article:published_time" content="2023-05-04T09:00:00Z">
<meta property="og:site_name" content="Coastal Daily">
<link rel="canonical" href="https://coastal.example/2023/05/strike">
<script>var tracker = "do not read me";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Harbour workers strike in Valparaiso</h1>
<p>More than 3,000 harbour workers walked off the job in Valparaiso on Thursday, the union said.</p>
<p>The strike halted loading at the container terminal for the second time this year.
Union leader Rosa Mendez said the workers wanted a new safety agreement.</p>
</article>
<footer>Subscribe to our newsletter</footer>
</body></html>
"""


def test_html_metadata(tmp_path: Path) -> None:
    path = tmp_path / "strike.html"
    path.write_text(PAGE, encoding="utf-8")
    article = read_html(path)
    assert article.title == "Harbour workers strike in Valparaiso"
    assert article.author == "Marta Quispe"
    assert str(article.date) == "2023-05-04"
    assert article.url == "https://coastal.example/2023/05/strike"
    assert article.source == "Coastal Daily"
    assert "do not read me" not in article.text and "Subscribe" not in article.text
    assert "3,000 harbour workers" in article.text


def test_jsonl_author_list_and_byline_in_the_graph(tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"title": "Port deal signed", "text": "The two ports signed a cooperation agreement on Monday.",'
        ' "authors": ["Ana Ruiz", "Li Wei"], "date": "2023-06-01"}\n',
        encoding="utf-8",
    )
    (article,) = list(iter_articles([path]))
    assert article.author == "Ana Ruiz; Li Wei"  # type: ignore[union-attr]
    graph = KnowledgeGraph(KnowledgeGraph.open().store, nlp=nlp)
    report = graph.ingest(path)
    (iri,) = report.ingested
    result = graph.query("SELECT ?b WHERE { ?a ?p ?b }", a=URIRef(iri), p=kg.byline)
    assert [r["b"] for r in result] == [Literal("Ana Ruiz; Li Wei")]  # type: ignore[union-attr]
    conforms, report_text = graph.validate()
    assert conforms, report_text
