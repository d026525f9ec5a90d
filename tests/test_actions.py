"""``kg_actions`` (who did what to whom) on hand-built parses, and its actions in the graph:
``kg:Action`` nodes that conform to the shapes and that the evaluation reads back as
Arg0/Arg1 links. All sentences are invented for these tests."""

from __future__ import annotations

import pytest
import spacy
from rdflib import RDF, Graph, URIRef
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from kg.articles import Article
from kg.eval.predictions import read_predictions
from kg.nlp.actions import ActionFact, Actions, load_action_rules
from kg.nlp.items import Block, Entity
from kg.nlp.rules import RulesError
from kg.rdf import vocab as kg
from kg.rdf.mapping import Triple, article_triples
from kg.validation import validate_graph

NLP = spacy.blank("en")
RULES = load_action_rules()
#: entity key → (class, label) of every name the sentences use
NAMES = {
    "Acme": ("org:acme", "Organization"),
    "Beta": ("org:beta", "Organization"),
    "Gamma": ("org:gamma", "Organization"),
    "Ruritania": ("country:RU", "Country"),
    "Smith": ("person:jan-smith", "Person"),
}

Token = tuple[str, int, str, str, str, str]  # word, head, dep, pos, tag, lemma


def build(tokens: list[Token], *, title: bool = False) -> Doc:
    """A Doc with the given parse; words in :data:`NAMES` are entities."""
    words = [t[0] for t in tokens]
    doc = Doc(
        NLP.vocab,
        words=words,
        heads=[t[1] for t in tokens],
        deps=[t[2] for t in tokens],
        pos=[t[3] for t in tokens],
        tags=[t[4] for t in tokens],
        lemmas=[t[5] for t in tokens],
    )
    doc.ents = [
        SpacySpan(doc, i, i + 1, label="ORG", kb_id=NAMES[w][0])
        for i, w in enumerate(words)
        if w in NAMES
    ]
    doc._.kg_entities = {
        key: Entity(key, cls, word) for word, (key, cls) in NAMES.items() if word in words
    }
    if title:
        doc._.kg_blocks = [Block(0, len(doc.text), "title")]
    return doc


def actions(tokens: list[Token], *, title: bool = False) -> dict[str, ActionFact]:
    doc = Actions(RULES)(build(tokens, title=title))
    return {a.text: a for a in doc._.kg_actions}


def roles(found: dict[str, ActionFact]) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    return {word: (a.actors, a.patients) for word, a in found.items()}


ACME, BETA, GAMMA = "org:acme", "org:beta", "org:gamma"


def test_active_verb_subject_is_arg0_and_object_arg1() -> None:
    found = actions(
        [
            ("Acme", 1, "nsubj", "PROPN", "NNP", "Acme"),
            ("bought", 1, "ROOT", "VERB", "VBD", "buy"),
            ("Beta", 1, "dobj", "PROPN", "NNP", "Beta"),
            (".", 1, "punct", "PUNCT", ".", "."),
        ]
    )
    assert roles(found) == {"bought": ((ACME,), (BETA,))}
    assert found["bought"].lemma == "buy"
    span = found["bought"].span
    assert (span.start, span.end) == (5, 11)  # the verb only


def test_passive_subject_is_arg1_and_by_phrase_arg0() -> None:
    found = actions(
        [
            ("Beta", 2, "nsubjpass", "PROPN", "NNP", "Beta"),
            ("was", 2, "auxpass", "AUX", "VBD", "be"),
            ("bought", 2, "ROOT", "VERB", "VBN", "buy"),
            ("by", 2, "agent", "ADP", "IN", "by"),
            ("Acme", 3, "pobj", "PROPN", "NNP", "Acme"),
            (".", 2, "punct", "PUNCT", ".", "."),
        ]
    )
    assert roles(found) == {"bought": ((ACME,), (BETA,))}


def test_unaccusative_subject_is_arg1() -> None:
    found = actions(
        [
            ("Acme", 1, "nsubj", "PROPN", "NNP", "Acme"),
            ("fell", 1, "ROOT", "VERB", "VBD", "fall"),
            ("sharply", 1, "advmod", "ADV", "RB", "sharply"),
        ]
    )
    assert roles(found) == {"fell": ((), (ACME,))}


