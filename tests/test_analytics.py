"""kg.analytics on graphs built by hand (the right answers are known), through Python, the CLI
and the REST API, plus one end-to-end run over articles written for the test."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from kg import KnowledgeGraph, analytics
from kg.cli import app as cli
from kg.errors import NotFoundError, QueryError

ID = "https://w3id.org/newskg/id/"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "analytics"
PREFIXES = """@base <https://w3id.org/newskg/id/> .
@prefix kg: <https://w3id.org/newskg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


# -- building graphs by hand ------------------------------------------------------------------
def entity(node: str, cls: str, label: str, key: str) -> str:
    return f'<{node}> a kg:{cls} ; rdfs:label "{label}" ; kg:mentionedIn <article/{key}> .\n'


def fact(node: str, cls: str, label: str, **links: str | list[str]) -> str:
    out = f'<{node}> a kg:{cls} ; rdfs:label "{label}" ; kg:extractor "test" .\n'
    for predicate, targets in links.items():
        for target in [targets] if isinstance(targets, str) else targets:
            out += f"<{node}> kg:{predicate} <{target}> .\n"
    return out


def mention(
    node: str, key: str, sentence: tuple[int, int], span: tuple[int, int], text: str
) -> str:
    s = f"article/{key}#sentence={sentence[0]},{sentence[1]}"
    m = f"article/{key}#char={span[0]},{span[1]}"
    quoted = text.replace('"', '\\"')
    return (
        f'<{s}> a kg:Sentence ; kg:inArticle <article/{key}> ; nif:anchorOf "{quoted}" ;'
        f" nif:beginIndex {sentence[0]} ; nif:endIndex {sentence[1]} .\n"
        f"<{m}> a kg:Mention ; kg:inArticle <article/{key}> ; kg:inSentence <{s}> ;"
        f" nif:beginIndex {span[0]} ; nif:endIndex {span[1]} .\n"
        f"<{node}> kg:evidence <{m}> .\n"
    )


def add_article(graph: KnowledgeGraph, key: str, day: str, body: str) -> str:
    iri = f"{ID}article/{key}"
    head = (
        f'<article/{key}> a kg:Article ; kg:title "Story {key}" ; rdfs:label "Story {key}" ;'
        f' kg:published "{day}"^^xsd:date .\n'
    )
    graph.store.load((PREFIXES + head + body).encode(), "text/turtle", iri)
    return iri


def story(graph: KnowledgeGraph) -> KnowledgeGraph:
    """Ana (Alba) and Bo (Brava) are linked through two agreements in two articles; a hub
    takes part in five events with five other people; a separate statistic."""
    people = "".join(
        entity(f"person/{n}", "Person", n.title(), "a1") for n in ("ana", "bo")
    ) + "".join(
        entity(f"country/{c}", "Country", n, "a1") for c, n in (("AL", "Alba"), ("BR", "Brava"))
    )
    links = "<person/ana> kg:represents <country/AL> .\n<person/bo> kg:represents <country/BR> .\n"
    add_article(
        graph,
        "a1",
        "2024-01-10",
        people
        + links
        + fact(
            "agreement/one",
            "Agreement",
            "Alba-Brava water pact",
            party=["country/AL", "country/BR"],
        ),
    )
    add_article(
        graph,
        "a2",
        "2024-02-20",
        people
        + links
        + fact(
            "agreement/two",
            "Agreement",
            "Alba-Brava trade pact",
            party=["country/AL", "country/BR"],
        ),
    )
    others = [f"person/p{i}" for i in range(1, 6)]
    body = entity("person/hub", "Person", "Hub Person", "a3") + "".join(
        entity(p, "Person", f"Person {p[-1]}", "a3") for p in others
    )
    for i, other in enumerate(others, start=1):
        body += fact(f"event/e{i}", "Event", f"meeting {i}", participant=["person/hub", other])
    add_article(graph, "a3", "2024-03-05", body)
    return graph


@pytest.fixture()
def graph() -> KnowledgeGraph:
    return story(KnowledgeGraph.open())


