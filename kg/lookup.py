"""Read-only look-ups over a :class:`~kg.KnowledgeGraph`: entity search and detail,
neighbourhoods, articles and statistics, as frozen dataclasses (the REST API's data layer).

Every query binds its inputs as variables (``store.query(text, {"e": iri})``); a bound variable
is always projected (and grouped) and occurs in a triple pattern, so it works whether the store
substitutes it or joins it as ``VALUES``. Text matching (accents, case) happens in Python.

>>> normalise("Fernández de Cossío")
'fernandez de cossio'
>>> node_id("https://w3id.org/newskg/id/person/joe-biden")
'person/joe-biden'
"""

from __future__ import annotations

import threading
import unicodedata
import weakref
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Identifier

from .errors import KGError, QueryError
from .queries import to_term
from .rdf import vocab as kg
from .rdf.mapping import SKOS
from .resources import ontology_path
from .store import SelectResult

if TYPE_CHECKING:
    from .graph import KnowledgeGraph
    from .store.base import Row

_PREFIXES = """PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX time: <http://www.w3.org/2006/time#>
"""
#: Predicates that say what a node is or where it was read, not how it relates to others.
META = frozenset(
    str(p)
    for p in (
        RDF.type,
        RDFS.label,
        SKOS.altLabel,
        OWL.sameAs,
        kg.evidence,
        kg.mentionedIn,
        kg.inArticle,
        kg.inSentence,
    )
)
_MENTION = """?e kg:evidence ?m . ?m kg:inArticle ?article ; nif:beginIndex ?start ; nif:endIndex ?end .
  OPTIONAL { ?m nif:anchorOf ?anchor }
  OPTIONAL { ?article kg:title ?title }
  OPTIONAL { ?m kg:inSentence ?sentence .
             ?sentence nif:beginIndex ?sstart ; nif:endIndex ?send ; nif:anchorOf ?stext }"""


# -- terms and text -------------------------------------------------------------------------------
def normalise(text: str) -> str:
    """Case- and accent-insensitive form: NFKD, combining marks dropped, casefolded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def node_id(iri: str) -> str:
    """The IRI path after ``https://w3id.org/newskg/id/``; other IRIs are returned whole."""
    return iri[len(kg.KGR) :] if iri.startswith(str(kg.KGR)) else iri


def node_iri(ref: str) -> str | None:
    """The IRI an id or full IRI names, or ``None`` when it cannot be an IRI."""
    try:
        return str(to_term(ref, "iri"))
    except QueryError:
        return None


def article_id(iri: str) -> str:
    """What :meth:`KnowledgeGraph.resolve_article` accepts: the last path part of the IRI."""
    return iri.rsplit("/", 1)[-1]


def local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


def _pick(values: Iterable[str]) -> str | None:
    """One deterministic value: mixed case is preferred to ALL CAPS, then the smallest."""
    return min(values, key=lambda v: (v.isupper(), v), default=None)


def _sort_key(label: str, iri: str) -> tuple[str, str, str]:
    return (normalise(label), label, iri)


def _str(term: Identifier | None) -> str | None:
    return None if term is None else str(term)


def _date(text: str | None) -> date | None:
    """An ``xsd:date`` lexical form as a date (a time zone, if any, is dropped)."""
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _int(term: Identifier | None) -> int | None:
    return None if term is None else int(str(term))


