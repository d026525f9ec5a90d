"""``create_app(settings)``: the FastAPI application over one KnowledgeGraph."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI

from kg import KnowledgeGraph
from kg.queries import saved_queries


@dataclass(frozen=True)
class Settings:
    store: str | None = None  # folder of the embedded store; None = in memory


def create_app(settings: Settings | None = None, graph: KnowledgeGraph | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(title="kg", description="News knowledge graph: saved queries and statistics.")
    app.state.graph = graph or KnowledgeGraph.open(settings.store)

    @app.get("/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "triples": len(app.state.graph.store)}

    @app.get("/queries")
    def queries() -> list[dict[str, Any]]:
        return [
            {"name": q.name, "summary": q.summary, "params": [p.name for p in q.params]}
            for q in saved_queries().values()
        ]

    return app
