"""Read a SPARQL 1.1 Protocol request: which operation, its text and its dataset.

The rules (SPARQL 1.1 Protocol §2.1-2.2): a query comes by GET ``?query=``, by POST of an
URL-encoded form, or by POST of ``application/sparql-query``; an update only by POST (form
``update=`` or ``application/sparql-update``). Exactly one operation per request, UTF-8 only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl

from fastapi import HTTPException, Request

from kg.store.base import Dataset

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class Operation:
    kind: Literal["query", "update", "describe-service"]
    text: str = ""
    dataset: Dataset | None = None


def _bad(status: int, message: str) -> HTTPException:
    return HTTPException(status_code=status, detail=message)


def split_content_type(header: str | None) -> tuple[str, dict[str, str]]:
    """``"text/turtle; charset=UTF-8"`` → ``("text/turtle", {"charset": "utf-8"})``."""
    if not header:
        return "", {}
    media, *params = header.split(";")
    out: dict[str, str] = {}
    for param in params:
        key, _, value = param.partition("=")
        out[key.strip().lower()] = value.strip().strip('"').lower()
    return media.strip().lower(), out


def _utf8(data: bytes, charset: str | None, what: str) -> str:
    if charset not in (None, "utf-8", "utf8", "us-ascii"):
        raise _bad(415, f"{what} must be UTF-8 encoded (got charset={charset})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _bad(400, f"{what} is not valid UTF-8: {exc}") from None


def _form(text: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise _bad(400, f"the form is not valid UTF-8 once percent-decoded: {exc}") from None


def _dataset(params: list[tuple[str, str]], default_key: str, named_key: str) -> Dataset | None:
    dataset = Dataset(
        default_graphs=tuple(v for k, v in params if k == default_key),
        named_graphs=tuple(v for k, v in params if k == named_key),
    )
    return dataset or None


async def read_operation(request: Request) -> Operation:
    """The operation a request asks for, or an HTTPException (400/405/415) saying what is wrong."""
    params = _form(request.url.query)
    direct: tuple[str, str] | None = None
    if request.method == "POST":
        media, options = split_content_type(request.headers.get("content-type"))
        body = await request.body()
        if media == FORM:
            params += _form(_utf8(body, options.get("charset"), "the form"))
        elif media in (QUERY, UPDATE):
            kind = "query" if media == QUERY else "update"
            direct = (kind, _utf8(body, options.get("charset"), f"the {kind}"))
        else:
            raise _bad(
                415,
                f"POST needs Content-Type {FORM}, {QUERY} or {UPDATE}"
                + (f" (got {media})" if media else " (none was sent)"),
            )
    elif request.method != "GET":
        raise _bad(405, "use GET or POST")

    queries = [v for k, v in params if k == "query"]
    updates = [v for k, v in params if k == "update"]
    if direct is not None:
        if queries or updates:
            raise _bad(400, "the operation is in the body: do not also send query= or update=")
        kind, text = direct
        (queries if kind == "query" else updates).append(text)
    if len(queries) + len(updates) > 1:
        raise _bad(400, "send exactly one query or one update per request")
    if updates:
        if request.method == "GET":
            raise _bad(400, f"updates must be sent with POST ({FORM} or {UPDATE}), never GET")
        return Operation(
            "update", updates[0], _dataset(params, "using-graph-uri", "using-named-graph-uri")
        )
    if queries:
        return Operation(
            "query", queries[0], _dataset(params, "default-graph-uri", "named-graph-uri")
        )
    if request.method == "POST":
        raise _bad(400, "no query or update in the request")
    return Operation("describe-service")
