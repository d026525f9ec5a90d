"""``kg analyze``: graph analytics (:mod:`kg.analytics`) from the command line.

Each command prints a table (``--format json`` or ``csv`` for machines) and can hand the
graph it analysed to Gephi or Cytoscape desktop with ``--graphml FILE`` / ``--gexf FILE``.
"""

from __future__ import annotations

import csv
import functools
import inspect
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypedDict

import typer
from rich.console import Console
from rich.table import Table

from ..errors import KGError, QueryError
from ..store import DEFAULT_STORE
from .options import StoreOpt

if TYPE_CHECKING:
    import networkx as nx

    from ..analytics import ArticleRef, EntityRef
    from ..graph import KnowledgeGraph

app = typer.Typer(
    name="analyze",
    help=(
        "Graph analytics on the relation graph (networkx): who is central, how two entities "
        "are connected, who clusters together, who is mentioned together, and an entity's "
        "timeline. Filters: --class, --article, --since, --until. Output: table, --format "
        "json|csv; --graphml/--gexf FILE write the graph for Gephi or Cytoscape."
    ),
    no_args_is_help=True,
)
err = Console(stderr=True)
out = Console()

ClassOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--class",
        "-c",
        help="Only these kg classes (Person, Organization, Country, Place, Event, Agreement, "
        "Policy, Statistic, Quotation, Role, or Entity/Fact); repeatable or comma-separated.",
    ),
]
ArticleOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--article", "-a", help="Only what these articles state (IRI, id or title); repeatable."
    ),
]
SinceOpt = Annotated[
    str | None, typer.Option("--since", help="Only articles published on or after YYYY-MM-DD.")
]
UntilOpt = Annotated[
    str | None, typer.Option("--until", help="Only articles published on or before YYYY-MM-DD.")
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")]
GraphmlOpt = Annotated[
    Path | None, typer.Option("--graphml", help="Also write the analysed graph as GraphML here.")
]
GexfOpt = Annotated[
    Path | None, typer.Option("--gexf", help="Also write the analysed graph as GEXF here.")
]
Rows = tuple[list[str], list[list[str]]]


class Sources(TypedDict):
    """The article filters: what the drawn projection takes (it keeps every class)."""

    articles: list[str] | None
    since: str | None
    until: str | None


class Filters(Sources):
    """Every filter: what each :mod:`kg.analytics` function takes."""

    classes: list[str] | None


@dataclass(frozen=True)
class Scope:
    """``--class``, ``--article``, ``--since``, ``--until``."""

    classes: list[str] | None
    articles: list[str] | None
    since: str | None
    until: str | None

    def sources(self) -> Sources:
        return Sources(articles=self.articles, since=self.since, until=self.until)

    def filters(self) -> Filters:
        return Filters(classes=self.classes, **self.sources())


@dataclass(frozen=True)
class Output:
    """``--format``, ``--graphml``, ``--gexf`` and the ``--store`` to read."""

    store: str
    format: str
    files: tuple[Path | None, Path | None]


def _options(
    classes: ClassOpt = None,
    article: ArticleOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    format: FormatOpt = "table",
    graphml: GraphmlOpt = None,
    gexf: GexfOpt = None,
    store: StoreOpt = DEFAULT_STORE,
) -> tuple[Scope, Output]:
    """The options every command takes, after its own, and what they become."""
    return Scope(classes, article, since, until), Output(store, format, (graphml, gexf))


def _command(fn: Callable[..., None]) -> Callable[..., None]:
    """Register ``fn(..., scope, output)`` as a command whose options are its own parameters
    followed by those of :func:`_options`, which build the ``scope`` and ``output`` it gets."""
    own = [
        p
        for p in inspect.signature(fn, eval_str=True).parameters.values()
        if p.name not in ("scope", "output")
    ]
    shared = list(inspect.signature(_options, eval_str=True).parameters.values())

    @functools.wraps(fn)
    def command(**values: Any) -> None:
        scope, output = _options(**{p.name: values.pop(p.name) for p in shared})
        fn(**values, scope=scope, output=output)

    params = [*own, *shared]
    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in params}
    app.command()(command)
    return command


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


