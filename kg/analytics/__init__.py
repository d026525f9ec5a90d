"""Graph analytics on the networkx projection of a :class:`~kg.KnowledgeGraph`.

Who is central in a story, how two actors are connected, who clusters together, who is
mentioned together, and what an entity took part in over time::

    from kg import KnowledgeGraph, analytics

    graph = KnowledgeGraph.open("kg-data")
    analytics.centrality(graph, "pagerank", top=10, classes=["Person"])
    analytics.paths(graph, "person/claire-dubois", "Mexico", max_len=4)
    analytics.communities(graph, since="2024-01-01")
    analytics.cooccurrence(graph, by="sentence", min_articles=2)
    analytics.timeline(graph, "country/CA")

Every function takes the graph (its projection is built once per store state and cached, see
:mod:`kg.analytics.projection`), a :class:`Projection`, or a bare
:meth:`~kg.KnowledgeGraph.to_networkx` graph, and the same filters: ``classes`` (kg class
names such as ``Person``, or ``Entity``/``Fact``), ``articles`` (IRIs, ids or titles) and
``since``/``until`` (the articles' ``kg:published`` dates, inclusive). Results are frozen
dataclasses (:mod:`kg.analytics.results`) naming nodes by IRI and label and carrying the
articles behind every number.
"""

from __future__ import annotations

from .files import subgraph, write
from .measures import centrality, communities, pagerank, paths
from .mentions import cooccurrence, timeline
from .projection import Projection, Scope, build, projection, state_token
from .results import (
    ArticleRef,
    Centrality,
    Communities,
    Community,
    Cooccurrence,
    EntityRef,
    Hop,
    Pair,
    Path,
    Paths,
    Ranked,
    Relation,
    Timeline,
    TimelineEntry,
)

__all__ = [
    "ArticleRef",
    "Centrality",
    "Communities",
    "Community",
    "Cooccurrence",
    "EntityRef",
    "Hop",
    "Pair",
    "Path",
    "Paths",
    "Projection",
    "Ranked",
    "Relation",
    "Scope",
    "Timeline",
    "TimelineEntry",
    "build",
    "centrality",
    "communities",
    "cooccurrence",
    "pagerank",
    "paths",
    "projection",
    "state_token",
    "subgraph",
    "timeline",
    "write",
]
