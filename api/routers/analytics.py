"""REST: graph analytics (:mod:`kg.analytics`): centrality, paths, communities, co-occurrence
and an entity's timeline. Every route takes the same filters (``class``, ``article``,
``since``, ``until``); lists are paged (``limit``, ``offset``, ``total``) and the articles
inside each item are cut to ``max_articles`` (``article_count`` says how many there are).

The routes are plain ``def``: FastAPI runs them in its thread pool, off the event loop. The
projection they share is built once per store state (:func:`kg.analytics.projection`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field

from kg import KnowledgeGraph, analytics
from kg.errors import QueryError

from ..deps import get_graph
from ..errors import responses
from ..filters import Filtered, Window, window

# 404: an unknown entity or article; 422: bad parameters; 503: the store did not answer
router = APIRouter(tags=["analytics"], responses=responses(404, 422, 503))
Graph = Annotated[KnowledgeGraph, Depends(get_graph)]
T = TypeVar("T")

Listing = Annotated[Window, Depends(window(20))]
LongListing = Annotated[Window, Depends(window(50))]
Paging = Annotated[Window, Depends(window(50, max_articles=False))]


# -- models -----------------------------------------------------------------------------------
class Entity(BaseModel):
    iri: str
    id: str = Field(description="The IRI after https://w3id.org/newskg/id/, e.g. country/CU.")
    label: str
    type: str | None = Field(description="Its kg class, e.g. Person.")


class Article(BaseModel):
    iri: str
    id: str = Field(description="What GET /articles/{id} accepts.")
    title: str | None
    date: dt.date | None


class Ranked(BaseModel):
    rank: int
    entity: Entity
    score: float
    neighbours: int = Field(description="Distinct nodes it is related to.")
    article_count: int
    articles: list[Article] = Field(description="Articles stating its relations.")


class Relation(BaseModel):
    predicate: str
    name: str = Field(description="The predicate's local name, e.g. represents.")
    inverse: bool = Field(description="Stated from the hop's target to its source.")
    articles: list[Article]


class Hop(BaseModel):
    source: Entity
    target: Entity
    relations: list[Relation]


class PathModel(BaseModel):
    length: int
    nodes: list[Entity]
    hops: list[Hop]


class Community(BaseModel):
    index: int
    size: int
    members: list[Entity] = Field(description="Most connected first.")
    article_count: int
    articles: list[Article] = Field(description="Articles stating its inner relations.")


class Pair(BaseModel):
    a: Entity
    b: Entity
    weight: int = Field(description="Shared articles (by=article) or sentences (by=sentence).")
    article_count: int
    articles: list[Article]
    sentences: list[str] = Field(
        description="by=sentence: IRIs <article>#sentence=start,end of the shared sentences."
    )


class TimelineEntry(BaseModel):
    date: dt.date | None = Field(description="The article's publication date.")
    article: Article
    fact: Entity
    roles: list[str] = Field(description="How the entity takes part, e.g. speaker, party.")
    sentence: str | None
    start: int = Field(description="Evidence offsets into the article's text.")
    end: int
    event_date: dt.date | None


class Paged(BaseModel):
    total: int = Field(description="Items in the whole list (all pages).")
    limit: int
    offset: int


class CentralityPage(Paged):
    kind: str
    approximate: bool = Field(description="Betweenness estimated from sampled sources.")
    nodes: int
    edges: int
    items: list[Ranked]


class PathsPage(Paged):
    source: Entity
    target: Entity
    length: int | None = Field(description="Hops of the shortest paths; null: not connected.")
    truncated: bool = Field(description="More shortest paths exist than max_paths.")
    items: list[PathModel]


class CommunitiesPage(Paged):
    modularity: float
    nodes: int
    edges: int
    items: list[Community]


class CooccurrencePage(Paged):
    by: str
    items: list[Pair]


class TimelinePage(Paged):
    entity: Entity
    items: list[TimelineEntry]


# -- conversion -------------------------------------------------------------------------------
def _entity(e: analytics.EntityRef) -> Entity:
    return Entity(iri=e.iri, id=e.id, label=e.label, type=e.type)


def _articles(refs: Sequence[analytics.ArticleRef], most: int) -> list[Article]:
    return [Article(iri=a.iri, id=a.id, title=a.title, date=a.date) for a in refs[:most]]


def _call(fn: Callable[[], T]) -> T:
    """Bad parameters are 422 (unknown entities and articles: 404, by the error handler)."""
    try:
        return fn()
    except QueryError as exc:
        raise HTTPException(422, detail=str(exc)) from None


# -- routes -----------------------------------------------------------------------------------
@router.get("/analytics/centrality", response_model=CentralityPage)
def centrality(
    graph: Graph,
    filters: Filtered,
    page: Listing,
    kind: Annotated[
        str, Query(pattern="^(degree|pagerank|betweenness)$", description="The measure.")
    ] = "degree",
    top: Annotated[int | None, Query(ge=1, description="Rank only the first N.")] = None,
    samples: Annotated[
        int | None,
        Query(
            ge=1,
            le=256,
            description="Betweenness: sampled sources. Default: exact on small graphs, else "
            "estimated from 32 or more.",
        ),
    ] = None,
) -> CentralityPage:
    """Nodes ranked by degree (share of the other nodes they are related to), PageRank or
    betweenness on the relation graph (undirected; facts connect the entities they relate).
    ``class`` (default: entities) chooses the nodes ranked."""
    wanted = page.end if top is None else min(top, page.end)
    result = _call(
        lambda: analytics.centrality(
            graph,
            kind,
            top=wanted,
            samples=samples,
            **filters.scope(),
        )
    )
    return CentralityPage(
        kind=result.kind,
        approximate=result.approximate,
        nodes=result.nodes,
        edges=result.edges,
        total=result.total if top is None else min(top, result.total),
        limit=page.limit,
        offset=page.offset,
        items=[
            Ranked(
                rank=r.rank,
                entity=_entity(r.entity),
                score=r.score,
                neighbours=r.neighbours,
                article_count=len(r.articles),
                articles=_articles(r.articles, page.max_articles),
            )
            for r in page.page(result.ranking)
        ],
    )


@router.get("/analytics/path", response_model=PathsPage)
def path(
    graph: Graph,
    filters: Filtered,
    page: Listing,
    source: Annotated[
        str, Query(alias="from", description="IRI, id (person/joe-biden) or unambiguous label.")
    ],
    target: Annotated[str, Query(alias="to", description="IRI, id or unambiguous label.")],
    max_len: Annotated[int, Query(ge=1, le=12, description="Most hops.")] = 6,
    max_paths: Annotated[int, Query(ge=1, le=1000, description="Most paths found.")] = 100,
) -> PathsPage:
    """All shortest paths (up to ``max_len`` hops) between two entities, each hop with the
    predicates linking its ends (in either direction) and the articles stating them.
    ``class`` limits the nodes a path may pass through (default: every entity and fact)."""
    result = _call(
        lambda: analytics.paths(
            graph,
            source,
            target,
            max_len=max_len,
            max_paths=max_paths,
            **filters.scope(),
        )
    )
    return PathsPage(
        source=_entity(result.source),
        target=_entity(result.target),
        length=result.length,
        truncated=result.truncated,
        total=len(result.paths),
        limit=page.limit,
        offset=page.offset,
        items=[
            PathModel(
                length=p.length,
                nodes=[_entity(n) for n in p.nodes],
                hops=[
                    Hop(
                        source=_entity(h.source),
                        target=_entity(h.target),
                        relations=[
                            Relation(
                                predicate=r.predicate,
                                name=r.name,
                                inverse=r.inverse,
                                articles=_articles(r.articles, page.max_articles),
                            )
                            for r in h.relations
                        ],
                    )
                    for h in p.hops
                ],
            )
            for p in page.page(result.paths)
        ],
    )


@router.get("/analytics/communities", response_model=CommunitiesPage)
def communities(
    graph: Graph,
    filters: Filtered,
    page: Listing,
    min_size: Annotated[int, Query(ge=1, description="Smallest community listed.")] = 2,
    resolution: Annotated[
        float, Query(gt=0, le=100, description="Louvain resolution: above 1, smaller ones.")
    ] = 1.0,
    seed: Annotated[int, Query(description="Same seed, same answer.")] = 0,
) -> CommunitiesPage:
    """Clusters of the relation graph (Louvain modularity), largest first; members of
    ``class`` (default: entities), most connected first."""
    result = _call(
        lambda: analytics.communities(
            graph,
            min_size=min_size,
            resolution=resolution,
            seed=seed,
            **filters.scope(),
        )
    )
    return CommunitiesPage(
        modularity=result.modularity,
        nodes=result.nodes,
        edges=result.edges,
        total=len(result.communities),
        limit=page.limit,
        offset=page.offset,
        items=[
            Community(
                index=c.index,
                size=c.size,
                members=[_entity(m) for m in c.members],
                article_count=len(c.articles),
                articles=_articles(c.articles, page.max_articles),
            )
            for c in page.page(result.communities)
        ],
    )


@router.get("/analytics/cooccurrence", response_model=CooccurrencePage)
def cooccurrence(
    graph: Graph,
    filters: Filtered,
    page: LongListing,
    by: Annotated[
        str, Query(pattern="^(article|sentence)$", description="article or sentence.")
    ] = "article",
    min_articles: Annotated[int, Query(ge=1, description="Pairs sharing this many.")] = 1,
    entity: Annotated[str | None, Query(description="Only pairs with this entity.")] = None,
) -> CooccurrencePage:
    """Pairs of entities mentioned in the same article or sentence, heaviest first."""
    result = _call(
        lambda: analytics.cooccurrence(
            graph,
            by=by,
            min_articles=min_articles,
            entity=entity,
            top=page.end,
            **filters.scope(),
        )
    )
    return CooccurrencePage(
        by=result.by,
        total=result.total,
        limit=page.limit,
        offset=page.offset,
        items=[
            Pair(
                a=_entity(p.a),
                b=_entity(p.b),
                weight=p.weight,
                article_count=len(p.articles),
                articles=_articles(p.articles, page.max_articles),
                sentences=list(p.sentences),
            )
            for p in page.page(result.pairs)
        ],
    )


@router.get("/entities/{id:path}/timeline", response_model=TimelinePage)
def timeline(
    id: str,
    graph: Graph,
    filters: Filtered,
    page: Paging,
) -> TimelinePage:
    """The facts an entity takes part in (events, agreements, policies, statistics,
    quotations, roles; ``class`` picks some), oldest article first, with the sentence and
    the evidence offsets. ``id`` is an id such as ``country/CA``, a URL-encoded IRI or a
    label."""
    result = _call(lambda: analytics.timeline(graph, id, **filters.scope()))
    return TimelinePage(
        entity=_entity(result.entity),
        total=len(result.entries),
        limit=page.limit,
        offset=page.offset,
        items=[
            TimelineEntry(
                date=e.date,
                article=_articles([e.article], 1)[0],
                fact=_entity(e.fact),
                roles=list(e.roles),
                sentence=e.sentence,
                start=e.start,
                end=e.end,
                event_date=e.event_date,
            )
            for e in page.page(result.entries)
        ],
    )
