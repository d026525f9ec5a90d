"""Real SPARQL clients against the server run by uvicorn on 127.0.0.1.

A module fixture starts ``uvicorn --factory tests.serve_app:make_app`` on a free port (store in
a temporary folder, update token from the environment), waits for ``/health`` and stops it at
the end. The clients: SPARQLWrapper, rdflib's SPARQLStore / SPARQLUpdateStore and plain httpx.
The tests skip only when no server can run here at all (uvicorn missing, no loopback socket);
a server that starts and then fails is a test error.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.error import HTTPError

import httpx
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from serve_app import SEED_GRAPH, SEED_TURTLE
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, RDFXML, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import Unauthorized

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "client-token-4567"
EX = Namespace("http://example.org/")
SCHEMA = Namespace("http://schema.org/")
TIMEOUT = 10.0  # seconds, for every network wait
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
PREFIXES = "PREFIX ex: <http://example.org/>\nPREFIX schema: <http://schema.org/>\n"


pytestmark = pytest.mark.filterwarnings(
    # SPARQLWrapper builds an rdflib ConjunctiveGraph for RDF/XML answers
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"
)


def _loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a running server (``http://127.0.0.1:PORT``)."""
    if importlib.util.find_spec("uvicorn") is None:
        pytest.skip("uvicorn is not installed: pip install -e '.[dev]'")
    try:
        port = _loopback_port()
    except OSError as exc:
        pytest.skip(f"cannot open a socket on 127.0.0.1 here: {exc}")
    folder = tmp_path_factory.mktemp("uvicorn")
    env = {**os.environ, "KG_STORE": str(folder / "store"), "KG_UPDATE_TOKEN": TOKEN}
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "tests.serve_app:make_app",
        "--app-dir",
        str(ROOT),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    log = (folder / "uvicorn.log").open("w+")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                log.seek(0)
                pytest.fail(f"uvicorn exited with {process.returncode}:\n{log.read()[-3000:]}")
            try:
                if httpx.get(f"{base}/health", timeout=1.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"{base}/health did not answer within 30 s:\n{log.read()[-3000:]}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


@pytest.fixture
def endpoint(server: str) -> str:
    return f"{server}/sparql"


@pytest.fixture
def socket_timeout() -> Iterator[None]:
    """rdflib's SPARQL stores call urlopen without a timeout: give every socket one."""
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(TIMEOUT)
    yield
    socket.setdefaulttimeout(previous)


def seed_graph() -> Graph:
    return Graph().parse(data=SEED_TURTLE, format="turtle")


def wrapper(endpoint: str, query: str, fmt: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(endpoint)
    sparql.setTimeout(int(TIMEOUT))
    sparql.setQuery(PREFIXES + query)
    sparql.setReturnFormat(fmt)
    return sparql


# --- SPARQLWrapper ---------------------------------------------------------------------------

NAMES = "SELECT ?person ?name WHERE { ?person a schema:Person ; schema:name ?name } ORDER BY ?name"


def test_sparqlwrapper_select_json(endpoint: str) -> None:
    result = wrapper(endpoint, NAMES, JSON).queryAndConvert()
    assert result["head"]["vars"] == ["person", "name"]
    rows = [(b["person"]["value"], b["name"]) for b in result["results"]["bindings"]]
    assert rows == [
        (str(EX.alice), {"type": "literal", "value": "Alice"}),
        (str(EX.bob), {"type": "literal", "value": "Bob", "xml:lang": "en"}),
    ]


def test_sparqlwrapper_select_xml(endpoint: str) -> None:
    sparql = wrapper(endpoint, NAMES, XML)
    response = sparql.query()
    assert response.info()["content-type"].startswith("application/sparql-results+xml")
    document = response.convert()
    names = [b.firstChild.firstChild.data for b in document.getElementsByTagName("binding")]
    assert names == [str(EX.alice), "Alice", str(EX.bob), "Bob"]
    literals = document.getElementsByTagName("literal")
    assert literals[1].getAttribute("xml:lang") == "en"


def test_sparqlwrapper_ask(endpoint: str) -> None:
    ask = wrapper(endpoint, "ASK { ex:alice schema:knows ex:bob }", JSON)
    assert ask.queryAndConvert()["boolean"] is True
    document = wrapper(endpoint, "ASK { ex:bob schema:knows ex:alice }", XML).queryAndConvert()
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "false"


CONSTRUCT = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{SEED_GRAPH}> {{ ?s ?p ?o }} }}"


