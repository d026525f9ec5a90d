"""kg_ner: the fine-tuned copy of the base ner, its training command and the merge policy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import ModelError
from kg.ner import SPANS_KEY, WEIGHTS_DIR, merge_spans, merged_ents
from kg.ner import component as _component  # noqa: F401  (registers kg_ner)
from kg.nlp.pipeline import resolve_model_name

runner = CliRunner()

#: a tiny train set in CoNLL04's format, written for these tests
TRAIN = [
    (
        "Maria Lopez , the chief of Harbor Freight Lines , lives in Denver .",
        "B-Peop L-Peop O O O O B-Org I-Org L-Org O O O U-Loc O",
    ),
    (
        "Tom Becker joined Northwind Bank in Toronto in 1998 .",
        "B-Peop L-Peop O B-Org L-Org O U-Loc O U-Other O",
    ),
    (
        "The Danish mayor of Aarhus , Lene Holm , spoke on Friday .",
        "O U-Other O O U-Loc O B-Peop L-Peop O O O U-Other O",
    ),
    (
        "Officials of Bluewater Energy met in Lagos.",
        "O O B-Org L-Org O O U-Loc",
    ),  # CoNLL04 glues "."
    (
        "Peter Hall said Greenfield College in Leeds will close .",
        "B-Peop L-Peop O B-Org L-Org O U-Loc O O O",
    ),
]


def _train_file(path: Path) -> Path:
    records = [
        {"tokens": text.split(), "tags": tags.split(), "relations": [], "orig_id": n}
        for n, (text, tags) in enumerate(TRAIN)
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def nlp() -> Language:
    base = spacy.load(resolve_model_name(), exclude=["senter"])
    base.add_pipe("kg_ner", after="ner")
    return base


def _spans(doc: Doc) -> set[tuple[str, str]]:
    return {(s.text, s.label_) for s in doc.spans[SPANS_KEY]}


@pytest.mark.model
def test_shipped_weights_propose_people_organisations_and_places(nlp: Language) -> None:
    doc = nlp("John Williams, a lawyer for General Motors, spoke to reporters in Chicago.")
    assert {
        ("John Williams", "PERSON"),
        ("General Motors", "ORG"),
        ("Chicago", "GPE"),
    } <= _spans(doc)


@pytest.mark.model
def test_the_base_ner_and_doc_ents_are_left_alone(nlp: Language) -> None:
    text = "Acme sold 40 percent of its shares to Anna Berg in Oslo on Monday for $3 million."
    with nlp.select_pipes(disable=["kg_ner"]):
        before = [(e.start, e.end, e.label_) for e in nlp(text).ents]
    doc = nlp(text)
    assert [(e.start, e.end, e.label_) for e in doc.ents] == before
    assert {label for _, _, label in before} >= {"PERCENT", "DATE", "MONEY"}
    assert all(s.label_ in {"PERSON", "ORG", "GPE", "LOC", "FAC"} for s in doc.spans[SPANS_KEY])


def test_missing_weights_fail_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="kg train entities"):
        spacy.blank("en").add_pipe("kg_ner", config={"weights": str(tmp_path)})


def test_shipped_weights_are_small() -> None:
    size = sum(f.stat().st_size for f in WEIGHTS_DIR.rglob("*") if f.is_file())
    assert 0 < size < 10_000_000
    meta = json.loads((WEIGHTS_DIR / "config.json").read_text(encoding="utf-8"))
    assert meta["train_file"] == "conll04_train.json"


@pytest.mark.model
def test_kg_train_entities_runs_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "weights"
    result = runner.invoke(
        app,
        [
            "train",
            "entities",
            str(_train_file(tmp_path / "t.json")),
            "-o",
            str(out),
            "--epochs",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (out / "model").exists() and (out / "moves").exists()
    meta = json.loads((out / "config.json").read_text(encoding="utf-8"))
    assert meta["sentences"] == 5 and meta["epochs"] == 1
    nlp = spacy.load(resolve_model_name(), exclude=["senter"])
    nlp.add_pipe("kg_ner", after="ner", config={"weights": str(out)})
    doc = nlp("Maria Lopez lives in Denver.")
    assert SPANS_KEY in doc.spans
    assert all(s.label_ in {"PERSON", "ORG", "GPE", "LOC", "FAC"} for s in doc.spans[SPANS_KEY])


@pytest.mark.parametrize("other", ["outside", "missing"])
def test_training_examples_map_types_and_other(tmp_path: Path, other: str) -> None:
    from kg.eval.conll04 import read_conll04
    from kg.ner.train import examples

    sentences = read_conll04(_train_file(tmp_path / "t.json"))
    got = examples(sentences, spacy.blank("en"), other=other)
    first = [(e.text, e.label_) for e in got[0].reference.ents]
    assert first == [("Maria Lopez", "PERSON"), ("Harbor Freight Lines", "ORG"), ("Denver", "GPE")]
    third = got[2].reference
    assert third[1].text == "Danish" and third[1].ent_iob_ == ("O" if other == "outside" else "")
    assert third[0].ent_iob_ == "O"


def test_training_spans_lose_the_full_stop_glued_to_the_last_word(tmp_path: Path) -> None:
    from kg.eval.conll04 import read_conll04
    from kg.ner.train import examples

    sentences = read_conll04(_train_file(tmp_path / "t.json"))
    got = examples(sentences, spacy.blank("en"))
    assert [(e.text, e.label_) for e in got[3].reference.ents][-1] == ("Lagos", "GPE")


def test_merge_prefers_proposed_names_but_keeps_other_kinds() -> None:
    doc = Doc(Vocab(), words=["Anna", "Berg", "of", "Acme", "left", "Oslo", "in", "May"])
    base = [Span(doc, 1, 2, "GPE"), Span(doc, 3, 4, "ORG"), Span(doc, 7, 8, "DATE")]
    proposed = [Span(doc, 0, 2, "PERSON"), Span(doc, 5, 6, "GPE"), Span(doc, 7, 8, "PERSON")]
    merged = [(s.text, s.label_) for s in merge_spans(base, proposed)]
    assert merged == [("Anna Berg", "PERSON"), ("Acme", "ORG"), ("Oslo", "GPE"), ("May", "DATE")]
    doc.ents = base
    assert [s.text for s in merged_ents(doc)] == ["Berg", "Acme", "May"]  # kg_ner did not run


def test_merge_keeps_the_base_label_of_the_same_words_unless_told_otherwise() -> None:
    doc = Doc(Vocab(), words=["Ford", "hired", "Lee"])
    base = [Span(doc, 0, 1, "ORG"), Span(doc, 2, 3, "ORG")]
    proposed = [Span(doc, 0, 1, "PERSON"), Span(doc, 2, 3, "PERSON")]
    doc.spans[SPANS_KEY] = proposed
    assert [s.label_ for s in merge_spans(base, proposed)] == ["ORG", "ORG"]
    assert [s.label_ for s in merge_spans(base, proposed, base_labels=False)] == ["PERSON"] * 2
    doc.ents = base
    assert [s.label_ for s in merged_ents(doc, base_labels=False)] == ["PERSON", "PERSON"]


@pytest.mark.model
def test_the_merge_component_puts_the_merged_names_on_doc_ents(nlp: Language) -> None:
    from kg.ner import merge as _merge  # noqa: F401  (registers kg_ner_merge)

    text = "Acme sold 40 percent of its shares to Anna Berg in Oslo on Monday."
    doc = nlp(text)
    merged = [(s.start, s.end, s.label_) for s in merged_ents(doc)]
    merging = spacy.load(resolve_model_name(), exclude=["senter"])
    merging.add_pipe("kg_ner", after="ner")
    merging.add_pipe("kg_ner_merge", after="kg_ner")
    assert [(e.start, e.end, e.label_) for e in merging(text).ents] == merged
    labels = {e.text: e.label_ for e in merging(text).ents}
    assert labels["40 percent"] == "PERCENT" and labels["Monday"] == "DATE"  # kept from the base
    assert "Acme" in labels and "Acme" not in {e.text for e in doc.ents}  # found by kg_ner
