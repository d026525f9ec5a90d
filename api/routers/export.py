"""REST: the graph (or one article's graph) as Turtle, N-Triples or JSON-LD, streamed."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from enum import StrEnum
from typing import IO, Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import StreamingResponse

from kg import KnowledgeGraph, lookup
from kg.rdf.mapping import PREFIXES
from kg.store.base import Dataset

from ..deps import get_graph, get_settings
from ..errors import responses
from ..settings import Settings
from ..streaming import stream_from_thread
from .articles import resolve

router = APIRouter(tags=["export"], responses=responses(422, 503))
CHUNK = 64 * 1024


class Format(StrEnum):
    turtle = "turtle"
    nt = "nt"
    jsonld = "jsonld"


#: media type, file extension, pyoxigraph format
_FORMATS = {
    Format.turtle: ("text/turtle", "ttl", ox.RdfFormat.TURTLE),
    Format.nt: ("application/n-triples", "nt", ox.RdfFormat.N_TRIPLES),
    Format.jsonld: ("application/ld+json", "jsonld", ox.RdfFormat.JSON_LD),
}


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "The triples, as a file to save.",
            "content": {media: {} for media, _, _ in _FORMATS.values()},
        },
        **responses(400, 404),
    },
)
def export(
    graph: Annotated[KnowledgeGraph, Depends(get_graph)],
    settings: Annotated[Settings, Depends(get_settings)],
    format: Annotated[
        Format, Query(description="turtle, nt (N-Triples) or jsonld.")
    ] = Format.turtle,
    article: Annotated[
        str | None,
        Query(description="Only this article's graph: its id, IRI or file name (GET /articles)."),
    ] = None,
) -> StreamingResponse:
    """Download the graph: every article merged (streamed, each distinct triple once), or with
    ``article`` only that article's named graph (sorted)."""
    media, extension, ox_format = _FORMATS[format]
    body: AsyncIterator[bytes] | Iterator[bytes]
    if article is None:
        body = stream_from_thread(lambda out: _write_union(graph, ox_format, out))
        name = f"kg-export.{extension}"
    else:
        iri = resolve(graph, article)
        triples = sorted(
            graph.store.execute("CONSTRUCT WHERE { ?s ?p ?o }", dataset=Dataset((iri,))),  # type: ignore[arg-type]
            key=str,
        )
        _check_size(len(triples), settings)
        body = _chunks(ox.serialize(triples, format=ox_format, prefixes=_prefixes(ox_format)))
        name = f"kg-article-{lookup.article_id(iri)}.{extension}"
    return StreamingResponse(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def _check_size(triples: int, settings: Settings) -> None:
    if triples > settings.max_rows:
        raise HTTPException(
            400,
            detail=f"the export would hold {triples} triples, more than this server's limit of "
            f"{settings.max_rows} (--max-rows); export one article at a time with "
            "?article=…, or run `kg export` where the store is",
        )


def _write_union(graph: KnowledgeGraph, fmt: ox.RdfFormat, out: IO[bytes]) -> None:
    """Every distinct triple of every graph, written as the store yields them (store order,
    stable for the same data): memory stays flat however large the store."""
    result = graph.store.execute("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert isinstance(result, ox.QuerySolutions)
    triples = (ox.Triple(row[0], row[1], row[2]) for row in result)
    ox.serialize(triples, out, format=fmt, prefixes=_prefixes(fmt))


def _chunks(data: bytes | None) -> Iterator[bytes]:
    data = data or b""
    for start in range(0, len(data), CHUNK):
        yield data[start : start + CHUNK]


def _prefixes(fmt: ox.RdfFormat) -> dict[str, str] | None:
    # ``kgr:`` is left out: its local names contain "/", which Turtle would have to escape
    if fmt == ox.RdfFormat.TURTLE:
        return {k: v for k, v in PREFIXES.items() if k != "kgr"}
    return None
