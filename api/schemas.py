"""The REST API's response models (pydantic, at the HTTP edge only) and its paging parameters.

The models mirror the frozen dataclasses of :mod:`kg.lookup` and are built from them with
``Model.model_validate(obj, from_attributes=True)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

MAX_LIMIT = 1000

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (1–{MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, description="Items to skip (0 or more).")]


class Model(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Problem(BaseModel):
    """Every error answer (4xx, 5xx): what went wrong and what to do about it."""

    detail: str | list[dict[str, Any]] = Field(
        description="The message; for malformed parameters, the list of validation errors."
    )


T = TypeVar("T", bound=BaseModel)


class Page(Model, Generic[T]):
    """One page of a list: ``items[offset : offset + limit]`` of ``total``."""

    total: int = Field(description="Items in the whole list (all pages).")
    limit: int
    offset: int
    items: list[T]


def page(model: type[T], items: Sequence[Any], limit: int, offset: int) -> Page[T]:
    """The page of ``items`` (already sorted) as ``model`` objects."""
    chosen = [model.model_validate(i, from_attributes=True) for i in items[offset : offset + limit]]
    return Page[model](total=len(items), limit=limit, offset=offset, items=chosen)  # type: ignore[valid-type]


# -- entities -------------------------------------------------------------------------------------
class Node(Model):
    """An entity or fact of the graph."""

    id: str = Field(description="The IRI after https://w3id.org/newskg/id/, e.g. person/joe-biden.")
    iri: str
    label: str
    types: list[str] = Field(description="kg classes (ontology/kg.ttl), most specific first.")
    type: str | None = Field(description="The first of types.")


class EntityHit(Node):
    alt_labels: list[str] = Field(description="Other names (skos:altLabel): aliases, demonyms.")
    articles: int = Field(description="Number of articles that mention it.")


class ArticleRef(Model):
    id: str = Field(description="What GET /articles/{id} accepts.")
    iri: str
    title: str | None


class Sentence(Model):
    iri: str
    start: int = Field(description="0-based offset into the article's text.")
    end: int = Field(description="End offset (exclusive).")
    text: str


class Mention(Model):
    """A span of an article's text: ``article text[start:end] == text``."""

    iri: str
    article: ArticleRef
    start: int = Field(description="0-based offset into the article's text.")
    end: int = Field(description="End offset (exclusive).")
    text: str | None
    sentence: Sentence | None


class Relation(Model):
    predicate: str = Field(description="The property IRI, e.g. kg:represents.")
    predicate_label: str = Field(description="Its label in ontology/kg.ttl.")
    node: Node = Field(description="The node at the other end.")
    articles: list[str] = Field(description="Ids of the articles that state it.")


class EntityDetail(Node):
    labels: list[str]
    alt_labels: list[str]
    same_as: list[str] = Field(description="owl:sameAs links (Wikidata etc.).")
    attributes: dict[str, list[str]] = Field(
        description="Other literal-valued properties by local name (isoAlpha2, roleName, …)."
    )
    articles: list[ArticleRef] = Field(description="Articles that mention it (kg:mentionedIn).")
    outgoing: list[Relation] = Field(description="Relations from this node.")
    incoming: list[Relation] = Field(description="Relations to this node.")
    mentions: list[Mention] = Field(description="Where the articles mention it (kg:evidence).")


class GraphNode(Node):
    distance: int = Field(description="Relations between it and the start node.")


class Edge(Model):
    source: str = Field(description="Node id.")
    target: str = Field(description="Node id.")
    predicate: str
    label: str


class Subgraph(Model):
    """Nodes and edges for drawing; ``truncated`` when ``max_nodes`` cut the walk short."""

    start: str = Field(description="The id of the start node.")
    depth: int
    nodes: list[GraphNode]
    edges: list[Edge]
    truncated: bool


# -- articles -------------------------------------------------------------------------------------
class ArticleSummary(Model):
    id: str = Field(description="The last path part of the article IRI.")
    iri: str
    title: str | None
    date: date | None
    url: str | None
    source: str | None
    file_name: str | None
    content_hash: str | None = Field(description="sha256 of the analysed text.")
    counts: dict[str, int] = Field(
        description="Nodes per kg class in the article's graph, mentions, sentences, triples."
    )


class ArticleDetail(ArticleSummary):
    text: str | None = Field(description="The analysed text; every offset indexes into it.")
    entities: list[Node]
    facts: dict[str, list[Node]] = Field(description="Facts by class (Event, Statistic, …).")


# -- statistics -----------------------------------------------------------------------------------
class Statistic(Model):
    """A typed quantity with its period and provenance."""

    id: str
    iri: str
    label: str = Field(description="The quantity as written.")
    value: float | None
    bound: str | None = Field(description="exact, approx, min or max.")
    unit: str | None
    counted: str | None = Field(description="What was counted.")
    population: str | None
    about: Node | None
    place: Node | None
    source: Node | None = Field(description="Who counted or reported it.")
    period_text: str | None = Field(description="The period as written.")
    period_start: date | None
    period_end: date | None
    evidence: list[Mention] = Field(description="The article, sentence and offsets.")


# -- saved queries --------------------------------------------------------------------------------
class Param(Model):
    name: str
    type: str = Field(description="iri, string, integer, decimal or date.")
    description: str


class SavedQuery(Model):
    name: str
    summary: str
    params: list[str] = Field(description="Parameter names (see parameters for details).")
    parameters: list[Param]
    columns: list[str]


class QueryRows(BaseModel):
    """The solutions of a saved query: IRIs and literals as strings, numbers as numbers."""

    columns: list[str]
    rows: list[dict[str, Any]]
    total: int
    limit: int
    offset: int