# -- the ontology -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Vocabulary:
    """What ``ontology/kg.ttl`` says: kg classes with their subclasses, and term labels."""

    classes: dict[str, frozenset[str]]  # local name → IRIs of the class and its subclasses
    labels: dict[str, str]  # term IRI → rdfs:label

    def expand(self, name: str) -> frozenset[str]:
        return self.classes[name]

    @property
    def node_classes(self) -> frozenset[str]:
        """Entities and facts: the things that have labels and relations."""
        return self.classes["Entity"] | self.classes["Fact"]

    @property
    def searchable(self) -> tuple[str, ...]:
        """Class names ``GET /entities?type=`` accepts."""
        return tuple(sorted(local_name(c) for c in self.node_classes))

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or local_name(iri)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    onto = Graph().parse(ontology_path())
    ns = str(kg.KG)
    classes = {str(c) for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(ns)}
    children: dict[str, set[str]] = defaultdict(set)
    for cls in classes:
        for parent in onto.objects(URIRef(cls), RDFS.subClassOf):
            if str(parent) in classes:
                children[str(parent)].add(cls)

    def below(cls: str) -> frozenset[str]:
        found = {cls}
        for child in children[cls]:
            found |= below(child)
        return frozenset(found)

    labels = {
        str(s): str(o)
        for s, o in onto.subject_objects(RDFS.label)
        if isinstance(s, URIRef) and str(s).startswith(ns)
    }
    return Vocabulary({local_name(c): below(c) for c in classes}, labels)


def _types(iris: Iterable[str]) -> tuple[str, ...]:
    """kg classes by local name, most specific first (Country before Place), then by name."""
    voc, given = vocabulary(), set(iris)
    ours = {i for i in given if i.startswith(str(kg.KG))}
    return tuple(
        sorted((local_name(i) for i in ours), key=lambda n: (-_depth(voc, n), n))
        + sorted(given - ours)
    )


def _depth(voc: Vocabulary, name: str) -> int:
    return sum(1 for members in voc.classes.values() if str(kg.KG[name]) in members)


# -- results --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Node:
    """An entity or fact: id (IRI after ``…/id/``), IRI, preferred label and kg classes."""

    id: str
    iri: str
    label: str
    types: tuple[str, ...]

    @property
    def type(self) -> str | None:
        return self.types[0] if self.types else None


@dataclass(frozen=True)
class EntityHit(Node):
    alt_labels: tuple[str, ...]
    articles: int


@dataclass(frozen=True)
class ArticleRef:
    id: str
    iri: str
    title: str | None


@dataclass(frozen=True)
class Sentence:
    iri: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A span of an article's text: ``article.text[start:end] == text``."""

    iri: str
    article: ArticleRef
    start: int
    end: int
    text: str | None
    sentence: Sentence | None


@dataclass(frozen=True)
class Relation:
    predicate: str
    predicate_label: str
    node: Node
    articles: tuple[str, ...]  # article ids that state it


@dataclass(frozen=True)
class EntityDetail(Node):
    labels: tuple[str, ...]
    alt_labels: tuple[str, ...]
    same_as: tuple[str, ...]
    attributes: dict[str, tuple[str, ...]]  # literal-valued properties by local name
    articles: tuple[ArticleRef, ...]
    outgoing: tuple[Relation, ...]
    incoming: tuple[Relation, ...]
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class GraphNode(Node):
    distance: int  # hops from the start node


@dataclass(frozen=True)
class Edge:
    source: str  # node ids
    target: str
    predicate: str
    label: str


@dataclass(frozen=True)
class Subgraph:
    nodes: tuple[GraphNode, ...]
    edges: tuple[Edge, ...]
    truncated: bool  # max_nodes was reached


@dataclass(frozen=True)
class ArticleSummary:
    id: str
    iri: str
    title: str | None
    date: date | None
    url: str | None
    source: str | None
    file_name: str | None
    content_hash: str | None
    counts: dict[str, int]


@dataclass(frozen=True)
class ArticleDetail(ArticleSummary):
    text: str | None
    entities: tuple[Node, ...]
    facts: dict[str, tuple[Node, ...]]  # by class name


@dataclass(frozen=True)
class Statistic:
    id: str
    iri: str
    label: str
    value: float | None
    bound: str | None
    unit: str | None
    counted: str | None
    population: str | None
    about: Node | None
    place: Node | None
    source: Node | None
    period_text: str | None
    period_start: date | None
    period_end: date | None
    evidence: tuple[Mention, ...]


