"""Saved-query latency over HTTP: ``kg serve`` against ``oxigraph serve`` (and rdflib-endpoint).

The same data in every server: ``--articles`` generated articles are ingested into a kg store
(or ``--store DIR`` is used as it is), dumped as N-Quads and loaded with ``oxigraph load``
into a store of its own for ``oxigraph serve --union-default-graph``, and parsed by
rdflib-endpoint (``pip install rdflib-endpoint`` in the venv; skipped when it is missing).

Every saved query of ``queries/`` is sent as the same SPARQL text (parameters bound by a
trailing VALUES clause) by ``POST`` (``application/sparql-query``, answers as SPARQL JSON) to
each server on 127.0.0.1; kg's REST route ``GET /queries/{name}?param=…`` (first page of 50
rows) is timed too. One warm-up round, then ``--runs`` rounds, interleaved across servers;
the median counts. Ratios are geometric means over the queries.

    .venv/bin/python bench/endpoint.py --articles 300 --runs 10
"""

from __future__ import annotations

import argparse
import contextlib
import math
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import _common as c
import corpus

KG = "https://w3id.org/newskg/ontology#"
JSON = "application/sparql-results+json"


def build_store(path: Path, n: int, seed: int) -> None:
    from kg import KnowledgeGraph
    from kg.ingest import default_workers

    with KnowledgeGraph.open(path) as graph:
        report = graph.ingest(corpus.articles(n, seed), workers=default_workers())
        assert report.ok, report.failed[:3]


def prepare(store: Path, nquads: Path) -> tuple[int, str]:
    """Dump the kg store as N-Quads; return its size and the most-evidenced country."""
    from kg.store import EmbeddedStore

    s = EmbeddedStore(store)
    try:
        with nquads.open("wb") as out:
            s.dump(out, "nquads")
        rows = s.query(
            f"SELECT ?e (COUNT(?m) AS ?n) WHERE {{ ?e a <{KG}Country> ; <{KG}evidence> ?m }} "
            "GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 1"
        )
        return len(s), str(rows.rows[0]["e"])  # type: ignore[union-attr]
    finally:
        s.close()


def queries(entity: str) -> dict[str, tuple[str, dict[str, str]]]:
    """name → (SPARQL with its parameters bound by VALUES, REST query-string parameters)."""
    from rdflib import URIRef

    from kg import saved_queries
    from kg.store.base import values_clause

    out: dict[str, tuple[str, dict[str, str]]] = {}
    for name, saved in saved_queries().items():
        params = {p.name: entity for p in saved.params}  # the only parameter type: an entity IRI
        bound = {k: URIRef(v) for k, v in params.items()}
        out[name] = (saved.text + (values_clause(bound) if bound else ""), params)
    return out


