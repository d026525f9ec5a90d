"""Hostile input never changes what a query means, never reaches the network or the disk, and
never takes the server down.

* REST parameters are bound as RDF terms or matched in Python, never pasted into SPARQL: every
  payload gets 404/422 or an answer the legitimate query could give, and the store is unchanged
  (quad count and a hash of its N-Quads dump).
* SPARQL and Graph Store requests that name a local URL (FROM, GRAPH, remote JSON-LD contexts,
  XML external entities, ``@base <file:…>``) make no connection and read no file: a socket on
  127.0.0.1 and a FIFO record anyone who tries.
* A pathological query is stopped at ``--query-timeout`` with a 503 while the server keeps
  answering simple queries.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio
import httpx
import pyoxigraph as ox
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from rdflib import Literal, URIRef

from api import Settings, create_app
from api.sparql import evaluate
from kg import KnowledgeGraph
from kg.lookup import normalise
from kg.store import EmbeddedStore, RemoteStore
from tests.conftest import free_port

TOKEN = "injection-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
KGR = "https://w3id.org/newskg/id/"
PAYLOADS = [
    '"> } UNION { ?s ?p ?o } #',
    "x' ; DROP ALL ; #",
    "<http://evil/> . ?s ?p ?o",
    "}} SELECT * WHERE {{ ?s ?p ?o",
    "country/CA> } UNION { ?s ?p ?o } #",
    f"{KGR}country/CA> ?p ?o . ?s ?p ?o",
    'x" . ?s ?p ?o . FILTER("1"="1',
    "x\\u003E } UNION { ?s ?p ?o }",  # an escape the SPARQL parser would decode in an IRI
    "?s ?p ?o",
    "INSERT DATA { <http://evil/s> <http://evil/p> <http://evil/o> }",
    "*",
    "a\x00b",
    "\x00",
    "%00",
    "\x1b[31m",
    "x" * 20_000,
    "country/ＣＡ",  # fullwidth letters (NFKD makes them "CA")
    "country/СА",  # Cyrillic С and А
    "person/joe\u202ebiden",  # right-to-left override
    "Cаnada",  # Cyrillic а in a name that exists
    "../../../../etc/passwd",
    "file:///etc/passwd",
    "http://127.0.0.1:9/",
]


# -- helpers ------------------------------------------------------------------------------------
def fingerprint(graph: KnowledgeGraph) -> tuple[int, str]:
    """(quads, sha256 of the sorted N-Quads dump): any write changes it."""
    out = io.BytesIO()
    graph.store.dump(out, "nquads")
    lines = sorted(out.getvalue().splitlines())
    return len(graph.store), hashlib.sha256(b"\n".join(lines)).hexdigest()


@pytest.fixture(scope="module")
def client(examples_graph: KnowledgeGraph) -> Iterator[TestClient]:
    """The examples, read-only: the app has no update token."""
    with TestClient(create_app(graph=examples_graph), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture()
def unchanged(examples_graph: KnowledgeGraph) -> Iterator[None]:
    """Fail the test if the store changed while it ran."""
    before = fingerprint(examples_graph)
    yield
    assert fingerprint(examples_graph) == before, "the store changed"


def get(client: TestClient, url: str, **params: str) -> httpx.Response:
    response = client.get(url, params=params)
    assert response.status_code < 500, f"{url} {params!r:.200}: {response.text[:300]}"
    return response


def path(payload: str) -> str:
    return quote(payload, safe="")


def short(payload: str) -> str:
    return repr(payload[:40])


# -- REST parameters ----------------------------------------------------------------------------
def test_legitimate_answers_are_not_empty(client: TestClient) -> None:
    """The baselines: the same routes with real values answer, so "empty" below means
    something."""
    assert get(client, "/entities", q="canada").json()["total"] > 0
    assert get(client, "/entities/country/CA").status_code == 200
    assert get(client, "/queries/provenance", entity="country/CA").json()["total"] > 0
    assert get(client, "/statistics").json()["total"] > 0


@pytest.mark.usefixtures("unchanged")
def test_entity_search(client: TestClient) -> None:
    for payload in PAYLOADS:
        r = get(client, "/entities", q=payload, limit="1000")
        assert r.status_code == 200, short(payload)
        wanted = normalise(payload)
        for hit in r.json()["items"]:  # only what the text filter lets through
            names = [hit["label"], *hit["alt_labels"]]
            assert any(wanted in normalise(n) for n in names), (short(payload), hit["id"])
        assert get(client, "/entities", type=payload).status_code == 422, short(payload)


@pytest.mark.usefixtures("unchanged")
@pytest.mark.parametrize("route", ["/entities/{}", "/entities/{}/neighbours", "/articles/{}"])
def test_ids_in_the_path(client: TestClient, route: str) -> None:
    for payload in PAYLOADS:
        r = get(client, route.format(path(payload)))
        assert r.status_code == 404, (short(payload), r.text[:200])
        assert "GET /" in r.json()["detail"]  # says how to find valid ids


@pytest.mark.usefixtures("unchanged")
def test_statistics_filters(client: TestClient) -> None:
    everything = {s["id"] for s in get(client, "/statistics", limit="1000").json()["items"]}
    for payload in PAYLOADS:
        for key in ("about", "source"):
            r = get(client, "/statistics", limit="1000", **{key: payload})
            assert r.status_code == 200, short(payload)
            assert {s["id"] for s in r.json()["items"]} <= everything
            assert r.json()["total"] == 0, (key, short(payload))
        for key in ("from", "to"):
            assert get(client, "/statistics", **{key: payload}).status_code == 422


@pytest.mark.usefixtures("unchanged")
def test_saved_query_parameters(client: TestClient) -> None:
    """A bound parameter finds exactly what a non-existent entity finds (nothing); it can never
    pull in unrelated facts the way a pasted ``UNION { ?s ?p ?o }`` would."""
    baseline = get(client, "/queries/provenance", entity="person/nobody-at-all").json()
    assert baseline["rows"] == []
    names = [q["name"] for q in get(client, "/queries").json()["items"]]
    for payload in PAYLOADS:
        r = get(client, "/queries/provenance", entity=payload)
        assert r.status_code in (200, 422), short(payload)
        if r.status_code == 200:
            assert r.json()["rows"] == baseline["rows"], short(payload)
        for name in names:  # a payload as a parameter name, or as an undeclared parameter
            assert get(client, f"/queries/{name}", **{payload[:100]: "x"}).status_code == 422
        assert get(client, f"/queries/{path(payload)}").status_code == 404, short(payload)
        assert (
            get(client, "/queries/provenance", entity="country/CA", limit=payload).status_code
            == 422
        )


@pytest.mark.usefixtures("unchanged")
def test_export_and_graph_names(client: TestClient) -> None:
    for payload in PAYLOADS:
        assert get(client, "/export", article=payload).status_code == 404, short(payload)
        assert get(client, "/rdf-graphs", graph=payload).status_code in (400, 404)
        r = get(
            client,
            "/sparql",
            query="SELECT * WHERE { ?s ?p ?o } LIMIT 3",
            **{"default-graph-uri": payload},
        )
        assert r.status_code == 400 or r.json()["results"]["bindings"] == [], short(payload)


HOSTILE_LITERALS = [
    '"} UNION { ?s ?p ?o } #',
    "x' ; DROP ALL ; #",
    'a"""b',
    "'''",
    "back\\slash\\",
    '\\"',
    "line\nbreak\r",
    "\x00nul",
    "}} SELECT * WHERE {{ ?s ?p ?o",
    "\u202e reversed",
    "x" * 10_000,
]


