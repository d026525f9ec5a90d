"""Centrality, shortest paths and communities on the relation graph.

All three read the relations *undirected* (``A represents B`` links A and B both ways) on the
graph of entities and facts: a person is connected to a country through the Role they hold
for it, to an event they take part in, to each quotation they said. Results list only the
classes asked for (entities by default) but facts still connect them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice, pairwise

import networkx as nx

from ..errors import QueryError
from .projection import (
    ENTITY_CLASSES,
    FACT_CLASSES,
    Projection,
    Scope,
    Source,
    as_projection,
    local_name,
)
from .results import Centrality, Communities, Community, Hop, Path, Paths, Ranked, Relation

KINDS = ("degree", "pagerank", "betweenness")
#: Betweenness is exact while nodes × (nodes + edges) stays within this many steps; above it,
#: it is estimated from ``max(BETWEENNESS_SAMPLES, BETWEENNESS_WORK // (nodes + edges))``
#: sampled sources (about 30 s at 10 000 articles).
BETWEENNESS_WORK = 5_000_000
BETWEENNESS_SAMPLES = 32


def centrality(
    source: Source,
    kind: str = "degree",
    *,
    top: int | None = 20,
    classes: Iterable[str] | None = None,
    articles: Iterable[str] | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    samples: int | None = None,
) -> Centrality:
    """Rank nodes by ``degree`` (share of the other nodes they are related to), ``pagerank``
    (weighted by how many statements link two nodes) or ``betweenness`` (share of shortest
    paths through them: exact on small graphs, else estimated from sampled sources, see
    :data:`BETWEENNESS_WORK`; ``samples`` chooses, 0 for exact).

    >>> from kg import KnowledgeGraph
    >>> centrality(KnowledgeGraph.open(), "pagerank").ranking
    ()
    """
    if kind not in KINDS:
        raise QueryError(f"unknown centrality {kind!r}; use one of {', '.join(KINDS)}")
    if top is not None and top < 1:
        raise QueryError("top must be at least 1")
    proj = as_projection(source)
    scope = proj.scope(classes, articles, since, until)
    graph = proj.relations(scope)
    approximate = False
    if kind == "degree":
        scores = nx.degree_centrality(graph) if len(graph) > 1 else dict.fromkeys(graph, 0.0)
    elif kind == "pagerank":
        scores = pagerank(graph)
    else:
        if samples is None:
            size = len(graph) + graph.number_of_edges()
            exact = len(graph) * size <= BETWEENNESS_WORK
            samples = 0 if exact else max(BETWEENNESS_SAMPLES, BETWEENNESS_WORK // size)
        approximate = 0 < samples < len(graph)
        k = samples if approximate else None
        scores = nx.betweenness_centrality(graph, k=k, seed=0)
    chosen = [n for n in graph if graph.nodes[n].get("type") in scope.classes]
    chosen.sort(key=lambda n: (-scores.get(n, 0.0), str(graph.nodes[n].get("label", n)), n))
    ranking = tuple(
        Ranked(
            rank=i,
            entity=proj.entity(node),
            score=float(scores.get(node, 0.0)),
            neighbours=graph.degree(node),
            articles=proj.article_refs(
                a for other in graph[node] for a in proj.edge_articles(node, other, scope)
            ),
        )
        for i, node in enumerate(chosen[:top] if top else chosen, start=1)
    )
    return Centrality(kind, approximate, len(graph), graph.number_of_edges(), len(chosen), ranking)


def pagerank(
    graph: nx.Graph, alpha: float = 0.85, tol: float = 1.0e-8, max_iter: int = 200
) -> dict[str, float]:
    """PageRank of an undirected weighted graph by power iteration (numpy; networkx's own
    ``pagerank`` needs scipy). Nodes without relations share their rank with every node, as
    networkx does."""
    import numpy as np

    nodes = list(graph)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    src_l: list[int] = []
    dst_l: list[int] = []
    w_l: list[float] = []
    for u, v, w in graph.edges(data="weight", default=1):
        src_l += (index[u], index[v])
        dst_l += (index[v], index[u])
        w_l += (float(w), float(w))
    src, dst, weight = np.array(src_l, dtype=np.int64), np.array(dst_l), np.array(w_l)
    out = np.bincount(src, weights=weight, minlength=n)
    dangling = out == 0
    share = np.where(dangling, 0.0, 1.0 / np.where(dangling, 1.0, out))
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        flow = np.bincount(dst, weights=weight * (x * share)[src], minlength=n)
        new = alpha * flow + (alpha * x[dangling].sum() + 1.0 - alpha) / n
        done = float(np.abs(new - x).sum()) < n * tol
        x = new
        if done:
            break
    return dict(zip(nodes, x.tolist(), strict=True))


def paths(
    source: Source,
    a: str,
    b: str,
    *,
    max_len: int = 6,
    max_paths: int = 100,
    classes: Iterable[str] | None = None,
    articles: Iterable[str] | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
) -> Paths:
    """All shortest paths of at most ``max_len`` hops between ``a`` and ``b`` (IRIs, ids such
    as ``person/joe-biden`` or unambiguous labels), each hop with the predicates that link its
    ends and the articles that state them. ``classes`` limits the nodes a path may pass
    through (default: every entity and fact); the ends are always allowed. At most
    ``max_paths`` paths are returned (``truncated`` says when there were more).
    Unknown entities raise :class:`~kg.errors.NotFoundError`."""
    if max_len < 1 or max_paths < 1:
        raise QueryError("max_len and max_paths must be at least 1")
    proj = as_projection(source)
    scope = proj.scope(classes, articles, since, until, default=(*ENTITY_CLASSES, *FACT_CLASSES))
    start, end = proj.resolve(a), proj.resolve(b)
    ends = (proj.entity(start), proj.entity(end))
    if start == end:
        return Paths(*ends, 0, (Path((ends[0],), ()),), False)
    graph = proj.relations(scope)
    view = nx.subgraph_view(
        graph,
        filter_node=lambda n: n in (start, end) or graph.nodes[n].get("type") in scope.classes,
    )
    if start not in view or end not in view:
        return Paths(*ends, None, (), False)
    pred = nx.predecessor(view, start, cutoff=max_len)
    if end not in pred:
        return Paths(*ends, None, (), False)

    def order(node: str) -> tuple[str, str]:
        return (str(graph.nodes[node].get("label", node)), node)

    def walk(node: str) -> Iterator[list[str]]:
        if node == start:
            yield [start]
            return
        for before in sorted(pred[node], key=order):
            for head in walk(before):
                yield [*head, node]

    found = list(islice(walk(end), max_paths + 1))
    result = tuple(_path(proj, nodes, scope) for nodes in found[:max_paths])
    return Paths(*ends, len(found[0]) - 1, result, len(found) > max_paths)


def _path(proj: Projection, nodes: list[str], scope: Scope) -> Path:
    hops = []
    for u, v in pairwise(nodes):
        stated: dict[tuple[str, bool], set[str]] = defaultdict(set)
        for a, b, inverse in ((u, v, False), (v, u, True)):
            for data in (proj.graph.get_edge_data(a, b) or {}).values():
                if scope.keeps(data["article"]):
                    stated[(data["predicate"], inverse)].add(data["article"])
        relations = tuple(
            Relation(p, local_name(p), inverse, proj.article_refs(arts))
            for (p, inverse), arts in sorted(stated.items())
        )
        hops.append(Hop(proj.entity(u), proj.entity(v), relations))
    return Path(tuple(proj.entity(n) for n in nodes), tuple(hops))


def communities(
    source: Source,
    *,
    min_size: int = 2,
    resolution: float = 1.0,
    seed: int = 0,
    classes: Iterable[str] | None = None,
    articles: Iterable[str] | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
) -> Communities:
    """Clusters of the relation graph by Louvain modularity (weighted by statements; the same
    ``seed`` gives the same answer). Each community lists its members of ``classes`` (default:
    entities), most connected first, and the articles behind its inner relations; communities
    with fewer than ``min_size`` such members are left out, largest first."""
    proj = as_projection(source)
    scope = proj.scope(classes, articles, since, until)
    graph = proj.relations(scope)
    parts: list[set[str]] = (
        nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
        if graph.number_of_edges()
        else [{n} for n in graph]
    )
    modularity = (
        nx.community.modularity(graph, parts, weight="weight", resolution=resolution)
        if graph.number_of_edges()
        else 0.0
    )
    part_of = {node: i for i, part in enumerate(parts) for node in part}
    inner: dict[int, set[str]] = defaultdict(set)
    for u, v, article in proj.graph.edges(data="article"):
        i = part_of.get(u)
        if i is not None and i == part_of.get(v) and scope.keeps(article):
            inner[i].add(article)
    found = []
    for i, part in enumerate(parts):
        members = [n for n in part if graph.nodes[n].get("type") in scope.classes]
        if len(members) < max(min_size, 1):
            continue
        members.sort(
            key=lambda n: (
                -graph.degree(n, weight="weight"),
                str(graph.nodes[n].get("label", n)),
                n,
            )
        )
        found.append((members, inner[i]))
    found.sort(key=lambda item: (-len(item[0]), item[0][0]))
    return Communities(
        modularity=float(modularity),
        nodes=len(graph),
        edges=graph.number_of_edges(),
        communities=tuple(
            Community(index, tuple(proj.entity(n) for n in members), proj.article_refs(arts))
            for index, (members, arts) in enumerate(found, start=1)
        ),
    )
