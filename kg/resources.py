"""Where the bundled ontology and saved queries live (in a wheel, or in the source tree)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """``ontology`` or ``queries``: bundled in the wheel, else at the repository's top level."""
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kg's {name}/ folder is missing from the installation")


def ontology_path(file: str = "kg.ttl") -> Path:
    return resource_dir("ontology") / file