def breakdown(
    store: Path, qs: dict[str, tuple[str, dict[str, str]]], runs: int
) -> dict[str, list[float]]:
    """In process, on the kg store: where a /sparql SELECT spends its time. Per query, median
    seconds of [evaluation + reading every solution's terms in Python, kg's JSON writer over
    those rows, pyoxigraph evaluating and writing the same JSON natively (Rust)]."""
    import pyoxigraph as ox

    from api.sparql.results import json_solutions
    from kg.store import EmbeddedStore

    s = EmbeddedStore(store)
    out: dict[str, list[float]] = {}
    try:
        for name, (text, _) in qs.items():
            samples: list[list[float]] = [[], [], []]
            for _ in range(runs + 1):
                t0 = time.perf_counter()
                result = s.execute(text)
                assert isinstance(result, ox.QuerySolutions)
                names = [v.value for v in result.variables]
                rows = [[sol[v] for v in names] for sol in result]
                t1 = time.perf_counter()
                "".join(json_solutions(names, rows)).encode()
                t2 = time.perf_counter()
                native = s.execute(text)
                assert isinstance(native, ox.QuerySolutions)
                native.serialize(format=ox.QueryResultsFormat.JSON)
                t3 = time.perf_counter()
                del result, native, rows
                for i, v in enumerate((t1 - t0, t2 - t1, t3 - t2)):
                    samples[i].append(v)
            out[name] = [statistics.median(x[1:]) for x in samples]  # the first is a warm-up
    finally:
        s.close()
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=300, help="articles ingested (300)")
    parser.add_argument("--store", type=Path, help="use this kg store instead (not modified)")
    parser.add_argument("--runs", type=int, default=10, help="timed rounds per query (10)")
    parser.add_argument("--rdflib-runs", type=int, default=3, help="rounds for rdflib-endpoint (3)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per request (120)")
    parser.add_argument("--no-rdflib", action="store_true", help="skip rdflib-endpoint")
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (7)")
    args = parser.parse_args(argv)

    import httpx

    c.banner("endpoint: saved-query latency, kg serve against oxigraph serve")
    rdflib_bin = shutil.which("rdflib-endpoint", path=str(c.BIN))
    if args.no_rdflib:
        rdflib_bin = None
    elif rdflib_bin is None:
        print(
            "# rdflib-endpoint is not installed: that comparison is skipped "
            "(`.venv/bin/pip install rdflib-endpoint` to add it)"
        )
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp_name:
        tmp = Path(tmp_name)
        store = args.store
        if store is None:
            store = tmp / "kg-store"
            t = time.perf_counter()
            build_store(store, args.articles, args.seed)
            print(f"ingested {args.articles} articles in {time.perf_counter() - t:.0f} s")
        nq = tmp / "data.nq"
        n_quads, entity = prepare(store, nq)
        ox_dir = tmp / "ox-store"
        subprocess.run(
            [str(c.BIN / "oxigraph"), "load", "--location", str(ox_dir), "--file", str(nq)],
            check=True,
            capture_output=True,
        )
        print(
            f"{n_quads:,} quads ({nq.stat().st_size / 2**20:.1f} MiB of N-Quads); "
            f"provenance bound to {entity}\n"
        )
        qs = queries(entity)
        split = breakdown(store, qs, args.runs)

        ports = {name: c.free_port() for name in ("kg", "oxigraph")}
        kg_url = f"http://127.0.0.1:{ports['kg']}"
        ox_url = f"http://127.0.0.1:{ports['oxigraph']}"
        kg_cmd = [str(c.BIN / "kg"), "serve", "--store", str(store), "--port", str(ports["kg"])]
        ox_cmd = [
            str(c.BIN / "oxigraph"), "serve", "--location", str(ox_dir),
            "--bind", f"127.0.0.1:{ports['oxigraph']}", "--union-default-graph",
        ]  # fmt: skip
        with (
            c.server(kg_cmd, f"{kg_url}/health"),
            c.server(ox_cmd, f"{ox_url}/query?query=ASK%7B%7D"),
            httpx.Client(timeout=args.timeout) as http,
        ):
            headers = {"Content-Type": "application/sparql-query", "Accept": JSON}

            def post(url: str) -> Callable[[str], Any]:
                return lambda q: http.post(url, content=q.encode(), headers=headers)

            targets: dict[str, Callable[[str, dict[str, str]], Any]] = {
                "kg POST /sparql": lambda q, _p: post(f"{kg_url}/sparql")(q),
                "oxigraph POST /query": lambda q, _p: post(f"{ox_url}/query")(q),
                "kg GET /queries/{name}": None,  # type: ignore[dict-item]
            }
            times, rows, failed = measure(http, qs, targets, kg_url, args.runs, args.timeout)
            rd_times: dict[str, float] = {}
            rd_parse: dict[str, float] = {}
            if rdflib_bin:
                rd_times, rd_parse = rdflib_endpoint(
                    rdflib_bin, nq, qs, http, args, failed, rows["oxigraph POST /query"]
                )
    report(times, rows["oxigraph POST /query"], rd_times, rd_parse, failed, args)
    print("\nwhere a /sparql SELECT's time goes (in process on the kg store, median ms):")
    c.table(
        [
            "query",
            "evaluate + read rows (Python)",
            "kg JSON writer",
            "pyoxigraph evaluate + native JSON",
        ],
        [(q, 1000 * a, 1000 * b, 1000 * n) for q, (a, b, n) in split.items()],
    )
    total = {k: sum(v[i] for v in split.values()) for i, k in enumerate(("eval", "json", "native"))}
    c.note(
        "endpoint.python_path_vs_native",
        (total["eval"] + total["json"]) / total["native"],
        "evaluate + Python rows + kg JSON ÷ pyoxigraph's native serialize, in process",
    )


