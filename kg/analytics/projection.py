"""The networkx projection the analyses run on, cached per store state, and its filters.

:func:`projection` wraps :meth:`KnowledgeGraph.to_networkx` (entities and facts as nodes,
relations as edges carrying their ``predicate`` and ``article``) with the articles' titles and
dates, and caches it per store. The cache key is a *state token*: the store's
:attr:`~kg.store.Store.generation` (the embedded store counts its writes: free, and exact). A
store that cannot know its generation (a remote one others write to) is fingerprinted instead:
the number of quads plus a digest of the named-graph list (about 0.5 s at 5.5 million quads),
which misses an update that keeps both unchanged (replacing one literal by another).
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeAlias

import networkx as nx
from rdflib import Literal

from ..errors import KGError, NotFoundError, QueryError
from ..nlp.items import ENTITY_CLASSES as ENTITY_CLASSES  # re-exported for the analytics
from ..rdf.vocab import KGR
from ..store import SelectResult, Store
from .results import ArticleRef, EntityRef

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

FACT_CLASSES = ("Event", "Agreement", "Policy", "Statistic", "Quotation", "Role")
CLASS_GROUPS = {"Entity": ENTITY_CLASSES, "Fact": FACT_CLASSES}
PREFIXES = """PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
"""
_ARTICLES = """SELECT ?article ?title ?date WHERE { ?article a kg:Article .
  OPTIONAL { ?article kg:title ?title } OPTIONAL { ?article kg:published ?date } }"""


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a label."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def node_id(iri: str) -> str:
    return iri[len(KGR) :] if iri.startswith(str(KGR)) else iri


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


def select(store: Store, sparql: str, **bindings: Any) -> SelectResult:
    result = store.query(PREFIXES + sparql, bindings or None)
    if not isinstance(result, SelectResult):
        raise KGError("internal error: an analytics query did not return solutions")
    return result


def state_token(store: Store) -> tuple[int, str]:
    """What the cache compares: the store's generation, else a fingerprint (see module doc)."""
    generation = getattr(store, "generation", None)
    if generation is not None:
        return generation, "generation"
    digest = hashlib.blake2b("\n".join(store.graphs()).encode("utf-8"), digest_size=16)
    return len(store), digest.hexdigest()


def parse_date(value: date | str | None, name: str = "date") -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise QueryError(f"{name}={value!r} is not a date; write YYYY-MM-DD") from None


@dataclass(frozen=True)
class Scope:
    """Which nodes an analysis reports (``classes``) and which articles' statements it uses
    (``articles``: IRIs, or ``None`` for every article)."""

    classes: frozenset[str]
    articles: frozenset[str] | None

    def keeps(self, article: str) -> bool:
        return self.articles is None or article in self.articles