def test_alternating_verb_depends_on_an_object() -> None:
    intransitive = [
        ("Acme", 1, "nsubj", "PROPN", "NNP", "Acme"),
        ("closed", 1, "ROOT", "VERB", "VBD", "close"),
        ("lower", 1, "advmod", "ADV", "RBR", "low"),
    ]
    transitive = [
        ("Acme", 1, "nsubj", "PROPN", "NNP", "Acme"),
        ("closed", 1, "ROOT", "VERB", "VBD", "close"),
        ("Beta", 1, "dobj", "PROPN", "NNP", "Beta"),
    ]
    assert roles(actions(intransitive)) == {"closed": ((), (ACME,))}
    assert roles(actions(transitive)) == {"closed": ((ACME,), (BETA,))}


def test_an_amount_is_no_object_of_a_verb_of_change() -> None:
    tokens: list[Token] = [
        ("Acme", 1, "nsubj", "PROPN", "NNP", "Acme"),
        ("gained", 1, "ROOT", "VERB", "VBD", "gain"),
        ("40", 3, "nummod", "NUM", "CD", "40"),
        ("points", 1, "dobj", "NOUN", "NNS", "point"),
    ]
    assert roles(actions(tokens)) == {"gained": ((), (ACME,))}
    tokens[2:] = [("Beta", 1, "dobj", "PROPN", "NNP", "Beta")]
    assert roles(actions(tokens)) == {"gained": ((ACME,), (BETA,))}


def test_modal_have_and_recipients_are_no_arguments() -> None:
    found = actions(
        [
            ("Acme", 1, "nsubj", "PROPN", "NNP", "Acme"),
            ("had", 1, "ROOT", "VERB", "VBD", "have"),
            ("to", 3, "aux", "PART", "TO", "to"),
            ("supply", 1, "xcomp", "VERB", "VB", "supply"),
            ("Beta", 3, "dobj", "PROPN", "NNP", "Beta"),
            ("with", 3, "prep", "ADP", "IN", "with"),
            ("ships", 5, "pobj", "NOUN", "NNS", "ship"),
        ]
    )
    assert roles(found) == {"supply": ((ACME,), ())}


def test_of_names_the_actor_before_an_infinitive() -> None:
    found = actions(
        [
            ("the", 1, "det", "DET", "DT", "the"),
            ("decision", 1, "ROOT", "NOUN", "NN", "decision"),
            ("of", 1, "prep", "ADP", "IN", "of"),
            ("Acme", 2, "pobj", "PROPN", "NNP", "Acme"),
            ("to", 5, "aux", "PART", "TO", "to"),
            ("ban", 1, "acl", "VERB", "VB", "ban"),
            ("Beta", 5, "dobj", "PROPN", "NNP", "Beta"),
        ]
    )
    assert roles(found) == {"decision": ((ACME,), ()), "ban": ((ACME,), (BETA,))}


def test_conjoined_subjects_and_verbs_share_arguments() -> None:
    found = actions(
        [
            ("Acme", 3, "nsubj", "PROPN", "NNP", "Acme"),
            ("and", 0, "cc", "CCONJ", "CC", "and"),
            ("Beta", 0, "conj", "PROPN", "NNP", "Beta"),
            ("bought", 3, "ROOT", "VERB", "VBD", "buy"),
            ("plants", 3, "dobj", "NOUN", "NNS", "plant"),
            ("and", 3, "cc", "CCONJ", "CC", "and"),
            ("sold", 3, "conj", "VERB", "VBD", "sell"),
            ("Gamma", 6, "dobj", "PROPN", "NNP", "Gamma"),
        ]
    )
    assert roles(found) == {"bought": ((ACME, BETA), ()), "sold": ((ACME, BETA), (GAMMA,))}


def test_nominal_possessor_is_arg0_and_of_phrase_arg1() -> None:
    found = actions(
        [
            ("Acme", 2, "poss", "PROPN", "NNP", "Acme"),
            ("'s", 0, "case", "PART", "POS", "'s"),
            ("acquisition", 5, "nsubjpass", "NOUN", "NN", "acquisition"),
            ("of", 2, "prep", "ADP", "IN", "of"),
            ("Beta", 3, "pobj", "PROPN", "NNP", "Beta"),
            ("approved", 5, "ROOT", "VERB", "VBN", "approve"),
        ]
    )
    assert roles(found) == {"acquisition": ((ACME,), (BETA,))}


