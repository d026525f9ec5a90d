"""``/rdf-graphs``: the SPARQL 1.1 Graph Store HTTP Protocol.

Graphs are named indirectly (``?graph=<IRI>`` or ``?default``) or directly: the graph of
``/rdf-graphs/<path>`` is the IRI of that very URL. ``?default`` reads the union of all graphs
(what queries see as their default graph); writes to ``?default`` touch only the store's own
default graph, never an article graph. Reads are open; PUT, POST and DELETE need the update
token, like SPARQL Update.
"""

from __future__ import annotations

import uuid
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from starlette.datastructures import UploadFile

from kg import KnowledgeGraph
from kg.errors import InputError
from kg.store.base import Dataset
from kg.store.guard import check_iri

from ..deps import get_graph, require_update_token
from ..errors import responses
from ..sparql import evaluate, formats
from ..sparql.protocol import split_content_type

router = APIRouter(tags=["graph store"], responses=responses(400, 503))
PREFIX = "/rdf-graphs"

GraphParam = Annotated[str | None, Query(description="IRI of the graph (indirect identification)")]
DefaultParam = Annotated[
    str | None,
    Query(description="present (no value) to address the default graph", alias="default"),
]


def _target(request: Request, graph: str | None, default: str | None) -> str | None:
    """The graph IRI a request names; ``None`` for the default graph."""
    direct = request.url.path[len(PREFIX) :].lstrip("/")
    named = [x for x in (graph is not None, default is not None, bool(direct)) if x]
    if len(named) != 1:
        raise HTTPException(
            400,
            "name exactly one graph: ?graph=<IRI>, ?default, or a path under /rdf-graphs/",
        )
    if default is not None:
        return None
    iri = graph if graph is not None else str(request.base_url).rstrip("/") + request.url.path
    return check_iri(iri)  # QueryError → 400


def _require_graph(graph_store: KnowledgeGraph, iri: str | None) -> None:
    if iri is not None and not graph_store.store.has_graph(iri):
        raise HTTPException(
            404,
            f"no graph <{iri}> in the store; GET /sparql lists the named graphs in its "
            "service description",
        )


async def _read(request: Request, iri: str | None, *, head: bool) -> Response:
    graph = get_graph(request)
    _require_graph(graph, iri)
    choice = formats.graph_format(request.headers.get("accept"))
    if choice is None:
        raise evaluate.NotAcceptable(
            "graphs are RDF: accept one of " + formats.describe_offers("graph")
        )
    media_type, _ = choice
    if head:
        return Response(media_type=media_type, headers={"Vary": "Accept"})
    dataset = Dataset(default_graphs=(iri,)) if iri is not None else None
    answer = await evaluate.run_query(
        graph.store,
        "CONSTRUCT WHERE { ?s ?p ?o }",
        dataset=dataset,
        base_iri=None,
        accept=media_type,
        limits=request.app.state.limits,
    )
    return Response(answer.body, media_type=answer.media_type, headers={"Vary": "Accept"})


async def _payload(request: Request) -> list[tuple[bytes, str]]:
    """(data, media type) pairs: the body, or each file of a multipart/form-data body."""
    media, _ = split_content_type(request.headers.get("content-type"))
    if media == "multipart/form-data":
        form = await request.form()
        parts: list[tuple[bytes, str]] = []
        for _, value in form.multi_items():
            if isinstance(value, UploadFile):
                part_type, _ = split_content_type(value.content_type)
                parts.append((await value.read(), part_type))
        if not parts:
            raise HTTPException(400, "the multipart/form-data body has no file parts")
        return parts
    if not media:
        raise HTTPException(415, "send the RDF with a Content-Type (e.g. text/turtle)")
    return [(await request.body(), media)]