@pytest.mark.parametrize("backend", ["embedded", "remote"])
def test_bound_literals_match_exactly(backend: str) -> None:
    """``store.query(text, bindings)`` with hostile strings, through pyoxigraph substitution
    (projected), the VALUES fallback (not projected) and a remote store (VALUES over HTTP to
    this very server): each finds exactly the one subject that has it."""
    embedded = EmbeddedStore()
    embedded.raw.extend(
        ox.Quad(
            ox.NamedNode(f"urn:s{i}"),
            ox.NamedNode("urn:p"),
            ox.Literal(text),
            ox.NamedNode("urn:g"),
        )
        for i, text in enumerate(HOSTILE_LITERALS)
    )
    store: Any = embedded
    if backend == "remote":
        app = create_app(graph=KnowledgeGraph(embedded))
        store = RemoteStore(
            "http://kg.test/sparql", client=TestClient(app, base_url="http://kg.test")
        )
    before = len(embedded)
    for i, text in enumerate(HOSTILE_LITERALS):
        for sparql in (
            "SELECT ?s ?o WHERE { ?s <urn:p> ?o }",  # ?o projected: substituted
            "SELECT ?s WHERE { ?s <urn:p> ?o }",  # ?o not projected: VALUES
        ):
            rows = store.query(sparql, {"o": Literal(text)}).rows
            assert [str(r["s"]) for r in rows] == [f"urn:s{i}"], (sparql, short(text))
    with pytest.raises(ValueError, match="IRI"):
        store.query("SELECT ?s WHERE { ?s <urn:p> ?o }", {"o": URIRef("urn:x> } UNION {")})
    assert len(embedded) == before


