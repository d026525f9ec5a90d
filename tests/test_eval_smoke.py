"""``kg eval`` end to end on a few documents of each corpus in ../shared/data (real model)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg.cli import app

pytestmark = [pytest.mark.shared, pytest.mark.model]
runner = CliRunner()
SCORE_KEYS = {"precision", "recall", "f1", "gold", "predicted"}


def _data(shared: Path, name: str) -> Path:
    path = shared / name
    if not path.exists():
        pytest.skip(f"{path} not found: the shared data folder has no {name}")
    return path


def _run(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["eval", *args, "--json"])
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def _check(report: dict[str, Any], metrics: list[str], documents: int) -> None:
    assert list(report) == [*metrics, "documents", "seconds"]
    assert report["documents"] == documents and report["seconds"] > 0
    for name in metrics:
        score = report[name]
        assert set(score) == SCORE_KEYS, name
        for key in ("precision", "recall", "f1"):
            assert 0.0 <= score[key] <= 1.0, (name, key)
        assert score["gold"] >= 0 and score["predicted"] >= 0


def test_eval_meantime(shared: Path) -> None:
    report = _run("meantime", str(_data(shared, "meantime")), "--limit", "3")
    _check(
        report,
        [
            "entities",
            "entities_lenient",
            "entities_names",
            "values",
            "timex",
            "participants",
            "crossdoc",
            "linking",
        ],
        3,
    )
    assert report["entities"]["gold"] > 0 and report["entities"]["predicted"] > 0
    assert report["entities_lenient"]["f1"] >= report["entities"]["f1"]


def test_eval_conll04(shared: Path) -> None:
    report = _run("conll04", str(_data(shared, "conll04/conll04_dev.json")), "--limit", "25")
    _check(report, ["entities", "relations"], 25)
    assert report["entities"]["gold"] > 0 and report["relations"]["gold"] > 0


def test_eval_human_table_and_missing_data(shared: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["eval", "conll04", str(_data(shared, "conll04/conll04_dev.json")), "-n", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "relations" in result.stdout and "precision" in result.stdout
    missing = runner.invoke(app, ["eval", "meantime", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "KG_SHARED_DATA" in missing.output
