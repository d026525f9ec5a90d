"""Term translation between rdflib and pyoxigraph, in one place."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier, Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """rdflib term → pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype and str(term.datatype) != XSD_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r} ({type(term).__name__}) in RDF")


def from_ox(term: object) -> Identifier:
    """pyoxigraph term → rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))
    raise TypeError(f"unsupported RDF term {term!r}")


def parse_triples(data: bytes, media_type: str, base_iri: str | None = None) -> list[ox.Triple]:
    """Parse RDF in any format pyoxigraph reads; the triples of every graph in it."""
    from ..errors import InputError

    fmt = ox.RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise InputError(f"unsupported RDF media type {media_type!r}")
    try:
        return [
            ox.Triple(t.subject, t.predicate, t.object)
            for t in ox.parse(data, format=fmt, base_iri=base_iri)
        ]
    except (SyntaxError, ValueError) as exc:
        raise InputError(f"cannot parse the {fmt.name} data: {exc}") from None


def to_query_result(result: object) -> object:
    """A pyoxigraph answer (bool, solutions or triples) as kg's rdflib-term ``QueryResult``."""
    from .base import SelectResult

    if isinstance(result, (bool, ox.QueryBoolean)):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = [
            {n: (from_ox(sol[n]) if sol[n] is not None else None) for n in names} for sol in result
        ]
        return SelectResult(variables=names, rows=rows)
    return [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in result]  # type: ignore[attr-defined]