# -- queries --------------------------------------------------------------------------------------
def _select(graph: KnowledgeGraph, sparql: str, **bindings: Identifier) -> list[Row]:
    result = graph.store.query(_PREFIXES + sparql, bindings or None)
    if not isinstance(result, SelectResult):
        raise KGError("internal error: a look-up query did not return solutions")
    return result.rows


class _Nodes:
    """Collects labels and types of nodes over query rows, then builds :class:`Node` objects."""

    def __init__(self) -> None:
        self.labels: dict[str, set[str]] = defaultdict(set)
        self.types: dict[str, set[str]] = defaultdict(set)

    def add(self, iri: str, label: Identifier | None, type: Identifier | None) -> None:
        labels = self.labels.setdefault(iri, set())
        if label is not None:
            labels.add(str(label))
        if type is not None:
            self.types[iri].add(str(type))

    def node(self, iri: str) -> Node:
        return Node(
            node_id(iri), iri, _pick(self.labels[iri]) or node_id(iri), _types(self.types[iri])
        )


@dataclass(frozen=True)
class _Indexed:
    hit: EntityHit
    names: tuple[str, ...]  # normalised label and alternative labels


_INDEX: weakref.WeakKeyDictionary[object, dict[str, tuple[int, list[_Indexed]]]] = (
    weakref.WeakKeyDictionary()
)
_INDEX_LOCK = threading.Lock()


_BUILDING: weakref.WeakKeyDictionary[object, dict[str, threading.Lock]] = (
    weakref.WeakKeyDictionary()
)


def _entity_index(graph: KnowledgeGraph, cls: str) -> list[_Indexed]:
    """Every entity of ``cls`` with its normalised names, sorted; cached per store content
    (:attr:`Store.generation`), so a search is a scan of this list, not three queries a class.

    One thread rebuilds an out-of-date index at a time; while it does, other searches get the
    previous index at once (stale by at most one rebuild) instead of queueing or rebuilding too.
    """
    generation = getattr(graph.store, "generation", None)
    if generation is None:
        return _build_index(graph, cls)
    with _INDEX_LOCK:
        cached = _INDEX.get(graph.store, {}).get(cls)
        building = _BUILDING.setdefault(graph.store, {}).setdefault(cls, threading.Lock())
    if cached is not None and cached[0] == generation:
        return cached[1]
    if not building.acquire(blocking=cached is None):
        assert cached is not None
        return cached[1]  # another thread is rebuilding it
    try:
        with _INDEX_LOCK:
            latest = _INDEX.get(graph.store, {}).get(cls)
        generation = getattr(graph.store, "generation", None)
        if latest is not None and latest[0] == generation:
            return latest[1]
        index = _build_index(graph, cls)
        with _INDEX_LOCK:
            _INDEX.setdefault(graph.store, {})[cls] = (generation or 0, index)
        return index
    finally:
        building.release()


def _build_index(graph: KnowledgeGraph, cls: str) -> list[_Indexed]:
    nodes = _Nodes()
    alts: dict[str, set[str]] = defaultdict(set)
    articles: dict[str, set[str]] = defaultdict(set)
    for c in sorted(vocabulary().expand(cls)):
        t = URIRef(c)
        for row in _select(
            graph, "SELECT ?type ?e ?label WHERE { ?e a ?type ; rdfs:label ?label }", type=t
        ):
            nodes.add(str(row["e"]), row["label"], t)
        for row in _select(
            graph, "SELECT ?type ?e ?alt WHERE { ?e a ?type ; skos:altLabel ?alt }", type=t
        ):
            alts[str(row["e"])].add(str(row["alt"]))
        for row in _select(
            graph,
            """SELECT DISTINCT ?type ?e ?article WHERE { ?e a ?type .
               { ?e kg:mentionedIn ?article } UNION { ?e kg:evidence/kg:inArticle ?article } }""",
            type=t,
        ):
            articles[str(row["e"])].add(str(row["article"]))
    index = []
    for iri in nodes.labels:
        node = nodes.node(iri)
        hit = EntityHit(
            **vars(node), alt_labels=tuple(sorted(alts[iri])), articles=len(articles[iri])
        )
        names = tuple(normalise(n) for n in sorted(nodes.labels[iri] | alts[iri]))
        index.append(_Indexed(hit, names))
    index.sort(key=lambda e: _sort_key(e.hit.label, e.hit.iri))
    return index