def test_a_country_modifying_an_event_noun_is_where_not_who() -> None:
    found = actions(
        [
            ("Ruritania", 1, "compound", "PROPN", "NNP", "Ruritania"),
            ("production", 2, "nsubj", "NOUN", "NN", "production"),
            ("rose", 2, "ROOT", "VERB", "VBD", "rise"),
        ]
    )
    assert found == {}


def test_no_entity_no_action() -> None:
    found = actions(
        [
            ("The", 1, "det", "DET", "DT", "the"),
            ("firm", 2, "nsubj", "NOUN", "NN", "firm"),
            ("bought", 2, "ROOT", "VERB", "VBD", "buy"),
            ("plants", 2, "dobj", "NOUN", "NNS", "plant"),
        ]
    )
    assert found == {}


def test_copulas_are_no_actions() -> None:
    found = actions(
        [
            ("Acme", 1, "nsubj", "PROPN", "NNP", "Acme"),
            ("became", 1, "ROOT", "VERB", "VBD", "become"),
            ("big", 1, "acomp", "ADJ", "JJ", "big"),
        ]
    )
    assert found == {}


def test_infinitive_and_participle_borrow_the_controller() -> None:
    found = actions(
        [
            ("Acme", 1, "nsubj", "PROPN", "NNP", "Acme"),
            ("plans", 1, "ROOT", "VERB", "VBZ", "plan"),
            ("to", 3, "aux", "PART", "TO", "to"),
            ("buy", 1, "xcomp", "VERB", "VB", "buy"),
            ("Beta", 3, "dobj", "PROPN", "NNP", "Beta"),
            (",", 1, "punct", "PUNCT", ",", ","),
            ("citing", 1, "advcl", "VERB", "VBG", "cite"),
            ("demand", 6, "dobj", "NOUN", "NN", "demand"),
        ]
    )
    assert roles(found) == {
        "plans": ((ACME,), ()),
        "buy": ((ACME,), (BETA,)),
        "citing": ((ACME,), ()),
    }


def test_relative_clause_takes_the_noun_it_modifies() -> None:
    found = actions(
        [
            ("Acme", 5, "nsubj", "PROPN", "NNP", "Acme"),
            (",", 0, "punct", "PUNCT", ",", ","),
            ("which", 3, "nsubj", "PRON", "WDT", "which"),
            ("owns", 0, "relcl", "VERB", "VBZ", "own"),
            ("Beta", 3, "dobj", "PROPN", "NNP", "Beta"),
            ("said", 5, "ROOT", "VERB", "VBD", "say"),
        ]
    )
    assert roles(found) == {"owns": ((ACME,), (BETA,)), "said": ((ACME,), ())}


def test_object_control_and_reduced_passive() -> None:
    found = actions(
        [
            ("Acme", 1, "nsubj", "PROPN", "NNP", "Acme"),
            ("told", 1, "ROOT", "VERB", "VBD", "tell"),
            ("Beta", 1, "dobj", "PROPN", "NNP", "Beta"),
            ("to", 4, "aux", "PART", "TO", "to"),
            ("sell", 1, "xcomp", "VERB", "VB", "sell"),
            ("plants", 4, "dobj", "NOUN", "NNS", "plant"),
            ("built", 5, "acl", "VERB", "VBN", "build"),
            ("by", 6, "agent", "ADP", "IN", "by"),
            ("Gamma", 7, "pobj", "PROPN", "NNP", "Gamma"),
        ]
    )
    assert roles(found) == {
        "told": ((ACME,), (BETA,)),
        "sell": ((BETA,), ()),
        "built": ((GAMMA,), ()),
    }


def test_a_bare_participle_in_a_headline_is_passive() -> None:
    tokens: list[Token] = [
        ("Smith", 1, "nsubj", "PROPN", "NNP", "Smith"),
        ("appointed", 1, "ROOT", "VERB", "VBD", "appoint"),
        ("as", 1, "prep", "ADP", "IN", "as"),
        ("chief", 2, "pobj", "NOUN", "NN", "chief"),
    ]
    assert roles(actions(tokens, title=True)) == {"appointed": ((), ("person:jan-smith",))}
    assert roles(actions(tokens)) == {"appointed": (("person:jan-smith",), ())}


