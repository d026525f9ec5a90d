"""What the analyses return: frozen dataclasses naming every node by IRI and label and
carrying the articles behind each number, so an analyst can go back to the sentences."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class EntityRef:
    """An entity or fact node: IRI, id (the IRI after ``…/id/``), label and kg class."""

    iri: str
    id: str
    label: str
    type: str | None


@dataclass(frozen=True)
class ArticleRef:
    """An article (its named graph): IRI, id, title and ``kg:published`` date."""

    iri: str
    id: str
    title: str | None
    date: dt.date | None


@dataclass(frozen=True)
class Ranked:
    """One node of a centrality ranking; ``articles`` state the relations it takes part in."""

    rank: int
    entity: EntityRef
    score: float
    neighbours: int
    articles: tuple[ArticleRef, ...]


@dataclass(frozen=True)
class Centrality:
    """A ranking (the first ``top`` of ``total`` ranked nodes). ``approximate`` when
    betweenness was estimated from sampled sources."""

    kind: str
    approximate: bool
    nodes: int
    edges: int
    total: int
    ranking: tuple[Ranked, ...]


@dataclass(frozen=True)
class Relation:
    """A predicate linking two nodes of a path hop. ``inverse``: it is stated from the hop's
    target to its source (``target predicate source``)."""

    predicate: str
    name: str
    inverse: bool
    articles: tuple[ArticleRef, ...]


@dataclass(frozen=True)
class Hop:
    source: EntityRef
    target: EntityRef
    relations: tuple[Relation, ...]


@dataclass(frozen=True)
class Path:
    nodes: tuple[EntityRef, ...]
    hops: tuple[Hop, ...]

    @property
    def length(self) -> int:
        return len(self.hops)


@dataclass(frozen=True)
class Paths:
    """All shortest paths between two nodes. ``length`` is ``None`` when they are not connected
    within ``max_len`` hops; ``truncated`` when more than ``max_paths`` paths exist."""

    source: EntityRef
    target: EntityRef
    length: int | None
    paths: tuple[Path, ...]
    truncated: bool


@dataclass(frozen=True)
class Community:
    """A cluster: its members (most connected first) and the articles of its inner relations."""

    index: int
    members: tuple[EntityRef, ...]
    articles: tuple[ArticleRef, ...]

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class Communities:
    modularity: float
    nodes: int
    edges: int
    communities: tuple[Community, ...]


@dataclass(frozen=True)
class Pair:
    """Two entities mentioned together. ``weight`` counts shared articles (``by="article"``) or
    shared sentences (``by="sentence"``, whose IRIs ``<article>#sentence=start,end`` are in
    ``sentences``)."""

    a: EntityRef
    b: EntityRef
    weight: int
    articles: tuple[ArticleRef, ...]
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Cooccurrence:
    """The heaviest ``top`` pairs of ``total`` that pass the filters."""

    by: str
    total: int
    pairs: tuple[Pair, ...]


@dataclass(frozen=True)
class TimelineEntry:
    """A fact an entity takes part in (``roles``: how, e.g. ``speaker``), as one article states
    it: the sentence and the evidence offsets into the article's ``kg:text``."""

    date: dt.date | None
    article: ArticleRef
    fact: EntityRef
    roles: tuple[str, ...]
    sentence: str | None
    start: int
    end: int
    event_date: dt.date | None


@dataclass(frozen=True)
class Timeline:
    entity: EntityRef
    entries: tuple[TimelineEntry, ...]
