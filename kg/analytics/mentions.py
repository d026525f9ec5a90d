"""Analyses that read mentions and sentences from the store: co-occurrence and timelines.

Inputs are bound as query variables, never pasted into SPARQL; the mention index behind
co-occurrence is read once per projection (so once per store state).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import Any

from rdflib import URIRef

from ..errors import QueryError
from .projection import (
    FACT_CLASSES,
    Projection,
    Source,
    as_projection,
    literal_date,
    local_name,
    select,
)
from .results import Cooccurrence, Pair, Timeline, TimelineEntry

BY = ("article", "sentence")
# Each pattern stays inside one article's graph: the union default graph repeats a triple once
# per article stating it (an entity's rdf:type, a shared Role's holder…), so joining across
# graphs multiplies rows. Classes come from the projection instead.
_IN_ARTICLE = "SELECT ?e ?article WHERE { GRAPH ?article { ?e kg:mentionedIn ?article } }"
_IN_SENTENCE = """SELECT ?e ?sentence ?article WHERE {
  GRAPH ?article { ?e kg:evidence ?m . ?m kg:inSentence ?sentence } }"""
# A timeline takes two steps so its cost follows the entity's facts, not the store: the facts
# that name the entity (an index look-up), then each fact's evidence in the same article. One
# join does the same in a single query but starts from every kg:evidence triple of the store.
_FACTS = "SELECT ?e ?fact ?p ?article WHERE { GRAPH ?article { ?fact ?p ?e } }"
_EVIDENCE = """SELECT ?fact ?article ?start ?end ?sentence ?when WHERE {
  GRAPH ?article {
    ?fact kg:evidence ?m . ?m nif:beginIndex ?start ; nif:endIndex ?end .
    OPTIONAL { ?m kg:inSentence ?s . ?s nif:anchorOf ?sentence }
    OPTIONAL { ?fact kg:date ?when }
  }
}"""


@dataclass(frozen=True)
class _Units:
    """Who is mentioned where. A unit is an article or a sentence IRI; ``units`` maps it to
    its article and the entities mentioned in it (sorted), grouped by article; ``index`` maps
    an entity to its units."""

    units: dict[str, tuple[str, tuple[str, ...]]]
    index: dict[str, set[str]]


def _units(proj: Projection, by: str) -> _Units:
    def load() -> _Units:
        entities = proj.entity_nodes()
        found: dict[str, set[str]] = defaultdict(set)
        article_of: dict[str, str] = {}
        query, unit = (_IN_ARTICLE, "article") if by == "article" else (_IN_SENTENCE, "sentence")
        for row in select(proj.store, query):
            e = str(row["e"])
            if e in entities:
                found[str(row[unit])].add(e)
                article_of[str(row[unit])] = str(row["article"])
        ordered = sorted(found, key=lambda u: (article_of[u], u))  # an article's units together
        index: dict[str, set[str]] = defaultdict(set)
        for u, es in found.items():
            for e in es:
                index[e].add(u)
        return _Units({u: (article_of[u], tuple(sorted(found[u]))) for u in ordered}, dict(index))

    units: _Units = proj.memo(f"units:{by}", load)
    return units


def cooccurrence(
    source: Source,
    *,
    by: str = "article",
    min_articles: int = 1,
    entity: str | None = None,
    top: int | None = None,
    classes: Iterable[str] | None = None,
    articles: Iterable[str] | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
) -> Cooccurrence:
    """Pairs of entities mentioned in the same article (``by="article"``, weight = shared
    articles) or sentence (``by="sentence"``, weight = shared sentences), kept when they share
    at least ``min_articles`` articles; heaviest first. ``entity`` keeps the pairs that
    include it; ``classes`` (default: entities) limits the other ends."""
    if by not in BY:
        raise QueryError(f"by={by!r}: use article or sentence")
    if min_articles < 1 or (top is not None and top < 1):
        raise QueryError("min_articles and top must be at least 1")
    proj = as_projection(source)
    scope = proj.scope(classes, articles, since, until)
    focus = proj.resolve(entity) if entity is not None else None
    found = _units(proj, by)
    types = proj.memo("types", lambda: dict(proj.graph.nodes(data="type")))
    # count in C (Counter.update); collect the provenance of the chosen pairs only, below
    weights: Counter[tuple[str, str]] = Counter()
    spread: Counter[tuple[str, str]] = Counter()  # distinct articles, by sentence
    current, seen = "", set[tuple[str, str]]()
    for article, entities in found.units.values():
        if not scope.keeps(article):
            continue
        present = [e for e in entities if e == focus or types.get(e) in scope.classes]
        if focus is not None:
            if focus not in present:
                continue
            pairs = [(min(focus, e), max(focus, e)) for e in present if e != focus]
        else:
            pairs = list(combinations(present, 2))
        weights.update(pairs)
        if by == "sentence":
            if article != current:
                spread.update(seen)
                current, seen = article, set()
            seen.update(pairs)
    spread.update(seen)
    shared = weights if by == "article" else spread
    kept = [pair for pair, n in shared.items() if n >= min_articles]
    kept.sort(key=lambda pair: (-weights[pair], -shared[pair], pair))
    chosen = kept[:top] if top else kept

    def pair(a: str, b: str) -> Pair:
        units = sorted(u for u in found.index[a] & found.index[b] if scope.keeps(found.units[u][0]))
        return Pair(
            proj.entity(a),
            proj.entity(b),
            weights[(a, b)],
            proj.article_refs(found.units[u][0] for u in units),
            tuple(units) if by == "sentence" else (),
        )

    return Cooccurrence(by, len(kept), tuple(pair(a, b) for a, b in chosen))


def timeline(
    source: Source,
    entity: str,
    *,
    classes: Iterable[str] | None = None,
    articles: Iterable[str] | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
) -> Timeline:
    """The facts an entity takes part in (events, agreements, policies, statistics,
    quotations, roles; ``classes`` picks some) as each article states them, oldest article
    first, with the sentence and the evidence offsets."""
    proj = as_projection(source)
    scope = proj.scope(classes, articles, since, until, default=FACT_CLASSES)
    iri = proj.resolve(entity)
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in select(proj.store, _FACTS, e=URIRef(iri)):
        fact, article = str(row["fact"]), str(row["article"])
        if proj.type_of(fact) in scope.classes and scope.keeps(article):
            roles[(fact, article)].add(local_name(str(row["p"])))
    best: dict[tuple[str, str], dict[str, Any]] = {}
    for fact in sorted({fact for fact, _ in roles}):
        for row in select(proj.store, _EVIDENCE, fact=URIRef(fact)):
            key = (fact, str(row["article"]))
            start = int(str(row["start"]))
            if key in roles and (key not in best or start < best[key]["start"]):
                best[key] = {**row, "start": start}
    entries = []
    for (fact, article), row in best.items():
        art = proj.article(article)
        entries.append(
            TimelineEntry(
                date=art.date,
                article=art,
                fact=proj.entity(fact),
                roles=tuple(sorted(roles[(fact, article)])),
                sentence=str(row["sentence"]) if row.get("sentence") is not None else None,
                start=int(str(row["start"])),
                end=int(str(row["end"])),
                event_date=literal_date(row.get("when")),
            )
        )
    entries.sort(key=lambda e: (e.date is None, e.date or date.min, e.article.iri, e.start))
    return Timeline(proj.entity(iri), tuple(entries))