def _run(
    output: Output,
    analysis: Callable[[KnowledgeGraph], Any],
    rows: Callable[[Any], Rows],
    title: Callable[[Any], str],
    graph_for: Callable[[KnowledgeGraph, Any], nx.Graph],
) -> None:
    from ..graph import KnowledgeGraph

    format, files = output.format, output.files
    if format not in ("table", "json", "csv"):
        _fail(f"unknown format {format!r}: use table, json or csv", 2)
    try:
        with KnowledgeGraph.open(output.store) as graph:
            result = analysis(graph)
            if any(files):
                from ..analytics import write

                drawn = graph_for(graph, result)
                for path, kind in zip(files, ("graphml", "gexf"), strict=True):
                    if path is not None:
                        write(drawn, path, kind)
                        err.print(f"wrote {path}", highlight=False)
    except QueryError as exc:
        _fail(str(exc), 2)
        return
    except KGError as exc:
        _fail(str(exc))
        return
    if format == "json":
        sys.stdout.write(json.dumps(asdict(result), indent=2, default=str, ensure_ascii=False))
        sys.stdout.write("\n")
        return
    columns, body = rows(result)
    if format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(body)
        return
    table = Table(title=title(result))
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in body:
        table.add_row(*(_short(cell) for cell in row))
    out.print(table)


def _short(cell: str, limit: int = 160) -> str:
    return cell if len(cell) <= limit else cell[: limit - 1] + "…"


def _ids(articles: Sequence[ArticleRef]) -> str:
    return " ".join(a.id for a in articles)


def _dated(articles: Sequence[ArticleRef], most: int = 3) -> str:
    shown = ", ".join(f"{a.id} ({a.date})" if a.date else a.id for a in articles[:most])
    return shown + (f" +{len(articles) - most}" if len(articles) > most else "")


def _name(entity: EntityRef) -> str:
    return f"{entity.label} [{entity.type or '?'}]"


def _projection(
    scope: Scope,
    attributes: Callable[[Any], Mapping[str, Mapping[str, Any]]] | None = None,
) -> Callable[[KnowledgeGraph, Any], nx.Graph]:
    """The filtered projection, with per-node results (score, community…) as attributes."""

    def build(graph: KnowledgeGraph, result: Any) -> nx.Graph:
        from ..analytics import subgraph

        attrs = attributes(result) if attributes is not None else None
        return subgraph(graph, node_attributes=attrs, **scope.sources())

    return build


@_command
def centrality(
    kind: Annotated[
        str, typer.Option("--kind", "-k", help="degree, pagerank or betweenness.")
    ] = "degree",
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="How many to list.")] = 20,
    samples: Annotated[
        int | None,
        typer.Option(
            min=0, help="Betweenness: sampled sources (0 = exact; default depends on size)."
        ),
    ] = None,
    *,
    scope: Scope,
    output: Output,
) -> None:
    """Rank entities by degree, PageRank or betweenness on the relation graph.

    Facts (roles, quotations, events…) connect the entities but only --class (default: people,
    organisations, countries, places) are listed. Example: `kg analyze centrality -k pagerank
    -c Person --since 2024-01-01`.
    """
    from ..analytics import centrality as run

    def rows(result: Any) -> Rows:
        if output.format == "table":
            return (
                ["rank", "entity", "id", "score", "neighbours", "articles"],
                [
                    [
                        str(r.rank),
                        _name(r.entity),
                        r.entity.id,
                        f"{r.score:.4g}",
                        str(r.neighbours),
                        _dated(r.articles, 2),
                    ]
                    for r in result.ranking
                ],
            )
        return (
            ["rank", "entity", "type", "iri", "score", "neighbours", "article_count", "articles"],
            [
                [
                    str(r.rank),
                    r.entity.label,
                    r.entity.type or "",
                    r.entity.iri,
                    repr(r.score),
                    str(r.neighbours),
                    str(len(r.articles)),
                    _ids(r.articles),
                ]
                for r in result.ranking
            ],
        )

    def scores(result: Any) -> dict[str, dict[str, Any]]:
        return {r.entity.iri: {kind: r.score, "rank": r.rank} for r in result.ranking}

    _run(
        output,
        lambda g: run(g, kind, top=top, samples=samples, **scope.filters()),
        rows,
        lambda r: (
            f"{r.kind} centrality ({r.nodes} nodes, {r.edges} relations"
            + (", estimated)" if r.approximate else ")")
        ),
        _projection(scope, scores),
    )


