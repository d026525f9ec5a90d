"""The :class:`KnowledgeGraph` facade: ingest articles, query, export, project to networkx."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.term import Identifier

from .articles import DEFAULT_MAX_CHARS, Article, iter_articles, too_long, with_date
from .errors import InputError, KGError, NotFoundError, StoreError
from .ingest import DEFAULT_BATCH_SIZE, Extracted, article_name, doc_for, extract
from .nlp.items import ENTITY_CLASSES
from .queries import SavedQuery, load_query, saved_queries, to_term
from .rdf import vocab as kg
from .rdf.mapping import PREFIXES, article_iri, article_triples
from .store import EmbeddedStore, QueryResult, SelectResult, Store, open_store
from .transfer import DATASET_FORMATS, ImportReport, dataset_format, read_dataset, write_dataset

#: articles gathered into one write of the embedded store by :meth:`KnowledgeGraph.ingest`
WRITE_ARTICLES = 128
#: … or fewer, once the first of them has waited this long (seconds)
WRITE_SECONDS = 10.0

if TYPE_CHECKING:
    import networkx as nx
    from spacy.language import Language

EXPORT_FORMATS = {
    "turtle": "turtle",
    "ttl": "turtle",
    "nt": "nt",
    "ntriples": "nt",
    "jsonld": "json-ld",
    "json-ld": "json-ld",
    "trig": "trig",
    "nquads": "nquads",
}
_ENTITY_CLASSES = tuple(kg.KG[name] for name in ENTITY_CLASSES)
_FACT_CLASSES = (kg.Event, kg.Agreement, kg.Policy, kg.Statistic, kg.Quotation, kg.Role)
#: counted by stats() but not nodes of the networkx projection: a relation statement's direct
#: triple is its edge, a time expression links to no entity, and actions (one per verb) would
#: outnumber the entities
_STATEMENT_CLASSES = (kg.RelationStatement, kg.TimeExpression, kg.Action)
_NOT_EDGES = {str(RDF.type), str(RDFS.label), str(kg.mentionedIn), str(kg.evidence)}


@dataclass
class IngestReport:
    """What one ingest run did."""

    ingested: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    triples: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed


class KnowledgeGraph:
    """A news knowledge graph over a :class:`~kg.store.Store`.

    >>> graph = KnowledgeGraph.open()          # in memory
    >>> graph.stats()["Article"]
    0
    """

    def __init__(
        self, store: Store, *, nlp: Language | None = None, model: str | None = None
    ) -> None:
        self.store = store
        self._nlp = nlp
        self._model = model

    @classmethod
    def open(cls, path: str | Path | None = None, *, model: str | None = None) -> KnowledgeGraph:
        """Open the embedded store at ``path`` (created if needed); ``None`` keeps it in memory."""
        return cls(open_store(path), model=model)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- extraction ---------------------------------------------------------------------------
    @property
    def nlp(self) -> Language:
        """The spaCy pipeline, loaded on first use."""
        if self._nlp is None:
            from .nlp import load_nlp

            self._nlp = load_nlp(self._model)
        return self._nlp

    def analyse(self, article: Article) -> tuple[URIRef, list[tuple[Any, Any, Any]]]:
        """Run the pipeline on one article; return its graph IRI and triples (nothing stored)."""
        return article_triples(article, self.nlp(doc_for(self.nlp, article)))

    def ingest(
        self,
        sources: Article | str | Path | Iterable[Article | str | Path],
        *,
        date: date | None = None,
        force: bool = False,
        on_article: Callable[[str, str], None] | None = None,
        workers: int = 1,
        batch_size: int = DEFAULT_BATCH_SIZE,
        dask: str | None = None,
        max_chars: int | None = DEFAULT_MAX_CHARS,
        bulk: bool = False,
    ) -> IngestReport:
        """Extract and store articles: :class:`Article` objects, files or folders.

        Articles are read lazily and processed in batches (``nlp.pipe``), by ``workers``
        processes when more than one, or on a Dask cluster (``dask="tcp://host:8786"`` or
        ``"local:N"``); memory stays flat whatever the corpus size. Each batch is
        written at once, each article all or nothing. Articles already stored with the
        same content are skipped unless ``force``. Bad inputs are reported in
        :attr:`IngestReport.failed` and never stop the others. ``on_article(name, outcome)``
        is called after each article (outcome: ingested, unchanged or failed), once it is
        committed. Articles longer than ``max_chars`` characters fail with the limit named.

        ``bulk`` (embedded store): new articles go through pyoxigraph's bulk loader, about
        twice as fast, and each is still all or nothing across a crash (a commit marker; the
        next open drops a half-written article), but other threads reading this store during
        the ingest may see an article half written. ``kg ingest`` uses it: it holds the store
        alone. Articles that replace stored ones are always swapped in one transaction.
        """
        report = IngestReport()

        def notify(name: str, outcome: str) -> None:
            if on_article:
                on_article(name, outcome)

        seen: set[str] = set()

        def todo() -> Iterator[Article]:
            for item in self._articles(sources, date, max_chars):
                if isinstance(item, InputError):
                    report.failed.append((str(item).split(":")[0], str(item)))
                    notify(str(item), "failed")
                    continue
                name = article_name(item)
                iri = str(article_iri(item))
                try:
                    unchanged = iri in seen or (not force and self._unchanged(item, iri))
                except KGError as exc:
                    report.failed.append((name, f"{name}: {exc}"))
                    notify(name, "failed")
                    continue
                seen.add(iri)
                if unchanged:
                    report.unchanged.append(iri)
                    notify(name, "unchanged")
                    continue
                yield item

        batches = extract(
            todo(),
            nlp=lambda: self.nlp,
            model=self._model,
            workers=workers,
            batch_size=batch_size,
            dask=dask,
        )

        def finish(batch: list[Extracted], unwritten: dict[str, str]) -> None:
            for e in batch:
                error = e.error or unwritten.get(e.graph)
                if error is not None:
                    report.failed.append((e.name, error))
                    notify(e.name, "failed")
                else:
                    report.ingested.append(e.graph)
                    report.triples += e.count
                    notify(e.name, "ingested")

        if not isinstance(self.store, EmbeddedStore):
            for batch in batches:
                finish(batch, self._write(batch, bulk))
            return report
        # the embedded store writes in a thread while the next batches are extracted (pyoxigraph
        # lets go of the GIL); articles are reported once committed. Batches are gathered into
        # writes of WRITE_ARTICLES articles, or fewer once WRITE_SECONDS have passed: the bulk
        # loader spends ~20 % less CPU per triple on 128 articles than on 32 and leaves fewer
        # files for the store to merge, and a slow stream still commits steadily.
        with ThreadPoolExecutor(1, thread_name_prefix="kg-writer") as writer:
            writing: tuple[list[Extracted], Future[dict[str, str]]] | None = None
            gathered: list[Extracted] = []
            started = 0.0
            for batch in batches:
                if writing is not None and writing[1].done():  # report it without waiting
                    finish(writing[0], writing[1].result())
                    writing = None
                if not gathered:
                    started = time.monotonic()
                gathered.extend(batch)
                if len(gathered) < WRITE_ARTICLES and time.monotonic() - started < WRITE_SECONDS:
                    continue
                if writing is not None:
                    finish(writing[0], writing[1].result())
                writing = (gathered, writer.submit(self._write, gathered, bulk))
                gathered = []
            if writing is not None:
                finish(writing[0], writing[1].result())
            if gathered:
                finish(gathered, self._write(gathered, bulk))
        return report

    def _write(self, batch: list[Extracted], bulk: bool) -> dict[str, str]:
        """Store a batch's articles; why the ones the store refused were not written."""
        done = [e for e in batch if e.error is None and e.data is not None]
        if not done:
            return {}
        if not isinstance(self.store, EmbeddedStore):
            self.store.replace_graphs({e.graph: e.triples or [] for e in done})
            return {}
        try:
            self.store.add_graphs([e.data for e in done if e.data is not None], bulk=bulk)
        except StoreError as exc:  # invalid RDF, nothing of it written: find whose
            if len(done) == 1:
                return {done[0].graph: f"{done[0].name}: {exc}"}
            unwritten: dict[str, str] = {}
            for e in done:
                unwritten.update(self._write([e], bulk))
            return unwritten
        return {}

    def _articles(
        self,
        sources: Article | str | Path | Iterable[Article | str | Path],
        default: date | None,
        max_chars: int | None,
    ) -> Iterator[Article | InputError]:
        items: Iterable[Article | str | Path] = (
            [sources] if isinstance(sources, (Article, str, Path)) else sources
        )
        for item in items:
            if isinstance(item, Article):
                if max_chars is not None and len(item.text) > max_chars:
                    yield too_long(article_name(item), len(item.text), max_chars)
                else:
                    yield with_date(item, default)
            else:
                yield from iter_articles([item], default_date=default, max_chars=max_chars)

    def _unchanged(self, article: Article, iri: str) -> bool:
        return self.store.has_graph(iri) and self._stored_hash(URIRef(iri)) == article.content_hash

    def _stored_hash(self, iri: URIRef) -> str | None:
        result = self.store.query(
            f"SELECT ?h WHERE {{ GRAPH ?g {{ ?g <{kg.contentHash}> ?h }} }}", {"g": iri}
        )
        assert isinstance(result, SelectResult)
        return str(result.rows[0]["h"]) if result.rows else None

    # -- queries ------------------------------------------------------------------------------
    def query(self, sparql: str, **bindings: str | Identifier) -> QueryResult:
        """Run SPARQL; keyword arguments pre-bind variables (IRIs if they look like IRIs)."""
        terms = {k: v if isinstance(v, Identifier) else _guess_term(v) for k, v in bindings.items()}
        return self.store.query(sparql, terms)

    def saved_queries(self) -> dict[str, SavedQuery]:
        return saved_queries()

    def run(self, name: str, **params: str | Identifier) -> SelectResult:
        """Run a saved query (``queries/NAME.rq`` or a path) with its parameters bound."""
        saved = load_query(name)
        return saved.run(self.store, saved.bind(dict(params)))

    # -- articles -----------------------------------------------------------------------------
    def articles(self) -> list[dict[str, Any]]:
        result = self.store.query(
            """PREFIX kg: <https://w3id.org/newskg/ontology#>
            SELECT ?article ?title ?date ?file WHERE {
              ?article a kg:Article ; kg:title ?title .
              OPTIONAL { ?article kg:published ?date } OPTIONAL { ?article kg:fileName ?file }
            } ORDER BY ?title ?article"""
        )
        assert isinstance(result, SelectResult)
        return [{k: (str(v) if v is not None else None) for k, v in row.items()} for row in result]

    def resolve_article(self, ref: str) -> str:
        """An article's graph IRI from its IRI, its id (the last path part) or its file name."""
        graphs = self.store.graphs()
        if ref in graphs:
            return ref
        matches = [g for g in graphs if g.rsplit("/", 1)[-1] == ref]
        if not matches:
            matches = [a["article"] for a in self.articles() if ref in (a["file"], a["title"])]
        if len(matches) == 1:
            return str(matches[0])
        if not matches:
            raise NotFoundError(f"no article {ref!r} in the store; `kg stats` lists what is there")
        raise NotFoundError(f"{ref!r} matches {len(matches)} articles; give the article IRI")

    def delete(self, ref: str) -> str:
        """Remove an article's graph. Entities that only it mentioned go with it; the others
        keep what the remaining articles say about them."""
        iri = self.resolve_article(ref)
        self.store.drop_graph(iri)
        return iri

    def stats(self) -> dict[str, int]:
        """Counts per class (articles, entities by class, facts by class) and triples."""
        result = self.store.query(
            "SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type"
        )
        assert isinstance(result, SelectResult)
        counts = {str(r["type"]): int(str(r["n"])) for r in result}
        out = {"Article": counts.get(str(kg.Article), 0)}
        for cls in (*_ENTITY_CLASSES, *_FACT_CLASSES, *_STATEMENT_CLASSES):
            out[str(cls).rsplit("#", 1)[-1]] = counts.get(str(cls), 0)
        out["triples"] = len(self.store)
        return out

    # -- views and exports --------------------------------------------------------------------
    def dataset(self) -> Dataset:
        """An rdflib :class:`~rdflib.Dataset` over the store (live for the embedded store).

        Writing through it bypasses kg's caches: call ``graph.store.touched()`` afterwards."""
        if isinstance(self.store, EmbeddedStore):
            from oxrdflib import OxigraphStore

            return Dataset(store=OxigraphStore(store=self.store.raw))
        ds = Dataset()
        for s, p, o, g in self.store.quads():
            ds.add((s, p, o, URIRef(str(g))))  # type: ignore[arg-type]
        return ds

    def union_graph(self) -> Graph:
        """All article graphs merged into one rdflib :class:`~rdflib.Graph`."""
        graph = Graph()
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns)
        for s, p, o, _ in self.store.quads():
            graph.add((s, p, o))
        return graph

    def export(self, out: str | Path | IO[bytes], format: str = "turtle") -> None:
        """Write the graph: ``turtle``/``nt``/``jsonld`` (all articles merged, built in memory)
        or ``trig``/``nquads`` (one named graph per article, streamed graph by graph: use these
        for large stores). Output is sorted, so it is deterministic."""
        fmt = EXPORT_FORMATS.get(format.lower())
        if fmt is None:
            raise KGError(
                f"unknown export format {format!r}; use one of turtle, nt, jsonld, trig, nquads"
            )
        if fmt in DATASET_FORMATS:
            if isinstance(out, (str, Path)):
                with open(out, "wb") as handle:
                    write_dataset(self.store, handle, fmt)
            else:
                write_dataset(self.store, out, fmt)
            return
        data = self._serialise(fmt)
        if isinstance(out, (str, Path)):
            Path(out).write_bytes(data)
        else:
            out.write(data)

    def _serialise(self, fmt: str) -> bytes:
        graph = self.union_graph()
        if fmt == "nt":
            lines = graph.serialize(format="nt").splitlines(keepends=True)
            return "".join(sorted(line for line in lines if line.strip())).encode("utf-8")
        return graph.serialize(format=fmt).encode("utf-8")

    def import_dataset(
        self, source: str | Path | IO[bytes], format: str | None = None
    ) -> ImportReport:
        """Load an N-Quads/TriG dump (what ``export(…, "nquads"|"trig")`` writes), streamed;
        each named graph in it replaces the stored graph of the same name."""
        if isinstance(source, (str, Path)):
            fmt = dataset_format(format, source)
            try:
                with open(source, "rb") as handle:
                    return read_dataset(self.store, handle, fmt)
            except OSError as exc:
                raise InputError(f"{source}: {exc.strerror or exc}") from None
        return read_dataset(self.store, source, dataset_format(format))

    def to_networkx(self) -> nx.MultiDiGraph:
        """A :class:`networkx.MultiDiGraph`: nodes are entities and facts (with ``type`` and
        ``label``), edges carry the ``predicate`` and the ``article`` that states them."""
        import networkx as nx

        graph = nx.MultiDiGraph()
        labels: dict[str, str] = {}
        types: dict[str, str] = {}
        wanted = {str(c) for c in (*_ENTITY_CLASSES, *_FACT_CLASSES)}
        rdf_type, rdfs_label = str(RDF.type), str(RDFS.label)
        edges: list[tuple[str, str, str, str]] = []
        intern = sys.intern  # predicates and articles repeat: one string each
        for s, p, o, kind, g in self._plain_quads():
            if p == rdf_type and o in wanted:
                types[s] = intern(o.rsplit("#", 1)[-1])
            elif p == rdfs_label and kind == "literal":
                labels.setdefault(s, o)
            elif kind == "iri" and p not in _NOT_EDGES:
                edges.append((intern(s), intern(p), intern(o), intern(g)))
        for node, cls in types.items():
            graph.add_node(node, type=cls, label=labels.get(node, node))
        for subject, predicate, obj, article in sorted(edges):
            if subject in types and obj in types:
                graph.add_edge(
                    subject, obj, key=f"{predicate} {article}", predicate=predicate, article=article
                )
        return graph

    def _plain_quads(self) -> Iterator[tuple[str, str, str, str, str]]:
        """(subject, predicate, object, object kind, graph) as strings; the embedded store is
        read directly, five times faster than through rdflib terms."""
        if isinstance(self.store, EmbeddedStore):
            import pyoxigraph as ox

            for q in self.store.raw.quads_for_pattern(None, None, None, None):
                if isinstance(q.graph_name, ox.DefaultGraph):
                    continue
                term = q.object
                kind = (
                    "iri"
                    if isinstance(term, ox.NamedNode)
                    else "literal"
                    if isinstance(term, ox.Literal)
                    else "other"
                )
                yield (q.subject.value, q.predicate.value, getattr(term, "value", ""), kind,  # type: ignore[union-attr]
                       q.graph_name.value)  # fmt: skip
            return
        for s, p, o, g in self.store.quads():
            kind = (
                "iri" if isinstance(o, URIRef) else "literal" if isinstance(o, Literal) else "other"
            )
            yield str(s), str(p), str(o), kind, str(g)

    def validate(self) -> tuple[bool, str]:
        """Check every article graph against ``ontology/shapes.ttl`` (pySHACL)."""
        from .validation import validate_graph

        return validate_graph(self.union_graph())


def _guess_term(value: str) -> Identifier:
    return (
        to_term(value, "iri")
        if value.startswith(("http://", "https://", "urn:"))
        else Literal(value)
    )


__all__ = ["IngestReport", "KnowledgeGraph"]
