"""Batch extraction: articles in, (graph IRI, N-Triples) out, in order, in bounded memory.

One process runs the pipeline with ``nlp.pipe`` over batches; ``workers > 1`` starts that many
processes (spawned, so each loads the model once and shares nothing with the store) and keeps at
most two batches per worker in flight, so memory stays flat whatever the corpus size. An article
that breaks the pipeline fails alone: its batch is retried one article at a time.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .articles import JSONL_SUFFIXES, Article
from .errors import KGError
from .rdf import vocab as kg
from .rdf.mapping import article_triples
from .store._convert import ntriples, parse_ntriples
from .store.base import GraphData

if TYPE_CHECKING:
    from spacy.language import Language

    from .store.base import Triple

#: articles per ``nlp.pipe`` batch (a unit of work of a worker process): with N workers the
#: last round leaves cores idle for up to one batch, so small batches end a run sooner
#: (``--workers 2`` ÷ 1 on 600 articles: 1.68 with 32, 1.76 with 16) at no cost per article
DEFAULT_BATCH_SIZE = 16
#: the triple that makes a re-run skip an article (see ``KnowledgeGraph._unchanged``)
_is_marker = str(kg.contentHash).__eq__  # str's own ==, not rdflib's (slower, typed)


@dataclass(frozen=True)
class Extracted:
    """The outcome of one article: its graph as N-Triples and its triple count, or why it
    failed. N-Triples bytes cost workers less to send than rdflib terms, and the store parses
    them in Rust."""

    name: str
    graph: str
    data: GraphData | None = None
    count: int = 0
    error: str | None = None

    @property
    def triples(self) -> list[Triple] | None:
        """The triples as rdflib terms (parsed again: for stores that take rdflib terms)."""
        if self.data is None:
            return None
        return parse_ntriples(self.data.body + self.data.marker)


def _extracted(name: str, graph: str, triples: list[Triple]) -> Extracted:
    """Serialise an article's triples, its content hash (the commit marker) apart."""
    marker = [t for t in triples if _is_marker(t[1]) is True]
    body = [t for t in triples if _is_marker(t[1]) is not True]
    data = GraphData(graph, ntriples(body), ntriples(marker))
    return Extracted(name, graph, data, len(triples))


def article_name(article: Article) -> str:
    return article.file_name or article.title[:60] or article.key


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def count_articles(paths: Iterable[Path | str]) -> int | None:
    """How many articles ``paths`` hold (lines of .jsonl files, one per other file), cheaply;
    ``None`` when it cannot be known (standard input)."""
    total = 0
    for path in paths:
        if str(path) == "-":
            return None
        p = Path(path)
        if p.suffix.lower() in JSONL_SUFFIXES:
            try:
                with p.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1
        else:
            total += 1
    return total


def doc_for(nlp: Language, article: Article) -> Any:
    """The article's unprocessed Doc, with its publication date for the components."""
    doc = nlp.make_doc(article.text)
    doc._.kg_date = article.date
    return doc


def _one(nlp: Language, article: Article) -> Extracted:
    name = article_name(article)
    try:
        doc = nlp(doc_for(nlp, article))
        graph, triples = article_triples(article, doc)
        return _extracted(name, str(graph), triples)
    except KGError as exc:
        return Extracted(name, "", error=f"{name}: {exc}")
    except Exception as exc:  # one article must never sink the batch
        return Extracted(name, "", error=f"{name}: internal error {type(exc).__name__}: {exc}")


def extract_batch(nlp: Language, articles: list[Article]) -> list[Extracted]:
    """Run the pipeline over one batch with ``nlp.pipe``; on a failure, article by article."""
    try:
        docs = nlp.pipe((doc_for(nlp, a) for a in articles), batch_size=len(articles) or 1)
        out = []
        for article, doc in zip(articles, docs, strict=True):
            graph, triples = article_triples(article, doc)
            out.append(_extracted(article_name(article), str(graph), triples))
        return out
    except Exception:
        return [_one(nlp, article) for article in articles]


# -- worker processes ---------------------------------------------------------------------------
_worker_nlp: Language | None = None


def _init_worker(model: str | None) -> None:
    global _worker_nlp
    from .nlp import load_nlp

    _watch_parent()
    _worker_nlp = load_nlp(model)


def _watch_parent(interval: float = 1.0) -> None:
    """End this worker when the process that started it is gone (killed, even by SIGKILL,
    so it could not shut the pool down): no orphan keeps burning a core."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


def _work(articles: list[Article]) -> list[Extracted]:
    assert _worker_nlp is not None, "worker not initialised"
    return extract_batch(_worker_nlp, articles)


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(articles)
    while batch := list(islice(iterator, size)):
        yield batch


def extract(
    articles: Iterable[Article],
    *,
    nlp: Callable[[], Language],
    model: str | None = None,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    dask: str | None = None,
) -> Iterator[list[Extracted]]:
    """Yield one list of :class:`Extracted` per batch, in input order.

    ``nlp`` gives the in-process pipeline (used when ``workers == 1``); worker processes load
    ``model`` themselves. ``dask`` (``tcp://host:8786`` or ``local[:N]``) runs the batches on
    a Dask cluster instead.
    """
    if dask is not None:
        yield from _extract_on_dask(articles, dask, model, batch_size)
        return
    if workers <= 1:
        pipeline = nlp()
        for batch in _batches(articles, batch_size):
            yield extract_batch(pipeline, batch)
        return
    context = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(model,)
        ) as pool:
            pending: deque[Future[list[Extracted]]] = deque()
            for batch in _batches(articles, batch_size):
                pending.append(pool.submit(_work, batch))
                if len(pending) >= 2 * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
    except BrokenProcessPool:
        raise KGError(
            "a worker process ended abruptly: it was killed (out of memory?), or kg was called "
            'from a Python script without `if __name__ == "__main__":` around the call '
            "(worker processes import the script again). Articles written so far are kept; "
            "run again to go on (they are skipped), or use workers=1"
        ) from None


# -- Dask: see kg/dask.py -----------------------------------------------------------------------
def _extract_on_dask(
    articles: Iterable[Article], address: str, model: str | None, batch_size: int
) -> Iterator[list[Extracted]]:
    try:
        from .dask import extract_on_dask
    except ImportError:
        raise KGError("--dask needs Dask: pip install 'kg[dask]' (or dask[distributed])") from None
    yield from extract_on_dask(_batches(articles, batch_size), address, model)