@dataclass(frozen=True, eq=False)
class Projection:
    """The relation graph of a store (``graph``, frozen: copy it before changing it) with the
    articles' titles and dates. Build it with :func:`projection`."""

    graph: nx.MultiDiGraph
    articles: dict[str, ArticleRef]
    token: object = None
    store_ref: Callable[[], Store | None] = field(default=lambda: None, repr=False)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    @classmethod
    def of(cls, graph: nx.MultiDiGraph) -> Projection:
        """A projection of a bare networkx graph (as :meth:`KnowledgeGraph.to_networkx` makes);
        article dates are unknown, so date filters need the :class:`KnowledgeGraph` instead."""
        return cls(graph, {})

    @property
    def store(self) -> Store:
        store = self.store_ref()
        if store is None:
            raise QueryError(
                "this analysis reads mentions and sentences from the store: pass the "
                "KnowledgeGraph (or kg.analytics.projection(graph)), not a networkx graph"
            )
        return store

    def memo(self, name: str, build: Callable[[], Any]) -> Any:
        """A value derived from this projection, computed once (``build`` may call memo)."""
        with self._lock:
            if name not in self._memo:
                self._memo[name] = build()
            return self._memo[name]

    # -- naming ------------------------------------------------------------------------------
    def entity(self, iri: str) -> EntityRef:
        data = self.graph.nodes[iri] if iri in self.graph else {}
        return EntityRef(iri, node_id(iri), str(data.get("label", iri)), data.get("type"))

    def article(self, iri: str) -> ArticleRef:
        return self.articles.get(iri) or ArticleRef(iri, local_name(iri), None, None)

    def article_refs(self, iris: Iterable[str]) -> tuple[ArticleRef, ...]:
        """Articles newest first (undated last), then by IRI."""
        refs = [self.article(i) for i in set(iris)]
        refs.sort(key=lambda a: a.iri)
        refs.sort(key=lambda a: a.date.toordinal() if a.date else 0, reverse=True)
        return tuple(refs)

    def type_of(self, iri: str) -> str | None:
        node = self.graph.nodes.get(iri)
        return None if node is None else node.get("type")

    # -- inputs ------------------------------------------------------------------------------
    def resolve(self, ref: str) -> str:
        """A node from its IRI, its id (``person/joe-biden``) or an unambiguous label: the
        whole label of an entity or fact (case and accents ignored), else part of an entity's
        label ("Dubois")."""
        text = ref.strip()
        if text in self.graph:
            return text
        if text and not text.startswith(("http://", "https://", "urn:")):
            iri = f"{KGR}{text.lstrip('/')}"
            if iri in self.graph:
                return iri
        labels: dict[str, list[str]] = self.memo("labels", self._label_index)
        wanted = fold(text)
        found = labels.get(wanted, [])
        entities = [n for n in found if self.type_of(n) in ENTITY_CLASSES]
        found = entities or found
        if not found and len(wanted) >= 3:  # part of an entity's name ("Biden")
            found = sorted(
                {n for key, ns in labels.items() if wanted in key for n in ns} & self.entity_nodes()
            )
        if len(found) == 1:
            return found[0]
        if not found:
            raise NotFoundError(
                f"no entity {ref!r} in the graph; give its IRI, its id (e.g. person/joe-biden) "
                "or its label (`kg query entities` lists them)"
            )
        shown = ", ".join(f"{self.entity(n).label} ({node_id(n)})" for n in found[:5])
        more = f" and {len(found) - 5} more" if len(found) > 5 else ""
        raise QueryError(f"{ref!r} matches {len(found)} entities: {shown}{more}; give the id")

    def entity_nodes(self) -> frozenset[str]:
        """The nodes of entity classes (Person, Organization, Country, Place)."""
        nodes = self.graph.nodes(data="type")
        entities: frozenset[str] = self.memo(
            "entity_nodes", lambda: frozenset(n for n, cls in nodes if cls in ENTITY_CLASSES)
        )
        return entities

    def _label_index(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = defaultdict(list)
        for node, label in sorted(self.graph.nodes(data="label")):
            index[fold(str(label))].append(node)
        return dict(index)

    def scope(
        self,
        classes: Iterable[str] | None,
        articles: Iterable[str] | None,
        since: date | str | None,
        until: date | str | None,
        *,
        default: Iterable[str] = ENTITY_CLASSES,
    ) -> Scope:
        """Check and expand the filters every analysis takes."""
        chosen = _classes(classes, default)
        start, end = parse_date(since, "since"), parse_date(until, "until")
        if start and end and start > end:
            raise QueryError(f"since={start} is after until={end}")
        allowed: set[str] | None = None
        if articles is not None:
            allowed = {self.resolve_article(a) for a in articles}
        if start or end:
            if not self.articles:
                raise QueryError(
                    "date filters need the articles' dates: pass the KnowledgeGraph, "
                    "not a bare networkx graph"
                )
            dated = {
                iri
                for iri, a in self.articles.items()
                if a.date and (start is None or a.date >= start) and (end is None or a.date <= end)
            }
            allowed = dated if allowed is None else allowed & dated
        return Scope(chosen, None if allowed is None else frozenset(allowed))

    def resolve_article(self, ref: str) -> str:
        text = ref.strip()
        index: dict[str, list[str]] = self.memo("article_index", self._article_index)
        found = index.get(text) or index.get(fold(text), [])
        if len(found) == 1:
            return found[0]
        if not found:
            raise NotFoundError(
                f"no article {ref!r} in the graph; give its IRI or id (`kg stats`, GET /articles)"
            )
        raise QueryError(f"{ref!r} names {len(found)} articles; give the article IRI")

    def _article_index(self) -> dict[str, list[str]]:
        iris = set(self.articles) | {a for _, _, a in self.graph.edges(data="article")}
        index: dict[str, set[str]] = defaultdict(set)
        for iri in iris:
            index[iri].add(iri)
            index[local_name(iri)].add(iri)
            title = self.articles[iri].title if iri in self.articles else None
            if title:
                index[fold(title)].add(iri)
        return {k: sorted(v) for k, v in index.items()}

    # -- derived graphs ----------------------------------------------------------------------
    def relations(self, scope: Scope) -> nx.Graph:
        """The undirected simple graph of the statements in ``scope``'s articles: ``weight`` is
        how many statements (predicate, article) link two nodes. Every node when no article
        filter is given; else only the nodes those articles relate."""
        if scope.articles is None:
            return self.memo("relations", lambda: _collapse(self.graph, None))
        return _collapse(self.graph, scope.articles)

    def edge_articles(self, u: str, v: str, scope: Scope) -> set[str]:
        found = set()
        for a, b in ((u, v), (v, u)):
            for data in (self.graph.get_edge_data(a, b) or {}).values():
                if scope.keeps(data["article"]):
                    found.add(data["article"])
        return found


def _collapse(graph: nx.MultiDiGraph, articles: frozenset[str] | None) -> nx.Graph:
    simple = nx.Graph()
    if articles is None:
        simple.add_nodes_from(graph.nodes(data=True))
    for u, v, article in graph.edges(data="article"):
        if u == v or (articles is not None and article not in articles):
            continue
        data = simple.get_edge_data(u, v)
        if data is None:
            simple.add_edge(u, v, weight=1)
        else:
            data["weight"] += 1
    if articles is not None:
        for node in simple:
            simple.nodes[node].update(graph.nodes[node])
    return simple


def _classes(classes: Iterable[str] | None, default: Iterable[str]) -> frozenset[str]:
    if classes is None:
        return frozenset(default)
    known = {c.casefold(): c for c in (*ENTITY_CLASSES, *FACT_CLASSES, *CLASS_GROUPS)}
    chosen: set[str] = set()
    for name in classes:
        for part in str(name).split(","):
            if not part.strip():
                continue
            cls = known.get(part.strip().casefold())
            if cls is None:
                names = ", ".join((*ENTITY_CLASSES, *FACT_CLASSES, *CLASS_GROUPS))
                raise QueryError(f"unknown class {part.strip()!r}; use one of {names}")
            chosen.update(CLASS_GROUPS.get(cls, (cls,)))
    return frozenset(chosen) if chosen else frozenset(default)


# -- the cache --------------------------------------------------------------------------------
_cache: weakref.WeakKeyDictionary[Any, Projection] = weakref.WeakKeyDictionary()
_locks: weakref.WeakKeyDictionary[Any, threading.Lock] = weakref.WeakKeyDictionary()
_guard = threading.Lock()


def projection(graph: KnowledgeGraph) -> Projection:
    """The projection of ``graph``'s store, built once per store state (see the module doc)."""
    store = graph.store
    token = state_token(store)
    try:
        with _guard:
            lock = _locks.setdefault(store, threading.Lock())
    except TypeError:  # a store that cannot be weakly referenced is not cached
        return build(graph, token)
    with lock:
        cached = _cache.get(store)
        if cached is not None and cached.token == token:
            return cached
        built = build(graph, token)
        _cache[store] = built
        return built


def build(graph: KnowledgeGraph, token: object = None) -> Projection:
    """Build a projection (uncached): :meth:`KnowledgeGraph.to_networkx` plus article data."""
    articles: dict[str, ArticleRef] = {}
    for row in select(graph.store, _ARTICLES):
        iri = str(row["article"])
        title, day = row.get("title"), row.get("date")
        previous = articles.get(iri)
        articles[iri] = ArticleRef(
            iri,
            local_name(iri),
            str(title) if title is not None else (previous.title if previous else None),
            literal_date(day) or (previous.date if previous else None),
        )
    nxg = nx.freeze(graph.to_networkx())
    store = graph.store
    try:
        ref: Callable[[], Store | None] = weakref.ref(store)
    except TypeError:
        ref = lambda: store  # noqa: E731 - such a store is never cached, so this cannot leak
    return Projection(nxg, articles, token, ref)


def literal_date(term: object) -> date | None:
    if not isinstance(term, Literal):
        return None
    value = term.toPython()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(term)[:10])
    except ValueError:
        return None


#: What every analysis accepts.
Source: TypeAlias = "KnowledgeGraph | Projection | nx.MultiDiGraph"


def as_projection(source: Source) -> Projection:
    """What every analysis accepts: a KnowledgeGraph (cached projection), a Projection, or a
    bare networkx graph such as :meth:`KnowledgeGraph.to_networkx` returns."""
    if isinstance(source, Projection):
        return source
    if isinstance(source, nx.MultiDiGraph):
        return Projection.of(source)
    if hasattr(source, "store") and hasattr(source, "to_networkx"):
        return projection(source)
    raise TypeError(f"expected a KnowledgeGraph, a Projection or a networkx graph, not {source!r}")