def search_entities(
    graph: KnowledgeGraph, q: str | None = None, cls: str = "Entity"
) -> list[EntityHit]:
    """Entities (or facts) of class ``cls`` or a subclass whose label or alternative label
    contains ``q`` (case- and accent-insensitive), sorted by label then IRI."""
    wanted = normalise(q) if q else ""
    return [
        e.hit
        for e in _entity_index(graph, cls)
        if not wanted or any(wanted in name for name in e.names)
    ]


def _mentions(rows: Iterable[Row]) -> list[Mention]:
    found = {}
    for row in rows:
        article = str(row["article"])
        sentence = None
        if row.get("sentence") is not None:
            sentence = Sentence(
                str(row["sentence"]),
                int(str(row["sstart"])),
                int(str(row["send"])),
                str(row["stext"]),
            )
        found[str(row["m"])] = Mention(
            iri=str(row["m"]),
            article=ArticleRef(article_id(article), article, _str(row.get("title"))),
            start=int(str(row["start"])),
            end=int(str(row["end"])),
            text=_str(row.get("anchor")),
            sentence=sentence,
        )
    return sorted(found.values(), key=lambda m: (m.article.iri, m.start, m.end, m.iri))


def _relations(found: dict[tuple[str, str], set[str]], nodes: _Nodes) -> tuple[Relation, ...]:
    voc = vocabulary()
    relations = [
        Relation(p, voc.label(p), nodes.node(other), tuple(sorted(article_id(g) for g in graphs)))
        for (p, other), graphs in found.items()
    ]
    return tuple(
        sorted(relations, key=lambda r: (r.predicate_label, *_sort_key(r.node.label, r.node.iri)))
    )


def entity_detail(graph: KnowledgeGraph, iri: str) -> EntityDetail | None:
    """Everything the graph says about one node; ``None`` when it has no type in the store."""
    e = URIRef(iri)
    rows = _select(
        graph,
        """SELECT ?e ?p ?o ?g ?olabel ?otype WHERE { GRAPH ?g { ?e ?p ?o }
           OPTIONAL { ?o rdfs:label ?olabel } OPTIONAL { ?o a ?otype } }""",
        e=e,
    )
    if not any(str(r["p"]) == str(RDF.type) for r in rows):
        return None
    values: dict[str, set[str]] = defaultdict(set)
    attributes: dict[str, set[str]] = defaultdict(set)
    outgoing: dict[tuple[str, str], set[str]] = defaultdict(set)
    nodes = _Nodes()
    for row in rows:
        p, o = str(row["p"]), row["o"]
        if p in META:
            values[p].add(str(o))
        elif isinstance(o, Literal):
            attributes[local_name(p)].add(str(o))
        else:
            outgoing[(p, str(o))].add(str(row["g"]))
            nodes.add(str(o), row["olabel"], row["otype"])
    incoming: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in _select(
        graph,
        """SELECT ?e ?s ?p ?g ?slabel ?stype WHERE { GRAPH ?g { ?s ?p ?e }
           OPTIONAL { ?s rdfs:label ?slabel } OPTIONAL { ?s a ?stype } }""",
        e=e,
    ):
        if str(row["p"]) not in META:
            incoming[(str(row["p"]), str(row["s"]))].add(str(row["g"]))
            nodes.add(str(row["s"]), row["slabel"], row["stype"])
    titles = {
        str(r["article"]): str(r["title"])
        for r in _select(
            graph,
            "SELECT ?e ?article ?title WHERE { ?e kg:mentionedIn ?article . ?article kg:title ?title }",
            e=e,
        )
    }
    labels = values[str(RDFS.label)]
    return EntityDetail(
        id=node_id(iri),
        iri=iri,
        label=_pick(labels) or node_id(iri),
        types=_types(values[str(RDF.type)]),
        labels=tuple(sorted(labels)),
        alt_labels=tuple(sorted(values[str(SKOS.altLabel)])),
        same_as=tuple(sorted(values[str(OWL.sameAs)])),
        attributes={k: tuple(sorted(v)) for k, v in sorted(attributes.items())},
        articles=tuple(
            ArticleRef(article_id(a), a, titles.get(a)) for a in sorted(values[str(kg.mentionedIn)])
        ),
        outgoing=_relations(outgoing, nodes),
        incoming=_relations(incoming, nodes),
        mentions=tuple(_mentions(_select(graph, f"SELECT * WHERE {{ {_MENTION} }}", e=e))),
    )


