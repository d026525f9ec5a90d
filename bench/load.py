"""Load: ``--clients`` concurrent HTTP clients against ``kg serve`` while an ingest writes to it.

One ``kg serve --store DIR`` (with ``KG_UPDATE_TOKEN``) on 127.0.0.1 holds a store seeded with
the examples and ``--seed-articles`` generated articles (bench/corpus.py). Clients (asyncio +
httpx, one connection each, no think time unless ``--think``) loop over a seeded mix of

* ``saved``  GET /queries/{name} (every saved query; provenance with a country),
* ``search`` GET /entities?q=… (a piece of a real label),
* ``entity`` GET /entities/{id},
* ``sparql`` POST /sparql, one of a few SELECTs,

and every answer must be a 200 (anything else, or a client timeout, is an error). Phases:

1. ingest alone: ``kg ingest CORPUS --store http://127.0.0.1:PORT/sparql`` (the server's Graph
   Store Protocol, one PUT per article: ``KG_STORE_GSP_URL``, ``KG_STORE_TOKEN``), articles/s
   over ``--ingest-seconds`` once the first article has landed;
2. baseline: the ingest paused (SIGSTOP), one client for ``--baseline-seconds`` on the store as
   it is then, which is the store the load starts on;
3. load: the ingest resumed, ``--clients`` clients for ``--seconds``.

Prints per request kind the requests, errors, p50 and p99 (baseline and under load), requests/s,
the ingest rate alone and under load, and ratio lines. Every phase is bounded in time and the
server and the ingest are always stopped.

    .venv/bin/python bench/load.py                     # 200 clients, 60 s
    .venv/bin/python bench/load.py --clients 50 --seconds 20 --seed-articles 30
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import secrets
import signal
import statistics
import subprocess
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import _common as c
import corpus
import httpx

KINDS = ("saved", "search", "entity", "sparql")
WEIGHTS = (3, 2, 3, 3)
PREFIXES = """PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
SELECTS = [
    "SELECT ?type (COUNT(?e) AS ?n) WHERE { ?e a ?type } GROUP BY ?type ORDER BY ?type",
    "SELECT ?p ?name WHERE { ?p a kg:Person ; rdfs:label ?name } ORDER BY ?name LIMIT 50",
    "SELECT ?a ?title WHERE { ?a a kg:Article ; kg:title ?title } ORDER BY ?title LIMIT 20",
    "SELECT ?s ?value WHERE { ?s a kg:Statistic ; kg:value ?value } ORDER BY DESC(?value) LIMIT 20",
]
ARTICLES = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a kg:Article }"


@dataclass(frozen=True)
class Targets:
    """What the clients ask for, read from the server once before the load."""

    saved: list[tuple[str, dict[str, str]]]
    terms: list[str]
    ids: list[str]

    def request(self, kind: str, rng: random.Random) -> tuple[str, str, dict[str, Any]]:
        """(method, path, httpx keyword arguments) of one request of ``kind``."""
        if kind == "saved":
            name, params = rng.choice(self.saved)
            return "GET", f"/queries/{name}", {"params": params}
        if kind == "search":
            return "GET", "/entities", {"params": {"q": rng.choice(self.terms)}}
        if kind == "entity":
            return "GET", f"/entities/{rng.choice(self.ids)}", {}
        return (
            "POST",
            "/sparql",
            {
                "content": PREFIXES + rng.choice(SELECTS),
                "headers": {"Content-Type": "application/sparql-query"},
            },
        )


