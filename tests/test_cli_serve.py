"""`kg serve` starts a real server on 127.0.0.1 that answers SPARQL and guards writes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port, wait_for_http


def _kg() -> list[str]:
    found = shutil.which("kg") or str(Path(sys.executable).parent / "kg")
    return [found] if Path(found).exists() else [sys.executable, "-m", "kg.cli"]


def test_kg_serve_answers_and_guards_writes(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "KG_UPDATE_TOKEN": "serve-test-token"}
    process = subprocess.Popen(
        [*_kg(), "serve", "--store", str(tmp_path / "store"), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/health", timeout=60)
        ask = httpx.get(base + "/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert ask.json() == {"head": {}, "boolean": False}
        insert = {"update": 'INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> "c" } }'}
        assert httpx.post(base + "/sparql", data=insert).status_code == 401
        ok = httpx.post(
            base + "/sparql", data=insert, headers={"Authorization": "Bearer serve-test-token"}
        )
        assert ok.status_code == 204
        assert httpx.get(base + "/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"]
        assert httpx.get(base + "/docs").status_code == 200
    finally:
        process.terminate()
        try:
            _, stderr = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail("kg serve did not stop on SIGTERM")
    assert b"serving" in stderr and b"updates enabled" in stderr
    # the store was flushed and unlocked: it opens again with the triple in it
    from kg.store import EmbeddedStore

    reopened = EmbeddedStore(tmp_path / "store")
    assert reopened.graphs() == ["urn:x:g"]
    reopened.close()


def test_ingest_through_a_running_server(tmp_path: Path) -> None:
    """The embedded store belongs to the serving process; an ingest that runs while it serves
    goes through the server (Graph Store PUT per article), and readers see each article whole."""
    from tests.conftest import ROOT

    port = free_port()
    token = "ingest-through-token"
    process = subprocess.Popen(
        [*_kg(), "serve", "--store", str(tmp_path / "store"), "--port", str(port)],
        env={**os.environ, "KG_UPDATE_TOKEN": token},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base + "/health", timeout=60)
        env = {
            **os.environ,
            "KG_STORE_GSP_URL": base + "/rdf-graphs",
            "KG_STORE_TOKEN": token,
        }
        command = [*_kg(), "ingest", str(ROOT / "examples"), "--store", base + "/sparql"]
        first = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert first.returncode == 0, first.stderr[-2000:]
        assert "7 ingested" in first.stderr
        again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert "0 ingested, 7 skipped as already present" in again.stderr, again.stderr[-2000:]
        articles = httpx.get(base + "/articles").json()
        assert articles["total"] == 7
        without_token = {k: v for k, v in env.items() if k != "KG_STORE_TOKEN"}
        refused = subprocess.run(
            [*command, "--force"], env=without_token, capture_output=True, text=True, timeout=300
        )
        assert refused.returncode == 1 and "refused the request (401)" in refused.stderr
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_a_server_keeps_its_start_up_objects_out_of_full_collections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kg serve` and the ASGI factory freeze what start-up made (see api.app)."""
    import gc

    from api.main import app_from_env

    monkeypatch.setenv("KG_STORE", str(tmp_path / "store"))
    gc.unfreeze()
    app = app_from_env()
    try:
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        app.state.graph.close()
