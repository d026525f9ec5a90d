"""The trained relation classifier: model, features and component on hand-built parses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from rdflib import RDF, RDFS, Graph, Literal
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from typer.testing import CliRunner

from kg import KnowledgeGraph
from kg.articles import Article
from kg.cli import app
from kg.eval.conll04 import ConllSentence
from kg.ner import BASE_KEY, SPANS_KEY
from kg.nlp.items import Block, Entity
from kg.rdf import vocab as kg
from kg.rdf.mapping import NIF, article_triples, entity_iri
from kg.relations import LinearModel, Relations, fit, load_model
from kg.relations.component import THRESHOLD
from kg.relations.features import RELATION_OF_TYPES, pair_features, pairs
from kg.relations.train import FOUND_REPEATS, _found_examples, _gold_examples, sentence_examples
from kg.validation import validate_graph

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
    assert set(model.weights) == {"x", "y"}  # "shared" says nothing: its weight stays ~0
    assert fit(examples, labels, epochs=200, min_count=1, min_weight=5.0).weights == {}


def test_pair_features_describe_the_pair() -> None:
    doc = _doc()
    jane, acme = doc.ents[0], doc.ents[1]
    feats = pair_features(jane, acme, "Peop", "Org")
    assert "types=Peop>Org" in feats and "order=fwd" in feats
    assert {"b=works", "b=for", "b_verb=work", "Peop>Org|b=for"} <= set(feats)
    assert "path=nsubj^ vprep vpobj" in feats and "path_word=work" in feats
    assert "order=back" in pair_features(acme, jane, "Org", "Peop")


def test_pair_features_describe_each_mention() -> None:
    doc = _doc()
    jane, acme = doc.ents[0], doc.ents[1]
    feats = set(pair_features(jane, acme, "Peop", "Org"))
    assert {"e1w=jane", "e1w=doe", "e2w=acme", "e1_before=<s>", "e2_before=for"} <= feats
    assert {
        "e2_after=in",
        "before2=<s>",
        "after2=paris",
        "e1_dep=nsubj",
        "e2_gov=pobj>for",
    } <= feats
    assert "Peop>Org|e2_gov=pobj>for" in feats


def test_pair_features_name_each_recognisers_label_of_a_mentions_head() -> None:
    doc = _doc()
    jane, acme = doc.ents[0], doc.ents[1]
    doc.spans[SPANS_KEY] = [SpacySpan(doc, 0, 2, "PERSON"), SpacySpan(doc, 4, 7, "GPE")]
    doc.spans[BASE_KEY] = [SpacySpan(doc, 1, 2, "ORG"), SpacySpan(doc, 4, 5, "ORG")]
    feats = pair_features(jane, acme, "Peop", "Org")
    # Jane Doe's head "Doe": kg_ner's person, the base model's organisation; Acme lies in
    # kg_ner's "Acme in Paris" (a place) and is the base model's organisation
    assert {"e1_ner=PERSON", "e1_base=ORG", "e2_ner=GPE", "e2_base=ORG"} <= set(feats)
    # not conjoined with the pair's types: a recogniser's doubt is the same for every pair
    assert not any("|e1_ner=" in f or "|e2_base=" in f for f in feats)
    # a recogniser that ran and found no name there says so
    doc.spans[SPANS_KEY] = []
    assert {"e1_ner=None", "e2_ner=None"} <= set(pair_features(jane, acme, "Peop", "Org"))
    # kg_ner left out of the pipeline: no such feature at all, rather than a false "None"
    plain = pair_features(*_doc().ents[:2], "Peop", "Org")
    assert not any("_ner=" in f or "_base=" in f for f in plain)


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
    assert Relations(model).threshold == THRESHOLD == 0.4


def _sentence(entities: list[tuple[tuple[int, int], str]], relation: str) -> ConllSentence:
    """The gold annotation of ``_doc()``'s text, with ``relation`` from the first entity to
    the last."""
    text = _doc().text
    first, last = entities[0], entities[-1]
    return ConllSentence(
        "1", tuple(text.split()), text, tuple(entities), ((*first, *last, relation),)
    )


def test_training_sees_the_mentions_kg_finds() -> None:
    """``Jane Doe works for Acme in Paris``: kg finds Jane Doe (Person), Acme (Organization),
    Paris (Place)."""
    jane, acme, paris = (0, 8), (19, 23), (27, 32)
    right = _sentence([(jane, "Peop"), (acme, "Org"), (paris, "Loc")], "Live_In")
    labels = {(e.features[0], e.label) for e in _found_examples(right, _doc())}
    assert labels == {("types=Peop>Org", 0), ("types=Peop>Loc", 1), ("types=Org>Loc", 0)}
    assert sorted(e.label for e in _gold_examples(right, _doc())) == [0, 0, 1]
    # Acme is a place where Jane lives in the gold annotation: kg's organisation Acme is a
    # wrong end, and Jane working for it a wrong relation
    wrong = _sentence([(jane, "Peop"), (paris, "Loc"), (acme, "Loc")], "Live_In")
    labels = {(e.features[0], e.label) for e in _found_examples(wrong, _doc())}
    assert labels == {("types=Peop>Org", 0), ("types=Peop>Loc", 0), ("types=Org>Loc", 0)}
    # the gold person is "Doe" alone: kg's "Jane Doe" differs only in its words, and no pair
    # with it is an example, neither positive nor negative
    doe = _sentence([((5, 8), "Peop"), (acme, "Org"), (paris, "Loc")], "Live_In")
    labels = {(e.features[0], e.label) for e in _found_examples(doe, _doc())}
    assert labels == {("types=Org>Loc", 0)}


def test_the_mentions_kg_finds_count_twice() -> None:
    right = _sentence([((0, 8), "Peop"), ((19, 23), "Org"), ((27, 32), "Loc")], "Live_In")
    found = [e.features[0] for e in _found_examples(right, _doc())]
    gold = [e.features[0] for e in _gold_examples(right, _doc())]
    assert FOUND_REPEATS == 2
    assert [e.features[0] for e in sentence_examples(right, _doc())] == gold + found + found


def test_shipped_model_was_trained_on_the_train_split() -> None:
    model = load_model()
    assert model is not None, "kg/relations/conll04.json is missing: run `kg train relations`"
    assert model.meta["trained_on"] == "conll04_train.json"
    assert model.meta["found_repeats"] == FOUND_REPEATS
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


# -- in the default pipeline and in the graph ----------------------------------------------------
WORKS = LinearModel({"Peop>Org|b=for": 3.0, "Org>Loc|b=in": 3.0}, bias=-1.0)


def test_relations_are_written_as_ontology_properties_with_a_statement() -> None:
    doc = Relations(WORKS)(_doc())
    article = Article(title=doc.text, text=doc.text, file_name="jane.txt")
    graph_iri, triples = article_triples(article, doc)
    graph = Graph()
    for t in triples:
        graph.add(t)
    jane, acme, paris = (entity_iri(k) for k in ("person:jane-doe", "org:acme", "place:paris"))
    assert (jane, kg.worksFor, acme) in graph and (acme, kg.basedIn, paris) in graph
    statements = sorted(graph.subjects(RDF.type, kg.RelationStatement), key=str)
    assert len(statements) == 2
    works = next(s for s in statements if graph.value(s, kg.predicate) == kg.worksFor)
    assert (graph.value(works, kg.subject), graph.value(works, kg.object)) == (jane, acme)
    confidence = graph.value(works, kg.confidence)
    assert isinstance(confidence, Literal)
    assert str(confidence.datatype) == "http://www.w3.org/2001/XMLSchema#decimal"
    assert 0.5 < float(confidence) < 1
    assert str(graph.value(works, kg.extractor)) == "kg_relations"
    assert str(graph.value(works, RDFS.label)) == "Jane Doe works for Acme"
    mention = graph.value(works, kg.evidence)
    assert str(graph.value(mention, NIF.anchorOf)) == "Jane Doe works for Acme"
    assert graph_iri == kg.KGR[f"article/{article.key}"]
    conforms, report = validate_graph(graph)
    assert conforms, report


def test_relations_between_countries_and_from_demonyms_are_not_proposed() -> None:
    """``Peru's border with Chile``; ``Peruvian Ana Ruiz lives in Lima``: no country lies in
    another, and a nationality adjective is no place of residence."""
    nlp = spacy.blank("en")
    words = ["Peru", "borders", "Chile", ";", "Peruvian", "Ana", "Ruiz", "lives", "in", "Lima"]
    doc = Doc(
        nlp.vocab,
        words=words,
        heads=[1, 1, 1, 1, 6, 6, 7, 1, 7, 8],
        deps=[
            "nsubj",
            "ROOT",
            "dobj",
            "punct",
            "amod",
            "compound",
            "nsubj",
            "conj",
            "prep",
            "pobj",
        ],
    )
    doc.set_ents(
        [
            SpacySpan(doc, 0, 1, label="GPE", kb_id="country:PE"),
            SpacySpan(doc, 2, 3, label="GPE", kb_id="country:CL"),
            SpacySpan(doc, 4, 5, label="NORP", kb_id="country:PE"),
            SpacySpan(doc, 5, 7, label="PERSON", kb_id="person:ana-ruiz"),
            SpacySpan(doc, 9, 10, label="GPE", kb_id="place:lima"),
        ]
    )
    doc._.kg_entities = {
        "country:PE": Entity("country:PE", "Country", "Peru"),
        "country:CL": Entity("country:CL", "Country", "Chile"),
        "person:ana-ruiz": Entity("person:ana-ruiz", "Person", "Ana Ruiz"),
        "place:lima": Entity("place:lima", "Place", "Lima"),
    }
    everything = LinearModel({"types=Loc>Loc": 5.0, "types=Peop>Loc": 5.0}, bias=0.0)
    facts = {(f.subject, f.relation, f.object) for f in Relations(everything)(doc)._.kg_relations}
    assert facts == {
        # a country may lie in a region (the classifier, not the types, decides), but not
        # in a place lying in it: of the two ways, equally likely here, one is kept
        ("place:lima", "Located_In", "country:PE"),
        ("place:lima", "Located_In", "country:CL"),
        ("person:ana-ruiz", "Live_In", "place:lima"),
        ("person:ana-ruiz", "Live_In", "country:PE"),  # through "Peru", not "Peruvian"
        ("person:ana-ruiz", "Live_In", "country:CL"),
    }
    [peru] = [
        f for f in doc._.kg_relations if f.object == "country:PE" and f.subject != "place:lima"
    ]
    assert doc.text[peru.span.start : peru.span.end].startswith("Peru borders")


def test_a_place_in_a_place_carries_the_relation_on() -> None:
    """``Jane Doe lives in Paris, Texas``: she lives in Paris, Paris lies in Texas, so she
    lives in Texas too, with the lower confidence of the two."""
    nlp = spacy.blank("en")
    words = ["Jane", "Doe", "lives", "in", "Paris", ",", "Texas", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        heads=[1, 2, 2, 2, 3, 4, 4, 2],
        deps=["compound", "nsubj", "ROOT", "prep", "pobj", "punct", "appos", "punct"],
    )
    doc.set_ents(
        [
            SpacySpan(doc, 0, 2, label="PERSON", kb_id="person:jane-doe"),
            SpacySpan(doc, 4, 5, label="GPE", kb_id="place:paris"),
            SpacySpan(doc, 6, 7, label="GPE", kb_id="place:texas"),
        ]
    )
    doc._.kg_entities = {
        "person:jane-doe": Entity("person:jane-doe", "Person", "Jane Doe"),
        "place:paris": Entity("place:paris", "Place", "Paris"),
        "place:texas": Entity("place:texas", "Place", "Texas"),
    }
    lives = {"Peop>Loc|b_last=in": 3.5}
    within = {"Loc>Loc|b_last=,": 2.0, "Loc>Loc|order=fwd": 1.0}  # Texas is not in Paris
    facts = {
        (f.subject, f.relation, f.object): f
        for f in Relations(LinearModel({**lives, **within}, bias=-2.5))(doc)._.kg_relations
    }
    assert set(facts) == {
        ("person:jane-doe", "Live_In", "place:paris"),
        ("place:paris", "Located_In", "place:texas"),
        ("person:jane-doe", "Live_In", "place:texas"),
    }
    texas = facts["person:jane-doe", "Live_In", "place:texas"]
    assert texas.confidence == facts["place:paris", "Located_In", "place:texas"].confidence
    assert doc.text[texas.span.start : texas.span.end] == "Jane Doe lives in Paris , Texas"
    alone = Relations(LinearModel(lives, bias=-2.5))(doc)._.kg_relations
    assert {(f.subject, f.object) for f in alone} == {("person:jane-doe", "place:paris")}


def test_a_relation_found_both_ways_is_kept_the_likelier_way() -> None:
    """``Paris , Texas``: each place scores as lying in the other; only Paris in Texas (the
    likelier) is kept. Two people each killing the other likewise."""
    nlp = spacy.blank("en")
    words = ["Paris", ",", "Texas", "and", "Ann", "shot", "Bo"]
    starts: list[bool | int | None] = [True, *[False] * 6]  # one sentence
    doc = Doc(nlp.vocab, words=words, sent_starts=starts)
    doc.set_ents(
        [
            SpacySpan(doc, 0, 1, label="GPE", kb_id="place:paris"),
            SpacySpan(doc, 2, 3, label="GPE", kb_id="place:texas"),
            SpacySpan(doc, 4, 5, label="PERSON", kb_id="person:ann"),
            SpacySpan(doc, 6, 7, label="PERSON", kb_id="person:bo"),
        ]
    )
    doc._.kg_entities = {
        key: Entity(key, "Place" if key.startswith("place") else "Person", key)
        for key in ("place:paris", "place:texas", "person:ann", "person:bo")
    }
    both = {"types=Loc>Loc": 3.0, "types=Peop>Peop": 3.0, "Peop>Peop|order=fwd": 1.0}
    facts = Relations(LinearModel({**both, "Loc>Loc|order=fwd": 1.0}, bias=-2.5))(doc)
    assert {(f.subject, f.relation, f.object) for f in facts._.kg_relations} == {
        ("place:paris", "Located_In", "place:texas"),
        ("person:ann", "Kill", "person:bo"),
    }
    backwards = Relations(LinearModel({**both, "Loc>Loc|order=back": 1.0}, bias=-2.5))(doc)
    located = {(f.subject, f.object) for f in backwards._.kg_relations if f.relation != "Kill"}
    assert located == {("place:texas", "place:paris")}


def test_relations_come_only_from_title_and_body() -> None:
    doc = _doc()
    doc._.kg_blocks = [Block(0, len(doc.text), "heading")]
    assert Relations(WORKS)(doc)._.kg_relations == []


def test_one_employer_per_person_and_sentence() -> None:
    """Of two organisations one sentence has Jane work for, only the likelier stays."""
    doc = _doc()
    paris = "org:paris-group"
    doc.set_ents([*doc.ents[:2], SpacySpan(doc, 6, 7, label="ORG", kb_id=paris)])
    doc._.kg_entities = {**doc._.kg_entities, paris: Entity(paris, "Organization", "Paris")}
    both = LinearModel({"Peop>Org|b=for": 2.0, "Peop>Org|b_last=for": 1.0}, bias=-1.0)
    assert both.probability(["Peop>Org|b=for"]) >= THRESHOLD  # Paris alone would be kept
    facts = Relations(both)(doc)._.kg_relations
    assert [(f.subject, f.relation, f.object) for f in facts] == [
        ("person:jane-doe", "Work_For", "org:acme")
    ]


def test_one_killer_per_victim_and_sentence() -> None:
    """Jane and Roe both found killing Poe: only the likelier killer stays."""
    doc = _doc()
    roe, poe = "person:john-roe", "person:ed-poe"
    doc.set_ents(
        [
            *doc.ents[:1],
            SpacySpan(doc, 4, 5, label="PERSON", kb_id=roe),
            SpacySpan(doc, 6, 7, label="PERSON", kb_id=poe),
        ]
    )
    doc._.kg_entities = {
        "person:jane-doe": doc._.kg_entities["person:jane-doe"],
        roe: Entity(roe, "Person", "John Roe"),
        poe: Entity(poe, "Person", "Ed Poe"),
    }
    kills = LinearModel({"Peop>Peop|order=fwd": 1.0, "Peop>Peop|b_first=in": 1.0}, bias=-0.5)
    facts = Relations(kills)(doc)._.kg_relations
    assert sorted((f.subject, f.object) for f in facts if f.relation == "Kill") == [
        ("person:jane-doe", roe),  # Roe's only killer
        (roe, poe),  # likelier than Jane for Poe
    ]


def test_kill_is_written_as_killed() -> None:
    doc = _doc()
    roe = "person:john-roe"
    doc.set_ents([*doc.ents[:1], SpacySpan(doc, 4, 5, label="PERSON", kb_id=roe)])
    doc._.kg_entities = {
        "person:jane-doe": doc._.kg_entities["person:jane-doe"],
        roe: Entity(roe, "Person", "John Roe"),
    }
    killed = {"Peop>Peop|b=for": 3.0, "Peop>Peop|order=fwd": 0.5}  # Jane killed, not Roe
    doc = Relations(LinearModel(killed, bias=-1.0))(doc)
    article = Article(title=doc.text, text=doc.text)
    graph = Graph()
    for t in article_triples(article, doc)[1]:
        graph.add(t)
    assert (entity_iri("person:jane-doe"), kg.killed, entity_iri(roe)) in graph
    assert validate_graph(graph)[0]


@pytest.mark.model
def test_kg_relations_is_in_the_default_pipeline(nlp) -> None:  # type: ignore[no-untyped-def]
    names = nlp.pipe_names
    assert "kg_relations" in names
    assert names.index("kg_relations") > names.index("kg_entities")
    assert nlp.get_pipe("kg_relations").model is not None


@pytest.mark.model
def test_classifier_relations_reach_the_saved_query(nlp) -> None:  # type: ignore[no-untyped-def]
    """An invented sentence: the trained model's relations are queryable, with confidence."""
    graph = KnowledgeGraph(KnowledgeGraph.open().store, nlp=nlp)
    text = "Maria Alvarez, a lawyer who works for the World Bank in Washington, spoke on Monday."
    graph.ingest(Article(title="Lawyer speaks", text=f"Lawyer speaks\n{text}"))
    rows = [{k: str(v) for k, v in r.items() if v is not None} for r in graph.run("relations")]
    found = {
        (r["subjectLabel"], r["predicate"].rsplit("#", 1)[1], r["objectLabel"]): r for r in rows
    }
    works = found[("Maria Alvarez", "worksFor", "World Bank")]
    assert 0.5 <= float(works["confidence"]) <= 1
    assert validate_graph(graph.union_graph())[0]