def test_rules_lists_are_checked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert not RULES.unaccusative & RULES.alternating
    assert "say" not in RULES.skip_verbs and "be" in RULES.skip_verbs
    (tmp_path / "lexicon.toml").write_text('[actions]\nskip_verbs = "be"\n', encoding="utf-8")
    with pytest.raises(RulesError, match="skip_verbs"):
        load_action_rules(str(tmp_path))


# -- the graph -----------------------------------------------------------------------------


def _graph_of(text: str, doc: Doc) -> tuple[Graph, list[Triple]]:
    article = Article(title=text.split("\n", 1)[0], text=text, file_name="a.txt")
    _, triples = article_triples(article, doc)
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph, triples


def test_actions_in_the_graph_conform_and_read_back_as_participants() -> None:
    tokens: list[Token] = [
        ("Beta", 2, "nsubjpass", "PROPN", "NNP", "Beta"),
        ("was", 2, "auxpass", "AUX", "VBD", "be"),
        ("bought", 2, "ROOT", "VERB", "VBN", "buy"),
        ("by", 2, "agent", "ADP", "IN", "by"),
        ("Acme", 3, "pobj", "PROPN", "NNP", "Acme"),
    ]
    doc = Actions(RULES)(build(tokens))
    from kg.nlp.common import evidence
    from kg.nlp.items import Mention

    doc._.kg_mentions = [
        Mention(NAMES[t.text][0], evidence(doc, t.idx, t.idx + len(t.text)))
        for t in doc
        if t.text in NAMES
    ]
    graph, triples = _graph_of(doc.text, doc)
    nodes = list(graph.subjects(RDF.type, kg.Action))
    assert len(nodes) == 1
    node = nodes[0]
    assert str(graph.value(node, kg.lemma)) == "buy"
    assert graph.value(node, kg.actor) == URIRef("https://w3id.org/newskg/id/organization/acme")
    assert graph.value(node, kg.patient) == URIRef("https://w3id.org/newskg/id/organization/beta")
    conforms, report = validate_graph(graph)
    assert conforms, report

    predicted = read_predictions(triples, doc.text)
    links = {(p.event, p.entity, p.role) for p in predicted.participants}
    assert links == {((9, 15), (19, 23), "Arg0"), ((9, 15), (0, 4), "Arg1")}


def test_the_shapes_refuse_an_action_without_arguments() -> None:
    doc = Actions(RULES)(
        build(
            [
                ("Acme", 1, "nsubj", "PROPN", "NNP", "Acme"),
                ("left", 1, "ROOT", "VERB", "VBD", "leave"),
            ]
        )
    )
    graph, _ = _graph_of(doc.text, doc)
    node = next(graph.subjects(RDF.type, kg.Action))
    graph.remove((node, kg.actor, None))
    conforms, _ = validate_graph(graph)
    assert not conforms


def test_the_model_pipeline_finds_who_did_what(nlp) -> None:  # type: ignore[no-untyped-def]
    from kg import KnowledgeGraph

    text = (
        "Northway Motors buys Kestrel Systems\n\n"
        "Northway Motors said on Monday that it had agreed to buy Kestrel Systems, a maker of "
        "brakes based in Ohio.\n"
    )
    graph = KnowledgeGraph(KnowledgeGraph.open().store, nlp=nlp)
    article = Article.from_text(text, file_name="n.txt")
    _, triples = graph.analyse(article)
    rdf = Graph()
    for triple in triples:
        rdf.add(triple)
    conforms, report = validate_graph(rdf)
    assert conforms, report
    found = {
        (str(rdf.value(n, kg.lemma)), str(rdf.value(n, kg.actor)), str(rdf.value(n, kg.patient)))
        for n in rdf.subjects(RDF.type, kg.Action)
    }
    acme = "https://w3id.org/newskg/id/organization/northway-motors"
    beta = "https://w3id.org/newskg/id/organization/kestrel-systems"
    assert ("buy", acme, beta) in found
    assert any(lemma == "say" and actor == acme for lemma, actor, _ in found)

    # the saved query lists them, one row per actor and patient
    assert graph.ingest(article).ok
    rows = [{k: str(v) for k, v in row.items()} for row in graph.run("actions")]
    assert ("buy", "Northway Motors", "Kestrel Systems", "buys") in {
        (r["lemma"], r.get("actorLabel"), r.get("patientLabel"), r["word"]) for r in rows
    }
