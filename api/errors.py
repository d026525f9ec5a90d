"""kg's errors → HTTP answers whose message says what to do."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from kg.errors import InputError, KGError, NotFoundError, QueryError, StoreError

from .schemas import Problem
from .sparql.evaluate import NotAcceptable, QueryTimeout, ServerBusy, TooManyResults

_STATUS: list[tuple[type[KGError], int]] = [
    (NotAcceptable, 406),
    (QueryTimeout, 503),
    (ServerBusy, 503),
    (TooManyResults, 400),
    (NotFoundError, 404),
    (QueryError, 400),
    (InputError, 400),
    (StoreError, 503),
    (KGError, 400),
]


def status_for(exc: KGError) -> int:
    for cls, status in _STATUS:
        if isinstance(exc, cls):
            return status
    return 500


def install(app: FastAPI) -> None:
    @app.exception_handler(KGError)
    async def kg_error(request: Request, exc: KGError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=status_for(exc))


_MEANING = {
    400: "Malformed request or query; the message says what to fix.",
    401: "This request writes: send 'Authorization: Bearer <token>'.",
    403: "Updates are disabled on this server (no --update-token).",
    404: "Not found; the message says how to find valid names.",
    406: "No media type in Accept can carry this answer.",
    413: "The request body is larger than --max-body-bytes.",
    415: "Unsupported Content-Type.",
    422: "Invalid parameters.",
    503: "The query ran out of time, the server is busy, or the store did not answer.",
}


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` of the error statuses a route can answer (all JSON)."""
    return {code: {"model": Problem, "description": _MEANING[code]} for code in codes}
