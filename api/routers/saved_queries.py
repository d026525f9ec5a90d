"""REST: the saved queries of ``queries/``, listed and run with bound parameters."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from rdflib import Literal
from rdflib.term import Identifier

from kg import KnowledgeGraph, QueryError, saved_queries
from kg.queries import SavedQuery as Saved

from ..deps import get_graph
from ..errors import responses
from ..schemas import Limit, Offset, Page, QueryRows, SavedQuery, page

router = APIRouter(tags=["saved queries"], responses=responses(422, 503))
Graph = Annotated[KnowledgeGraph, Depends(get_graph)]
_PAGING = {"limit", "offset"}


def _describe(q: Saved) -> dict[str, Any]:
    return {
        "name": q.name,
        "summary": q.summary,
        "params": [p.name for p in q.params],
        "parameters": q.params,
        "columns": list(q.columns),
    }


@router.get("/queries", response_model=Page[SavedQuery])
def list_queries(limit: Limit = 50, offset: Offset = 0) -> Page[SavedQuery]:
    """The saved queries by name: summary, parameters (name, type, description) and the
    columns they return. Run one with ``GET /queries/{name}?param=value``."""
    return page(SavedQuery, [_describe(q) for q in saved_queries().values()], limit, offset)


@router.get("/queries/{name}", response_model=QueryRows, responses=responses(404))
def run_query(
    name: str, request: Request, graph: Graph, limit: Limit = 50, offset: Offset = 0
) -> QueryRows:
    """Run a saved query. Its parameters are query-string arguments (``?entity=country/CU``)
    and are bound as RDF terms of their declared type, never pasted into the query.

    Rows are objects keyed by column: IRIs and literals as strings, numbers as numbers,
    unbound values as null.
    """
    queries = saved_queries()
    saved = queries.get(name)
    if saved is None:
        raise HTTPException(
            404, detail=f"no saved query {name!r}; GET /queries lists them ({', '.join(queries)})"
        )
    values: dict[str, str | Identifier] = {}
    for key in request.query_params:
        if key in _PAGING:
            continue
        given = request.query_params.getlist(key)
        if len(given) > 1:
            raise HTTPException(422, detail=f"parameter {key} is given {len(given)} times")
        values[key] = given[0]
    try:
        bindings = saved.bind(values)
    except QueryError as exc:
        raise HTTPException(422, detail=str(exc)) from None
    try:
        result = saved.run(graph.store, bindings)
    except QueryError as exc:  # not a SELECT query
        raise HTTPException(500, detail=str(exc)) from None
    rows = [
        {col: _plain(row.get(col)) for col in result.variables}
        for row in result.rows[offset : offset + limit]
    ]
    return QueryRows(
        columns=list(result.variables), rows=rows, total=len(result), limit=limit, offset=offset
    )


def _plain(term: Identifier | None) -> Any:
    """JSON for one RDF term: numbers and booleans as such, everything else as its string."""
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool | int | float):
            return value
        if isinstance(value, Decimal):
            return float(value)
    return None if term is None else str(term)