# -- paths --------------------------------------------------------------------------------------
def test_all_shortest_paths_with_predicates_and_articles(graph: KnowledgeGraph) -> None:
    found = analytics.paths(graph, "person/ana", "Bo")
    assert found.source.label == "Ana" and found.target.iri == f"{ID}person/bo"
    assert found.length == 4 and not found.truncated
    middles = sorted(p.nodes[2].label for p in found.paths)
    assert middles == ["Alba-Brava trade pact", "Alba-Brava water pact"]
    first = found.paths[0]
    assert [n.label for n in first.nodes][:2] == ["Ana", "Alba"]
    hop = first.hops[0]
    (relation,) = hop.relations
    assert (relation.name, relation.inverse) == ("represents", False)
    assert {a.id for a in relation.articles} == {"a1", "a2"}
    assert relation.articles[0].date == date(2024, 2, 20)  # newest first
    party = first.hops[1].relations[0]
    assert (party.name, party.inverse) == ("party", True)  # the agreement states it
    assert len(party.articles) == 1


def test_path_filters_and_limits(graph: KnowledgeGraph) -> None:
    only_a1 = analytics.paths(graph, "person/ana", "person/bo", articles=["a1"])
    assert [p.nodes[2].label for p in only_a1.paths] == ["Alba-Brava water pact"]
    later = analytics.paths(graph, "person/ana", "person/bo", since="2024-02-01")
    assert [p.nodes[2].label for p in later.paths] == ["Alba-Brava trade pact"]
    assert analytics.paths(graph, "person/ana", "person/bo", max_len=3).length is None
    no_facts = analytics.paths(graph, "person/ana", "person/bo", classes=["Entity"])
    assert no_facts.length is None and no_facts.paths == ()
    one = analytics.paths(graph, "person/ana", "person/bo", max_paths=1)
    assert len(one.paths) == 1 and one.truncated
    apart = analytics.paths(graph, "person/ana", "person/hub")
    assert apart.length is None
    same = analytics.paths(graph, "Ana", f"{ID}person/ana")
    assert same.length == 0 and same.paths[0].nodes[0].label == "Ana"


def test_unknown_and_ambiguous_entities(graph: KnowledgeGraph) -> None:
    with pytest.raises(NotFoundError, match="no entity 'Zed'"):
        analytics.paths(graph, "Zed", "Ana")
    with pytest.raises(QueryError, match="matches 6 entities"):
        analytics.paths(graph, "Person", "Ana")  # "Person 1" … "Person 5" and "Hub Person"
    assert analytics.paths(graph, "hub", "ANA").source.label == "Hub Person"  # part of a name
    with pytest.raises(NotFoundError, match="no article"):
        analytics.centrality(graph, articles=["nope"])
    with pytest.raises(QueryError, match="unknown class 'Persn'"):
        analytics.centrality(graph, classes=["Persn"])
    with pytest.raises(QueryError, match="not a date"):
        analytics.centrality(graph, since="March")
    with pytest.raises(QueryError, match="unknown centrality"):
        analytics.centrality(graph, "closeness")


# -- centrality ---------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["degree", "pagerank", "betweenness"])
def test_the_hub_ranks_first(graph: KnowledgeGraph, kind: str) -> None:
    result = analytics.centrality(graph, kind, top=3, classes=["Person"])
    assert result.kind == kind and not result.approximate
    assert [r.rank for r in result.ranking] == [1, 2, 3]
    top = result.ranking[0]
    assert top.entity.label == "Hub Person" and top.entity.type == "Person"
    assert top.neighbours == 5 and [a.id for a in top.articles] == ["a3"]
    assert top.score > result.ranking[1].score
    assert result.total == 8  # every person is ranked, three are listed


def test_centrality_respects_filters(graph: KnowledgeGraph) -> None:
    countries = analytics.centrality(graph, "degree", classes=["Country"])
    assert {r.entity.label for r in countries.ranking} == {"Alba", "Brava"}
    early = analytics.centrality(graph, "degree", until="2024-01-31")
    assert {r.entity.label for r in early.ranking} == {"Ana", "Bo", "Alba", "Brava"}
    alba = next(r for r in early.ranking if r.entity.label == "Alba")
    assert alba.neighbours == 2 and [a.id for a in alba.articles] == ["a1"]
    facts = analytics.centrality(graph, "degree", classes=["Fact"], top=1)
    assert facts.ranking[0].entity.type == "Agreement"  # two parties beat one participant pair