# -- no network, no disk ------------------------------------------------------------------------
@pytest.fixture()
def listener() -> Iterator[tuple[int, list[str]]]:
    """A socket on 127.0.0.1 that records every connection attempt."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.1)
    seen: list[str] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(0.5)
                with contextlib.suppress(OSError):
                    seen.append(conn.recv(200).decode(errors="replace"))

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], seen
    time.sleep(0.2)  # let a late connection be recorded
    stop.set()
    thread.join(timeout=2)
    sock.close()
    assert seen == [], f"the server connected to the listener: {seen}"


@pytest.fixture()
def secret(tmp_path: Path) -> Iterator[Path]:
    """A FIFO that records whoever opens it for reading (and then feeds them a secret)."""
    fifo = tmp_path / "passwd"
    os.mkfifo(fifo)
    opened: list[bool] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            try:  # succeeds only while a reader has the FIFO open
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                time.sleep(0.005)
                continue
            opened.append(True)
            with contextlib.suppress(OSError):
                os.write(fd, b"root:x:0:0:kg-secret-marker\n")
            os.close(fd)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    yield fifo
    time.sleep(0.1)
    stop.set()
    thread.join(timeout=2)
    assert opened == [], f"something opened {fifo}"


@pytest.fixture()
def writable() -> TestClient:
    return TestClient(
        create_app(Settings(update_token=TOKEN)),
        base_url="http://kg.test",
        raise_server_exceptions=False,
    )


def dump(client: TestClient) -> str:
    r = client.get("/rdf-graphs", params={"default": ""}, headers={"Accept": "application/n-quads"})
    assert r.status_code == 200
    return r.text


@pytest.mark.usefixtures("unchanged")
def test_dataset_iris_are_never_fetched(
    client: TestClient, listener: tuple[int, list[str]]
) -> None:
    url = f"http://127.0.0.1:{listener[0]}/"
    for query, params in [
        (f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}", {}),
        (f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}),
        (f"SELECT * WHERE {{ GRAPH <{url}> {{ ?s ?p ?o }} }}", {}),
        (f"DESCRIBE <{url}>", {}),
        (f"ASK {{ <{url}> ?p ?o }}", {}),
        ("SELECT * WHERE { ?s ?p ?o }", {"default-graph-uri": url}),
        ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", {"named-graph-uri": url}),
    ]:
        r = client.get("/sparql", params={"query": query, **params})
        assert r.status_code == 200, (query, r.text[:200])
    r = client.get("/sparql", params={"query": f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"})
    assert r.status_code == 400 and "SERVICE is not allowed" in r.json()["detail"]
    assert client.get("/rdf-graphs", params={"graph": url}).status_code == 404


def test_load_is_refused_without_connecting(
    writable: TestClient, listener: tuple[int, list[str]]
) -> None:
    url = f"http://127.0.0.1:{listener[0]}/data.ttl"
    r = writable.post("/sparql", data={"update": f"LOAD <{url}>"}, headers=AUTH)
    assert r.status_code == 400 and "LOAD is not allowed" in r.json()["detail"]


@pytest.mark.parametrize(
    "context",
    ["{url}ctx", {"@import": "{url}ctx"}, ["{url}ctx", {"name": "http://schema.org/name"}]],
    ids=["iri", "import", "list"],
)
def test_jsonld_remote_context_is_not_fetched(
    writable: TestClient, listener: tuple[int, list[str]], context: Any
) -> None:
    url = f"http://127.0.0.1:{listener[0]}/"
    doc = json.dumps({"@context": context, "@id": "http://example.org/s", "name": "x"})
    r = writable.put(
        "/rdf-graphs",
        params={"graph": "http://example.org/g"},
        content=doc.replace("{url}", url),
        headers={**AUTH, "Content-Type": "application/ld+json"},
    )
    assert r.status_code == 400, r.text
    assert "@context" in r.json()["detail"] and "inline" in r.json()["detail"]
    assert writable.head("/rdf-graphs", params={"graph": "http://example.org/g"}).status_code == 404


XXE = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ {entity} ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/s"><ex:p>&x;</ex:p></rdf:Description>
</rdf:RDF>"""


