"""Stores: the :class:`Store` protocol and its backends."""

from __future__ import annotations

import os
from pathlib import Path

from .base import QueryResult, SelectResult, Store
from .embedded import EmbeddedStore
from .remote import RemoteStore

DEFAULT_STORE = "kg-data"


def open_store(location: str | Path | None = None) -> Store:
    """Open the store at ``location``: a folder (embedded), an ``http(s)://`` SPARQL endpoint
    (remote, see :mod:`kg.store.remote`), or ``None`` (in memory).

    ``":default:"`` resolves to ``$KG_STORE`` or ``./kg-data``.
    """
    if location == ":default:":
        location = os.environ.get("KG_STORE") or DEFAULT_STORE
    if location is None or str(location) == ":memory:":
        return EmbeddedStore()
    if str(location).startswith(("http://", "https://")):
        return RemoteStore(str(location))
    return EmbeddedStore(location)


__all__ = [
    "DEFAULT_STORE",
    "EmbeddedStore",
    "QueryResult",
    "RemoteStore",
    "SelectResult",
    "Store",
    "open_store",
]
