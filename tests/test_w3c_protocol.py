"""W3C SPARQL 1.1 conformance: Protocol, Graph Store Protocol and Service Description.

Every entry of ``protocol/manifest.ttl``, ``graph-store-protocol/manifest.ttl`` (which includes
``manifest-direct.ttl`` and ``manifest-indirect.ttl``) and ``service-description/manifest.ttl``
is one test, run against a fresh application with an in-memory store through Starlette's
TestClient at the manifest's ``ht:connectionAuthority``. ``/sparql/`` in the manifests is our
``/sparql`` and ``/gsp`` our ``/rdf-graphs``. Every request carries the update token: the
manifests know nothing about authorisation.

``python tests/test_w3c_protocol.py`` prints passed / failed / not-applicable counts per manifest
(the result-format manifests of ``test_w3c_results.py`` included).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from urllib.parse import urljoin

import httpx
import pytest
import w3c
from fastapi.testclient import TestClient
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

AUTH = w3c.AUTH
SUITE = w3c.suite_root()
MANIFESTS = (
    "protocol/manifest.ttl",
    "graph-store-protocol/manifest.ttl",
    "service-description/manifest.ttl",
)
PREFIXES = (("/sparql/", "/sparql"), ("/gsp", "/rdf-graphs"))
DEFAULT_AUTHORITY = w3c.DEFAULT_AUTHORITY

#: Entries that do not apply to this server, with the reason (printed by the summary).
NOT_APPLICABLE: dict[str, str] = {}

#: Entries that fail because of a known, not yet fixed bug of the endpoint: strict xfails.
KNOWN_BUGS: dict[str, str] = {}

pytestmark = pytest.mark.shared


def load_tests() -> list[w3c.Test]:
    return w3c.load_tests(SUITE, MANIFESTS)


# --- running requests ------------------------------------------------------------------------


def endpoint_path(path: str) -> str:
    for prefix, ours in PREFIXES:
        if path.startswith(prefix):
            return ours + path[len(prefix) :]
    return path


def substitute(text: str, variables: dict[str, str]) -> str:
    for name, value in variables.items():
        text = text.replace(name, value)
    return text


def describe(request: w3c.Request, path: str, body: bytes | None) -> str:
    lines = [f"{request.method} {path}"]
    lines += [f"  {name}: {value}" for name, value in request.headers]
    lines.append(f"  {AUTH[0]}: Bearer … (added by the runner)")
    if body is not None:
        shown = body.decode(request.body.encoding if request.body else "utf-8")
        lines.append("  body: " + shown[:400].replace("\n", "\n        "))
    return "\n".join(lines)


def describe_response(response: httpx.Response) -> str:
    text = response.text if response.request.method != "HEAD" else ""
    return (
        f"{response.status_code} content-type={response.headers.get('content-type')} "
        f"location={response.headers.get('location')}\n  " + text[:800].replace("\n", "\n  ")
    )


def expected_text(expected: w3c.Response) -> str:
    parts = ["status " + " | ".join(s.name for s in expected.statuses)]
    if expected.format:
        parts.append(f"format {expected.format}")
    if expected.boolean is not None:
        parts.append(f"boolean {str(expected.boolean).lower()}")
    if expected.location:
        parts.append("a Location header")
    if expected.header("content-type"):
        parts.append(f"content-type {expected.header('content-type')}")
    if expected.body:
        parts.append("a body isomorphic to:\n    " + expected.body.chars.strip())
    return ", ".join(parts)


FORMAT_TYPES = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": set(w3c.RESULT_TYPES),
    # the manifest's names say "expect one of: RDF/XML, Turtle, N-Triples, RDFa"
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples"},
}


def check(expected: w3c.Response, response: httpx.Response, url: str) -> list[str]:
    """What is wrong with ``response`` (empty: nothing)."""
    status = response.status_code
    if expected.statuses and not any(s.matches(status) for s in expected.statuses):
        return [f"status {status} is not " + " | ".join(s.name for s in expected.statuses)]
    problems: list[str] = []
    content_type = response.headers.get("content-type")
    media = w3c.media_type(content_type)
    want = expected.header("content-type")
    if want:
        if media != w3c.media_type(want):
            problems.append(f"content-type {content_type!r}, expected {want!r}")
        elif w3c.charset(content_type) not in (None, w3c.charset(want)):
            problems.append(f"charset of {content_type!r}, expected {want!r}")
    if expected.format:
        if media not in FORMAT_TYPES[expected.format]:
            problems.append(
                f"content-type {content_type!r} is not a {expected.format} format: "
                f"expected one of {sorted(FORMAT_TYPES[expected.format])}"
            )
        elif expected.format == "RDF":
            try:
                w3c.parse_rdf(response.content, media, url)
            except Exception as exc:
                problems.append(f"the RDF answer does not parse: {exc}")
        else:
            try:
                results = w3c.parse_results(media, response.text)
            except Exception as exc:
                problems.append(f"the {media} answer does not parse: {exc}")
            else:
                if expected.format == "boolean" and results.boolean is None:
                    problems.append("expected a boolean result, got a table")
                if expected.format == "tabular" and results.boolean is not None:
                    problems.append("expected a table, got a boolean")
                if expected.boolean is not None and results.boolean != expected.boolean:
                    problems.append(f"boolean {results.boolean}, expected {expected.boolean}")
    if expected.body is not None:
        want_type = expected.header("content-type") or "text/turtle"
        try:
            got = w3c.parse_rdf(response.content, content_type or "", url)
        except Exception as exc:
            problems.append(f"the body does not parse as {content_type!r}: {exc}")
        else:
            graph = w3c.parse_rdf(expected.body.encode(), want_type, url)
            if not isomorphic(got, graph):
                problems.append(
                    "the graph is not isomorphic to the expected one; got:\n    "
                    + "\n    ".join(sorted(got.serialize(format="nt").splitlines()))
                )
    if expected.location and not response.headers.get("location"):
        problems.append("no Location header")
    return problems


def run_exchanges(test: w3c.Test) -> None:
    """Run a protocol or graph store test; AssertionError says which request went wrong."""
    with w3c.fresh_client(test.authority) as client:
        w3c.load_data(client, test)
        variables: dict[str, str] = {}
        for number, request in enumerate(test.requests, 1):
            path = endpoint_path(substitute(request.path, variables))
            headers = dict(request.headers)
            headers.setdefault(AUTH[0], AUTH[1])
            body = None
            if request.body is not None:
                text = substitute(request.body.chars, variables)
                body = text.encode(request.body.encoding)
            response = client.request(request.method, path, content=body, headers=headers)
            url = str(response.request.url)
            problems = check(request.response, response, url)
            if problems:
                raise AssertionError(
                    f"{test.id}, request {number} of {len(test.requests)}:\n"
                    f"{describe(request, path, body)}\n"
                    f"expected: {expected_text(request.response)}\n"
                    f"got: {describe_response(response)}\n"
                    "problems:\n  - " + "\n  - ".join(problems)
                )
            if request.response.location:
                location = urljoin(url, response.headers["location"])
                variables[request.response.location] = location


# --- service description (no machine-readable actions: SPARQL 1.1 Service Description §3-4) --

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
ENDPOINT = f"http://{DEFAULT_AUTHORITY}/sparql"
SD_TYPES = ("text/turtle", "application/rdf+xml", "application/n-triples", "application/ld+json")
#: Formats the endpoint serves (issue 3): its description should list every one.
SERVED_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "RDF_XML",
    "JSON-LD",
    "TriG",
)
LANGUAGES = {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}


def fetch_description(client: TestClient, accept: str | None = None) -> tuple[Graph, str]:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", headers=headers)
    assert response.status_code == 200, f"GET /sparql: {describe_response(response)}"
    content_type = response.headers.get("content-type", "")
    try:
        graph = w3c.parse_rdf(response.content, content_type, ENDPOINT)
    except Exception as exc:
        raise AssertionError(
            f"GET /sparql (Accept: {accept}) is not RDF rdflib can read: {exc}\n"
            f"got: {describe_response(response)}"
        ) from None
    assert len(graph) > 0, "the service description is empty"
    return graph, w3c.media_type(content_type)


def sd_returns_rdf(client: TestClient) -> None:
    """GET on the endpoint without a query returns RDF (Turtle by default, negotiated)."""
    default, media = fetch_description(client)
    assert media == "text/turtle", f"default service description is {media}, not text/turtle"
    for accept in SD_TYPES:
        graph, got = fetch_description(client, accept)
        assert got == accept, f"Accept: {accept} answered {got}"
        assert isomorphic(graph, default), f"the {accept} description differs from the Turtle one"


def sd_has_endpoint_triple(client: TestClient) -> None:
    graph, _ = fetch_description(client)
    services = set(graph.subjects(SD.endpoint, URIRef(ENDPOINT)))
    assert services, (
        f"no ?s sd:endpoint <{ENDPOINT}> in the description; sd:endpoint values: "
        f"{sorted(map(str, graph.objects(None, SD.endpoint)))}"
    )


def sd_conforms_to_schema(client: TestClient) -> None:
    """The description uses the SD vocabulary as its schema says (domains, ranges, values) and
    describes this service: SPARQL 1.1 Query and Update, its result formats, the union default
    graph, no SERVICE and no dereferencing (both are refused)."""
    graph, _ = fetch_description(client)
    problems: list[str] = []
    services = set(graph.subjects(RDF.type, SD.Service)) | set(graph.subjects(SD.endpoint, None))
    if len(services) != 1:
        problems.append(f"expected one sd:Service, found {len(services)}")
    for service in services:
        for prop in (SD.endpoint, SD.supportedLanguage, SD.resultFormat, SD.feature):
            for value in graph.objects(service, prop):
                if not isinstance(value, URIRef):
                    problems.append(f"sd:{prop.fragment} {value!r} must be an IRI")
        languages = set(graph.objects(service, SD.supportedLanguage))
        if unknown := languages - LANGUAGES:
            problems.append(f"sd:supportedLanguage values outside the vocabulary: {unknown}")
        for needed in (SD.SPARQL11Query, SD.SPARQL11Update):
            if needed not in languages:
                problems.append(f"sd:supportedLanguage lacks sd:{needed.fragment}")
        formats = set(graph.objects(service, SD.resultFormat))
        if missing := [f for f in SERVED_FORMATS if FORMATS[f] not in formats]:
            problems.append(f"sd:resultFormat lacks served formats {missing}")
        features = set(graph.objects(service, SD.feature))
        if SD.UnionDefaultGraph not in features:
            problems.append("sd:feature lacks sd:UnionDefaultGraph (the default graph is a union)")
        for refused in (SD.BasicFederatedQuery, SD.DereferencesURIs):
            if refused in features:
                problems.append(f"sd:feature {refused.fragment}: the server refuses it")
        datasets = list(graph.objects(service, SD.defaultDataset))
        if len(datasets) != 1:
            problems.append(f"expected one sd:defaultDataset, found {len(datasets)}")
        for dataset in datasets:
            if isinstance(dataset, Literal):
                problems.append("sd:defaultDataset must be an sd:Dataset, not a literal")
                continue
            defaults = list(graph.objects(dataset, SD.defaultGraph))
            if len(defaults) != 1 or isinstance(defaults[0], Literal):
                problems.append(f"the default dataset needs one sd:defaultGraph, has {defaults}")
            for named in graph.objects(dataset, SD.namedGraph):
                names = list(graph.objects(named, SD.name))
                if len(names) != 1 or not isinstance(names[0], URIRef):
                    problems.append(f"sd:NamedGraph {named} needs one IRI sd:name, has {names}")
    for prop in (SD.name, SD.defaultGraph, SD.graph, SD.namedGraph, SD.defaultDataset):
        for value in graph.objects(None, prop):
            if isinstance(value, Literal):
                problems.append(f"sd:{prop.fragment} has a literal value {value!r}")
    assert not problems, "service description:\n  - " + "\n  - ".join(problems)


SD_CHECKS: dict[str, Callable[[TestClient], None]] = {
    "returns-rdf": sd_returns_rdf,
    "has-endpoint-triple": sd_has_endpoint_triple,
    "conforms-to-schema": sd_conforms_to_schema,
}


def run(test: w3c.Test) -> None:
    if test.kind == "ServiceDescriptionTest":
        with w3c.fresh_client() as client:
            SD_CHECKS[test.id](client)
    else:
        run_exchanges(test)


# --- pytest ----------------------------------------------------------------------------------


@pytest.mark.parametrize("test", w3c.params(load_tests(), KNOWN_BUGS))
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # JSON-LD
def test_w3c(test: w3c.Test | None) -> None:
    run(w3c.applicable(test, SUITE, NOT_APPLICABLE))


# --- summary ---------------------------------------------------------------------------------


def summarize(
    cases: Sequence[tuple[w3c.Test, Callable[[w3c.Test], None], dict[str, str], dict[str, str]]],
) -> int:
    """Run ``(test, runner, not_applicable, known_bugs)`` cases; print counts per manifest."""
    counts: dict[str, list[int]] = {}
    notes: list[str] = []
    for test, runner, not_applicable, known in cases:
        name = str(test.manifest.relative_to(SUITE))
        row = counts.setdefault(name, [0, 0, 0])
        if test.id in not_applicable:
            row[2] += 1
            notes.append(f"N/A  {name} {test.id}: {not_applicable[test.id]}")
            continue
        try:
            runner(test)
        except Exception as exc:
            row[1] += 1
            tag = " (known bug: xfail)" if test.id in known else ""
            lines = (str(exc) or type(exc).__name__).splitlines()
            shown = "\n       ".join(lines[:14] + (["…"] if len(lines) > 14 else []))
            notes.append(f"FAIL {name} {test.id}{tag}:\n       {shown}")
        else:
            row[0] += 1
    print(f"{'manifest':48} {'passed':>6} {'failed':>6} {'n/a':>4}")
    for name, (passed, failed, na) in counts.items():
        print(f"{name:48} {passed:6} {failed:6} {na:4}")
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    print(f"{'total':48} {total[0]:6} {total[1]:6} {total[2]:4}")
    print("\n".join(notes) or "no failures, nothing not applicable")
    return 1 if total[1] else 0


def main() -> int:
    if not SUITE.is_dir():
        print(w3c.missing_reason(SUITE))
        return 2
    import test_w3c_results as results

    cases = [(t, run, NOT_APPLICABLE, KNOWN_BUGS) for t in load_tests()]
    cases += [
        (t, results.run, results.NOT_APPLICABLE, results.KNOWN_BUGS) for t in results.load_tests()
    ]
    return summarize(cases)


if __name__ == "__main__":
    sys.exit(main())
