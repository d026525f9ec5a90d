"""kg's errors → HTTP answers whose message says what to do."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from kg.errors import InputError, KGError, NotFoundError, QueryError, StoreError

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
