"""Server settings: where the store is, who may write, and the limits every request obeys."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """Everything ``create_app`` needs. :meth:`from_env` reads ``KG_*`` variables.

    ``update_token`` switches writes on: SPARQL Update and Graph Store PUT/POST/DELETE are
    refused (403) unless it is set, and then need ``Authorization: Bearer <token>``.
    """

    store: str | None = None  # folder of the embedded store; None = in memory
    update_token: str | None = None
    query_timeout: float = 30.0  # seconds per query or update
    max_rows: int = 100_000  # rows of a SELECT, triples of a CONSTRUCT/DESCRIBE or export
    max_body_bytes: int = 10 * 1024 * 1024  # request bodies (queries, updates, uploads)
    max_concurrent_queries: int = 4  # SPARQL evaluations running at once; more wait their turn

    def __post_init__(self) -> None:
        if self.query_timeout <= 0:
            raise ValueError("query_timeout must be > 0 seconds")
        if self.max_rows < 1 or self.max_body_bytes < 1 or self.max_concurrent_queries < 1:
            raise ValueError("max_rows, max_body_bytes and max_concurrent_queries must be >= 1")
        if self.update_token is not None and len(self.update_token) < 8:
            raise ValueError("the update token must be at least 8 characters long")

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from ``KG_STORE``, ``KG_UPDATE_TOKEN``, ``KG_QUERY_TIMEOUT``,
        ``KG_MAX_ROWS``, ``KG_MAX_BODY_BYTES``; keyword arguments that are not None win."""
        env = os.environ
        values: dict[str, object] = {
            "store": env.get("KG_STORE") or None,
            "update_token": env.get("KG_UPDATE_TOKEN") or None,
        }
        for name, var, kind in (
            ("query_timeout", "KG_QUERY_TIMEOUT", float),
            ("max_rows", "KG_MAX_ROWS", int),
            ("max_body_bytes", "KG_MAX_BODY_BYTES", int),
        ):
            if env.get(var):
                try:
                    values[name] = kind(env[var])
                except ValueError:
                    raise ValueError(f"{var}={env[var]!r} is not a number") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
