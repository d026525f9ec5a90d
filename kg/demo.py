"""What ``make run`` shows: ingest the bundled examples, summarise, query, export."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from .articles import SUPPORTED_SUFFIXES, parse_date
from .errors import InputError
from .graph import KnowledgeGraph
from .store import SelectResult

DEMO_QUERIES = ("roles", "statistics", "quotes", "policies")


def read_dates(folder: Path) -> dict[str, str]:
    """``dates.csv`` (columns file,date) gives each example article its publication date."""
    path = folder / "dates.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row["date"] for row in csv.DictReader(handle)}


def run_demo(
    folder: Path,
    store: str,
    output: Path,
    show: Callable[[SelectResult, str, str], None],
) -> None:
    console = Console()
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder of example articles")
    dates = read_dates(folder)
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUPPORTED_SUFFIXES)
    with KnowledgeGraph.open(store) as graph:
        for path in files:
            report = graph.ingest(path, date=parse_date(dates.get(path.name)))
            status = "unchanged" if report.unchanged and not report.ingested else "ingested"
            console.print(f"{status}: {path.name} ({report.triples} triples)", highlight=False)
            for _, message in report.failed:
                console.print(f"[red]failed:[/red] {message}", highlight=False)
        counts = graph.stats()
        console.print(
            "summary: " + ", ".join(f"{n} {cls}" for cls, n in counts.items()), highlight=False
        )
        for name in DEMO_QUERIES:
            show(graph.run(name), "table", name)
        graph.export(output, "turtle")
    console.print(f"wrote {output} (Turtle); the store is in {store}", highlight=False)
