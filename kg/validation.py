"""SHACL validation of written graphs against ``ontology/shapes.ttl``."""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph

from .resources import ontology_path


@lru_cache(maxsize=1)
def shapes() -> Graph:
    return Graph().parse(ontology_path("shapes.ttl"))


def validate_graph(data: Graph) -> tuple[bool, str]:
    """``(conforms, report)`` for ``data`` (validated without inference)."""
    from pyshacl import validate

    conforms, _, text = validate(data, shacl_graph=shapes(), inference="none", advanced=True)
    return bool(conforms), str(text)