async def _write(request: Request, iri: str | None, *, replace: bool) -> Response:
    graph = get_graph(request)
    existed = iri is None or graph.store.has_graph(iri)
    parts = await _payload(request)
    for _, media in parts:
        if media not in formats.GRAPH_TYPES and media not in {
            f.media_type for f in formats.GRAPH_TYPES.values()
        }:
            raise HTTPException(
                415,
                f"cannot read {media}; send one of " + formats.describe_offers("graph"),
            )
    base = iri or str(request.base_url).rstrip("/") + PREFIX

    def load() -> None:
        for index, (data, media) in enumerate(parts):
            graph.store.load(data, media, iri, replace=replace and index == 0, base_iri=base)

    try:
        await anyio.to_thread.run_sync(load)
    except InputError as exc:
        message = str(exc)
        if "LoadDocumentCallback" in message:  # pyoxigraph's word for a remote context
            message = (
                "the JSON-LD names a remote @context (or @import): this server never fetches "
                "anything; put the context inline in the document"
            )
        raise HTTPException(400, message) from None
    return Response(status_code=204 if existed else 201)


_DIRECT = PREFIX + "/{path:path}"
_RDF = sorted({f.media_type for f in formats.GRAPH_TYPES.values()})
#: The body of PUT and POST, and the answers of GET.
_GRAPH = {"content": {media: {"schema": {"type": "string"}} for media in _RDF}}
_READ = {200: {"description": "The graph, by Accept.", **_GRAPH}, **responses(404, 406)}
_WRITE = {
    201: {"description": "The graph was created."},
    204: {"description": "The graph was replaced or added to."},
    **responses(401, 403, 413, 415),
}


@router.get(PREFIX, summary="Read a graph", operation_id="graph_get", responses=_READ)
@router.head(PREFIX, summary="Check a graph exists", operation_id="graph_head", responses=_READ)
@router.api_route(_DIRECT, methods=["GET", "HEAD"], include_in_schema=False)
async def read_graph(
    request: Request, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """The triples of one graph, content-negotiated (Turtle by default); 404 if it is absent."""
    return await _read(request, _target(request, graph, default), head=request.method == "HEAD")


@router.put(
    PREFIX,
    summary="Replace a graph",
    dependencies=[Depends(require_update_token)],
    status_code=204,
    responses=_WRITE,
    openapi_extra={"requestBody": _GRAPH},
)
@router.put(_DIRECT, include_in_schema=False, dependencies=[Depends(require_update_token)])
async def put_graph(
    request: Request, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """Replace the graph with the body (201 when it is new, 204 otherwise)."""
    return await _write(request, _target(request, graph, default), replace=True)


@router.post(
    PREFIX,
    summary="Add to a graph",
    dependencies=[Depends(require_update_token)],
    status_code=204,
    responses=_WRITE,
    openapi_extra={"requestBody": _GRAPH},
)
@router.post(_DIRECT, include_in_schema=False, dependencies=[Depends(require_update_token)])
async def post_graph(
    request: Request, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """Merge the body into the graph. Without a graph name, create a new graph: 201 and its IRI
    in ``Location``."""
    direct = request.url.path[len(PREFIX) :].lstrip("/")
    if graph is None and default is None and not direct:
        iri = f"{str(request.base_url).rstrip('/')}{PREFIX}/{uuid.uuid4().hex}"
        response = await _write(request, iri, replace=True)
        response.headers["Location"] = iri
        return response
    return await _write(request, _target(request, graph, default), replace=False)


@router.delete(
    PREFIX,
    summary="Delete a graph",
    dependencies=[Depends(require_update_token)],
    status_code=204,
    responses=responses(401, 403, 404),
)
@router.delete(_DIRECT, include_in_schema=False, dependencies=[Depends(require_update_token)])
async def delete_graph(
    request: Request, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """Remove the graph (204); 404 if it does not exist. ``?default`` empties the store's own
    default graph and leaves article graphs alone."""
    iri = _target(request, graph, default)
    store = get_graph(request).store
    if iri is None:
        await anyio.to_thread.run_sync(lambda: store.update("CLEAR DEFAULT"))
    elif not await anyio.to_thread.run_sync(store.drop_graph, iri):
        _require_graph(get_graph(request), iri)
    return Response(status_code=204)