def test_pagerank_matches_networkx() -> None:
    pagerank_alg = pytest.importorskip("networkx.algorithms.link_analysis.pagerank_alg")
    karate = nx.karate_club_graph()
    for u, v in karate.edges:
        karate[u][v]["weight"] = 1 + (u + v) % 3
    ours = analytics.pagerank(karate)
    theirs = pagerank_alg._pagerank_python(karate, weight="weight", tol=1e-10)
    assert max(abs(ours[n] - theirs[n]) for n in karate) < 1e-6
    assert abs(sum(ours.values()) - 1) < 1e-9


def test_a_bare_networkx_graph_works_where_it_can(graph: KnowledgeGraph) -> None:
    bare = graph.to_networkx()
    ranked = analytics.centrality(bare, "degree", top=1, classes=["Person"])
    assert ranked.ranking[0].entity.label == "Hub Person"
    assert analytics.paths(bare, "person/ana", "person/bo").length == 4
    with pytest.raises(QueryError, match="pass the KnowledgeGraph"):
        analytics.timeline(bare, "person/ana")
    with pytest.raises(QueryError, match="articles' dates"):
        analytics.centrality(bare, since="2024-01-01")


# -- communities --------------------------------------------------------------------------------
def test_two_cliques_separate() -> None:
    graph = KnowledgeGraph.open()
    body = ""
    groups = {"a": [f"person/a{i}" for i in range(5)], "b": [f"person/b{i}" for i in range(5)]}
    for members in groups.values():
        body += "".join(entity(m, "Person", m.split("/")[1].upper(), "c1") for m in members)
        for i, x in enumerate(members):
            for y in members[i + 1 :]:
                body += fact(f"event/{x[7:]}-{y[7:]}", "Event", "talks", participant=[x, y])
    body += fact("event/bridge", "Event", "one call", participant=["person/a0", "person/b0"])
    add_article(graph, "c1", "2024-05-01", body)
    result = analytics.communities(graph)
    assert result.modularity > 0.3
    assert len(result.communities) == 2
    found = sorted(sorted(m.iri for m in c.members) for c in result.communities)
    assert found == [sorted(ID + m for m in groups["a"]), sorted(ID + m for m in groups["b"])]
    assert all(c.size == 5 and [a.id for a in c.articles] == ["c1"] for c in result.communities)
    assert result.communities[0].index == 1
    assert analytics.communities(graph, min_size=6).communities == ()


# -- co-occurrence and timeline -----------------------------------------------------------------
@pytest.fixture()
def mentions() -> KnowledgeGraph:
    graph = KnowledgeGraph.open()
    x, y, z = "person/x", "country/YY", "organization/z"
    c1 = (
        entity(x, "Person", "Xavi", "m1")
        + entity(y, "Country", "Ylandia", "m1")
        + entity(z, "Organization", "Zeta Corp", "m1")
        + mention(x, "m1", (0, 30), (0, 4), "Xavi visited Ylandia.")
        + mention(y, "m1", (0, 30), (13, 20), "Xavi visited Ylandia.")
        + mention(z, "m1", (31, 60), (31, 40), "Zeta Corp hosted Xavi.")
        + mention(x, "m1", (31, 60), (48, 52), "Zeta Corp hosted Xavi.")
        + fact("event/visit", "Event", "visit", participant=[x, y], place=y)
        + '<event/visit> kg:date "2024-01-02"^^xsd:date .\n'
        + mention("event/visit", "m1", (0, 30), (5, 12), "Xavi visited Ylandia.")
    )
    add_article(graph, "m1", "2024-01-03", c1)
    c2 = (
        entity(x, "Person", "Xavi", "m2")
        + entity(y, "Country", "Ylandia", "m2")
        + mention(x, "m2", (0, 25), (10, 14), "Ylandia hails Xavi again.")
        + mention(y, "m2", (0, 25), (0, 7), "Ylandia hails Xavi again.")
        + fact("article/m2/quote/q1", "Quotation", "We are back", speaker=x)
        + mention("article/m2/quote/q1", "m2", (26, 50), (27, 38), '"We are back," said Xavi.')
    )
    add_article(graph, "m2", "2024-06-30", c2)
    return graph


