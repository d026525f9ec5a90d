"""The command line, end to end through typer's runner (the real model, a temp store)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "store"
    result = runner.invoke(
        app, ["ingest", str(ROOT / "examples"), "--store", str(path), "--date", "2024-05-01"]
    )
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output
    return str(path)


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    for command in app.registered_commands:
        name = command.name or command.callback.__name__  # type: ignore[union-attr]
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0 and len(result.output) > 100, name
        assert command.callback.__doc__, f"{name} has no help text"  # type: ignore[union-attr]
        if name != "demo":
            assert f"kg {name}" in readme, f"`kg {name}` is not documented in README.md"


def test_stats_and_query_formats(store: str) -> None:
    result = runner.invoke(app, ["stats", "--store", store])
    assert result.exit_code == 0 and "Person" in result.output
    result = runner.invoke(app, ["query", "roles", "--format", "json", "--store", store])
    data = json.loads(result.output)
    assert data["head"]["vars"] == ["person", "personLabel", "role", "for", "forLabel"]
    assert data["results"]["bindings"]
    result = runner.invoke(app, ["query", "statistics", "--format", "csv", "--store", store])
    assert result.output.splitlines()[0].startswith("statistic,value,bound,counted")


def test_query_params(store: str) -> None:
    result = runner.invoke(
        app, ["query", "provenance", "-p", "entity=country/CA", "-f", "csv", "--store", store]
    )
    assert result.exit_code == 0 and len(result.output.splitlines()) > 3
    missing = runner.invoke(app, ["query", "provenance", "--store", store])
    assert missing.exit_code == 2 and "--param entity" in missing.output
    unknown = runner.invoke(app, ["query", "nosuch", "--store", store])
    assert unknown.exit_code == 2 and "available:" in unknown.output


def test_reingest_reports_unchanged(store: str) -> None:
    result = runner.invoke(
        app, ["ingest", str(ROOT / "examples"), "--store", store, "--date", "2024-05-01"]
    )
    assert result.exit_code == 0 and "0 ingested" in result.output


def test_export_validate_delete(store: str, tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    assert runner.invoke(app, ["export", "-o", str(out), "--store", store]).exit_code == 0
    assert out.read_text().startswith("@prefix")
    assert runner.invoke(app, ["validate", "--store", store]).exit_code == 0
    result = runner.invoke(app, ["delete", "canada-mexico-steel-pact.txt", "--store", store])
    assert result.exit_code == 0, result.output
    assert (
        runner.invoke(app, ["delete", "canada-mexico-steel-pact.txt", "--store", store]).exit_code
        == 1
    )


def test_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["ingest", str(ROOT / "examples"), "--date", "22/04/2022", "--store", str(tmp_path)]
    )
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
