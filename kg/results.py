"""SPARQL 1.1 Query Results JSON for :class:`~kg.store.SelectResult`."""

from __future__ import annotations

from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from .store import SelectResult


def term_to_json(term: Identifier) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
        return out
    raise TypeError(f"not an RDF term: {term!r}")


def to_sparql_json(result: SelectResult) -> dict[str, Any]:
    """``{"head": {"vars": [...]}, "results": {"bindings": [...]}}``"""
    return {
        "head": {"vars": list(result.variables)},
        "results": {
            "bindings": [
                {k: term_to_json(v) for k, v in row.items() if v is not None} for row in result
            ]
        },
    }
