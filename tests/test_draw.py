"""`kg draw`: neighbourhood pictures (PNG, SVG), deterministic, with clear errors.

The graph is written by hand (no spaCy model needed): a country, a person who represents it
and holds a role for it, and a statistic it is the source of.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import KnowledgeGraph, NotFoundError
from kg.cli import app
from kg.draw import draw, neighbourhood_graph
from kg.errors import InputError
from kg.store import EmbeddedStore

TURTLE = b"""
@prefix kg: <https://w3id.org/newskg/ontology#> .
@prefix kgr: <https://w3id.org/newskg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .

kgr:country\\/CU a kg:Country ; rdfs:label "Cuba" ; skos:altLabel "Cuban" ;
    owl:sameAs <http://www.wikidata.org/entity/Q241> .
kgr:person\\/elena-marrero a kg:Person ; rdfs:label "Elena Marrero" ;
    kg:represents kgr:country\\/CU ; kg:hasRole kgr:role\\/r1 .
kgr:role\\/r1 a kg:Role ; rdfs:label "Foreign Minister, Cuba" ;
    kg:holder kgr:person\\/elena-marrero ; kg:roleFor kgr:country\\/CU .
kgr:statistic\\/s1 a kg:Statistic ; rdfs:label "about 2.4 million" ; kg:source kgr:country\\/CU .
kgr:country\\/MX a kg:Country ; rdfs:label "Mexico" .
kgr:person\\/jorge-salinas a kg:Person ; rdfs:label "Jorge Salinas" ;
    kg:represents kgr:country\\/MX .
"""
ARTICLE = "https://w3id.org/newskg/id/article/test"


@pytest.fixture
def graph() -> KnowledgeGraph:
    kg = KnowledgeGraph.open()
    kg.store.load(TURTLE, "text/turtle", ARTICLE)
    return kg


def test_neighbourhood_graph(graph: KnowledgeGraph) -> None:
    g, start = neighbourhood_graph(graph, "country/CU", depth=1)
    assert start == "country/CU"
    assert set(g.nodes) == {"country/CU", "person/elena-marrero", "role/r1", "statistic/s1"}
    assert g.nodes["country/CU"]["type"] == "Country"
    labels = {d["label"] for _, _, d in g.edges(data=True)}
    assert labels == {"represents", "roleFor", "source"}
    deeper, _ = neighbourhood_graph(graph, "Cuba", depth=2)  # by name; hasRole/holder at 2 hops
    assert {d["label"] for _, _, d in deeper.edges(data=True)} >= {"hasRole", "holder"}
    assert "country/MX" not in deeper  # not connected to Cuba


@pytest.mark.parametrize("name", ["cuba.png", "cuba.svg"])
def test_draw_writes_png_and_svg(graph: KnowledgeGraph, tmp_path: Path, name: str) -> None:
    path = draw(graph, "country/CU", tmp_path / name, depth=2)
    data = path.read_bytes()
    if name.endswith(".png"):
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    else:
        text = data.decode()
        assert text.lstrip().startswith("<?xml") and "<svg" in text
        # title, node labels, edge labels (predicate local names) and the legend, as text
        for expected in ("Cuba (depth 2)", "Elena Marrero", "represents", "roleFor", "Person"):
            assert expected in text, expected


def test_svg_is_deterministic(graph: KnowledgeGraph, tmp_path: Path) -> None:
    first = draw(graph, "Cuba", tmp_path / "a.svg", depth=2).read_bytes()
    second = draw(graph, "country/CU", tmp_path / "b.svg", depth=2).read_bytes()
    assert first == second


def test_unknown_entity_and_bad_file_name(graph: KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="no entity 'Atlantis'"):
        draw(graph, "Atlantis", tmp_path / "x.png")
    with pytest.raises(InputError, match=r"\.png or \.svg"):
        draw(graph, "country/CU", tmp_path / "x.pdf")
    with pytest.raises(InputError, match="depth"):
        draw(graph, "country/CU", tmp_path / "x.png", depth=4)
    assert not list(tmp_path.iterdir())


def test_cli(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    store.load(TURTLE, "text/turtle", ARTICLE)
    store.close()
    runner = CliRunner()
    out = tmp_path / "cuba.svg"
    args = ["--store", str(tmp_path / "store")]
    result = runner.invoke(app, ["draw", "Cuba", "-o", str(out), "--depth", "2", *args])
    assert result.exit_code == 0, result.output
    assert out.exists() and "wrote" in result.output
    result = runner.invoke(app, ["draw", "person/nobody", "-o", str(tmp_path / "x.png"), *args])
    assert result.exit_code == 1 and "no entity 'person/nobody'" in result.output
    result = runner.invoke(app, ["draw", "Cuba", "-o", str(out), "--depth", "5", *args])
    assert result.exit_code == 2  # typer checks the range