@pytest.mark.parametrize(
    "entity",
    [
        '<!ENTITY x SYSTEM "file:///etc/passwd">',
        '<!ENTITY x SYSTEM "file://{fifo}">',
        '<!ENTITY x SYSTEM "{url}xxe">',
        '<!ENTITY % p SYSTEM "{url}dtd"> %p;',
        '<!ENTITY x PUBLIC "-//kg//x" "{url}public">',
    ],
    ids=["etc-passwd", "fifo", "http", "parameter-entity", "public"],
)
def test_xml_external_entities_are_not_resolved(
    writable: TestClient, listener: tuple[int, list[str]], secret: Path, entity: str
) -> None:
    body = XXE.replace(
        "{entity}",
        entity.format(fifo=secret, url=f"http://127.0.0.1:{listener[0]}/"),
    )
    r = writable.put(
        "/rdf-graphs",
        params={"graph": "http://example.org/g"},
        content=body,
        headers={**AUTH, "Content-Type": "application/rdf+xml"},
    )
    assert r.status_code in (400, 201), r.text
    stored = dump(writable)
    assert "root:" not in stored and "kg-secret-marker" not in stored


def test_turtle_file_base_reads_nothing(writable: TestClient, secret: Path) -> None:
    for base in ("file:///etc/", f"file://{secret.parent}/"):
        r = writable.put(
            "/rdf-graphs",
            params={"graph": "http://example.org/g"},
            content=f"@base <{base}> .\n<passwd> <p> <o> .\n",
            headers={**AUTH, "Content-Type": "text/turtle"},
        )
        assert r.status_code in (201, 204), r.text
        stored = dump(writable)
        assert f"<{base}passwd> <{base}p> <{base}o>" in stored  # IRIs, nothing more
        assert "root:" not in stored and "kg-secret-marker" not in stored
        assert stored.count("\n") == 1