def rdflib_endpoint(
    binary: str,
    nq: Path,
    qs: dict[str, tuple[str, dict[str, str]]],
    http: Any,
    args: argparse.Namespace,
    failed: set[tuple[str, str]],
    expected: dict[str, int],
) -> tuple[dict[str, float], dict[str, float]]:
    """Median seconds per query on rdflib-endpoint (to the answer received, and with the
    client's JSON parsing). It goes on evaluating a query whose client
    gave up, so after a time-out the server is restarted before the next query."""
    port = c.free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [binary, "serve", str(nq), "--host", "127.0.0.1", "--port", str(port)]
    headers = {"Content-Type": "application/sparql-query", "Accept": JSON}
    target = {
        "rdflib-endpoint POST /": lambda q, _p: http.post(
            f"{url}/", content=q.encode(), headers=headers
        )
    }
    out: dict[str, float] = {}
    out_parse: dict[str, float] = {}
    running = False
    with contextlib.ExitStack() as stack:
        for name in qs:
            if not running:
                t = time.perf_counter()
                stack.enter_context(c.server(cmd, f"{url}/?query=ASK%7B%7D", timeout=1800))
                print(f"(rdflib-endpoint started, data parsed in {time.perf_counter() - t:.0f} s)")
                running = True
            medians, rows, bad = measure(
                http, {name: qs[name]}, target, url, args.rdflib_runs, args.timeout
            )
            out[name] = medians["rdflib-endpoint POST /"][name]
            out_parse[name] = medians["rdflib-endpoint POST / +parse"][name]
            got, want = rows["rdflib-endpoint POST /"].get(name), expected.get(name)
            if got is not None and got != want:
                print(f"# warning: {name}: rdflib-endpoint answered {got} rows, oxigraph {want}")
            if bad:
                failed |= bad
                stack.close()  # stop the server that is still busy with the abandoned query
                running = False
    return out, out_parse


def measure(
    http: Any,
    qs: dict[str, tuple[str, dict[str, str]]],
    targets: dict[str, Any],
    kg_url: str,
    runs: int,
    timeout: float,
) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, int]], set[tuple[str, str]]]:
    """Median seconds and rows per (target, query), and what failed or timed out (counted
    as ``timeout``). Row counts are checked to agree between targets."""

    def call(target: str, name: str) -> Any:
        text, params = qs[name]
        if targets[target] is None:  # kg's REST route, GET /queries/{name}
            return http.get(f"{kg_url}/queries/{name}", params=params)
        return targets[target](text, params)

    samples: dict[str, dict[str, list[float]]] = {t: {q: [] for q in qs} for t in targets}
    with_parse: dict[str, dict[str, list[float]]] = {t: {q: [] for q in qs} for t in targets}
    rows: dict[str, dict[str, int]] = {t: {} for t in targets}
    failed: set[tuple[str, str]] = set()
    for round_ in range(runs + 1):  # round 0 is the warm-up
        for name in qs:
            for target in targets:
                if (target, name) in failed:
                    continue
                t = time.perf_counter()
                try:
                    response = call(target, name)
                    response.raise_for_status()
                    elapsed = time.perf_counter() - t  # the whole answer received
                    body = response.json()
                    parsed = time.perf_counter() - t
                except Exception as exc:  # a timeout or an error: recorded, not fatal
                    print(f"# {target} {name}: {type(exc).__name__}: {exc}"[:200])
                    elapsed, body = timeout, None  # a lower bound
                    parsed = elapsed
                    failed.add((target, name))
                if round_ == 0:
                    if body is not None:
                        rows[target][name] = (
                            body["total"] if "total" in body else len(body["results"]["bindings"])
                        )
                    continue
                samples[target][name].append(elapsed)
                with_parse[target][name].append(parsed)
    for name in qs:
        counts = {t: rows[t].get(name) for t in targets}
        if len({v for v in counts.values() if v is not None}) > 1:
            print(f"# warning: {name}: the servers disagree on the number of rows: {counts}")
    medians = {
        kind: {q: statistics.median(s) if s else timeout for q, s in by_query.items()}
        for kind, by_query in samples.items()
    }
    for kind, by_query in with_parse.items():  # the same, with the client's JSON parsing
        medians[kind + " +parse"] = {
            q: statistics.median(s) if s else timeout for q, s in by_query.items()
        }
    return medians, rows, failed


