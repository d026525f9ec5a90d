"""Query parameters the analytics routes share, as dependencies: the filters (``class``,
``article``, ``since``, ``until``) and the page (``limit``, ``offset`` and ``max_articles``).

A route declares ``filters: Filtered`` and ``page: Annotated[Window, Depends(window(20))]``;
FastAPI lists the dependencies' parameters in the route's OpenAPI entry as if they were its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, TypedDict, TypeVar

from fastapi import Depends, Query

from .schemas import Limit, Offset

T = TypeVar("T")

Classes = Annotated[
    list[str] | None,
    Query(
        alias="class",
        description="kg classes to report (repeat or comma-separate): Person, Organization, "
        "Country, Place, Event, Agreement, Policy, Statistic, Quotation, Role, or Entity/Fact.",
    ),
]
Articles = Annotated[
    list[str] | None,
    Query(
        alias="article",
        description="Use only what these articles state (IRI, id or title; repeatable).",
    ),
]
Since = Annotated[dt.date | None, Query(description="Articles published on or after this date.")]
Until = Annotated[dt.date | None, Query(description="Articles published on or before this date.")]
MaxArticles = Annotated[
    int, Query(ge=0, le=1000, description="Articles listed inside each item (newest first).")
]


class Scope(TypedDict):
    """The keyword arguments every :mod:`kg.analytics` function takes."""

    classes: list[str] | None
    articles: list[str] | None
    since: dt.date | None
    until: dt.date | None


@dataclass(frozen=True)
class Filters:
    classes: list[str] | None = None
    articles: list[str] | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    def scope(self) -> Scope:
        return Scope(
            classes=self.classes, articles=self.articles, since=self.since, until=self.until
        )


def filters(
    classes: Classes = None, articles: Articles = None, since: Since = None, until: Until = None
) -> Filters:
    return Filters(classes, articles, since, until)


Filtered = Annotated[Filters, Depends(filters)]


@dataclass(frozen=True)
class Window:
    """One page of a list; ``max_articles`` cuts the articles listed inside each item."""

    limit: int
    offset: int
    max_articles: int = 20

    @property
    def end(self) -> int:
        """Items needed to fill this page."""
        return self.offset + self.limit

    def page(self, items: Sequence[T]) -> Sequence[T]:
        return items[self.offset : self.end]


def window(default_limit: int, *, max_articles: bool = True) -> Callable[..., Window]:
    """The dependency reading ``limit`` (default ``default_limit``), ``offset`` and, unless
    ``max_articles`` is false, ``max_articles``."""
    if not max_articles:

        def paging(limit: Limit = default_limit, offset: Offset = 0) -> Window:
            return Window(limit, offset)

        return paging

    def listing(
        max_articles: MaxArticles = 20, limit: Limit = default_limit, offset: Offset = 0
    ) -> Window:
        return Window(limit, offset, max_articles)

    return listing
