"""The projection as GraphML or GEXF, for Gephi or Cytoscape desktop.

Both writers accept only scalar attributes, so every attribute is written as a string, number
or boolean; ``None`` is left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import QueryError
from .projection import (
    ENTITY_CLASSES,
    FACT_CLASSES,
    Source,
    as_projection,
    local_name,
)

FORMATS = ("graphml", "gexf")


def subgraph(
    source: Source,
    *,
    classes: Iterable[str] | None = None,
    articles: Iterable[str] | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
    node_attributes: Mapping[str, Mapping[str, Any]] | None = None,
) -> nx.MultiDiGraph:
    """A new (unfrozen) :class:`networkx.MultiDiGraph` of the statements in the chosen articles
    between nodes of ``classes`` (default: all), with string-safe attributes: nodes ``label``,
    ``type``; edges ``predicate``, ``relation`` (its local name), ``article``, ``date``.
    ``node_attributes`` adds per-node values (e.g. a centrality score or a community)."""
    proj = as_projection(source)
    scope = proj.scope(classes, articles, since, until, default=(*ENTITY_CLASSES, *FACT_CLASSES))
    out = nx.MultiDiGraph()
    every_node = scope.articles is None

    def add(node: str) -> None:
        if node in out:
            return
        data = proj.graph.nodes[node]
        attrs = {"label": data.get("label", node), "type": data.get("type")}
        attrs.update((node_attributes or {}).get(node, {}))
        out.add_node(node, **_scalars(attrs))

    for node, cls in proj.graph.nodes(data="type"):
        if every_node and cls in scope.classes:
            add(node)
    for u, v, key, data in proj.graph.edges(keys=True, data=True):
        types = (proj.type_of(u), proj.type_of(v))
        if not scope.keeps(data["article"]) or not all(t in scope.classes for t in types):
            continue
        add(u)
        add(v)
        article = proj.article(data["article"])
        attrs = {
            "predicate": data["predicate"],
            "relation": local_name(data["predicate"]),
            "article": article.iri,
            "date": article.date,
        }
        out.add_edge(u, v, key=key, **_scalars(attrs))
    return out


def write(graph: nx.Graph, path: str | Path, format: str | None = None) -> None:
    """Write ``graph`` as GraphML or GEXF (``format``, else from the file's suffix)."""
    fmt = (format or Path(path).suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise QueryError(f"cannot write {fmt!r}: use a .graphml or .gexf file")
    clean = graph.__class__()
    clean.add_nodes_from((n, _scalars(d)) for n, d in graph.nodes(data=True))
    if graph.is_multigraph():
        # edge ids must be unique in both formats: number the edges
        clean.add_edges_from(
            (u, v, f"e{i}", _scalars(d)) for i, (u, v, d) in enumerate(graph.edges(data=True))
        )
    else:
        clean.add_edges_from((u, v, _scalars(d)) for u, v, d in graph.edges(data=True))
    if fmt == "graphml":
        nx.write_graphml(clean, str(path))
    else:
        nx.write_gexf(clean, str(path))


def _scalars(attrs: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in attrs.items():
        if value is None:
            continue
        if isinstance(value, bool | int | float | str):
            out[key] = value
        elif isinstance(value, list | tuple | set | frozenset):
            out[key] = " ".join(sorted(str(v) for v in value))
        else:
            out[key] = str(value)
    return out
