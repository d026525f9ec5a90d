"""REST: the articles in the store, and what was read from each."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException

from kg import KnowledgeGraph, NotFoundError, lookup

from ..deps import get_graph
from ..errors import responses
from ..schemas import ArticleDetail, ArticleSummary, Limit, Offset, Page

router = APIRouter(tags=["articles"], responses=responses(422, 503))
Graph = Annotated[KnowledgeGraph, Depends(get_graph)]


def resolve(graph: KnowledgeGraph, ref: str) -> str:
    """The graph IRI of an article given by id, IRI, file name or title; 404 otherwise."""
    try:
        return graph.resolve_article(ref)
    except NotFoundError as exc:
        detail = str(exc) if "matches" in str(exc) else f"no article {ref!r} in the store"
        raise HTTPException(
            404, detail=f"{detail}; GET /articles lists the articles with their ids"
        ) from None


@router.get("/articles", response_model=Page[ArticleSummary])
def articles(graph: Graph, limit: Limit = 50, offset: Offset = 0) -> Page[ArticleSummary]:
    """Every article with its metadata and counts, sorted by title then IRI."""
    found = lookup.list_articles(graph)
    counted = lookup.article_summaries(graph, found[offset : offset + limit])
    items = [ArticleSummary.model_validate(a, from_attributes=True) for a in counted]
    return Page[ArticleSummary](total=len(found), limit=limit, offset=offset, items=items)


@router.get("/articles/{id:path}", response_model=ArticleDetail, responses=responses(404))
def article(id: str, graph: Graph) -> ArticleDetail:
    """One article: title, date, URL, file name, content hash, counts, text, and the entities
    and facts (by class) read from it.

    ``id`` is the last path part of the article IRI (``…/id/article/<id>``); the full IRI
    (URL-encoded) or the file name work too.
    """
    detail = lookup.article_detail(graph, resolve(graph, id))
    if detail is None:  # a graph without article metadata
        raise HTTPException(404, detail=f"no article {id!r}; GET /articles lists the articles")
    return ArticleDetail.model_validate(detail, from_attributes=True)
