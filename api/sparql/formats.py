"""Content negotiation: which media type answers a request, by kind of result."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

#: SELECT and ASK answers, server preference first.
RESULT_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    # common aliases clients send
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
#: CONSTRUCT/DESCRIBE answers and Graph Store GETs, server preference first.
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "text/plain": ox.RdfFormat.N_TRIPLES,  # what N-Triples was served as before 2014
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/xml": ox.RdfFormat.RDF_XML,
    "application/json": ox.RdfFormat.JSON_LD,
}
#: The media type written in Content-Type for each serialisation.
CANONICAL = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


@dataclass(frozen=True)
class Choice:
    media_type: str
    q: float
    order: int


def parse_accept(header: str | None) -> list[Choice]:
    """The media ranges of an Accept header with their q-values (missing header = ``*/*``)."""
    if not header or not header.strip():
        return [Choice("*/*", 1.0, 0)]
    out: list[Choice] = []
    for order, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        if "/" not in media:
            media = "*/*" if media == "*" else media + "/*"
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        out.append(Choice(media, q, order))
    return out


def _quality(offer: str, ranges: list[Choice]) -> tuple[float, int, int]:
    """(q, specificity, client order) of the most specific range matching ``offer``."""
    kind = offer.partition("/")[0]
    best: tuple[float, int, int] | None = None
    for r in ranges:
        rkind, _, rsub = r.media_type.partition("/")
        if r.media_type == offer:
            spec = 2
        elif rkind == kind and rsub == "*":
            spec = 1
        elif r.media_type == "*/*":
            spec = 0
        else:
            continue
        if best is None or spec > best[1]:
            best = (r.q, spec, r.order)
    return best if best is not None else (0.0, -1, 0)


def negotiate(header: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers (q, then its own order, then ours); ``None`` if none is
    acceptable (→ 406)."""
    ranges = parse_accept(header)
    scored = []
    for index, offer in enumerate(offers):
        q, spec, order = _quality(offer, ranges)
        if q > 0:
            # an exact mention beats a wildcard at equal q; then the client's order, then ours
            scored.append((-q, -(spec == 2), order if spec == 2 else 10_000, index, offer))
    return min(scored)[-1] if scored else None


def result_format(accept: str | None) -> str | None:
    """``json``/``xml``/``csv``/``tsv`` for SELECT and ASK answers."""
    media = negotiate(accept, list(RESULT_TYPES))
    return RESULT_TYPES[media] if media else None


def graph_format(accept: str | None) -> tuple[str, ox.RdfFormat] | None:
    """(Content-Type, format) for RDF graph answers."""
    media = negotiate(accept, list(GRAPH_TYPES))
    if media is None:
        return None
    fmt = GRAPH_TYPES[media]
    return fmt.media_type, fmt


def describe_offers(kind: str) -> str:
    """The media types a 406 answer lists."""
    if kind == "graph":
        return ", ".join(dict.fromkeys(f.media_type for f in GRAPH_TYPES.values()))
    return ", ".join(CANONICAL.values())
