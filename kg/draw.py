"""Pictures of an entity's neighbourhood for reports (``kg draw``): networkx layout, matplotlib.

Nodes are coloured by class (the web page's colours) with a legend, edges are labelled with the
predicate's local name, and the title is the entity's label. The layout has a fixed seed and
nodes are added in a sorted order, so the same graph always gives the same picture (an SVG is
byte for byte the same).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from . import lookup
from .errors import InputError, NotFoundError

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

#: kg class → colour (Tableau 10, then 20); web/src/colors.js has the same table.
CLASS_COLORS = {
    "Person": "#4e79a7",
    "Organization": "#f28e2b",
    "Country": "#e15759",
    "Place": "#76b7b2",
    "Product": "#a0cbe8",
    "FinancialIndex": "#ffbe7d",
    "Currency": "#d4a6c8",
    "Event": "#59a14f",
    "Agreement": "#edc948",
    "Policy": "#b07aa1",
    "Statistic": "#ff9da7",
    "Quotation": "#9c755f",
    "Role": "#bab0ac",
}
OTHER_COLOR = "#888888"
FORMATS = ("png", "svg")
SEED = 7


def resolve_entity(graph: KnowledgeGraph, ref: str) -> str:
    """The IRI of an entity given by id (``country/CU``), full IRI, or exact label or other
    name (``Cuba``, case and accents ignored); :class:`NotFoundError` otherwise."""
    iri = lookup.node_iri(ref)
    if iri is not None and lookup.neighbourhood(graph, iri, 1, max_nodes=1) is not None:
        return iri
    wanted = lookup.normalise(ref.strip())
    hits = [
        h
        for h in lookup.search_entities(graph, ref.strip())
        if wanted in {lookup.normalise(n) for n in (h.label, *h.alt_labels)}
    ]
    if len(hits) == 1:
        return hits[0].iri
    if hits:
        ids = ", ".join(h.id for h in hits[:10])
        raise NotFoundError(f"{ref!r} names {len(hits)} entities ({ids}): give one of these ids")
    raise NotFoundError(
        f"no entity {ref!r} in the store; give an id such as country/CU or person/joe-biden, "
        "a full IRI or an exact name (`kg query entities` lists them)"
    )


def neighbourhood_graph(
    graph: KnowledgeGraph, ref: str, depth: int = 1, max_nodes: int = 200
) -> tuple[nx.MultiDiGraph, str]:
    """The neighbourhood of an entity as a networkx graph (nodes: ``label``, ``type``,
    ``distance``; edges: ``predicate``, ``label``) and the start node's id."""
    if not 1 <= depth <= 3:
        raise InputError(f"depth must be 1, 2 or 3, not {depth}")
    iri = resolve_entity(graph, ref)
    found = lookup.neighbourhood(graph, iri, depth, max_nodes)
    if found is None:  # removed between the two look-ups
        raise NotFoundError(f"no entity {ref!r} in the store")
    g = nx.MultiDiGraph()
    for node in sorted(found.nodes, key=lambda n: n.id):
        g.add_node(node.id, label=node.label, type=node.type or "", distance=node.distance)
    for edge in found.edges:
        g.add_edge(
            edge.source,
            edge.target,
            predicate=edge.predicate,
            label=lookup.local_name(edge.predicate),
        )
    return g, lookup.node_id(iri)


def draw(
    graph: KnowledgeGraph,
    ref: str,
    output: str | Path,
    *,
    depth: int = 1,
    max_nodes: int = 200,
) -> Path:
    """Draw the neighbourhood of ``ref`` within ``depth`` relations into ``output`` (``.png``
    or ``.svg``, chosen by the suffix); returns the path written."""
    path = Path(output)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError(f"cannot draw {path.name}: the file name must end in .png or .svg")
    g, start = neighbourhood_graph(graph, ref, depth, max_nodes)
    render(g, start, path, fmt, title=f"{g.nodes[start]['label']} (depth {depth})")
    return path


def render(g: nx.MultiDiGraph, start: str, path: Path, fmt: str, *, title: str) -> None:
    """Lay out ``g`` (spring layout, fixed seed) and save it with matplotlib."""
    import matplotlib
    from matplotlib.figure import Figure  # no pyplot: no display, no global state
    from matplotlib.lines import Line2D

    n = g.number_of_nodes()
    size = min(24.0, 8.0 + 0.35 * n)
    simple = nx.DiGraph()
    simple.add_nodes_from(g.nodes(data=True))
    for source, target, data in sorted(
        g.edges(data=True), key=lambda e: (e[0], e[1], e[2]["label"])
    ):
        if simple.has_edge(source, target):
            simple[source][target]["label"] += ", " + data["label"]
        else:
            simple.add_edge(source, target, label=data["label"])
    # undirected, or a node that is only ever a target would feel no pull at all
    positions = nx.spring_layout(simple.to_undirected(), seed=SEED, iterations=200)

    with matplotlib.rc_context({"svg.hashsalt": "kg-draw", "svg.fonttype": "none"}):
        figure = Figure(figsize=(size, size * 0.75), dpi=120, layout="tight")
        ax = figure.add_subplot()
        ax.set_axis_off()
        ax.set_title(title, fontsize=15, fontweight="bold")
        types = [simple.nodes[v]["type"] for v in simple]
        # a pair of opposite relations (holder / hasRole) is drawn as two arcs, the rest straight
        arcs = [(a, b) for a, b in simple.edges if simple.has_edge(b, a)]
        lines = [(a, b) for a, b in simple.edges if not simple.has_edge(b, a)]
        labels = nx.get_edge_attributes(simple, "label")
        for edges, style in ((lines, "arc3"), (arcs, "arc3,rad=0.18")):
            if not edges:
                continue
            nx.draw_networkx_edges(
                simple,
                positions,
                edgelist=edges,
                ax=ax,
                edge_color="#9aa3ad",
                arrowsize=12,
                node_size=500,
                width=1.2,
                connectionstyle=style,
            )
            nx.draw_networkx_edge_labels(
                simple,
                positions,
                edge_labels={e: labels[e] for e in edges},
                ax=ax,
                font_size=7,
                font_color="#555555",
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8},
                connectionstyle=style,
            )
        nx.draw_networkx_nodes(
            simple,
            positions,
            ax=ax,
            node_color=[CLASS_COLORS.get(t, OTHER_COLOR) for t in types],
            node_size=[900 if v == start else 380 for v in simple],
            edgecolors=["#222222" if v == start else "#ffffff" for v in simple],
            linewidths=[2.5 if v == start else 1.0 for v in simple],
        )
        for v, (x, y) in positions.items():
            ax.annotate(
                _short(simple.nodes[v]["label"]),
                (x, y),
                xytext=(0, -19 if v == start else -13),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=9 if v == start else 8,
                fontweight="bold" if v == start else "normal",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
            )
        shown = sorted(set(types))
        ax.legend(
            handles=[
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markersize=9,
                    markerfacecolor=CLASS_COLORS.get(t, OTHER_COLOR),
                    markeredgecolor="white",
                    label=t or "other",
                )
                for t in shown
            ],
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            frameon=False,
            title="class",
        )
        ax.margins(0.08)
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(path, format=fmt, metadata=metadata)


def _short(label: str, width: int = 22, lines: int = 2) -> str:
    wrapped = textwrap.wrap(label, width) or [""]
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], textwrap.shorten(" ".join(wrapped[lines - 1 :]), width)]
    return "\n".join(wrapped)


__all__ = ["CLASS_COLORS", "draw", "neighbourhood_graph", "resolve_entity"]