def test_cooccurrence_by_article(mentions: KnowledgeGraph) -> None:
    pairs = analytics.cooccurrence(mentions).pairs
    weights = {(p.a.label, p.b.label): p.weight for p in pairs}
    assert weights == {
        ("Ylandia", "Xavi"): 2,
        ("Zeta Corp", "Xavi"): 1,
        ("Ylandia", "Zeta Corp"): 1,
    }
    assert pairs[0].weight == 2 and {a.id for a in pairs[0].articles} == {"m1", "m2"}
    strong = analytics.cooccurrence(mentions, min_articles=2)
    assert [(p.a.label, p.b.label) for p in strong.pairs] == [("Ylandia", "Xavi")]
    assert strong.total == 1
    focus = analytics.cooccurrence(mentions, entity="Zeta Corp")
    assert {frozenset((p.a.label, p.b.label)) for p in focus.pairs} == {
        frozenset(("Zeta Corp", "Xavi")),
        frozenset(("Zeta Corp", "Ylandia")),
    }
    later = analytics.cooccurrence(mentions, since="2024-06-01")
    assert [(p.weight, [a.id for a in p.articles]) for p in later.pairs] == [(1, ["m2"])]
    assert analytics.cooccurrence(mentions, classes=["Person"]).pairs == ()


def test_cooccurrence_by_sentence(mentions: KnowledgeGraph) -> None:
    result = analytics.cooccurrence(mentions, by="sentence")
    weights = {frozenset((p.a.label, p.b.label)): p for p in result.pairs}
    assert set(weights) == {frozenset(("Xavi", "Ylandia")), frozenset(("Xavi", "Zeta Corp"))}
    both = weights[frozenset(("Xavi", "Ylandia"))]
    assert both.weight == 2
    assert both.sentences == (f"{ID}article/m1#sentence=0,30", f"{ID}article/m2#sentence=0,25")
    assert analytics.cooccurrence(mentions, by="sentence", top=1).pairs == (both,)
    with pytest.raises(QueryError, match="by='page'"):
        analytics.cooccurrence(mentions, by="page")


def test_timeline_orders_facts_by_article_date(mentions: KnowledgeGraph) -> None:
    line = analytics.timeline(mentions, "Xavi")
    assert line.entity.iri == f"{ID}person/x"
    got = [(e.date, e.fact.type, e.roles, e.sentence, e.start) for e in line.entries]
    assert got == [
        (date(2024, 1, 3), "Event", ("participant",), "Xavi visited Ylandia.", 5),
        (date(2024, 6, 30), "Quotation", ("speaker",), '"We are back," said Xavi.', 27),
    ]
    assert line.entries[0].event_date == date(2024, 1, 2)
    assert line.entries[0].article.title == "Story m1"
    place = analytics.timeline(mentions, "country/YY").entries
    assert [(e.fact.label, e.roles) for e in place] == [("visit", ("participant", "place"))]
    quotes = analytics.timeline(mentions, "Xavi", classes=["Quotation"])
    assert [e.fact.label for e in quotes.entries] == ["We are back"]
    assert analytics.timeline(mentions, "Xavi", until="2024-01-31").entries[0].fact.label == "visit"
    assert len(analytics.timeline(mentions, "Xavi", until="2024-01-31").entries) == 1


# -- the cache -----------------------------------------------------------------------------------
def test_projection_is_cached_until_the_store_changes(graph: KnowledgeGraph) -> None:
    first = analytics.projection(graph)
    assert analytics.projection(graph) is first
    assert analytics.projection(KnowledgeGraph(graph.store)) is first  # keyed by the store
    add_article(graph, "a4", "2024-04-01", entity("person/new", "Person", "Newcomer", "a4"))
    second = analytics.projection(graph)
    assert second is not first and f"{ID}person/new" in second.graph
    assert analytics.paths(graph, "Newcomer", "Newcomer").length == 0
    graph.store.drop_graph(f"{ID}article/a4")
    with pytest.raises(NotFoundError):
        analytics.paths(graph, "Newcomer", "Ana")
    with pytest.raises(nx.NetworkXError):  # the cached graph is frozen
        analytics.projection(graph).graph.add_node("x")


# -- files for Gephi / Cytoscape -------------------------------------------------------------------
@pytest.mark.parametrize("suffix", ["graphml", "gexf"])
def test_graph_files(graph: KnowledgeGraph, tmp_path: Path, suffix: str) -> None:
    drawn = analytics.subgraph(
        graph,
        since="2024-03-01",
        node_attributes={f"{ID}person/hub": {"score": 0.5, "tags": ("x",)}},
    )
    assert len(drawn) == 11 and drawn.number_of_edges() == 10  # six people, five events
    path = tmp_path / f"g.{suffix}"
    analytics.write(drawn, path)
    back = nx.read_graphml(path) if suffix == "graphml" else nx.read_gexf(path)
    assert back.number_of_nodes() == 11 and back.number_of_edges() == 10
    hub = back.nodes[f"{ID}person/hub"]
    assert hub["label"] == "Hub Person" and hub["type"] == "Person" and float(hub["score"]) == 0.5
    _, _, data = next(iter(back.edges(data=True)))
    assert data["relation"] == "participant" and data["date"] == "2024-03-05"
    with pytest.raises(QueryError, match=r"graphml or \.gexf"):
        analytics.write(drawn, tmp_path / "g.png")


