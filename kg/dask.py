"""Extraction on a Dask cluster: workers load the pipeline once, batches stream back in order.

Needs ``dask[distributed]`` (``pip install 'kg[dask]'``) here and, for a remote scheduler, kg
and its model installed on every worker. The driver keeps at most two batches per worker in
flight and writes the results itself, so the store can be embedded or remote.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from distributed import Client, LocalCluster, WorkerPlugin

from . import ingest
from .articles import Article
from .errors import KGError


class ModelPlugin(WorkerPlugin):
    """Loads kg's pipeline in each worker process when it joins."""

    name = "kg-model"

    def __init__(self, model: str | None) -> None:
        self.model = model

    def setup(self, worker: Any) -> None:
        ingest._init_worker(self.model)


def work(articles: list[Article]) -> list[ingest.Extracted]:
    if ingest._worker_nlp is None:  # defensive: the plugin runs before any task
        ingest._init_worker(None)
    return ingest._work(articles)


def connect(address: str) -> tuple[Client, LocalCluster | None]:
    """A client for ``tcp://host:port``, or a new LocalCluster for ``local[:N]``."""
    if address == "local" or address.startswith("local:"):
        count = address.partition(":")[2]
        if count and not count.isdigit():
            raise KGError(f"--dask {address}: write local or local:N (N worker processes)")
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=int(count) if count else ingest.default_workers(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        return Client(cluster), cluster  # type: ignore[no-untyped-call]
    try:
        return Client(address, timeout=30), None  # type: ignore[no-untyped-call]
    except OSError as exc:
        raise KGError(
            f"cannot reach the Dask scheduler at {address}: {exc}. Is it running "
            "(`dask scheduler`), and do its workers have kg installed?"
        ) from None


def extract_on_dask(
    batches: Iterable[list[Article]], address: str, model: str | None
) -> Iterator[list[ingest.Extracted]]:
    client, cluster = connect(address)
    try:
        client.register_plugin(ModelPlugin(model), name=ModelPlugin.name)
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        pending: deque[Any] = deque()
        for batch in batches:
            pending.append(client.submit(work, batch, pure=False))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()
