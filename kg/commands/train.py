"""``kg train``: fit kg's trained components from annotated data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import KGError
from .eval import ModelOpt, shared_data

app = typer.Typer(
    name="train",
    help="Train kg's learned components: `kg train relations`, `kg train entities` "
    "(CoNLL04 train split).",
    no_args_is_help=True,
)
err = Console(stderr=True)


TrainFileArg = Annotated[
    Path | None,
    typer.Argument(
        help="CoNLL04 training data (JSON). Default: "
        "$KG_SHARED_DATA/conll04/conll04_train.json. Never the dev or test split."
    ),
]


def _train_path(train_file: Path | None) -> Path:
    """The CoNLL04 training file: the one given, else the shared data's train split."""
    path = train_file or shared_data() / "conll04" / "conll04_train.json"
    if not path.exists():
        err.print(
            f"[red]error:[/red] {path} does not exist: give the path or set KG_SHARED_DATA",
            highlight=False,
        )
        raise typer.Exit(2)
    return path


@app.command()
def relations(
    train_file: TrainFileArg = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Model file to write (default: the one kg ships and loads)."
        ),
    ] = None,
    model: ModelOpt = None,
) -> None:
    """Train the relation classifier (Work_For, Live_In, Located_In, OrgBased_In, Kill).

    A logistic regression over features of entity pairs, fitted on CoNLL04's train split and
    saved as readable JSON. Example: `kg train relations ../shared/data/conll04/conll04_train.json`.
    """
    from ..nlp import load_nlp
    from ..relations.component import MODEL_PATH
    from ..relations.train import train_relations

    path = _train_path(train_file)
    target = output or MODEL_PATH
    try:
        fitted = train_relations(
            path,
            load_nlp(model),
            output=target,
            on_stage=lambda text: err.print(text, highlight=False),
        )
    except KGError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from None
    err.print(f"wrote {target} ({len(fitted.weights)} features)", highlight=False)


@app.command()
def entities(
    train_file: TrainFileArg = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Folder to write the weights to (default: the one kg ships and loads).",
        ),
    ] = None,
    epochs: Annotated[
        int | None, typer.Option("--epochs", min=1, help="Passes over the data (default: 7).")
    ] = None,
    model: ModelOpt = None,
) -> None:
    """Fine-tune a copy of the base model's ner on people, organisations and places (kg_ner).

    Peop, Org and Loc of CoNLL04's train split become PERSON, ORG and GPE/LOC/FAC; the base
    ner is not changed. Fixed seed and epochs. Example: `kg train entities`.
    """
    from ..ner.component import WEIGHTS_DIR
    from ..ner.train import EPOCHS, train_entities
    from ..nlp.pipeline import resolve_model_name

    path = _train_path(train_file)
    target = output or WEIGHTS_DIR
    try:
        trained = train_entities(
            path,
            resolve_model_name(model),
            output=target,
            epochs=epochs or EPOCHS,
            on_stage=lambda text: err.print(text, highlight=False),
        )
    except KGError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from None
    size = sum(f.stat().st_size for f in target.rglob("*") if f.is_file())
    err.print(
        f"wrote {target} ({trained.examples} sentences, {trained.epochs} epochs, "
        f"{size / 1e6:.1f} MB)",
        highlight=False,
    )
