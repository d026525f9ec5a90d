"""The application ``tests/test_real_clients.py`` serves with uvicorn, seeded with a few triples:

KG_STORE=/tmp/x KG_UPDATE_TOKEN=... python -m uvicorn --factory tests.serve_app:make_app
"""

from __future__ import annotations

from fastapi import FastAPI

from api import Settings, create_app

SEED_GRAPH = "http://example.org/graph/people"
SEED_TURTLE = """\
@prefix ex: <http://example.org/> .
@prefix schema: <http://schema.org/> .

ex:alice a schema:Person ;
    schema:name "Alice" ;
    schema:knows ex:bob .
ex:bob a schema:Person ;
    schema:name "Bob"@en .
ex:report schema:value 4 .
"""


def make_app() -> FastAPI:
    """``create_app(Settings.from_env())`` with :data:`SEED_TURTLE` in :data:`SEED_GRAPH`."""
    app = create_app(Settings.from_env())
    app.state.graph.store.load(SEED_TURTLE.encode(), "text/turtle", SEED_GRAPH, replace=True)
    return app
