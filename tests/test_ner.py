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
from kg.ner import BASE_KEY, SPANS_KEY, WEIGHTS_DIR, MergeNames, merge_spans, merged_ents
from kg.ner import component as _component  # noqa: F401  (registers kg_ner)
from kg.ner.context import says_person, says_place
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


def test_merge_takes_the_proposal_over_a_work_of_art_of_the_same_words() -> None:
    # "“Zentra Air would like to thank …": the base model reads the quoted name as a title
    doc = Doc(Vocab(), words=["“", "Zentra", "Air", "would", "like", "“", "Velo", "Blues", "”"])
    base = [Span(doc, 1, 3, "WORK_OF_ART"), Span(doc, 6, 8, "WORK_OF_ART")]
    proposed = [Span(doc, 1, 3, "ORG"), Span(doc, 6, 7, "PERSON")]
    merged = [(s.text, s.label_) for s in merge_spans(base, proposed)]
    # a proposal of other words than the work's does not replace it
    assert merged == [("Zentra Air", "ORG"), ("Velo Blues", "WORK_OF_ART")]


def test_merge_component_keeps_the_base_entities_beside_the_merged_ones() -> None:
    doc = Doc(Vocab(), words=["Anna", "Berg", "left", "Ford"])
    doc.ents = [Span(doc, 1, 2, "GPE"), Span(doc, 3, 4, "ORG")]
    doc.spans[SPANS_KEY] = [Span(doc, 0, 2, "PERSON")]
    MergeNames()(doc)
    assert [(s.text, s.label_) for s in doc.ents] == [("Anna Berg", "PERSON"), ("Ford", "ORG")]
    assert [(s.text, s.label_) for s in doc.spans[BASE_KEY]] == [("Berg", "GPE"), ("Ford", "ORG")]
    alone = Doc(Vocab(), words=["Ford"])  # kg_ner did not run: nothing to keep, nothing merged
    alone.ents = [Span(alone, 0, 1, "ORG")]
    assert BASE_KEY not in MergeNames()(alone).spans and len(alone.ents) == 1


def test_merge_keeps_the_base_label_of_the_same_words_unless_told_otherwise() -> None:
    doc = Doc(Vocab(), words=["Ford", "hired", "Lee"])
    base = [Span(doc, 0, 1, "ORG"), Span(doc, 2, 3, "ORG")]
    proposed = [Span(doc, 0, 1, "PERSON"), Span(doc, 2, 3, "PERSON")]
    doc.spans[SPANS_KEY] = proposed
    assert [s.label_ for s in merge_spans(base, proposed)] == ["ORG", "ORG"]
    assert [s.label_ for s in merge_spans(base, proposed, base_labels=False)] == ["PERSON"] * 2
    doc.ents = base
    assert [s.label_ for s in merged_ents(doc, base_labels=False)] == ["PERSON", "PERSON"]


def test_a_proposal_joins_the_base_entities_that_split_its_words() -> None:
    doc = Doc(
        Vocab(), words=["Ames", "Corbin", "beat", "Hale", "Rowe", "in", "May", "Ford", "Lane"]
    )
    # the base model reads "Ames" + "Corbin" and "Hale" + "Rowe" as two entities each
    base = [
        Span(doc, 0, 1, "ORG"),
        Span(doc, 1, 2, "PRODUCT"),
        Span(doc, 3, 4, "GPE"),
        Span(doc, 4, 5, "PERSON"),
        Span(doc, 6, 7, "DATE"),
        Span(doc, 7, 8, "ORG"),
    ]
    proposed = [Span(doc, 0, 2, "PERSON"), Span(doc, 3, 5, "PERSON"), Span(doc, 6, 9, "ORG")]
    merged = [(s.text, s.label_) for s in merge_spans(base, proposed)]
    assert merged == [
        ("Ames Corbin", "ORG"),  # one name; the base model's organisation label stays
        ("Hale Rowe", "PERSON"),  # no organisation among the parts: the proposal's label
        ("May", "DATE"),  # a date is no part of a name: parts must all be inside, end to end
        ("Ford", "ORG"),
    ]


