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
