"""Term translation between rdflib and pyoxigraph, in one place."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier, Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\]*")
_LANGUAGE = re.compile(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*")
_BLANK = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?")
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


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


def nt_term(term: Node) -> str:
    """rdflib term → its N-Triples text (which is also SPARQL), checked as pyoxigraph would:
    an IRI must be absolute and free of spaces and ``<>"{}|^`\\``, else ``ValueError``.

    >>> nt_term(Literal('say "hi"', lang="en"))
    '"say \\\\"hi\\\\""@en'
    """
    if isinstance(term, URIRef):
        return _iri(term)
    if isinstance(term, Literal):
        text = '"' + str.translate(term, _ESCAPES) + '"'
        language = term.language
        if language:
            if _LANGUAGE.fullmatch(language) is None:
                raise ValueError(f"not a language tag: {language!r}")
            return f"{text}@{language}"
        datatype = term.datatype
        if datatype is not None and not str.__eq__(datatype, XSD_STRING):
            return f"{text}^^{_iri(datatype)}"
        return text
    if isinstance(term, BNode):
        if _BLANK.fullmatch(term) is None:
            raise ValueError(f"not a blank node label: {term!r}")
        return f"_:{term}"
    raise TypeError(f"cannot store {term!r} ({type(term).__name__}) in RDF")


def _iri(value: str) -> str:
    if _IRI.fullmatch(value) is None:
        raise ValueError(f"not an absolute IRI: {value!r}")
    return f"<{value}>"


def ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
    """rdflib triples → N-Triples (UTF-8, one triple a line), ready for pyoxigraph to parse in
    Rust: faster than building pyoxigraph terms in Python, and cheap to send between processes.

    >>> ntriples([(URIRef("http://a.example/s"), URIRef("http://a.example/p"), Literal(1))])
    b'<http://a.example/s> <http://a.example/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\\n'
    """
    items = triples if isinstance(triples, list) else list(triples)  # alive: ids stay unique
    known: dict[int, str] = {}  # terms repeat (predicates, classes, the article): write once
    lines = []
    for s, p, o in items:
        a = known.get(id(s))
        if a is None:
            a = known[id(s)] = nt_term(s)
        b = known.get(id(p))
        if b is None:
            b = known[id(p)] = nt_term(p)
        c = known.get(id(o))
        if c is None:
            c = known[id(o)] = nt_term(o)
        lines.append(f"{a} {b} {c} .\n")
    return "".join(lines).encode("utf-8")


def in_graph(data: bytes, graph: str) -> bytes:
    """N-Triples written by :func:`ntriples` → N-Quads in ``graph`` (every line ends in
    `` .\\n`` and no literal holds a raw line break, so the graph goes before each end)."""
    return data.replace(b" .\n", f" {_iri(graph)} .\n".encode())


def parse_ntriples(data: bytes) -> list[tuple[Node, Node, Node]]:
    """N-Triples → rdflib triples (for stores that take rdflib terms)."""
    return [
        (from_ox(t.subject), from_ox(t.predicate), from_ox(t.object))
        for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
    ]


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
        # the store's own lexical form: rdflib's normalising would drop a date's time zone
        return Literal(
            term.value,
            datatype=None if datatype == XSD_STRING else URIRef(datatype),
            normalize=False,
        )
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
    # answers repeat terms (predicates, classes, labels): each is converted once (rdflib's
    # literals are slow to make), which halves the conversion of a large answer
    memo: dict[object, Identifier] = {}

    def term(value: object) -> Identifier:
        known = memo.get(value)
        if known is None:
            known = memo[value] = from_ox(value)
        return known

    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        columns = list(enumerate(names))
        rows = [
            {n: (None if (v := sol[i]) is None else term(v)) for i, n in columns} for sol in result
        ]
        return SelectResult(variables=names, rows=rows)
    return [(term(t.subject), term(t.predicate), term(t.object)) for t in result]  # type: ignore[attr-defined]