def neighbourhood(
    graph: KnowledgeGraph, iri: str, depth: int, max_nodes: int = 200
) -> Subgraph | None:
    """The entities and facts within ``depth`` relations of a node (either direction), with
    the relations followed; ``None`` when the node has no type in the store."""
    voc = vocabulary()
    wanted = voc.node_classes
    start = _Nodes()
    for row in _select(
        graph,
        "SELECT ?e ?type ?label WHERE { ?e a ?type OPTIONAL { ?e rdfs:label ?label } }",
        e=URIRef(iri),
    ):
        start.add(iri, row["label"], row["type"])
    if iri not in start.labels:
        return None
    nodes: dict[str, GraphNode] = {iri: GraphNode(**vars(start.node(iri)), distance=0)}
    edges: set[tuple[str, str, str]] = set()
    frontier, truncated = [iri], False
    for distance in range(1, depth + 1):
        following: list[str] = []
        for current in frontier:
            found = _Nodes()
            steps: set[tuple[str, str, str, str]] = set()  # (source, predicate, target, other)
            for row in _select(
                graph,
                """SELECT DISTINCT ?node ?p ?other ?out ?label ?type WHERE {
                     { ?node ?p ?other . BIND(true AS ?out) } UNION { ?other ?p ?node . BIND(false AS ?out) }
                     ?other a ?type . OPTIONAL { ?other rdfs:label ?label } }""",
                node=URIRef(current),
            ):
                p, other = str(row["p"]), str(row["other"])
                if p in META or other == current:
                    continue
                found.add(other, row["label"], row["type"])
                out = str(row["out"]) == "true"
                steps.add((current, p, other, other) if out else (other, p, current, other))
            for source, p, target, other in sorted(steps):
                if not found.types[other] & wanted:
                    continue
                if other not in nodes:
                    if len(nodes) >= max_nodes:
                        truncated = True
                        continue
                    nodes[other] = GraphNode(**vars(found.node(other)), distance=distance)
                    following.append(other)
                edges.add((source, p, target))
        frontier = following
    return Subgraph(
        nodes=tuple(sorted(nodes.values(), key=lambda n: _sort_key(n.label, n.iri))),
        edges=tuple(
            Edge(node_id(s), node_id(o), p, voc.label(p))
            for s, p, o in sorted(edges, key=lambda e: (node_id(e[0]), e[1], node_id(e[2])))
        ),
        truncated=truncated,
    )


# -- articles -------------------------------------------------------------------------------------
_ARTICLE = """SELECT ?article ?title ?date ?url ?source ?file ?hash WHERE { ?article a kg:Article .
  OPTIONAL { ?article kg:title ?title } OPTIONAL { ?article kg:published ?date }
  OPTIONAL { ?article kg:url ?url } OPTIONAL { ?article kg:sourceName ?source }
  OPTIONAL { ?article kg:fileName ?file } OPTIONAL { ?article kg:contentHash ?hash } }"""


