"""Reading the W3C SPARQL 1.1 test manifests (rdflib) and comparing SPARQL results.

The suite lives in ``$KG_SHARED_DATA/w3c-sparql11`` (default ``../shared/data``). Manifests are
Turtle: ``mf:entries`` and ``mf:include`` are RDF lists, protocol tests describe HTTP
exchanges with the W3C HTTP vocabulary (``ht:``) and expected status codes from
``http-statusCodes`` (``hts:``). The last sections start the server under test (a fresh
application with an in-memory store per test, data loaded through the Graph Store Protocol)
and turn manifest entries into pytest parameters.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from http import HTTPStatus
from pathlib import Path
from urllib.parse import unquote, urlencode, urlparse
from urllib.request import url2pathname

import pytest
from fastapi.testclient import TestClient
from rdflib import RDF, RDFS, Dataset, Graph, Namespace
from rdflib.collection import Collection
from rdflib.term import Node

from api import Settings, create_app

ROOT = Path(__file__).resolve().parent.parent
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
SRX = "{http://www.w3.org/2005/sparql-results#}"


def suite_root() -> Path:
    """The W3C SPARQL 1.1 test suite folder (it may not exist: callers skip)."""
    shared = os.environ.get("KG_SHARED_DATA") or str(ROOT.parent / "shared" / "data")
    return Path(shared) / "w3c-sparql11"


def missing_reason(root: Path) -> str:
    return (
        f"W3C SPARQL 1.1 test suite not found at {root}: set KG_SHARED_DATA to the shared/data "
        "folder that holds w3c-sparql11/"
    )


# --- manifests -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """An expected status: a code (``hts:Created``) or a class (``hts:StatusCode2xx``)."""

    name: str
    code: int | None = None
    klass: int | None = None

    def matches(self, status: int) -> bool:
        return status == self.code if self.code is not None else status // 100 == self.klass


_STATUS_NAMES = {re.sub(r"[^A-Za-z]", "", s.phrase): s.value for s in HTTPStatus}


def status(term: Node) -> Status:
    name = str(term).removeprefix(str(HTS))
    if m := re.fullmatch(r"StatusCode([1-5])xx", name):
        return Status(name, klass=int(m.group(1)))
    if name in _STATUS_NAMES:
        return Status(name, code=_STATUS_NAMES[name])
    raise ValueError(f"unknown HTTP status term {term}")


@dataclass(frozen=True)
class Body:
    chars: str
    encoding: str = "UTF-8"

    def encode(self) -> bytes:
        return self.chars.encode(self.encoding)


@dataclass(frozen=True)
class Response:
    statuses: tuple[Status, ...] = ()
    boolean: bool | None = None
    format: str | None = None  # "boolean", "tabular" or "RDF"
    location: str | None = None  # a template variable such as "$LOCATION$"
    headers: tuple[tuple[str, str], ...] = ()
    body: Body | None = None

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: tuple[tuple[str, str], ...] = ()
    body: Body | None = None
    response: Response = field(default_factory=Response)

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


@dataclass(frozen=True)
class Test:
    """One manifest entry. Protocol tests have ``requests``; query tests ``query``/``result``."""

    id: str
    name: str
    kind: str  # the local name of its rdf:type: ProtocolTest, QueryEvaluationTest, ...
    manifest: Path
    authority: str | None = None
    requests: tuple[Request, ...] = ()
    data: tuple[Path, ...] = ()  # loaded into the default graph
    graph_data: tuple[tuple[Path, str], ...] = ()  # (file, graph IRI)
    query: Path | None = None
    result: Path | None = None
    requires: tuple[str, ...] = ()


def _local(term: Node) -> str:
    text = str(term)
    return re.split(r"[#/]", text)[-1]


def _path(term: Node | None) -> Path:
    return Path(url2pathname(unquote(urlparse(str(term)).path)))


def _list(graph: Graph, head: Node | None) -> list[Node]:
    return list(Collection(graph, head)) if head is not None else []


def _body(graph: Graph, node: Node | None) -> Body | None:
    if node is None:
        return None
    chars = graph.value(node, CNT.chars)
    encoding = graph.value(node, CNT.characterEncoding)
    return Body(str(chars), str(encoding) if encoding is not None else "UTF-8")


def _headers(graph: Graph, node: Node) -> tuple[tuple[str, str], ...]:
    return tuple(
        (str(graph.value(h, HT.fieldName)), str(graph.value(h, HT.fieldValue)))
        for h in _list(graph, graph.value(node, HT.headers))
    )


def _response(graph: Graph, node: Node | None) -> Response:
    if node is None:
        return Response()
    boolean = graph.value(node, MF.expectedBoolean)
    fmt = graph.value(node, MF.expectedFormat)
    location = graph.value(node, MF.expectedLocation)
    return Response(
        statuses=tuple(
            sorted((status(s) for s in graph.objects(node, MF.expectedStatus)), key=str)
        ),
        boolean=bool(boolean.toPython()) if boolean is not None else None,  # type: ignore[attr-defined]
        format=str(fmt) if fmt is not None else None,
        location=str(location) if location is not None else None,
        headers=_headers(graph, node),
        body=_body(graph, graph.value(node, HT.body)),
    )


def _request(graph: Graph, node: Node) -> Request:
    return Request(
        method=str(graph.value(node, HT.methodName)),
        path=str(graph.value(node, HT.absolutePath)),
        headers=_headers(graph, node),
        body=_body(graph, graph.value(node, HT.body)),
        response=_response(graph, graph.value(node, HT.resp)),
    )


def _test(graph: Graph, node: Node, manifest: Path) -> Test:
    action = graph.value(node, MF.action)
    holders = [node] + ([action] if action is not None else [])
    data = [_path(d) for h in holders for p in (UT.data, QT.data) for d in graph.objects(h, p)]
    graph_data = [
        (_path(graph.value(gd, UT.graph)), str(graph.value(gd, RDFS.label)))
        for h in holders
        for p in (UT.graphData, QT.graphData)
        for gd in graph.objects(h, p)
    ]
    query = graph.value(action, QT.query) if action is not None else None
    result = graph.value(node, MF.result)
    authority = graph.value(action, HT.connectionAuthority) if action is not None else None
    requests = _list(graph, graph.value(action, HT.requests)) if action is not None else []
    kinds = sorted(_local(t) for t in graph.objects(node, RDF.type))
    return Test(
        id=_local(node),
        name=str(graph.value(node, MF.name) or _local(node)),
        kind=kinds[0] if kinds else "",
        manifest=manifest,
        authority=str(authority) if authority is not None else None,
        requests=tuple(_request(graph, r) for r in requests),
        data=tuple(sorted(data)),
        graph_data=tuple(sorted(graph_data)),
        query=_path(query) if query is not None else None,
        result=_path(result) if result is not None else None,
        requires=tuple(sorted(_local(r) for r in graph.objects(node, MF.requires))),
    )


def read_manifest(path: Path) -> list[Test]:
    """The entries of a manifest in order, following ``mf:include`` lists."""
    path = path.resolve()
    graph = Graph().parse(path, format="turtle", publicID=path.as_uri())
    tests: list[Test] = []
    for manifest in graph.subjects(RDF.type, MF.Manifest):
        for include in graph.objects(manifest, MF.include):
            for item in _list(graph, include):
                tests.extend(read_manifest(_path(item)))
        for entries in graph.objects(manifest, MF.entries):
            tests.extend(_test(graph, node, path) for node in _list(graph, entries))
    return tests


# --- RDF terms in results --------------------------------------------------------------------

_INTEGER_TYPES = {
    "integer",
    "nonPositiveInteger",
    "negativeInteger",
    "long",
    "int",
    "short",
    "byte",
    "nonNegativeInteger",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
    "positiveInteger",
}
_NUMERIC = {XSD + t for t in _INTEGER_TYPES | {"decimal"}}
_FLOATING = {XSD + "double", XSD + "float"}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN")


@dataclass(frozen=True)
class Term:
    """An RDF term from a result: ``uri``, ``bnode``, ``literal``, or ``text`` (a CSV cell).

    Equality (:meth:`same`) is RDF term equality with two allowances: a literal typed
    ``xsd:string`` is the simple literal (RDF 1.1), and numeric literals of the same datatype
    are compared by value, because the suite itself does (``csvtsv03.tsv`` writes ``1.0e6``
    for the data's ``"1.0E6"^^xsd:double``) and Oxigraph stores numbers canonicalised.
    """

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    @classmethod
    def literal(cls, value: str, datatype: str | None = None, lang: str | None = None) -> Term:
        if lang:
            return cls("literal", value, RDF_LANG_STRING, lang.lower())
        if datatype in (None, XSD + "string"):
            return cls("literal", value, None, None)
        return cls("literal", value, datatype, None)

    def same(self, other: Term) -> bool:
        if self.kind != other.kind:
            return False
        if self.kind == "text":
            return self.value == other.value or _same_number(self.value, other.value, None)
        if self.kind != "literal":
            return self.value == other.value
        if (self.datatype, self.lang) != (other.datatype, other.lang):
            return False
        return self.value == other.value or _same_number(self.value, other.value, self.datatype)

    def __str__(self) -> str:
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        if self.kind == "text":
            return repr(self.value)
        suffix = f"@{self.lang}" if self.lang else f"^^<{self.datatype}>" if self.datatype else ""
        return json.dumps(self.value, ensure_ascii=False) + suffix


def _same_number(a: str, b: str, datatype: str | None) -> bool:
    """Equal numeric values of a numeric datatype (``None``: untyped CSV cells)."""
    if datatype is not None and datatype not in _NUMERIC | _FLOATING:
        return False
    if not (_NUMBER.fullmatch(a.strip()) and _NUMBER.fullmatch(b.strip())):
        return False
    if datatype in _FLOATING or datatype is None:
        x, y = float(a.replace("INF", "inf")), float(b.replace("INF", "inf"))
        return x == y or (math.isnan(x) and math.isnan(y))
    try:
        return Decimal(a) == Decimal(b)
    except InvalidOperation:
        return False


Row = dict[str, Term]


@dataclass(frozen=True)
class Results:
    """A parsed result document: ``variables`` and ``rows`` (SELECT), or ``boolean`` (ASK)."""

    variables: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    boolean: bool | None = None


def _json_term(binding: dict[str, str]) -> Term:
    kind = binding["type"]
    if kind == "uri":
        return Term("uri", binding["value"])
    if kind == "bnode":
        return Term("bnode", binding["value"])
    if kind == "literal":
        return Term.literal(binding["value"], binding.get("datatype"), binding.get("xml:lang"))
    raise ValueError(f"unknown binding type {kind!r} (SPARQL 1.1 JSON has uri, literal, bnode)")


def parse_json(text: str) -> Results:
    doc = json.loads(text)
    if "boolean" in doc:
        if not isinstance(doc["boolean"], bool):
            raise ValueError(f"'boolean' is not a JSON boolean: {doc['boolean']!r}")
        return Results(boolean=doc["boolean"])
    variables = tuple(doc["head"]["vars"])
    rows = []
    for binding in doc["results"]["bindings"]:
        unknown = set(binding) - set(variables)
        if unknown:
            raise ValueError(f"binding of variables not in head.vars: {sorted(unknown)}")
        rows.append({k: _json_term(v) for k, v in binding.items()})
    return Results(variables, tuple(rows))


def parse_xml(text: str | bytes) -> Results:
    root = ET.fromstring(text)
    if root.tag != SRX + "sparql":
        raise ValueError(f"not a SPARQL XML results document: root {root.tag}")
    boolean = root.find(SRX + "boolean")
    if boolean is not None:
        value = (boolean.text or "").strip()
        if value not in ("true", "false"):
            raise ValueError(f"<boolean> is {value!r}")
        return Results(boolean=value == "true")
    variables = tuple(v.get("name", "") for v in root.iter(SRX + "variable"))
    rows = []
    for result in root.iter(SRX + "result"):
        row: Row = {}
        for binding in result.iter(SRX + "binding"):
            (node,) = list(binding)
            tag = node.tag.removeprefix(SRX)
            text = node.text or ""
            if tag == "uri":
                row[binding.get("name", "")] = Term("uri", text)
            elif tag == "bnode":
                row[binding.get("name", "")] = Term("bnode", text)
            elif tag == "literal":
                lang = node.get("{http://www.w3.org/XML/1998/namespace}lang")
                row[binding.get("name", "")] = Term.literal(text, node.get("datatype"), lang)
            else:
                raise ValueError(f"unknown binding element <{tag}>")
        rows.append(row)
    return Results(variables, tuple(rows))


def parse_csv(text: str) -> Results:
    """SPARQL CSV: a header of variable names, cells are strings, ``_:x`` blank nodes."""
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records:
        raise ValueError("empty CSV document: the header line is required")
    variables = tuple(records[0])
    rows = []
    for record in records[1:]:
        if len(record) != len(variables):
            raise ValueError(f"row {record!r} has {len(record)} fields, header {len(variables)}")
        row: Row = {}
        for name, cell in zip(variables, record, strict=True):
            if cell.startswith("_:"):
                row[name] = Term("bnode", cell[2:])
            elif cell:
                row[name] = Term("text", cell)
        rows.append(row)
    return Results(variables, tuple(rows))


_TSV_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'"}
_TSV_ESCAPES["\\"] = "\\"
_TSV_LITERAL = re.compile(
    r"""("(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^<([^<>"{}|^`\\\s]*)>)?"""
)
_TSV_NUMBERS = (
    (re.compile(r"[+-]?\d+"), XSD + "integer"),
    (re.compile(r"[+-]?\d*\.\d+"), XSD + "decimal"),
    (re.compile(r"[+-]?(\d+\.\d*[eE][+-]?\d+|\.\d+[eE][+-]?\d+|\d+[eE][+-]?\d+)"), XSD + "double"),
)


def _unescape(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        if code[0] in "uU":
            return chr(int(code[1:], 16))
        if code not in _TSV_ESCAPES:
            raise ValueError(f"unknown string escape \\{code}")
        return _TSV_ESCAPES[code]

    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", one, text)


def tsv_term(cell: str) -> Term | None:
    """A TSV cell as an RDF term, in Turtle syntax (SPARQL 1.1 CSV/TSV §4.2).

    Accepts IRIs, blank nodes, quoted literals (single-line quotes only: the long ``\"\"\"``
    forms must not be used) with language or datatype, and Turtle's abbreviated numbers and
    booleans; anything else is an error.
    """
    if cell == "":
        return None
    if m := re.fullmatch(r"<([^<>\"{}|^`\\\s]*)>", cell):
        return Term("uri", m.group(1))
    if m := re.fullmatch(r"_:([A-Za-z0-9_][A-Za-z0-9_.\-]*)", cell):
        return Term("bnode", m.group(1))
    if m := _TSV_LITERAL.fullmatch(cell):
        quoted, lang, datatype = m.groups()
        return Term.literal(_unescape(quoted[1:-1]), datatype, lang)
    for pattern, datatype in _TSV_NUMBERS:
        if pattern.fullmatch(cell):
            return Term.literal(cell, datatype)
    if cell in ("true", "false"):
        return Term.literal(cell, XSD + "boolean")
    raise ValueError(f"not an RDF term in Turtle syntax: {cell!r}")


