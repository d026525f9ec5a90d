"""The web page: ``/`` is the single-page app built from ``web/`` into ``api/static/`` (search,
entity cards, network view, SPARQL editor, statistics), its assets are under ``/static``, and
``/web/queries`` gives the SPARQL editor the text of the saved queries.

None of these routes is in the OpenAPI schema: the page is a client of the REST API, not part
of it. Included last in :func:`api.app.create_app`, so it never shadows an API route. When the
assets were not built, ``/`` and ``/static/…`` answer 503 saying how to build them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse, PlainTextResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from kg import saved_queries

#: Where `npm run build` (in web/) writes the page; read at request time, so a server started
#: before the build serves the page once it exists.
STATIC = Path(__file__).resolve().parent.parent / "static"
NOT_BUILT = (
    "the web page is not built: run `make install` (or `npm ci && npm run build` in web/, "
    "which needs Node.js and npm), then reload. The REST API and /sparql work without it; "
    "see /docs."
)

router = APIRouter(include_in_schema=False)


def _built() -> bool:
    return (STATIC / "index.html").is_file()


class _Assets:
    """``StaticFiles`` over :data:`STATIC`, or 503 while the assets are not built."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not _built():
            await PlainTextResponse(NOT_BUILT, status_code=503)(scope, receive, send)
            return
        await StaticFiles(directory=STATIC)(scope, receive, send)


router.mount("/static", _Assets(), name="static")


@router.get("/")
def index() -> Response:
    """The page (hash-routed: ``#/entity/country/CU``, ``#/sparql``, ``#/statistics``)."""
    if not _built():
        return PlainTextResponse(NOT_BUILT, status_code=503)
    return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})


@router.get("/web/queries")
def query_texts() -> list[dict[str, Any]]:
    """The saved queries with their text, to load into the SPARQL editor."""
    return [
        {
            "name": q.name,
            "summary": q.summary,
            "parameters": [
                {"name": p.name, "type": p.type, "description": p.description} for p in q.params
            ],
            "text": q.text,
        }
        for q in saved_queries().values()
    ]
