"""Schemathesis over the app's own OpenAPI schema: no generated request gets a 5xx, and every
answer conforms to the schema (documented status code and content type, body valid).

Two runs, bounded (``max_examples`` per operation) and derandomized, so CI sends the same
requests every time:

* read-only: the bundled examples ingested (the session's ``examples_graph``); the app has no
  update token, so every write is refused and the graph is never changed;
* writes: an update token and a fresh in-memory graph, for SPARQL Update and the Graph Store's
  PUT, POST and DELETE.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import load_all_checks, not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api import Settings, create_app
from kg import KnowledgeGraph

TOKEN = "fuzz-token-0123456789"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
FUZZ = settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
load_all_checks()
# SPARQL and RDF bodies are text: send the generated strings as they are
for _media in (
    "application/sparql-query",
    "application/sparql-update",
    "text/turtle",
    "application/n-triples",
    "application/n-quads",
    "application/trig",
    "application/rdf+xml",
    "application/ld+json",
):
    schemathesis.serializer.alias(_media, "text/plain")

#: The schema is the same whatever the graph; the read-only app gets its graph from a fixture.
READ_ONLY = create_app(Settings(query_timeout=5.0))
WRITABLE = create_app(Settings(update_token=TOKEN, query_timeout=5.0))
read_only = schemathesis.openapi.from_asgi("/openapi.json", READ_ONLY)
writable = schemathesis.openapi.from_asgi("/openapi.json", WRITABLE).include(
    method=["PUT", "POST", "DELETE"]
)


@pytest.fixture(scope="module")
def examples(examples_graph: KnowledgeGraph) -> Iterator[None]:
    """The read-only app serves the session's examples graph."""
    empty = READ_ONLY.state.graph
    READ_ONLY.state.graph = examples_graph
    before = len(examples_graph.store)
    yield
    READ_ONLY.state.graph = empty
    assert len(examples_graph.store) == before


@read_only.parametrize()
@FUZZ
def test_read_only(case: schemathesis.Case, examples: None) -> None:
    case.call_and_validate(checks=CHECKS)


@writable.parametrize()
@FUZZ
def test_writes(case: schemathesis.Case) -> None:
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Bearer {TOKEN}"})