def parse_tsv(text: str) -> Results:
    """SPARQL TSV: ``?var`` header, one line per solution, terms in Turtle syntax."""
    body = text[:-1] if text.endswith("\n") else text
    lines = [line.removesuffix("\r") for line in body.split("\n")]
    header = lines[0].split("\t")
    if not all(re.fullmatch(r"\?[A-Za-z0-9_\u00B7-\uFFFF]+", v) for v in header if v):
        raise ValueError(f"TSV header must list variables as ?name: {lines[0]!r}")
    variables = tuple(v[1:] for v in header if v)
    rows = []
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) != len(variables):
            raise ValueError(f"row {line!r} has {len(cells)} fields, header {len(variables)}")
        row: Row = {}
        for name, cell in zip(variables, cells, strict=True):
            term = tsv_term(cell)
            if term is not None:
                row[name] = term
        rows.append(row)
    return Results(variables, tuple(rows))


RESULT_TYPES = {
    "application/sparql-results+json": parse_json,
    "application/sparql-results+xml": parse_xml,
    "text/csv": parse_csv,
    "text/tab-separated-values": parse_tsv,
}


def parse_results(media_type: str, text: str) -> Results:
    if media_type not in RESULT_TYPES:
        raise ValueError(f"{media_type!r} is not a SPARQL results format")
    return RESULT_TYPES[media_type](text)


