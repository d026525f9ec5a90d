"""REST: statistics as typed quantities with their periods and provenance."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query

from kg import KnowledgeGraph, lookup

from ..deps import get_graph
from ..errors import responses
from ..schemas import Limit, Offset, Page, Statistic, page

router = APIRouter(tags=["statistics"], responses=responses(422, 503))
Graph = Annotated[KnowledgeGraph, Depends(get_graph)]


@router.get("/statistics", response_model=Page[Statistic])
def statistics(
    graph: Graph,
    about: Annotated[
        str | None,
        Query(
            description="Text in what was counted, the label, the population or what it is "
            "about (case and accents ignored)."
        ),
    ] = None,
    source: Annotated[
        str | None,
        Query(description="Text in the source's label, or the source's IRI or entity id."),
    ] = None,
    from_: Annotated[
        date | None,
        Query(alias="from", description="ISO date: keep periods that end on or after it."),
    ] = None,
    to: Annotated[
        date | None, Query(description="ISO date: keep periods that start on or before it.")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[Statistic]:
    """Statistics (value, bound, unit, what was counted, population, place, period, source)
    with the article, sentence and offsets they were read from, sorted by label then IRI.

    With ``from`` or ``to``, only statistics whose resolved period overlaps ``[from, to]``
    are listed.
    """
    if from_ and to and from_ > to:
        raise HTTPException(422, detail=f"from={from_} is after to={to}")
    found = lookup.statistics(graph, about=about, source=source, start=from_, end=to)
    return page(Statistic, found, limit, offset)
