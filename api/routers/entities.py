"""REST: search entities, one entity in detail, and its neighbourhood as nodes and edges."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query

from kg import KnowledgeGraph, lookup

from ..deps import get_graph
from ..errors import responses
from ..schemas import EntityDetail, EntityHit, Limit, Offset, Page, Subgraph, page

router = APIRouter(tags=["entities"], responses=responses(422, 503))
Graph = Annotated[KnowledgeGraph, Depends(get_graph)]


def _iri(ref: str) -> str:
    iri = lookup.node_iri(ref)
    if iri is None:
        raise HTTPException(404, detail=_unknown(ref))
    return iri


def _unknown(ref: str) -> str:
    return (
        f"no entity {ref!r} in the store; GET /entities?q=… lists entities with their ids "
        "(e.g. person/joe-biden, or the full IRI URL-encoded)"
    )


@router.get("/entities", response_model=Page[EntityHit])
def search_entities(
    graph: Graph,
    q: Annotated[
        str | None,
        Query(description="Text in the label or another name; case and accents are ignored."),
    ] = None,
    type: Annotated[
        str | None,
        Query(
            description="A class of ontology/kg.ttl by local name (Person, Organization, "
            "Country, Place, or a fact class such as Event); subclasses are included. "
            "Default: every entity."
        ),
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[EntityHit]:
    """Entities whose label (or other name) contains ``q``, sorted by label then IRI.

    ``q=cossio`` and ``q=Cossío`` both find "Carlos Fernández de Cossío".
    """
    valid = lookup.vocabulary().searchable
    if type is not None and type not in valid:
        raise HTTPException(422, detail=f"unknown type {type!r}; use one of {', '.join(valid)}")
    hits = lookup.search_entities(graph, q or None, type or "Entity")
    return page(EntityHit, hits, limit, offset)


@router.get("/entities/{id:path}/neighbours", response_model=Subgraph, responses=responses(404))
def neighbours(
    id: str,
    graph: Graph,
    depth: Annotated[int, Query(ge=1, le=3, description="Relations to follow (1–3).")] = 1,
    max_nodes: Annotated[
        int, Query(ge=1, le=1000, description="Stop adding nodes after this many.")
    ] = 200,
) -> Subgraph:
    """The entities and facts within ``depth`` relations of an entity (in either direction),
    as nodes and edges ready to draw. Edges are the relations followed; node and edge ids are
    entity ids."""
    iri = _iri(id)
    found = lookup.neighbourhood(graph, iri, depth, max_nodes)
    if found is None:
        raise HTTPException(404, detail=_unknown(id))
    return Subgraph.model_validate(
        {**found.__dict__, "start": lookup.node_id(iri), "depth": depth}, from_attributes=True
    )


@router.get("/entities/{id:path}", response_model=EntityDetail, responses=responses(404))
def entity(id: str, graph: Graph) -> EntityDetail:
    """One entity (or fact): its types, labels, sameAs links, relations in both directions with
    the labels of the other ends, and every mention with its sentence and offsets.

    ``id`` is the IRI after ``https://w3id.org/newskg/id/`` (``person/joe-biden``,
    ``country/CU``) or a full IRI, URL-encoded.
    """
    iri = _iri(id)
    detail = lookup.entity_detail(graph, iri)
    if detail is None:
        raise HTTPException(404, detail=_unknown(id))
    return EntityDetail.model_validate(detail, from_attributes=True)