def _extend(expected: Row, got: Row, mapping: dict[str, str]) -> dict[str, str] | None:
    """``mapping`` (expected blank label → got label, one-to-one) extended to match the rows."""
    if expected.keys() != got.keys():
        return None
    new = dict(mapping)
    for name, term in expected.items():
        other = got[name]
        if term.kind == "bnode" and other.kind == "bnode":
            if term.value in new:
                if new[term.value] != other.value:
                    return None
            elif other.value in new.values():
                return None
            else:
                new[term.value] = other.value
        elif not term.same(other):
            return None
    return new


def same_rows(expected: Sequence[Row], got: Sequence[Row], *, ordered: bool) -> bool:
    """Whether the solutions match, blank nodes up to a consistent renaming; ``ordered``
    compares position by position, otherwise as multisets."""
    if len(expected) != len(got):
        return False

    def search(i: int, used: frozenset[int], mapping: dict[str, str]) -> bool:
        if i == len(expected):
            return True
        candidates = [i] if ordered else [j for j in range(len(got)) if j not in used]
        for j in candidates:
            extended = _extend(expected[i], got[j], mapping)
            if extended is not None and search(i + 1, used | {j}, extended):
                return True
        return False

    return search(0, frozenset(), {})


def show_rows(rows: Sequence[Row]) -> str:
    return "\n".join("  " + "  ".join(f"?{k}={v}" for k, v in sorted(row.items())) for row in rows)


