"""Options that several commands share, declared once."""

from __future__ import annotations

from typing import Annotated

import typer

#: ``--store`` / ``-s`` / ``$KG_STORE``: where the graph lives
StoreOpt = Annotated[
    str,
    typer.Option(
        "--store",
        "-s",
        envvar="KG_STORE",
        help="Folder of the embedded store, or the http(s):// URL of a SPARQL store "
        "(see README: Scale).",
    ),
]
