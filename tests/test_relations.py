"""The trained relation classifier: model, features and component on hand-built parses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from typer.testing import CliRunner

from kg.cli import app
from kg.nlp.items import Entity
from kg.relations import LinearModel, Relations, fit, load_model
from kg.relations.features import RELATION_OF_TYPES, pair_features, pairs

runner = CliRunner()


def _doc() -> Doc:
    """``Jane Doe works for Acme in Paris .`` parsed by hand, entities resolved."""
    nlp = spacy.blank("en")
    words = ["Jane", "Doe", "works", "for", "Acme", "in", "Paris", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        heads=[1, 2, 2, 2, 3, 2, 5, 2],
        deps=["compound", "nsubj", "ROOT", "prep", "pobj", "prep", "pobj", "punct"],
        pos=["PROPN", "PROPN", "VERB", "ADP", "PROPN", "ADP", "PROPN", "PUNCT"],
        lemmas=["Jane", "Doe", "work", "for", "Acme", "in", "Paris", "."],
    )
    doc.set_ents(
        [
            SpacySpan(doc, 0, 2, label="PERSON", kb_id="person:jane-doe"),
            SpacySpan(doc, 4, 5, label="ORG", kb_id="org:acme"),
            SpacySpan(doc, 6, 7, label="LOC", kb_id="place:paris"),
        ]
    )
    doc._.kg_entities = {
        "person:jane-doe": Entity("person:jane-doe", "Person", "Jane Doe"),
        "org:acme": Entity("org:acme", "Organization", "Acme"),
        "place:paris": Entity("place:paris", "Place", "Paris"),
    }
    return doc


def test_fit_separates_and_round_trips(tmp_path: Path) -> None:
    examples = [["x", "shared"], ["x"], ["y", "shared"], ["y"]] * 5
    labels = [1, 1, 0, 0] * 5
    model = fit(examples, labels, epochs=200, min_count=1)
    assert model.probability(["x"]) > 0.8 and model.probability(["y"]) < 0.2
    assert fit(examples, labels, epochs=200, min_count=1) == model  # deterministic
    path = tmp_path / "m.json"
    model.save(path)
    again = LinearModel.load(path)
    assert again.probability(["x"]) == pytest.approx(model.probability(["x"]), abs=1e-5)
    assert fit([], [], epochs=5).probability(["anything"]) == 0.5


def test_pair_features_describe_the_pair() -> None:
    doc = _doc()
    jane, acme = doc.ents[0], doc.ents[1]
    feats = pair_features(jane, acme, "Peop", "Org")
    assert "types=Peop>Org" in feats and "order=fwd" in feats
    assert {"b=works", "b=for", "b_verb=work", "Peop>Org|b=for"} <= set(feats)
    assert "path=nsubj^ vprep vpobj" in feats and "path_word=work" in feats
    assert "order=back" in pair_features(acme, jane, "Org", "Peop")


def test_pairs_only_where_the_types_can_relate() -> None:
    doc = _doc()
    mentions = [(doc.ents[0], "Peop"), (doc.ents[1], "Org"), (doc.ents[2], "Loc")]
    found = {(i, j) for i, j, _ in pairs(doc, mentions)}
    assert found == {(0, 1), (0, 2), (1, 2)}  # Peop>Org, Peop>Loc, Org>Loc; never backwards
    assert all((a, b) in RELATION_OF_TYPES for a, b in [("Peop", "Org"), ("Org", "Loc")])


def test_component_keeps_pairs_above_the_threshold() -> None:
    model = LinearModel({"Peop>Org|b=for": 3.0, "Org>Loc|b=in": 3.0}, bias=-1.0)
    doc = Relations(model)(_doc())
    facts = {(f.subject, f.relation, f.object) for f in doc._.kg_relations}
    assert facts == {
        ("person:jane-doe", "Work_For", "org:acme"),
        ("org:acme", "OrgBased_In", "place:paris"),
    }
    fact = next(f for f in doc._.kg_relations if f.relation == "Work_For")
    assert (fact.span.start, fact.span.end) == (0, 23) and 0.5 < fact.confidence < 1
    assert Relations(None)(_doc())._.kg_relations == []  # no model: nothing added


def test_shipped_model_was_trained_on_the_train_split() -> None:
    model = load_model()
    assert model is not None, "kg/relations/conll04.json is missing: run `kg train relations`"
    assert model.meta["trained_on"] == "conll04_train.json"
    assert len(model.weights) > 1000


@pytest.mark.shared
@pytest.mark.model
def test_kg_train_relations_command(shared: Path, tmp_path: Path) -> None:
    source = shared / "conll04" / "conll04_train.json"
    if not source.exists():
        pytest.skip(f"{source} not found")
    small = tmp_path / "train.json"
    small.write_text(json.dumps(json.loads(source.read_text(encoding="utf-8"))[:40]))
    out = tmp_path / "model.json"
    result = runner.invoke(app, ["train", "relations", str(small), "--output", str(out)])
    assert result.exit_code == 0, result.output
    model = LinearModel.load(out)
    assert model.meta["sentences"] == 40 and model.weights