# -- the command line ------------------------------------------------------------------------------
@pytest.fixture()
def store(tmp_path: Path) -> str:
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as graph:
        story(graph)
    return str(path)


def test_cli(store: str, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli, ["analyze", "centrality", "-c", "Person", "-n", "2", "-f", "json", "-s", store]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["kind"] == "degree" and data["ranking"][0]["entity"]["label"] == "Hub Person"
    result = runner.invoke(cli, ["analyze", "path", "Ana", "person/bo", "-f", "csv", "-s", store])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "path,hop,from,relation,to,articles" and len(lines) == 1 + 2 * 4
    assert "represents →" in lines[1] and "← party" in lines[2]
    out = tmp_path / "c.graphml"
    result = runner.invoke(cli, ["analyze", "communities", "--graphml", str(out), "-s", store])
    assert result.exit_code == 0, result.output
    assert "communities" in result.output and out.exists()
    assert any("community" in d for _, d in nx.read_graphml(out).nodes(data=True))
    result = runner.invoke(
        cli, ["analyze", "cooccurrence", "--gexf", str(tmp_path / "c.gexf"), "-s", store]
    )
    assert result.exit_code == 0 and nx.read_gexf(tmp_path / "c.gexf").number_of_edges() > 0
    result = runner.invoke(cli, ["analyze", "timeline", "Hub Person", "-f", "csv", "-s", store])
    assert result.exit_code == 0 and result.output.startswith("date,article,fact")
    result = runner.invoke(cli, ["analyze", "timeline", "Zed", "-s", store])
    assert result.exit_code == 1 and "no entity 'Zed'" in result.output
    result = runner.invoke(cli, ["analyze", "centrality", "--since", "soon", "-s", store])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_every_analyze_command_has_help() -> None:
    runner = CliRunner()
    from kg.commands.analyze import app as analyze

    for command in analyze.registered_commands:
        assert command.callback is not None and command.callback.__doc__, command.name
        name = command.name or command.callback.__name__
        result = runner.invoke(cli, ["analyze", name, "--help"])
        assert result.exit_code == 0 and "--graphml" in result.output, name


# -- the REST API ---------------------------------------------------------------------------------
@pytest.fixture()
def client(graph: KnowledgeGraph) -> TestClient:
    return TestClient(create_app(graph=graph))


def test_rest_centrality_and_paging(client: TestClient) -> None:
    page = client.get(
        "/analytics/centrality", params={"kind": "pagerank", "class": "Person", "limit": 2}
    )
    assert page.status_code == 200, page.text
    body = page.json()
    assert body["total"] == 8 and body["limit"] == 2 and len(body["items"]) == 2
    assert body["items"][0]["entity"]["label"] == "Hub Person"
    assert body["items"][0]["article_count"] == 1
    rest = client.get(
        "/analytics/centrality", params={"kind": "pagerank", "class": "Person", "offset": 2}
    ).json()
    assert rest["items"][0]["rank"] == 3 and rest["total"] == 8
    top = client.get("/analytics/centrality", params={"top": 3, "class": "Person"}).json()
    assert top["total"] == 3 and len(top["items"]) == 3
    bad = client.get("/analytics/centrality", params={"class": "Persn"})
    assert bad.status_code == 422 and "unknown class" in bad.json()["detail"]
    assert client.get("/analytics/centrality", params={"kind": "nope"}).status_code == 422


def test_rest_path(client: TestClient) -> None:
    answer = client.get("/analytics/path", params={"from": "person/ana", "to": "Bo"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["length"] == 4 and body["total"] == 2 and not body["truncated"]
    hop = body["items"][0]["hops"][0]
    assert hop["relations"][0]["name"] == "represents"
    assert {a["id"] for a in hop["relations"][0]["articles"]} == {"a1", "a2"}
    missing = client.get("/analytics/path", params={"from": "Zed", "to": "Bo"})
    assert missing.status_code == 404 and "no entity 'Zed'" in missing.json()["detail"]
    vague = client.get("/analytics/path", params={"from": "Person", "to": "Bo"})
    assert vague.status_code == 422 and "give the id" in vague.json()["detail"]
    assert client.get("/analytics/path", params={"from": "Ana"}).status_code == 422


def test_rest_communities_cooccurrence_timeline(mentions: KnowledgeGraph) -> None:
    client = TestClient(create_app(graph=mentions))
    body = client.get("/analytics/cooccurrence", params={"by": "sentence"}).json()
    assert body["total"] == 2 and body["items"][0]["weight"] == 2
    assert body["items"][0]["sentences"][0].endswith("#sentence=0,30")
    body = client.get("/analytics/communities", params={"max_articles": 0, "min_size": 1}).json()
    assert body["total"] == 3  # Xavi and his quote, Ylandia and the visit, Zeta Corp alone
    assert body["items"][0]["members"][0]["label"] == "Ylandia"
    assert body["items"][0]["articles"] == [] and body["items"][0]["article_count"] == 1
    line = client.get("/entities/person/x/timeline")  # not swallowed by /entities/{id:path}
    assert line.status_code == 200, line.text
    body = line.json()
    assert body["entity"]["label"] == "Xavi" and body["total"] == 2
    assert [i["fact"]["type"] for i in body["items"]] == ["Event", "Quotation"]
    assert body["items"][0]["sentence"] == "Xavi visited Ylandia."
    assert client.get("/entities/person/nobody/timeline").status_code == 404
    since = client.get("/entities/person/x/timeline", params={"since": "2024-02-30"})
    assert since.status_code == 422


def test_openapi_documents_the_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for route in ("centrality", "path", "communities", "cooccurrence"):
        assert paths[f"/analytics/{route}"]["get"]["description"], route
    assert "/entities/{id}/timeline" in paths


# -- end to end ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def ingested(nlp) -> KnowledgeGraph:  # type: ignore[no-untyped-def]
    from kg.demo import read_dates

    graph = KnowledgeGraph(KnowledgeGraph.open().store, nlp=nlp)
    dates = read_dates(FIXTURES)
    for path in sorted(FIXTURES.glob("*.txt")):
        report = graph.ingest(path, date=date.fromisoformat(dates[path.name]))
        assert report.ok, report.failed
    return graph


@pytest.mark.model
def test_end_to_end_over_ingested_articles(ingested: KnowledgeGraph) -> None:
    # Morocco is in the first two articles, Awa Diop in the last two: they are the bridges
    for kind in ("degree", "pagerank", "betweenness"):
        top = analytics.centrality(ingested, kind, top=2).ranking
        assert {r.entity.label for r in top} == {"Morocco", "Awa Diop"}, kind
        people = analytics.centrality(ingested, kind, top=1, classes=["Person"])
        assert people.ranking[0].entity.label == "Awa Diop", kind
    found = analytics.paths(ingested, "Helena Costa", "Kwame Asante", max_len=8)
    assert found.length is not None and 4 <= found.length <= 7 and found.paths
    shorter = analytics.paths(ingested, "Helena Costa", "Kwame Asante", max_len=found.length - 1)
    assert shorter.length is None
    for path in found.paths:
        labels = [n.label for n in path.nodes]
        assert labels[0] == "Helena Costa" and labels[-1] == "Kwame Asante"
        bridge = labels.index("Awa Diop")
        assert {"Morocco", "Karim Bennani"} & set(labels[:bridge])  # the Moroccan side first
        # only the second article relates the Moroccan side to Awa Diop
        into = path.hops[bridge - 1]
        assert {a.date for r in into.relations for a in r.articles} == {date(2024, 3, 18)}
    pairs = analytics.cooccurrence(ingested, min_articles=2).pairs
    assert {frozenset((p.a.label, p.b.label)) for p in pairs} == {
        frozenset(("Morocco", "Karim Bennani")),
        frozenset(("Senegal", "Awa Diop")),
    }
    line = analytics.timeline(ingested, "Karim Bennani").entries
    assert [e.date for e in line] == sorted(e.date for e in line)  # type: ignore[type-var]
    assert line[0].date == date(2024, 2, 12) and line[-1].date == date(2024, 3, 18)
    quote = next(e for e in line if e.fact.type == "Quotation")
    assert quote.sentence and "double in five years" in quote.sentence
