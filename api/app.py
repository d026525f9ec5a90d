"""``create_app(settings)``: the FastAPI application over one KnowledgeGraph.

Routers, one per concern: ``sparql`` (SPARQL 1.1 Protocol endpoint and service description),
``gsp`` (Graph Store Protocol), and the REST query API: ``entities``, ``articles``,
``statistics``, ``saved_queries``, ``export``; last, ``web`` (the page at ``/``).
"""

from __future__ import annotations

import gc
from typing import Any

from fastapi import FastAPI

from kg import KnowledgeGraph

from . import errors
from .limits import BodyLimit
from .settings import Settings
from .sparql.evaluate import Limits


def create_app(settings: Settings | None = None, graph: KnowledgeGraph | None = None) -> FastAPI:
    """The application. ``graph`` (for tests and embedding) overrides ``settings.store``."""
    from .routers import (
        analytics,
        articles,
        entities,
        export,
        gsp,
        saved_queries,
        sparql,
        statistics,
    )

    settings = settings or Settings()
    app = FastAPI(
        title="kg",
        version="0.1.0",
        description=(
            "News knowledge graph. `/sparql` is a SPARQL 1.1 endpoint (Protocol, Service "
            "Description, Graph Store Protocol at `/rdf-graphs`); the other routes are a small "
            "REST API over the same store for people who do not write SPARQL."
        ),
    )
    app.state.settings = settings
    app.state.limits = Limits.make(
        settings.query_timeout, settings.max_rows, settings.max_concurrent_queries
    )
    app.state.graph = graph or KnowledgeGraph.open(settings.store)
    errors.install(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)

    @app.get("/health", tags=["meta"])
    def health() -> dict[str, Any]:
        """Liveness: the store answers, and whether it holds anything. (Not how many quads:
        counting them walks the whole store, seconds at a hundred thousand articles.)"""
        empty = app.state.graph.store.query("ASK { ?s ?p ?o }") is not True
        return {"status": "ok", "empty": empty}

    # analytics first: its /entities/{id}/timeline must win over /entities/{id:path}
    for router in (analytics, sparql, gsp, entities, articles, statistics, saved_queries, export):
        app.include_router(router.router)
    from .routers import web  # the page at /: last, so it never shadows an API route

    app.include_router(web.router)
    return app


def freeze_startup_objects() -> None:
    """Keep what start-up made (modules, the application, the store) out of the garbage
    collector's full passes, for a long-running server (CPython's ``gc.freeze``): a full pass
    otherwise walks all of it in the middle of some request (kg's sort of 1,311 rows for a
    ``/sparql`` query took 62 ms with one such pass, 4 ms without)."""
    gc.collect()
    gc.freeze()
