"""The web page's routes: ``/`` and ``/static`` (or 503 until built), ``/web/queries``; none of
them in the OpenAPI schema, none shadowing an API route."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.routers import web
from kg import KnowledgeGraph, saved_queries


@pytest.fixture
def client() -> TestClient:
    return TestClient(create_app(graph=KnowledgeGraph.open()))


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for api/static/ as `npm run build` leaves it."""
    (tmp_path / "chunks").mkdir()
    (tmp_path / "index.html").write_text('<!doctype html><script src="static/app.js"></script>')
    (tmp_path / "app.js").write_text("console.log('kg')")
    monkeypatch.setattr(web, "STATIC", tmp_path)
    return tmp_path


def test_page_and_assets_when_built(client: TestClient, built: Path) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "static/app.js" in page.text
    asset = client.get("/static/app.js")
    assert asset.status_code == 200 and "javascript" in asset.headers["content-type"]
    assert client.get("/static/nothing.js").status_code == 404
    assert client.get("/static/../pyproject.toml").status_code == 404


def test_503_until_built(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web, "STATIC", tmp_path / "missing")
    for url in ("/", "/static/app.js"):
        response = client.get(url)
        assert response.status_code == 503
        assert "make install" in response.text and "npm run build" in response.text


def test_saved_query_texts(client: TestClient) -> None:
    found = {q["name"]: q for q in client.get("/web/queries").json()}
    assert set(found) == set(saved_queries())
    assert found["roles"]["text"].startswith("#+ summary:")
    assert found["provenance"]["parameters"][0]["name"] == "entity"


def test_not_in_the_schema_and_not_shadowing_the_api(client: TestClient, built: Path) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/" not in paths and "/web/queries" not in paths
    assert not any(p.startswith("/static") for p in paths)
    assert client.get("/health").json()["status"] == "ok"
    assert client.get("/entities").json()["total"] == 0
    assert client.get("/docs").status_code == 200
