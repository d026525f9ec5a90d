"""kg's HTTP API (FastAPI): ``create_app(settings)`` serves the SPARQL 1.1 endpoint, the Graph
Store Protocol and the REST query API over one store."""

from .app import create_app
from .settings import Settings

__all__ = ["Settings", "create_app"]