# --- RDF payloads ----------------------------------------------------------------------------

RDF_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/trig": "trig",
    "application/n-quads": "nquads",
    "text/n3": "n3",
}
FILE_TYPES = {".nt": "application/n-triples", ".ttl": "text/turtle", ".rdf": "application/rdf+xml"}


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def charset(content_type: str | None) -> str | None:
    m = re.search(r";\s*charset\s*=\s*\"?([^\";\s]+)", content_type or "", re.I)
    return m.group(1).lower() if m else None


def parse_rdf(data: str | bytes, content_type: str, base: str) -> Graph:
    fmt = RDF_TYPES.get(media_type(content_type))
    if fmt is None:
        raise ValueError(f"{content_type!r} is not an RDF format rdflib reads here")
    graph = Graph()
    if fmt in ("trig", "nquads"):
        dataset = Dataset()
        dataset.parse(data=data, format=fmt, publicID=base)
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        return graph
    graph.parse(data=data, format=fmt, publicID=base)
    return graph


# --- the server under test -------------------------------------------------------------------

TOKEN = "test-token-123"
AUTH = ("Authorization", f"Bearer {TOKEN}")
DEFAULT_AUTHORITY = "www.example"


@contextmanager
def fresh_client(authority: str | None = None) -> Iterator[TestClient]:
    """A new application (new in-memory store) behind a TestClient at ``http://authority``."""
    app = create_app(Settings(store=None, update_token=TOKEN))
    base = f"http://{authority or DEFAULT_AUTHORITY}"
    with TestClient(app, base_url=base, raise_server_exceptions=False) as client:
        yield client


