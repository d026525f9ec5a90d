"""kg's HTTP API (FastAPI): ``create_app(settings)``. The SPARQL endpoint and REST routers
are added by later work; for now it serves health and the saved queries."""

from .app import Settings, create_app

__all__ = ["Settings", "create_app"]
