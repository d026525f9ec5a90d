"""``kg draw``: a picture of an entity's neighbourhood for reports (see :mod:`kg.draw`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import KGError
from ..graph import KnowledgeGraph
from ..store import DEFAULT_STORE
from .options import StoreOpt

err = Console(stderr=True, soft_wrap=True)


def draw(
    entity: Annotated[
        str,
        typer.Argument(
            help="An entity id (country/CU, person/joe-biden), a full IRI, or an exact name."
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The picture to write: FILE.png or FILE.svg.")
    ],
    depth: Annotated[
        int, typer.Option("--depth", "-d", min=1, max=3, help="Relations to follow (1–3).")
    ] = 1,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Draw an entity's neighbourhood (nodes coloured by class, edges labelled with the
    predicate) as a PNG or SVG picture for reports. The layout is seeded: the same graph
    gives the same picture.

    Example: `kg draw country/CU -o cuba.svg --depth 2`
    """
    from ..draw import draw as draw_picture

    try:
        with KnowledgeGraph.open(store) as graph:
            path = draw_picture(graph, entity, output, depth=depth)
    except KGError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from None
    err.print(f"wrote {path}", highlight=False)