def load(client: TestClient, path: Path, graph: str | None) -> None:
    """Load a data file through the Graph Store Protocol (``None``: the default graph)."""
    url = "/rdf-graphs?" + ("default" if graph is None else urlencode({"graph": graph}))
    response = client.put(
        url,
        content=path.read_bytes(),
        headers={"Content-Type": FILE_TYPES[path.suffix], AUTH[0]: AUTH[1]},
    )
    assert response.status_code in (200, 201, 204), (
        f"setup failed: PUT {url} with {path.name} answered {response.status_code}: "
        f"{response.text[:500]}"
    )


def load_data(client: TestClient, test: Test) -> None:
    """``ut:data``/``qt:data`` into the default graph, ``ut:graphData`` into named graphs."""
    for path in test.data:
        load(client, path, None)
    for path, graph in test.graph_data:
        load(client, path, graph)


# --- pytest: one parameter per manifest entry ------------------------------------------------


def load_tests(root: Path, manifests: Sequence[str]) -> list[Test]:
    """The entries of ``manifests`` (paths inside the suite at ``root``); none without it."""
    if not root.is_dir():
        return []
    return [t for m in manifests for t in read_manifest(root / m)]


def params(tests: Sequence[Test], known_bugs: Mapping[str, str]) -> list[object]:
    """One pytest parameter per entry, named by its id; ``known_bugs`` are strict xfails.
    Without entries (no suite), one ``suite-missing`` parameter that :func:`applicable` skips."""
    if not tests:
        return [pytest.param(None, id="suite-missing")]
    return [
        pytest.param(
            t,
            id=t.id,
            marks=[pytest.mark.xfail(strict=True, reason=known_bugs[t.id])]
            if t.id in known_bugs
            else [],
        )
        for t in tests
    ]


def applicable(test: Test | None, root: Path, not_applicable: Mapping[str, str]) -> Test:
    """``test``, unless the suite at ``root`` is missing or the entry does not apply (skip)."""
    if test is None:
        pytest.skip(missing_reason(root))
    if test.id in not_applicable:
        pytest.skip(f"not applicable: {not_applicable[test.id]}")
    return test