@_command
def path(
    source: Annotated[str, typer.Argument(help="From: IRI, id (person/joe-biden) or label.")],
    target: Annotated[str, typer.Argument(help="To: IRI, id or label.")],
    max_len: Annotated[int, typer.Option("--max-len", min=1, help="Most hops.")] = 6,
    max_paths: Annotated[int, typer.Option("--max-paths", min=1, help="Most paths listed.")] = 100,
    *,
    scope: Scope,
    output: Output,
) -> None:
    """All shortest paths between two entities, each hop with its predicates and articles.

    Relations are followed in both directions ("← party" means the next node states it);
    --class limits the nodes a path may pass through. Example: `kg analyze path "Claire
    Dubois" country/MX`.
    """
    from ..analytics import paths as run

    def rows(result: Any) -> Rows:
        body = []
        for number, found in enumerate(result.paths, start=1):
            for step, hop in enumerate(found.hops, start=1):
                body.append(
                    [
                        str(number),
                        str(step),
                        _name(hop.source),
                        ", ".join(
                            f"← {r.name}" if r.inverse else f"{r.name} →" for r in hop.relations
                        ),
                        _name(hop.target),
                        _ids(sorted({a for r in hop.relations for a in r.articles}, key=str)),
                    ]
                )
        return ["path", "hop", "from", "relation", "to", "articles"], body

    def title(result: Any) -> str:
        ends = f"{result.source.label} → {result.target.label}"
        if result.length is None:
            return f"{ends}: not connected within {max_len} hops"
        more = " (more not shown: --max-paths)" if result.truncated else ""
        return f"{ends}: {len(result.paths)} shortest paths of length {result.length}{more}"

    def on_path(result: Any) -> dict[str, dict[str, Any]]:
        return {n.iri: {"on_path": True} for p in result.paths for n in p.nodes}

    _run(
        output,
        lambda g: run(g, source, target, max_len=max_len, max_paths=max_paths, **scope.filters()),
        rows,
        title,
        _projection(scope, on_path),
    )


@_command
def communities(
    min_size: Annotated[
        int, typer.Option("--min-size", min=1, help="Smallest community listed.")
    ] = 2,
    resolution: Annotated[
        float, typer.Option(min=0.0, help="Louvain resolution: above 1, smaller communities.")
    ] = 1.0,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same answer).")] = 0,
    *,
    scope: Scope,
    output: Output,
) -> None:
    """Clusters of entities that the articles relate to each other (Louvain modularity).

    Members are listed most connected first; the csv format gives one row per member.
    Example: `kg analyze communities --since 2024-01-01 --graphml clusters.graphml`.
    """
    from ..analytics import communities as run

    def rows(result: Any) -> Rows:
        if output.format == "csv":
            return (
                ["community", "member", "entity", "type", "iri"],
                [
                    [str(c.index), str(i), m.label, m.type or "", m.iri]
                    for c in result.communities
                    for i, m in enumerate(c.members, start=1)
                ],
            )
        return (
            ["community", "size", "members", "articles"],
            [
                [
                    str(c.index),
                    str(c.size),
                    ", ".join(m.label for m in c.members[:8]) + (" …" if c.size > 8 else ""),
                    str(len(c.articles)),
                ]
                for c in result.communities
            ],
        )

    def membership(result: Any) -> dict[str, dict[str, Any]]:
        return {m.iri: {"community": c.index} for c in result.communities for m in c.members}

    _run(
        output,
        lambda g: run(g, min_size=min_size, resolution=resolution, seed=seed, **scope.filters()),
        rows,
        lambda r: (
            f"{len(r.communities)} communities (modularity {r.modularity:.3f}, "
            f"{r.nodes} nodes, {r.edges} relations)"
        ),
        _projection(scope, membership),
    )