def list_articles(graph: KnowledgeGraph) -> list[ArticleSummary]:
    """Every article with its metadata (no counts), sorted by title then IRI."""
    return sorted(
        _summaries(_select(graph, _ARTICLE)), key=lambda a: _sort_key(a.title or "", a.iri)
    )


def _summaries(rows: Iterable[Row]) -> list[ArticleSummary]:
    fields: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        for name, term in row.items():
            if term is not None:
                fields[str(row["article"])][name].add(str(term))
    out = []
    for iri, f in fields.items():
        out.append(
            ArticleSummary(
                id=article_id(iri),
                iri=iri,
                title=_pick(f["title"]),
                date=_date(_pick(f["date"])),
                url=_pick(f["url"]),
                source=_pick(f["source"]),
                file_name=_pick(f["file"]),
                content_hash=_pick(f["hash"]),
                counts={},
            )
        )
    return out


def article_counts(graph: KnowledgeGraph, iri: str) -> dict[str, int]:
    """Nodes per kg class in one article's graph (entities, facts, mentions, sentences) and
    its number of triples."""
    g = URIRef(iri)
    abstract = {str(kg.Entity), str(kg.Fact)}
    classes = sorted(local_name(c) for c in vocabulary().node_classes - abstract)
    counts = dict.fromkeys([*classes, "Mention", "Sentence"], 0)
    for row in _select(
        graph,
        "SELECT ?g ?type (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?type } } GROUP BY ?g ?type",
        g=g,
    ):
        name = local_name(str(row["type"]))
        if name in counts:
            counts[name] = _int(row["n"]) or 0
    rows = _select(
        graph, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", g=g
    )
    counts["triples"] = (_int(rows[0]["n"]) or 0) if rows else 0
    return counts


def article_summaries(
    graph: KnowledgeGraph, articles: Iterable[ArticleSummary]
) -> list[ArticleSummary]:
    """The same summaries with their :func:`article_counts` filled in."""
    return [ArticleSummary(**{**vars(a), "counts": article_counts(graph, a.iri)}) for a in articles]


def article_detail(graph: KnowledgeGraph, iri: str) -> ArticleDetail | None:
    """An article's metadata, text, counts and the entities and facts read from it."""
    a = URIRef(iri)
    summaries = _summaries(_select(graph, _ARTICLE, article=a))
    if not summaries:
        return None
    voc = vocabulary()
    nodes = _Nodes()
    for row in _select(
        graph,
        "SELECT ?g ?s ?type ?label WHERE { GRAPH ?g { ?s a ?type OPTIONAL { ?s rdfs:label ?label } } }",
        g=a,
    ):
        if str(row["type"]) in voc.node_classes:
            nodes.add(str(row["s"]), row["label"], row["type"])
    entities, facts = [], defaultdict(list)
    for node_iri_ in nodes.labels:
        node = nodes.node(node_iri_)
        if nodes.types[node_iri_] & voc.expand("Entity"):
            entities.append(node)
        elif node.type:
            facts[node.type].append(node)
    text = _select(graph, "SELECT ?article ?text WHERE { ?article kg:text ?text }", article=a)
    return ArticleDetail(
        **{**vars(summaries[0]), "counts": article_counts(graph, iri)},
        text=_str(text[0]["text"]) if text else None,
        entities=tuple(sorted(entities, key=lambda n: _sort_key(n.label, n.iri))),
        facts={
            k: tuple(sorted(v, key=lambda n: _sort_key(n.label, n.iri)))
            for k, v in sorted(facts.items())
        },
    )


