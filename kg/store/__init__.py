"""Stores: the :class:`Store` protocol and its backends."""

from __future__ import annotations

import os
from pathlib import Path

from .base import QueryResult, SelectResult, Store
from .embedded import EmbeddedStore

DEFAULT_STORE = "kg-data"


def open_store(location: str | Path | None = None) -> Store:
    """Open the store at ``location`` (a folder); ``None`` means in memory.

    ``":default:"`` resolves to ``$KG_STORE`` or ``./kg-data``.
    """
    if location == ":default:":
        location = os.environ.get("KG_STORE") or DEFAULT_STORE
    if location is None or str(location) == ":memory:":
        return EmbeddedStore()
    return EmbeddedStore(location)


__all__ = ["DEFAULT_STORE", "EmbeddedStore", "QueryResult", "SelectResult", "Store", "open_store"]
