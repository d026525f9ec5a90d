"""A remote store: any SPARQL 1.1 endpoint, written through the Graph Store Protocol.

Reads go through the SPARQL 1.1 Protocol, writes through the SPARQL 1.1 Graph Store HTTP
Protocol (one named graph per article, ``PUT`` so that re-ingest replaces) when the store has
one, else through SPARQL Update. Queries expect the store to use the union of its named graphs
as the default graph, as kg's embedded store does (``oxigraph serve --union-default-graph``,
Fuseki ``tdb2:unionDefaultGraph true``, Virtuoso, Neptune and QLever by default).

Endpoint layouts are recognised from the URL (override with ``update_url`` / ``gsp_url`` or
``KG_STORE_UPDATE_URL`` / ``KG_STORE_GSP_URL``):

=================================  =====================  ==================  ===========
URL given                          query                  update              graph store
=================================  =====================  ==================  ===========
``http://host:7878`` (oxigraph)    ``/query``             ``/update``         ``/store``
``…/query`` (oxigraph)             as given               ``…/update``        ``…/store``
``…/DATASET/sparql`` or ``/query``  as given               ``…/update``        ``…/data``
(Fuseki, path with a dataset)
``…/sparql`` (Virtuoso, Neptune,   as given               as given            none
QLever, kg serve)
=================================  =====================  ==================  ===========

``KG_STORE_LAYOUT=single`` uses the given URL for query, update and graph store (QLever).
Credentials: ``KG_STORE_TOKEN`` (bearer), ``KG_STORE_USER`` + ``KG_STORE_PASSWORD`` (basic, or
digest with ``KG_STORE_AUTH=digest``), or ``http://user:password@host/…`` in the URL.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox
from rdflib.term import Identifier

from ..errors import QueryError, StoreError
from ._convert import from_ox, parse_triples, to_ox, to_query_result
from .base import Dataset, Quad, QueryResult, RawResult, Triple, values_clause
from .guard import (
    check_iri,
    keywords,
    prepare_update,
    query_form,
    refuse_network,
)

SPARQL_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
_DUMP_FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str
    graph_store: str | None

    @classmethod
    def from_url(
        cls, url: str, *, update_url: str | None = None, gsp_url: str | None = None
    ) -> Endpoints:
        parts = urlsplit(url)
        path = parts.path.rstrip("/")

        def at(new_path: str) -> str:
            return urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))

        base, _, last = path.rpartition("/")
        if os.environ.get("KG_STORE_LAYOUT", "auto") == "single":  # QLever: one URL for all
            guess = cls(url, url, url)
        elif not path:  # oxigraph serve's root
            guess = cls(at("/query"), at("/update"), at("/store"))
        elif last == "query" and base == "":
            guess = cls(at(path), at("/update"), at("/store"))
        elif last in ("query", "sparql") and base:  # Fuseki: /DATASET/query
            guess = cls(at(path), at(base + "/update"), at(base + "/data"))
        else:
            guess = cls(at(path) + (f"?{parts.query}" if parts.query else ""), at(path), None)
        return cls(
            guess.query,
            update_url or os.environ.get("KG_STORE_UPDATE_URL") or guess.update,
            gsp_url or os.environ.get("KG_STORE_GSP_URL") or guess.graph_store,
        )


def _auth(url: str) -> tuple[str, httpx.Auth | None, dict[str, str]]:
    """Strip credentials from ``url``; return it with the auth and headers to use."""
    parts = urlsplit(url)
    headers: dict[str, str] = {}
    auth: httpx.Auth | None = None
    digest = os.environ.get("KG_STORE_AUTH", "basic").lower() == "digest"
    scheme = httpx.DigestAuth if digest else httpx.BasicAuth
    if parts.username:
        auth = scheme(parts.username, parts.password or "")
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
        url = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    elif os.environ.get("KG_STORE_USER"):
        auth = scheme(os.environ["KG_STORE_USER"], os.environ.get("KG_STORE_PASSWORD", ""))
    if os.environ.get("KG_STORE_TOKEN"):
        headers["Authorization"] = f"Bearer {os.environ['KG_STORE_TOKEN']}"
    return url, auth, headers


class RemoteStore:
    """A :class:`~kg.store.Store` over HTTP.

    >>> store = RemoteStore("http://127.0.0.1:7878")  # doctest: +SKIP
    """

    def __init__(
        self,
        url: str,
        *,
        update_url: str | None = None,
        gsp_url: str | None = None,
        timeout: float = 60.0,
        client: httpx.Client | None = None,
    ) -> None:
        url, auth, headers = _auth(url)
        self.endpoints = Endpoints.from_url(url, update_url=update_url, gsp_url=gsp_url)
        self.path = None
        self._client = client or httpx.Client(
            auth=auth, headers=headers, timeout=timeout, follow_redirects=False
        )

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoints.query!r})"

    @property
    def generation(self) -> None:
        """Unknown: other clients may write to the remote store at any time."""
        return None

    # -- HTTP -----------------------------------------------------------------------------------
    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._client.request(method, url, **kwargs)
        except httpx.TransportError as exc:
            raise StoreError(
                f"cannot reach the store at {url}: {exc}. Is it running, and is the URL right?"
            ) from None
        if response.status_code in (401, 403):
            raise StoreError(
                f"the store at {url} refused the request ({response.status_code}): set "
                "KG_STORE_TOKEN (bearer) or KG_STORE_USER/KG_STORE_PASSWORD (basic)"
            )
        return response

    def _fail(self, response: httpx.Response, what: str) -> None:
        message = response.text.strip()[:500] or response.reason_phrase
        if response.status_code == 400:
            raise QueryError(f"the store rejected the {what}: {message}")
        raise StoreError(f"the store answered {response.status_code} to the {what}: {message}")

    def _query(self, sparql: str, accept: str, dataset: Dataset | None = None) -> httpx.Response:
        params: list[tuple[str, str]] = []
        if dataset:
            params += [("default-graph-uri", check_iri(g)) for g in dataset.default_graphs]
            params += [("named-graph-uri", check_iri(g)) for g in dataset.named_graphs]
        response = self._send(
            "POST",
            self.endpoints.query,
            params=params,
            content=sparql.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query", "Accept": accept},
        )
        if response.status_code != 200:
            self._fail(response, "query")
        return response

    def _update(self, sparql: str, params: list[tuple[str, str]] | None = None) -> None:
        response = self._send(
            "POST",
            self.endpoints.update,
            params=params or [],
            content=sparql.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update"},
        )
        if response.status_code >= 300:
            self._fail(response, "update")

    def _select(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> Any:
        text = sparql + values_clause(bindings) if bindings else sparql
        data = self._query(text, SPARQL_JSON).content
        return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)

    # -- the Store protocol ---------------------------------------------------------------------
    def replace_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        quads = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples]  # type: ignore[arg-type]
        data = ox.serialize(quads, format=ox.RdfFormat.N_TRIPLES) or b""
        self.load(data, N_TRIPLES, graph, replace=True)

    def replace_graphs(self, graphs: Mapping[str, Iterable[Triple]]) -> None:
        for graph, triples in graphs.items():  # one PUT per article: each is atomic
            self.replace_graph(graph, triples)

    def drop_graph(self, graph: str) -> bool:
        if not self.has_graph(graph):
            return False
        if self.endpoints.graph_store:
            response = self._send("DELETE", self.endpoints.graph_store, params={"graph": graph})
            if response.status_code == 404:
                return False
            if response.status_code >= 300:
                self._fail(response, "graph delete")
        else:
            self._update(f"DROP SILENT GRAPH <{check_iri(graph)}>")
        return True

    def has_graph(self, graph: str) -> bool:
        result = self._select(
            "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1", {"g": _iri(graph)}
        )
        return any(True for _ in result)

    def graphs(self) -> list[str]:
        result = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(sol["g"].value for sol in result if isinstance(sol["g"], ox.NamedNode))

    def query(self, sparql: str, bindings: Mapping[str, Identifier] | None = None) -> QueryResult:
        text = sparql + values_clause(bindings) if bindings else sparql
        result = self.execute(text)
        return to_query_result(result)  # type: ignore[return-value]

    def execute(
        self, sparql: str, *, dataset: Dataset | None = None, base_iri: str | None = None
    ) -> RawResult:
        refuse_network(sparql)
        form = query_form(sparql)
        if base_iri and "BASE" not in keywords(sparql):
            sparql = f"BASE <{check_iri(base_iri)}>\n{sparql}"
        if form in ("CONSTRUCT", "DESCRIBE"):
            response = self._query(sparql, N_TRIPLES, dataset)
            return iter(list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)))
        response = self._query(sparql, SPARQL_JSON, dataset)
        result = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        return result

    def update(
        self, sparql: str, *, dataset: Dataset | None = None, base_iri: str | None = None
    ) -> None:
        dataset = dataset or Dataset()
        sparql = prepare_update(sparql, dataset.default_graphs, dataset.named_graphs)
        if base_iri and "BASE" not in keywords(sparql):
            sparql = f"BASE <{check_iri(base_iri)}>\n{sparql}"
        self._update(sparql)

    def load(
        self,
        data: bytes,
        media_type: str,
        graph: str | None,
        *,
        replace: bool = False,
        base_iri: str | None = None,
    ) -> None:
        # parsed here first: bad data never reaches the store, whatever it would do with it
        triples = parse_triples(data, media_type, base_iri)
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        if self.endpoints.graph_store:
            params = {"graph": check_iri(graph)} if graph is not None else {"default": ""}
            response = self._send(
                "PUT" if replace else "POST",
                self.endpoints.graph_store,
                params=params,
                content=body,
                headers={"Content-Type": N_TRIPLES},
            )
            if response.status_code >= 300:
                self._fail(response, "graph upload")
            return
        target = f"GRAPH <{check_iri(graph)}> " if graph is not None else ""
        clear = (
            (f"DROP SILENT GRAPH <{graph}> ;\n" if graph else "DROP SILENT DEFAULT ;\n")
            if replace
            else ""
        )
        # N-Triples is SPARQL term syntax: the terms are serialised RDF, never raw input
        self._update(f"{clear}INSERT DATA {{ {target}{{\n{body.decode('utf-8')}}} }}")

    def quads(self) -> Iterator[Quad]:
        result = self._select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        for sol in result:
            yield (from_ox(sol["s"]), from_ox(sol["p"]), from_ox(sol["o"]), from_ox(sol["g"]))

    def dump(self, out: IO[bytes], format: str) -> None:
        try:
            fmt = _DUMP_FORMATS[format]
        except KeyError:
            raise StoreError(
                f"unknown dump format {format!r}; use one of {sorted(_DUMP_FORMATS)}"
            ) from None
        result = self._select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        quads = [ox.Quad(sol["s"], sol["p"], sol["o"], sol["g"]) for sol in result]
        ox.serialize(quads, out, format=fmt)

    def __len__(self) -> int:
        result = self._select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return next(int(sol["n"].value) for sol in result)

    def close(self) -> None:
        self._client.close()


def _iri(value: str) -> Identifier:
    from rdflib import URIRef

    return URIRef(check_iri(value))
