"""``/sparql``: the SPARQL 1.1 Protocol endpoint and its service description.

The default graph of a query is the union of every graph in the store (every article graph plus
whatever updates wrote to the store's own default graph) unless the request names a dataset
(``default-graph-uri`` / ``named-graph-uri``) or the query has ``FROM`` / ``FROM NAMED``.
Updates are refused unless the server has an update token and the request carries it.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from kg import KnowledgeGraph

from ..deps import get_graph, get_settings, require_update_token
from ..errors import responses
from ..sparql import evaluate, formats
from ..sparql.protocol import read_operation
from ..sparql.service import RDFLIB_FORMATS, service_description

router = APIRouter(tags=["sparql"], responses=responses(400, 406, 413, 415, 503))

_DOC = """SPARQL 1.1 Protocol endpoint.

* query: `GET ?query=…`, `POST` form (`query=…`) or `POST` with `Content-Type: application/sparql-query`;
  `default-graph-uri` / `named-graph-uri` name the dataset (default: the union of all graphs).
* update: `POST` form (`update=…`) or `POST` with `Content-Type: application/sparql-update` and
  `Authorization: Bearer <token>`; `using-graph-uri` / `using-named-graph-uri` name the dataset.
* answers by `Accept`: SELECT/ASK as `application/sparql-results+json` (default), `+xml`,
  `text/csv`, `text/tab-separated-values`; CONSTRUCT/DESCRIBE as `text/turtle` (default),
  `application/n-triples`, `application/rdf+xml`, `application/ld+json`, `application/trig`.
* `GET /sparql` without a query returns the service description.
* `SERVICE` and `LOAD` are refused (400): the server never fetches anything because of a query.
"""


#: SELECT/ASK results, CONSTRUCT/DESCRIBE graphs and the service description, by ``Accept``.
_ANSWERS = {
    "description": "Query results or RDF, by Accept (see the list above).",
    "content": {
        media: {}
        for media in (
            *formats.CANONICAL.values(),
            *(f.media_type for f in formats.GRAPH_TYPES.values()),
        )
    },
}


_TEXT = {"type": "string"}


def _params(*names: str) -> list[dict[str, Any]]:
    return [{"name": n, "in": "query", "required": False, "schema": _TEXT} for n in names]


#: What FastAPI cannot see: the protocol's parameters are read from the raw request.
_GET = {"parameters": _params("query", "default-graph-uri", "named-graph-uri")}
_POST = {
    "parameters": _params(
        "default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri"
    ),
    "requestBody": {
        "content": {
            "application/sparql-query": {"schema": _TEXT},
            "application/sparql-update": {"schema": _TEXT},
            "application/x-www-form-urlencoded": {
                "schema": {"type": "object", "properties": {"query": _TEXT, "update": _TEXT}}
            },
        }
    },
}


def _limits(request: Request) -> evaluate.Limits:
    limits: evaluate.Limits = request.app.state.limits
    return limits


def endpoint_url(request: Request) -> str:
    return str(request.base_url).rstrip("/") + "/sparql"


@router.get(
    "/sparql",
    description=_DOC,
    summary="SPARQL query (GET)",
    operation_id="sparql_get",
    responses={200: _ANSWERS},
    openapi_extra=_GET,
)
@router.post(
    "/sparql",
    description=_DOC,
    summary="SPARQL query or update (POST)",
    operation_id="sparql_post",
    responses={
        200: _ANSWERS,
        204: {"description": "The update was applied."},
        **responses(401, 403),
    },
    openapi_extra=_POST,
)
@router.api_route("/sparql/", methods=["GET", "POST"], include_in_schema=False)
async def sparql(request: Request) -> Response:
    operation = await read_operation(request)
    graph: KnowledgeGraph = get_graph(request)
    settings = get_settings(request)
    if operation.kind == "describe-service":
        choice = formats.graph_format(request.headers.get("accept"))
        if choice is None:
            raise evaluate.NotAcceptable(
                "the service description is RDF: accept one of " + formats.describe_offers("graph")
            )
        media_type, fmt = choice
        description = service_description(
            graph.store, endpoint_url(request), updates=settings.update_token is not None
        )
        body = description.serialize(format=RDFLIB_FORMATS[fmt.media_type], encoding="utf-8")
        return Response(body, media_type=media_type, headers={"Vary": "Accept"})
    if operation.kind == "update":
        require_update_token(request)
        await evaluate.run_update(
            graph.store,
            operation.text,
            dataset=operation.dataset,
            base_iri=endpoint_url(request),
            limits=_limits(request),
        )
        return Response(status_code=204)
    answer = await evaluate.run_query(
        graph.store,
        operation.text,
        dataset=operation.dataset,
        base_iri=endpoint_url(request),
        accept=request.headers.get("accept"),
        limits=_limits(request),
    )
    return Response(answer.body, media_type=answer.media_type, headers={"Vary": "Accept"})