@_command
def cooccurrence(
    by: Annotated[str, typer.Option("--by", help="article or sentence.")] = "article",
    min_articles: Annotated[
        int, typer.Option("--min-articles", min=1, help="Pairs sharing at least this many.")
    ] = 1,
    entity: Annotated[
        str | None, typer.Option("--entity", "-e", help="Only pairs with this entity.")
    ] = None,
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="How many pairs to list.")] = 50,
    *,
    scope: Scope,
    output: Output,
) -> None:
    """Entities mentioned in the same article (or --by sentence), heaviest pairs first.

    --graphml/--gexf write the co-occurrence network itself (edge weight = shared articles or
    sentences). Example: `kg analyze cooccurrence --by sentence --min-articles 2`.
    """
    from ..analytics import cooccurrence as run

    def rows(result: Any) -> Rows:
        if output.format == "table":
            return (
                ["a", "b", "weight", "articles"],
                [
                    [_name(p.a), _name(p.b), str(p.weight), _dated(p.articles, 2)]
                    for p in result.pairs
                ],
            )
        return (
            ["a", "a_iri", "b", "b_iri", "weight", "article_count", "articles", "sentences"],
            [
                [
                    p.a.label,
                    p.a.iri,
                    p.b.label,
                    p.b.iri,
                    str(p.weight),
                    str(len(p.articles)),
                    _ids(p.articles),
                    " ".join(p.sentences),
                ]
                for p in result.pairs
            ],
        )

    def network(graph: KnowledgeGraph, result: Any) -> nx.Graph:
        import networkx as nx

        drawn = nx.Graph()
        for p in result.pairs:
            for e in (p.a, p.b):
                drawn.add_node(e.iri, label=e.label, type=e.type or "")
            drawn.add_edge(
                p.a.iri, p.b.iri, weight=p.weight, articles=len(p.articles), ids=_ids(p.articles)
            )
        return drawn

    _run(
        output,
        lambda g: run(
            g, by=by, min_articles=min_articles, entity=entity, top=top, **scope.filters()
        ),
        rows,
        lambda r: f"co-occurrence by {r.by} ({len(r.pairs)} pairs)",
        network,
    )


@_command
def timeline(
    entity: Annotated[str, typer.Argument(help="IRI, id (country/CU) or label.")],
    *,
    scope: Scope,
    output: Output,
) -> None:
    """The facts an entity takes part in, oldest article first, with the sentence.

    Facts: events, agreements, policies, statistics, quotations, roles (--class picks some).
    Example: `kg analyze timeline "Claire Dubois" -c Quotation`.
    """
    from ..analytics import timeline as run

    def rows(result: Any) -> Rows:
        if output.format == "table":
            return (
                ["date", "fact", "as", "sentence", "article"],
                [
                    [
                        str(e.date or ""),
                        _name(e.fact),
                        ", ".join(e.roles),
                        e.sentence or "",
                        f"{e.article.id} @{e.start}",
                    ]
                    for e in result.entries
                ],
            )
        return (
            ["date", "article", "fact", "fact_type", "fact_iri", "as", "sentence", "start", "end"],
            [
                [
                    str(e.date or ""),
                    e.article.iri,
                    e.fact.label,
                    e.fact.type or "",
                    e.fact.iri,
                    " ".join(e.roles),
                    e.sentence or "",
                    str(e.start),
                    str(e.end),
                ]
                for e in result.entries
            ],
        )

    _run(
        output,
        lambda g: run(g, entity, **scope.filters()),
        rows,
        lambda r: f"timeline of {r.entity.label} ({r.entity.id}): {len(r.entries)} facts",
        _projection(scope),
    )