# -- statistics -----------------------------------------------------------------------------------
def statistics(
    graph: KnowledgeGraph,
    *,
    about: str | None = None,
    source: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[Statistic]:
    """Statistics with their period and provenance, sorted by label then IRI.

    ``about``: text in what was counted, the label, the population or the label of what it is
    about (case- and accent-insensitive); ``source``: text in the source's label, or its IRI or
    id; ``start``/``end``: keep statistics whose period overlaps ``[start, end]`` (those
    without a resolved period are dropped when either is given).
    """
    fields: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in _select(
        graph,
        """SELECT ?e ?label ?value ?bound ?unit ?counted ?population ?about ?place ?source
                  ?periodText ?pstart ?pend WHERE { ?e a kg:Statistic .
             OPTIONAL { ?e rdfs:label ?label } OPTIONAL { ?e kg:value ?value }
             OPTIONAL { ?e kg:bound ?bound } OPTIONAL { ?e kg:unit ?unit }
             OPTIONAL { ?e kg:counted ?counted } OPTIONAL { ?e kg:population ?population }
             OPTIONAL { ?e kg:about ?about } OPTIONAL { ?e kg:place ?place }
             OPTIONAL { ?e kg:source ?source } OPTIONAL { ?e kg:periodText ?periodText }
             OPTIONAL { ?e kg:period ?i . ?i time:hasBeginning/time:inXSDDate ?pstart ;
                                             time:hasEnd/time:inXSDDate ?pend } }""",
    ):
        for name, term in row.items():
            if term is not None:
                fields[str(row["e"])][name].add(str(term))
    refs = _Nodes()
    for row in _select(
        graph,
        """SELECT DISTINCT ?x ?label ?type WHERE { ?e a kg:Statistic ; kg:about|kg:place|kg:source ?x .
           ?x a ?type OPTIONAL { ?x rdfs:label ?label } }""",
    ):
        refs.add(str(row["x"]), row["label"], row["type"])
    evidence: dict[str, list[Row]] = defaultdict(list)
    for row in _select(graph, f"SELECT * WHERE {{ ?e a kg:Statistic . {_MENTION} }}"):
        evidence[str(row["e"])].append(row)

    def ref(values: set[str]) -> Node | None:
        chosen = min(values, default=None)
        return refs.node(chosen) if chosen else None

    found = []
    for iri, f in fields.items():
        value = _pick(f["value"])
        found.append(
            Statistic(
                id=node_id(iri),
                iri=iri,
                label=_pick(f["label"]) or node_id(iri),
                value=float(value) if value is not None else None,
                bound=_pick(f["bound"]),
                unit=_pick(f["unit"]),
                counted=_pick(f["counted"]),
                population=_pick(f["population"]),
                about=ref(f["about"]),
                place=ref(f["place"]),
                source=ref(f["source"]),
                period_text=_pick(f["periodText"]),
                period_start=_date(_pick(f["pstart"])),
                period_end=_date(_pick(f["pend"])),
                evidence=tuple(_mentions(evidence[iri])),
            )
        )
    kept = [s for s in found if _matches(s, about, source, start, end)]
    return sorted(kept, key=lambda s: _sort_key(s.label, s.iri))


def _matches(
    stat: Statistic, about: str | None, source: str | None, start: date | None, end: date | None
) -> bool:
    if about:
        wanted = normalise(about)
        texts = [
            stat.counted,
            stat.label,
            stat.population,
            stat.about.label if stat.about else None,
        ]
        if not any(t and wanted in normalise(t) for t in texts):
            return False
    if source:
        if stat.source is None:
            return False
        s = stat.source
        if source not in (s.iri, s.id) and normalise(source) not in normalise(s.label):
            return False
    if start or end:
        if stat.period_start is None or stat.period_end is None:
            return False
        if (end and stat.period_start > end) or (start and stat.period_end < start):
            return False
    return True


__all__ = [
    "ArticleDetail",
    "ArticleRef",
    "ArticleSummary",
    "Edge",
    "EntityDetail",
    "EntityHit",
    "GraphNode",
    "Mention",
    "Node",
    "Relation",
    "Sentence",
    "Statistic",
    "Subgraph",
    "Vocabulary",
    "article_counts",
    "article_detail",
    "article_id",
    "article_summaries",
    "entity_detail",
    "list_articles",
    "neighbourhood",
    "node_id",
    "node_iri",
    "normalise",
    "search_entities",
    "statistics",
    "vocabulary",
]