def test_merge_takes_the_proposed_person_or_place_where_the_base_says_one() -> None:
    doc = Doc(Vocab(), words=["Hale", "met", "Ames", "at", "Troy"])
    base = [Span(doc, 0, 1, "GPE"), Span(doc, 2, 3, "PERSON"), Span(doc, 4, 5, "FAC")]
    proposed = [Span(doc, 0, 1, "PERSON"), Span(doc, 2, 3, "GPE"), Span(doc, 4, 5, "GPE")]
    assert [s.label_ for s in merge_spans(base, proposed)] == ["PERSON", "GPE", "FAC"]


def _parsed(words: list[str], heads: list[int], deps: list[str], **kw: list[str]) -> Doc:
    vocab = spacy.blank("en").vocab  # English lexical attributes: "45" is a number
    return Doc(vocab, words=words, heads=heads, deps=deps, **kw)  # type: ignore[arg-type]


def test_merge_takes_the_proposal_over_an_organisation_where_the_words_around_say_so() -> None:
    shot = _parsed(
        ["Ann", "shot", "Lee", "at", "Acme"],
        heads=[1, 1, 1, 1, 3],
        deps=["nsubj", "ROOT", "dobj", "prep", "pobj"],
        lemmas=["ann", "shoot", "lee", "at", "acme"],
        pos=["PROPN", "VERB", "PROPN", "ADP", "PROPN"],
    )
    base = [Span(shot, 2, 3, "ORG"), Span(shot, 4, 5, "ORG")]
    proposed = [Span(shot, 2, 3, "PERSON"), Span(shot, 4, 5, "PERSON")]
    # shot Lee: a person; shot at Acme: Acme stays the base model's organisation
    assert [s.label_ for s in merge_spans(base, proposed)] == ["PERSON", "ORG"]
    aged = _parsed(["Lee", ",", "45", ",", "left", "Boone", ",", "Iowa"], [4] * 8, ["dep"] * 8)
    aged.ents = [Span(aged, 7, 8, "GPE")]
    base = [Span(aged, 0, 1, "ORG"), Span(aged, 5, 6, "ORG")]
    proposed = [Span(aged, 0, 1, "PERSON"), Span(aged, 5, 6, "GPE")]
    assert [s.label_ for s in merge_spans(base, proposed)] == ["PERSON", "GPE"]


def test_name_context_cues() -> None:
    doc = _parsed(
        ["the", "murder", "of", "Lee", "north", "of", "Troy", "a", "stake", "in", "Acme"],
        heads=[1, 1, 1, 2, 1, 4, 5, 8, 1, 8, 9],
        deps=[
            "det",
            "ROOT",
            "prep",
            "pobj",
            "advmod",
            "prep",
            "pobj",
            "det",
            "npadvmod",
            "prep",
            "pobj",
        ],
        lemmas=["the", "murder", "of", "lee", "north", "of", "troy", "a", "stake", "in", "acme"],
        pos=["DET", "NOUN", "ADP", "PROPN", "ADV", "ADP", "PROPN", "DET", "NOUN", "ADP", "PROPN"],
    )
    assert says_person(Span(doc, 3, 4)) and not says_person(Span(doc, 6, 7))
    assert says_place(Span(doc, 6, 7)) and not says_place(Span(doc, 10, 11))
    who = _parsed(["Lee", ",", "who", "left", ",", "Acme", ",", "a", "firm"],
                  heads=[3, 0, 3, 3, 5, 3, 5, 8, 5],
                  deps=["nsubj", "punct", "nsubj", "ROOT", "punct", "dobj", "punct", "det",
                        "appos"])  # fmt: skip
    # "Acme, a firm" is an apposition too: the cue only ever overrules an organisation for a
    # proposal that already says person
    assert says_person(Span(who, 0, 1)) and says_person(Span(who, 5, 6))


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