def test_sparqlwrapper_construct_turtle(endpoint: str) -> None:
    sparql = wrapper(endpoint, CONSTRUCT, TURTLE)
    response = sparql.query()
    assert response.info()["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.convert(), format="turtle")
    assert isomorphic(graph, seed_graph())


def test_sparqlwrapper_construct_rdfxml(endpoint: str) -> None:
    sparql = wrapper(endpoint, CONSTRUCT, RDFXML)
    graph = sparql.queryAndConvert()  # SPARQLWrapper parses RDF/XML into an rdflib Graph
    assert isinstance(graph, Graph)
    assert isomorphic(graph, seed_graph())


def test_sparqlwrapper_describe(endpoint: str) -> None:
    graph = Graph().parse(
        data=wrapper(endpoint, "DESCRIBE ex:bob", TURTLE).queryAndConvert(), format="turtle"
    )
    assert (EX.bob, SCHEMA.name, Literal("Bob", lang="en")) in graph


@pytest.mark.parametrize("request_method", ["urlencoded", POSTDIRECTLY])
def test_sparqlwrapper_update_with_token(endpoint: str, request_method: str) -> None:
    graph = f"http://example.org/graph/sparqlwrapper-{request_method}"
    update = wrapper(
        endpoint, f"INSERT DATA {{ GRAPH <{graph}> {{ ex:carol schema:name 'Carol' }} }}", JSON
    )
    update.setMethod(POST)
    update.setRequestMethod(request_method)
    update.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    response = update.query()
    assert 200 <= response.response.status < 300
    check = wrapper(endpoint, f"ASK {{ GRAPH <{graph}> {{ ex:carol schema:name 'Carol' }} }}", JSON)
    assert check.queryAndConvert()["boolean"]


def test_sparqlwrapper_update_without_token_is_refused(endpoint: str) -> None:
    update = wrapper(endpoint, "INSERT DATA { ex:mallory schema:name 'Mallory' }", JSON)
    update.setMethod(POST)
    with pytest.raises(Unauthorized):
        update.query()
    ask = wrapper(endpoint, "ASK { ex:mallory ?p ?o }", JSON)
    assert not ask.queryAndConvert()["boolean"]


# --- rdflib SPARQLStore / SPARQLUpdateStore --------------------------------------------------


@pytest.mark.usefixtures("socket_timeout")
@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore_query(endpoint: str, method: str) -> None:
    graph = Graph(store=SPARQLStore(query_endpoint=endpoint, method=method))
    rows = graph.query(NAMES, initNs={"schema": SCHEMA})
    assert [(row.person, row.name) for row in rows] == [  # type: ignore[union-attr]
        (EX.alice, Literal("Alice")),
        (EX.bob, Literal("Bob", lang="en")),
    ]
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True
    constructed = graph.query(CONSTRUCT).graph
    assert constructed is not None and isomorphic(constructed, seed_graph())


@pytest.mark.usefixtures("socket_timeout")
def test_rdflib_sparqlstore_triples_and_graphs(endpoint: str) -> None:
    store = SPARQLStore(query_endpoint=endpoint)
    graph = Graph(store=store)
    assert set(graph.objects(EX.alice, SCHEMA.knows)) == {EX.bob}
    assert (EX.report, SCHEMA.value, Literal(4)) in graph
    assert URIRef(SEED_GRAPH) in set(store.contexts())  # what Dataset(store=…).graphs() lists


@pytest.mark.usefixtures("socket_timeout")
def test_rdflib_sparqlupdatestore_with_token(endpoint: str) -> None:
    store = SPARQLUpdateStore(
        query_endpoint=endpoint,
        update_endpoint=endpoint,
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    name = URIRef("http://example.org/graph/rdflib-update")
    graph = Graph(store=store, identifier=name)
    graph.add((EX.dave, SCHEMA.name, Literal("Dave")))
    # on a graph of a context-aware store, rdflib wraps the update in GRAPH <name> { }
    graph.update(f"INSERT DATA {{ <{EX.erin}> <{SCHEMA.name}> 'Erin' }}")
    assert set(graph.subjects(SCHEMA.name, None)) == {EX.dave, EX.erin}
    graph.remove((EX.dave, None, None))
    assert set(graph.subjects(SCHEMA.name, None)) == {EX.erin}
    store.close()


@pytest.mark.usefixtures("socket_timeout")
def test_rdflib_sparqlupdatestore_without_token_is_refused(endpoint: str) -> None:
    store = SPARQLUpdateStore(query_endpoint=endpoint, update_endpoint=endpoint)
    graph = Graph(store=store, identifier=URIRef("http://example.org/graph/refused"))
    with pytest.raises(HTTPError) as refused:
        graph.add((EX.mallory, SCHEMA.name, Literal("Mallory")))
    assert refused.value.code == 401


@pytest.mark.usefixtures("socket_timeout")
def test_rdflib_reads_the_service_description(endpoint: str) -> None:
    graph = Graph().parse(endpoint)  # content negotiation by rdflib's URL input source
    assert (None, SD.endpoint, URIRef(endpoint)) in graph


# --- plain HTTP ------------------------------------------------------------------------------


def test_httpx_get_query(endpoint: str) -> None:
    response = httpx.get(endpoint, params={"query": PREFIXES + NAMES}, timeout=TIMEOUT)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert [b["name"]["value"] for b in response.json()["results"]["bindings"]] == ["Alice", "Bob"]


def test_httpx_post_form(endpoint: str) -> None:
    response = httpx.post(
        endpoint,
        data={"query": PREFIXES + NAMES},
        headers={"Accept": "application/sparql-results+xml"},
        timeout=TIMEOUT,
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+xml")
    assert '<literal xml:lang="en">Bob</literal>' in response.text


def test_httpx_post_sparql_query(endpoint: str) -> None:
    response = httpx.post(
        endpoint,
        content=(PREFIXES + "ASK { ex:alice schema:knows ex:bob }").encode(),
        headers={"Content-Type": "application/sparql-query"},
        timeout=TIMEOUT,
    )
    assert response.status_code == 200
    assert response.json()["boolean"] is True


def test_httpx_csv(endpoint: str) -> None:
    response = httpx.get(
        endpoint,
        params={"query": PREFIXES + NAMES},
        headers={"Accept": "text/csv"},
        timeout=TIMEOUT,
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text == (
        "person,name\r\nhttp://example.org/alice,Alice\r\nhttp://example.org/bob,Bob\r\n"
    )


def test_httpx_not_acceptable(endpoint: str) -> None:
    response = httpx.get(
        endpoint,
        params={"query": PREFIXES + NAMES},
        headers={"Accept": "image/png"},
        timeout=TIMEOUT,
    )
    assert response.status_code == 406


# --- nothing is fetched because of a request --------------------------------------------------

REFUSED = {
    "service": ("query", "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"),
    "service-silent": ("query", "SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}"),
    "update-service": (
        "update",
        "INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ),
    "load": ("update", "LOAD <{url}x.ttl>"),
    "load-silent-into": ("update", "LOAD SILENT <{url}x.ttl> INTO GRAPH <http://example.org/g>"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_no_outgoing_connection(endpoint: str, case: str) -> None:
    kind, template = REFUSED[case]
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.5)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
        operation = template.format(url=url)
        response = httpx.post(
            endpoint,
            data={kind: operation},
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=TIMEOUT,
        )
        # SILENT may also answer as if the remote part failed, as long as nothing is fetched
        allowed = {400, 200, 204} if "SILENT" in operation else {400}
        assert response.status_code in allowed, (
            f"{operation}: {response.status_code} {response.text}"
        )
        try:
            connection, peer = listener.accept()
        except TimeoutError:
            return
        connection.close()
        pytest.fail(f"{operation}: the server connected to {url} (from {peer})")