def report(
    times: dict[str, dict[str, float]],
    rows_n: dict[str, int],
    rd: dict[str, float],
    rd_parse: dict[str, float],
    failed: set[tuple[str, str]],
    args: argparse.Namespace,
) -> None:
    """Latency is to the whole answer received; the client's JSON parsing, the same work
    whichever server answered, is shown apart (``+parse``)."""
    kg_t, ox_t, rest_t = (
        times[k] for k in ("kg POST /sparql", "oxigraph POST /query", "kg GET /queries/{name}")
    )
    names = list(kg_t)
    header = ["query", "rows", "kg /sparql ms", "oxigraph ms", "kg ÷ ox", "kg REST ms", "REST ÷ ox"]
    if rd:
        header += ["rdflib ms", "rdflib ÷ kg"]
    table = []
    for q in names:
        row: list[Any] = [q, rows_n.get(q, 0), 1000 * kg_t[q], 1000 * ox_t[q], kg_t[q] / ox_t[q],
                          1000 * rest_t[q], rest_t[q] / ox_t[q]]  # fmt: skip
        if rd:
            row += [1000 * rd[q], rd[q] / kg_t[q]]
        table.append(row)
    c.table(header, table)
    print(
        f"(median of {args.runs} after a warm-up; rdflib-endpoint: {args.rdflib_runs}; "
        "REST answers the first page of 50 rows; time to the whole answer received, the "
        "client's JSON parsing not included)"
    )

    def gmean(values: list[float]) -> float:
        return math.exp(sum(math.log(v) for v in values) / len(values))

    c.ratio("endpoint.kg_vs_oxigraph", gmean([kg_t[q] / ox_t[q] for q in names]), "<= 1.2")
    ox_parse, kg_parse_all = times["oxigraph POST /query +parse"], times["kg POST /sparql +parse"]
    c.note(
        "endpoint.kg_vs_oxigraph_with_client_parse",
        gmean([kg_parse_all[q] / ox_parse[q] for q in names]),
        "the same with the client's JSON parsing in both times (as measured before)",
    )
    c.note(
        "endpoint.kg_vs_oxigraph_worst",
        max(kg_t[q] / ox_t[q] for q in names),
        "the slowest query's ratio",
    )
    c.note(
        "endpoint.kg_rest_vs_oxigraph",
        gmean([rest_t[q] / ox_t[q] for q in names]),
        "GET /queries/{name} ÷ oxigraph",
    )
    if rd:
        c.ratio("endpoint.rdflib_vs_kg", gmean([rd[q] / kg_t[q] for q in names]), ">= 20")
        c.note(
            "endpoint.rdflib_vs_kg_rest",
            gmean([rd[q] / rest_t[q] for q in names]),
            "rdflib-endpoint ÷ kg's GET /queries/{name} (kg sorts the rows itself)",
        )
        kg_parse = times["kg POST /sparql +parse"]
        c.note(
            "endpoint.rdflib_vs_kg_with_client_parse",
            gmean([rd_parse[q] / kg_parse[q] for q in names]),
            "the same with the client's JSON parsing in both times (as measured before)",
        )
    if failed:
        print(
            f"# failed or over {args.timeout:g} s, counted as {args.timeout:g} s (so ratios "
            f"involving them are bounds): {', '.join(f'{t}: {q}' for t, q in sorted(failed))}"
        )


if __name__ == "__main__":
    main()
