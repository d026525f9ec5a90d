"""Dependencies the routers share: the graph, the settings, the write guard."""

from __future__ import annotations

import secrets

from fastapi import HTTPException, Request

from kg import KnowledgeGraph

from .settings import Settings


def get_graph(request: Request) -> KnowledgeGraph:
    graph: KnowledgeGraph = request.app.state.graph
    return graph


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def require_update_token(request: Request) -> None:
    """Writes need ``Authorization: Bearer <token>`` and a server started with a token."""
    settings = get_settings(request)
    if settings.update_token is None:
        raise HTTPException(
            status_code=403,
            detail="updates are disabled on this server; start it with --update-token "
            "(or KG_UPDATE_TOKEN) and send 'Authorization: Bearer <token>'",
        )
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(
        token.strip().encode(), settings.update_token.encode()
    ):
        raise HTTPException(
            status_code=401,
            detail="this request writes to the store: send 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": 'Bearer realm="kg"'},
        )