@dataclass
class Results:
    """Latencies (s) of the successful requests and the errors, by kind."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    in_window: int = 0  # requests completed before the deadline

    def total(self, kind: str | None = None) -> int:
        kinds = [kind] if kind else list(KINDS)
        return sum(len(self.latencies[k]) + len(self.errors[k]) for k in kinds)

    def error_count(self, kind: str | None = None) -> int:
        kinds = [kind] if kind else list(KINDS)
        return sum(len(self.errors[k]) for k in kinds)

    def percentile(self, kind: str | None, q: float) -> float:
        values = sorted(v for k in ([kind] if kind else KINDS) for v in self.latencies[k])
        if not values:
            return float("nan")
        if len(values) == 1:
            return values[0] * 1000
        return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1] * 1000


async def client(
    http: httpx.AsyncClient,
    targets: Targets,
    rng: random.Random,
    deadline: float,
    think: float,
    results: Results,
) -> None:
    while time.monotonic() < deadline:
        kind = rng.choices(KINDS, WEIGHTS)[0]
        method, path, kwargs = targets.request(kind, rng)
        started = time.monotonic()
        try:
            response = await http.request(method, path, **kwargs)
            ok = response.status_code == 200
            problem = f"{response.status_code} {method} {path}: {response.text[:160]}"
        except httpx.HTTPError as exc:
            ok, problem = False, f"{type(exc).__name__} {method} {path}: {exc}"
        finished = time.monotonic()
        if ok:
            results.latencies[kind].append(finished - started)
        else:
            results.errors[kind].append(problem)
        if finished <= deadline:
            results.in_window += 1
        if think:
            await asyncio.sleep(rng.expovariate(1 / think))


async def run_clients(
    base: str, targets: Targets, clients: int, seconds: float, args: argparse.Namespace
) -> tuple[Results, float]:
    """``clients`` clients for ``seconds``; in-flight requests then get up to ``--timeout``."""
    results = Results()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(
        base_url=base, limits=limits, timeout=args.timeout, trust_env=False
    ) as http:
        started = time.monotonic()
        deadline = started + seconds
        tasks = [
            asyncio.create_task(
                client(
                    http,
                    targets,
                    random.Random(args.seed * 1000 + i),
                    deadline,
                    args.think,
                    results,
                )
            )
            for i in range(clients)
        ]
        _, late = await asyncio.wait(tasks, timeout=seconds + args.timeout + 5)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)
    return results, seconds


# -- the store, the server and the ingest -------------------------------------------------------
def write_corpus(path: Path, n: int, seed: int, start: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for rec in corpus.records(n, seed, start):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")


def kg(*args: str) -> list[str]:
    return [str(c.BIN / "kg"), *args]


@contextlib.contextmanager
def process(args: list[str], log: Path, env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """Start ``args`` in a session of its own (output to ``log``); stop its process group."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            args,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **env},
            start_new_session=True,
        )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
                os.killpg(proc.pid, signal.SIGCONT)  # in case it was paused
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def group_cpu(pgid: int) -> float:
    """CPU seconds used so far by the processes of one process group (Linux /proc)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:  # pgrp; utime and stime follow at 11 and 12
                total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


class Cpu:
    """Cores used by the server, the ingest, these clients and everything else during a block."""

    def __init__(self, server: int, ingest: int) -> None:
        self.groups = {"server": server, "ingest": ingest}

    def __enter__(self) -> Cpu:
        self._start = self._sample()
        return self

    def __exit__(self, *exc: object) -> None:
        end = self._sample()
        wall = end["wall"] - self._start["wall"]
        self.cores = {k: (end[k] - self._start[k]) / wall for k in end if k != "wall"}
        self.cores["other processes"] = max(
            0.0, self.cores.pop("busy") - sum(v for k, v in self.cores.items() if k != "busy")
        )

    def _sample(self) -> dict[str, float]:
        own = os.times()
        sample = {k: group_cpu(pid) for k, pid in self.groups.items()}
        sample["clients"] = own.user + own.system
        sample["busy"] = c._busy_jiffies() / os.sysconf("SC_CLK_TCK")
        sample["wall"] = time.monotonic()
        return sample

    def __str__(self) -> str:
        used = ", ".join(f"{k} {v:.2f}" for k, v in self.cores.items())
        return f"cores used ({os.cpu_count()} in all): {used}"


def tail(log: Path, lines: int = 15) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def count_articles(base: str) -> int:
    r = httpx.post(
        f"{base}/sparql",
        content=PREFIXES + ARTICLES,
        headers={"Content-Type": "application/sparql-query"},
        timeout=120,
        trust_env=False,
    )
    r.raise_for_status()
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def read_targets(base: str, seed: int) -> Targets:
    with httpx.Client(base_url=base, timeout=120, trust_env=False) as http:
        queries = http.get("/queries", params={"limit": 1000}).json()["items"]
        entities = http.get("/entities", params={"limit": 1000}).json()["items"]
    countries = [e["id"] for e in entities if e["type"] == "Country"] or ["country/US"]
    saved: list[tuple[str, dict[str, str]]] = []
    for q in queries:
        if q["params"] == ["entity"]:
            saved += [(q["name"], {"entity": e}) for e in countries[:5]]
        elif not q["params"]:
            saved.append((q["name"], {}))
    rng = random.Random(seed)
    words = sorted({w for e in entities for w in e["label"].split() if len(w) >= 4})
    terms = [
        w[: rng.randint(3, min(6, len(w)))].lower() for w in rng.sample(words, min(40, len(words)))
    ]
    ids = [e["id"] for e in rng.sample(entities, min(200, len(entities)))]
    return Targets(saved, terms, ids)


def wait_articles(base: str, above: int, timeout: float, ingest: subprocess.Popen[bytes]) -> int:
    """Poll until more than ``above`` articles are stored; the count (or ``above``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and ingest.poll() is None:
        n = count_articles(base)
        if n > above:
            return n
        time.sleep(0.5)
    return above


# -- report -------------------------------------------------------------------------------------
def report(
    base: Results, base_s: float, load: Results, load_s: float, args: argparse.Namespace
) -> None:
    rows = []
    for kind in (*KINDS, None):
        rows.append(
            [
                kind or "all",
                load.total(kind),
                load.error_count(kind),
                base.percentile(kind, 50),
                load.percentile(kind, 50),
                base.percentile(kind, 99),
                load.percentile(kind, 99),
                load.percentile(kind, 50) / base.percentile(kind, 50),
            ]
        )
    print()
    print(
        f"## {args.clients} clients for {load_s:g} s during an ingest; baseline 1 client, no ingest"
    )
    c.table(
        [
            "kind",
            "requests",
            "errors",
            "p50 1 client ms",
            "p50 load ms",
            "p99 1 client ms",
            "p99 load ms",
            "p50 load / 1 client",
        ],
        rows,
    )
    print(
        f"requests/s: 1 client {base.in_window / base_s:.1f} · {args.clients} clients "
        f"{load.in_window / load_s:.1f} (requests completed within the window)"
    )
    for kind in KINDS:
        for problem in load.errors[kind][:3] + base.errors[kind][:3]:
            print(f"# error ({kind}): {problem}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=200, help="concurrent clients (200)")
    parser.add_argument("--seconds", type=float, default=60, help="load duration (60)")
    parser.add_argument("--baseline-seconds", type=float, default=15, help="1-client run (15)")
    parser.add_argument("--ingest-seconds", type=float, default=5, help="ingest alone (5)")
    parser.add_argument("--seed-articles", type=int, default=100, help="stored before (100)")
    parser.add_argument("--articles", type=int, default=600, help="ingested during (600)")
    parser.add_argument("--ingest-workers", type=int, default=1, help="kg ingest --workers (1)")
    parser.add_argument(
        "--think", type=float, default=0.0, help="mean pause between a client's requests, s (0)"
    )
    parser.add_argument("--timeout", type=float, default=120, help="seconds per request (120)")
    parser.add_argument("--seed", type=int, default=7, help="corpus and request-mix seed (7)")
    args = parser.parse_args(argv)

    c.banner(f"load: {args.clients} clients × {args.seconds:g} s while kg ingest writes over HTTP")
    with tempfile.TemporaryDirectory(prefix="kg-load-") as tmp:
        work = Path(tmp)
        store = work / "store"
        seed_file, ingest_file = work / "seed.jsonl", work / "ingest.jsonl"
        write_corpus(seed_file, args.seed_articles, args.seed, 0)
        write_corpus(ingest_file, args.articles, args.seed, args.seed_articles)
        started = time.perf_counter()
        subprocess.run(
            kg("ingest", str(seed_file), str(c.ROOT / "examples"), "--store", str(store)),
            check=True,
            capture_output=True,
            timeout=1800,
        )
        print(
            f"# seeded the store with {args.seed_articles} articles + examples/ in "
            f"{time.perf_counter() - started:.0f} s"
        )

        token = secrets.token_hex(16)
        port = c.free_port()
        base = f"http://127.0.0.1:{port}"
        server_log, ingest_log = work / "serve.log", work / "ingest.log"
        serve = kg("serve", "--store", str(store), "--port", str(port))
        ingest_cmd = kg(
            "ingest", str(ingest_file), "--store", f"{base}/sparql",
            "--workers", str(args.ingest_workers), "--batch-size", "8",
        )  # fmt: skip
        ingest_env = {"KG_STORE_GSP_URL": f"{base}/rdf-graphs", "KG_STORE_TOKEN": token}
        with process(serve, server_log, {"KG_UPDATE_TOKEN": token}) as server:
            try:
                c.wait_http(f"{base}/health", 60, server)
            except (RuntimeError, TimeoutError) as exc:
                raise SystemExit(f"kg serve did not start: {exc}\n{tail(server_log)}") from None
            stored = count_articles(base)
            with process(ingest_cmd, ingest_log, ingest_env) as ingest:
                # 1. the ingest alone, from its first stored article on
                first = wait_articles(base, stored, 300, ingest)
                t0 = time.monotonic()
                time.sleep(args.ingest_seconds)
                alone_n = count_articles(base)
                alone_rate = (alone_n - first) / (time.monotonic() - t0)
                if ingest.poll() is not None:
                    raise SystemExit(f"kg ingest stopped early:\n{tail(ingest_log)}")
                # 2. paused: one client on the store as it is now
                os.killpg(ingest.pid, signal.SIGSTOP)
                try:
                    time.sleep(1)  # let a write in flight land
                    base_n = count_articles(base)
                    targets = read_targets(base, args.seed)
                    baseline, base_s = asyncio.run(
                        run_clients(base, targets, 1, args.baseline_seconds, args)
                    )
                finally:
                    os.killpg(ingest.pid, signal.SIGCONT)
                # 3. the load, while the ingest goes on
                t1 = time.monotonic()
                with Cpu(server.pid, ingest.pid) as cpu:
                    load, load_s = asyncio.run(
                        run_clients(base, targets, args.clients, args.seconds, args)
                    )
                t2 = time.monotonic()
                still_running = ingest.poll() is None
                ingest_tail = "" if still_running else tail(ingest_log, 4)
                load_n = count_articles(base)
                load_rate = (load_n - base_n) / (t2 - t1)
            if server.poll() is not None:
                raise SystemExit(f"kg serve died:\n{tail(server_log)}")

    print(
        f"# articles stored: {stored} seeded, {base_n} for the baseline and at the start of the "
        f"load, {load_n} at its end; {len(targets.saved)} saved-query requests, "
        f"{len(targets.terms)} search terms, {len(targets.ids)} entity ids"
    )
    report(baseline, base_s, load, load_s, args)
    print(
        f"ingest: {alone_rate:.2f} articles/s alone · {load_rate:.2f} articles/s under load "
        f"({load_n - base_n} articles in {t2 - t1:.0f} s"
        + ("" if still_running else f"; the ingest ended during the load:\n{ingest_tail}")
        + ")"
    )
    print(f"# during the load, {cpu}")
    c.ratio("load_errors", float(load.error_count() + baseline.error_count()), "<= 0")
    c.note(
        "load_p50_vs_1_client",
        load.percentile(None, 50) / baseline.percentile(None, 50),
        "p50 under load ÷ p50 with 1 client and no ingest",
    )
    c.note(
        "load_throughput_vs_1_client",
        (load.in_window / load_s) / (baseline.in_window / base_s),
        "requests/s under load ÷ requests/s with 1 client",
    )
    if alone_rate > 0:
        c.note(
            "ingest_under_load_vs_alone",
            load_rate / alone_rate,
            "articles/s during the load ÷ articles/s alone",
        )


if __name__ == "__main__":
    main()
