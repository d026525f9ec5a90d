"""The errors kg raises. Every message says what to do next."""

from __future__ import annotations


class KGError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KGError):
    """An article or file could not be read; the message names the file (and line)."""


class ModelError(KGError):
    """No usable spaCy pipeline could be loaded."""


class StoreError(KGError):
    """The store could not be opened, read or written."""


class QueryError(KGError):
    """A SPARQL query, saved query or its parameters are invalid."""


class NotFoundError(KGError):
    """An article, entity or saved query does not exist."""
