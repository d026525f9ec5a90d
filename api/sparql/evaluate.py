"""Run one SPARQL query or update under the server's limits, off the event loop.

Evaluation happens in a worker thread (pyoxigraph releases the GIL), at most
``max_concurrent_queries`` at once. The clock is checked between result rows, and the request
gives up waiting at ``query_timeout`` whatever the evaluation is doing; a query that is still
inside one long evaluation step then finishes in its thread and its answer is thrown away, while
it keeps holding its concurrency slot so runaway queries cannot pile up.

A SELECT query that ends in ``ORDER BY`` of plain variables (``?v``, ``ASC(?v)``,
``DESC(?v)``; nothing after it but comments) is run on the embedded store without that clause,
and its rows are sorted here by :func:`kg.order.sort_rows`: Oxigraph decodes both terms from
its dictionary on every comparison, which made its sort most of the time of such queries
(``queries/entities.rq`` on 307 articles: 138 ms, 21 ms without it). The rows come out exactly
as Oxigraph orders them; when that cannot be sure (a column sorted by a variable that is not
projected, dates with a time zone, mixed numbers and strings, different rows that tie…) the
query is run again as written. A remote store sorts for itself: it may not be Oxigraph.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

import anyio
import pyoxigraph as ox

from kg.errors import KGError, QueryError, StoreError
from kg.order import sort_rows, split_final_order
from kg.rdf.mapping import PREFIXES
from kg.store.base import Dataset, Store
from kg.store.embedded import EmbeddedStore
from kg.store.guard import query_form, tokens

from . import formats
from .results import BOOLEAN_WRITERS, SOLUTION_WRITERS, Solution

T = TypeVar("T")
log = logging.getLogger("kg.api")
_PREFIXES = {name: str(ns) for name, ns in PREFIXES.items()}


class QueryTimeout(KGError):
    """The query ran longer than the server allows (503)."""


class ServerBusy(KGError):
    """Every evaluation slot stayed taken for the whole timeout (503)."""


class TooManyResults(KGError):
    """The answer is larger than ``max_rows`` (400: the query should page)."""


class NotAcceptable(KGError):
    """No media type the client accepts can carry this kind of answer (406)."""


@dataclass(frozen=True)
class Limits:
    timeout: float
    max_rows: int
    concurrency: int
    slots: threading.BoundedSemaphore
    #: Threads for evaluation, apart from the default pool where the REST routes run: under
    #: load, a query waits for other queries only, never for REST look-ups.
    threads: anyio.CapacityLimiter

    @classmethod
    def make(cls, timeout: float, max_rows: int, concurrency: int) -> Limits:
        return cls(
            timeout,
            max_rows,
            concurrency,
            threading.BoundedSemaphore(concurrency),
            anyio.CapacityLimiter(concurrency),
        )


@dataclass(frozen=True)
class Answer:
    media_type: str
    body: bytes


def _checked(rows: Iterable[T], limits: Limits, deadline: float, what: str) -> Iterator[T]:
    for count, row in enumerate(rows, start=1):
        if count > limits.max_rows:
            raise TooManyResults(
                f"the answer has more than {limits.max_rows} {what}; add LIMIT/OFFSET to page "
                "through it (the server's limit is --max-rows)"
            )
        if time.monotonic() > deadline:
            raise QueryTimeout(_timeout_message(limits))
        yield row


def _timeout_message(limits: Limits) -> str:
    return (
        f"the query ran longer than {limits.timeout:g} s and was stopped; make it more "
        "selective or add a LIMIT (the server's limit is --query-timeout)"
    )


#: sort the rows of a final ``ORDER BY`` here rather than in Oxigraph (see the module)
SORT_HERE = True


def _sorted_select(
    store: Store,
    sparql: str,
    dataset: Dataset | None,
    base_iri: str | None,
    limits: Limits,
    deadline: float,
) -> tuple[list[str], list[Solution]] | None:
    """The variables and rows of a SELECT query, run without its final ``ORDER BY`` and
    sorted here, or ``None`` when it must run as written (see the module)."""
    text, order = split_final_order(sparql)
    if not order or not SORT_HERE or not isinstance(store, EmbeddedStore):
        return None
    try:
        result = store.execute(text, dataset=dataset, base_iri=base_iri)
    except QueryError:
        return None  # the query as written reports its own error
    if not isinstance(result, ox.QuerySolutions):
        return None
    variables = [v.value for v in result.variables]
    column = {name: i for i, name in enumerate(variables)}
    if not all(key.variable in column for key in order):
        return None  # it sorts by what it does not show
    rows: list[Solution] = [list(sol) for sol in _checked(result, limits, deadline, "rows")]
    del result
    ordered = sort_rows(rows, order, lambda row, name: row[column[name]])
    if ordered is None:
        return None
    if time.monotonic() > deadline:
        raise QueryTimeout(_timeout_message(limits))
    return variables, ordered


def _evaluate_query(
    store: Store,
    sparql: str,
    dataset: Dataset | None,
    base_iri: str | None,
    accept: str | None,
    limits: Limits,
    deadline: float,
) -> Answer:
    form = query_form(sparql)
    graph_choice = formats.graph_format(accept)
    result_choice = formats.result_format(accept)
    if form in ("CONSTRUCT", "DESCRIBE") and graph_choice is None:
        raise NotAcceptable(
            f"{form} answers are RDF: accept one of {formats.describe_offers('graph')}"
        )
    if form in ("SELECT", "ASK") and result_choice is None:
        raise NotAcceptable(
            f"{form} answers are query results: accept one of {formats.describe_offers('results')}"
        )
    if form == "SELECT" and result_choice is not None:
        found = _sorted_select(store, sparql, dataset, base_iri, limits, deadline)
        if found is not None:
            variables, solutions = found
            chunks = list(SOLUTION_WRITERS[result_choice](variables, iter(solutions)))
            return Answer(formats.CANONICAL[result_choice], "".join(chunks).encode())
    result = store.execute(sparql, dataset=dataset, base_iri=base_iri)
    if isinstance(result, bool):
        if result_choice is None:
            raise NotAcceptable(
                f"ASK answers are query results: accept one of {formats.describe_offers('results')}"
            )
        return Answer(
            formats.CANONICAL[result_choice], BOOLEAN_WRITERS[result_choice](result).encode()
        )
    if isinstance(result, ox.QuerySolutions):
        if result_choice is None:
            raise NotAcceptable(
                f"SELECT answers are query results: accept one of {formats.describe_offers('results')}"
            )
        variables = [v.value for v in result.variables]
        rows: Iterator[Solution] = (list(sol) for sol in _checked(result, limits, deadline, "rows"))
        chunks = list(SOLUTION_WRITERS[result_choice](variables, rows))
        return Answer(formats.CANONICAL[result_choice], "".join(chunks).encode())
    if graph_choice is None:
        raise NotAcceptable(
            f"graph answers are RDF: accept one of {formats.describe_offers('graph')}"
        )
    media_type, fmt = graph_choice
    triples = list(_checked(result, limits, deadline, "triples"))
    return Answer(media_type, serialize_triples(triples, fmt))


def serialize_triples(triples: list[ox.Triple], fmt: ox.RdfFormat) -> bytes:
    """Serialise triples; dataset formats (TriG, N-Quads) get them in the default graph."""
    items: list[ox.Triple] | list[ox.Quad] = triples
    if fmt.supports_datasets:
        items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    prefixes = _PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    data = ox.serialize(items, format=fmt, prefixes=prefixes)
    assert data is not None
    return data


async def in_worker(func: Callable[[float], T], limits: Limits, timeout_message: str) -> T:
    """Run ``func(deadline)`` in a thread holding an evaluation slot; give up at the timeout.

    pyoxigraph's result objects must be dropped on the thread that made them, so an error never
    leaves the worker with its traceback (whose frames hold them): the worker hands back the
    error's class and message and the error is raised afresh here.
    """
    deadline = time.monotonic() + limits.timeout
    busy = (
        f"{limits.concurrency} queries are already running and none finished "
        f"within {limits.timeout:g} s; try again later"
    )
    started = threading.Event()

    def work() -> tuple[T | None, tuple[type[KGError], str] | None]:
        started.set()
        if not limits.slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
            return None, (ServerBusy, busy)
        try:
            return func(deadline), None
        except KGError as exc:
            return None, (type(exc), str(exc))
        except Exception:
            log.exception("SPARQL evaluation failed")
            return None, (StoreError, "the store failed to answer; the server log has details")
        finally:
            limits.slots.release()

    with anyio.move_on_after(limits.timeout + 0.05) as scope:
        value, error = await anyio.to_thread.run_sync(
            work, abandon_on_cancel=True, limiter=limits.threads
        )
        if error is not None:
            raise error[0](error[1])
        return value  # type: ignore[return-value]
    assert scope.cancelled_caught
    if not started.is_set():  # it waited for a thread all along
        raise ServerBusy(busy)
    raise QueryTimeout(timeout_message)


async def run_query(
    store: Store,
    sparql: str,
    *,
    dataset: Dataset | None,
    base_iri: str | None,
    accept: str | None,
    limits: Limits,
) -> Answer:
    return await in_worker(
        lambda deadline: _evaluate_query(
            store, sparql, dataset, base_iri, accept, limits, deadline
        ),
        limits,
        _timeout_message(limits),
    )


async def run_update(
    store: Store, sparql: str, *, dataset: Dataset | None, base_iri: str | None, limits: Limits
) -> None:
    if query_form(sparql) is not None and not any(
        t.keyword
        in ("INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "LOAD", "WITH")
        for t in tokens(sparql)
    ):
        raise QueryError("this is a query, not an update: send it as 'query', not 'update'")
    await in_worker(
        lambda _deadline: store.update(sparql, dataset=dataset, base_iri=base_iri),
        limits,
        f"the update did not finish within {limits.timeout:g} s. It was NOT cancelled and may "
        "still be applied: check with a query before sending it again",
    )