# -- a pathological query does not take the server down -----------------------------------------
@contextlib.contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """``app`` under uvicorn on 127.0.0.1, in a thread; stopped on exit."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


P = "http://example.org/p"
PATHOLOGICAL = {
    # one long evaluation step: the closure of a 600-node cycle and its labels (0.7 M pairs)
    "path": f"SELECT * WHERE {{ ?s (<{P}>|!<{P}>)* ?o }}",
    # 2,600³ rows, streamed: stopped between rows
    "cross": "SELECT * WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }",
}


@pytest.fixture(scope="module")
def slow_app() -> FastAPI:
    """2,600 triples: a cycle of 600 labelled nodes, and 1,400 unrelated facts."""
    app = create_app(Settings(query_timeout=0.5))
    n = 600
    cycle = "".join(
        f"<http://example.org/n{i}> <{P}> <http://example.org/n{(i + 1) % n}> ; "
        f'<http://www.w3.org/2000/01/rdf-schema#label> "node {i}" .\n'
        for i in range(n)
    )
    facts = "".join(
        f"<http://example.org/f{i}> <http://example.org/v> {i} .\n" for i in range(1400)
    )
    store = app.state.graph.store
    store.load(cycle.encode(), "text/turtle", "http://example.org/cycle")
    store.load(facts.encode(), "text/turtle", "http://example.org/facts")
    assert len(store) == 2600
    return app


def _idle(app: FastAPI, timeout: float) -> bool:
    """Wait until every evaluation slot is free (an abandoned query keeps its slot)."""
    limits = app.state.limits
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        taken = [limits.slots.acquire(blocking=False) for _ in range(limits.concurrency)]
        for ok in taken:
            if ok:
                limits.slots.release()
        if all(taken):
            return True
        time.sleep(0.05)
    return False


def _ask(base: str) -> httpx.Response:
    return httpx.get(f"{base}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10)


@pytest.mark.parametrize("kind", sorted(PATHOLOGICAL))
def test_pathological_query_is_stopped_and_the_server_keeps_answering(
    slow_app: FastAPI, kind: str
) -> None:
    heavy: dict[str, Any] = {}

    def run(base: str) -> None:
        started = time.monotonic()
        r = httpx.post(
            f"{base}/sparql",
            content=PATHOLOGICAL[kind],
            headers={"Content-Type": "application/sparql-query"},
            timeout=30,
        )
        heavy.update(status=r.status_code, body=r.json(), elapsed=time.monotonic() - started)

    with serve(slow_app) as base:
        assert _ask(base).status_code == 200
        thread = threading.Thread(target=run, args=(base,))
        thread.start()
        time.sleep(0.05)
        latencies = []
        while thread.is_alive():
            started = time.monotonic()
            r = _ask(base)
            latencies.append(time.monotonic() - started)
            assert r.status_code == 200 and r.json()["boolean"] is True
        thread.join()
        assert heavy["status"] == 503, heavy
        assert "longer than 0.5 s" in heavy["body"]["detail"]
        assert "--query-timeout" in heavy["body"]["detail"]
        assert heavy["elapsed"] < 3.0, heavy  # answered at the deadline
        assert latencies and max(latencies) < 1.0, latencies
        # after the answer, while an abandoned evaluation may still run, the server answers
        assert _ask(base).status_code == 200
        assert httpx.get(f"{base}/health", timeout=10).status_code == 200
    assert _idle(slow_app, timeout=60), "an abandoned query kept its slot for a minute"


def test_queries_do_not_wait_for_the_rest_threads() -> None:
    """SPARQL evaluation has threads of its own: with every thread of the default pool taken
    (the REST routes under load), a query is still answered at once, not 503 at the timeout."""
    store = EmbeddedStore()
    limits = evaluate.Limits.make(timeout=5, max_rows=10, concurrency=4)

    async def main() -> bytes:
        release = threading.Event()
        pool = anyio.to_thread.current_default_thread_limiter()
        async with anyio.create_task_group() as tasks:
            for _ in range(int(pool.total_tokens)):
                tasks.start_soon(functools.partial(anyio.to_thread.run_sync, release.wait))
            while pool.available_tokens:
                await anyio.sleep(0.01)
            try:
                with anyio.fail_after(2):
                    answer = await evaluate.run_query(
                        store, "ASK {}", dataset=None, base_iri=None, accept=None, limits=limits
                    )
            finally:
                release.set()
        return answer.body

    assert b'"boolean": true' in anyio.run(main)
