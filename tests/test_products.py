"""Products and stock-market indices: ``kg_entities`` on hand-built Docs, the rule files'
checks, and one sentence through the whole pipeline into the graph. All sentences are
invented for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

import kg.nlp.extensions
from kg import KnowledgeGraph
from kg.articles import Article
from kg.nlp.entities import Entities
from kg.nlp.products import load_index_pages, load_indices, load_product_cues
from kg.nlp.rules import RulesError, load_rules
from kg.rdf import vocab as kg
from kg.rdf.mapping import NIF

NLP = spacy.blank("en")
ENTITIES = Entities(NLP, load_rules())


def parse(
    text: str,
    ents: dict[tuple[int, int], str],
    deps: dict[int, tuple[str, int]] | None = None,
    tags: dict[int, str] | None = None,
) -> Doc:
    """The space-separated words of ``text``, entities by token range, capitalised words as
    proper nouns, a flat parse under the first word unless ``deps`` says otherwise, and
    fine-grained tags where ``tags`` gives them."""
    words = text.split()
    heads, labels = [0] * len(words), ["ROOT"] + ["dep"] * (len(words) - 1)
    for i, (label, head) in (deps or {}).items():
        labels[i], heads[i] = label, head
    iob = ["O"] * len(words)
    for (start, end), label in ents.items():
        iob[start:end] = ["B-" + label] + ["I-" + label] * (end - start - 1)
    return Doc(
        NLP.vocab,
        words=words,
        spaces=[i + 1 < len(words) and words[i + 1] != "." for i in range(len(words))],
        heads=heads,
        deps=labels,
        tags=[(tags or {}).get(i, "") for i in range(len(words))],
        pos=["PROPN" if w[:1].isupper() else "X" for w in words],
        lemmas=[w.lower() for w in words],
        ents=iob,
    )


def found(doc: Doc) -> list[tuple[str, str, str]]:
    """(mention text, entity key, class) in the order of the text."""
    entities = doc._.kg_entities
    return sorted(
        (
            (doc.text[m.span.start : m.span.end], m.entity, entities[m.entity].cls)
            for m in doc._.kg_mentions
        ),
        key=lambda f: doc.text.index(f[0]),
    )


def test_an_index_of_the_gazetteer_wins_over_the_models_reading() -> None:
    doc = ENTITIES(
        parse(
            "The Nikkei 225 fell 2 percent on Monday .",
            {(1, 2): "ORG", (2, 3): "CARDINAL", (4, 6): "PERCENT", (7, 8): "DATE"},
        )
    )
    assert found(doc) == [("Nikkei 225", "index:nikkei-225", "FinancialIndex")]
    assert doc._.kg_entities["index:nikkei-225"].label == "Nikkei 225"
    assert [e.text for e in doc.ents if e.label_ == "CARDINAL"] == []  # 225 is no number


def test_an_index_named_with_its_number_is_named_with_a_hyphen_too() -> None:
    doc = ENTITIES(parse("The FTSE-100 fell .", {}))
    assert found(doc) == [("FTSE-100", "index:ftse-100", "FinancialIndex")]
    assert load_indices()["Nikkei-225"] == "Nikkei 225"


def test_a_short_form_is_the_index_unless_the_name_goes_on() -> None:
    doc = ENTITIES(parse("Dow Chemical rose while the Dow fell .", {(0, 2): "ORG", (5, 6): "ORG"}))
    assert found(doc) == [
        ("Dow Chemical", "org:dow-chemical", "Organization"),
        ("Dow", "index:dow-jones-industrial-average", "FinancialIndex"),
    ]
    doc = ENTITIES(parse("Alan Dow said so .", {(0, 2): "PERSON"}))
    assert [f[2] for f in found(doc)] == ["Person"]


def test_words_naming_an_index_as_one_are_in_its_mention_not_its_name() -> None:
    doc = ENTITIES(parse("The Nikkei stock index fell and the Dow Index rose .", {(1, 2): "ORG"}))
    assert found(doc) == [
        ("Nikkei stock index", "index:nikkei-225", "FinancialIndex"),
        ("Dow Index", "index:dow-jones-industrial-average", "FinancialIndex"),
    ]
    assert doc._.kg_entities["index:nikkei-225"].label == "Nikkei 225"
    # not a head after other words
    doc = ENTITIES(parse("The Nikkei fell as the index rose .", {}))
    assert found(doc) == [("Nikkei", "index:nikkei-225", "FinancialIndex")]


def test_a_designation_in_the_plural_names_the_same_product() -> None:
    doc = ENTITIES(
        parse(
            "Velos flies five Zentra 450s and one Zentra 450 .",
            {(0, 1): "ORG", (3, 4): "ORG", (7, 8): "ORG"},
        )
    )
    assert found(doc) == [
        ("Velos", "org:velos", "Organization"),
        ("Zentra 450s", "product:zentra-450", "Product"),
        ("Zentra 450", "product:zentra-450", "Product"),
    ]


def test_a_name_with_a_model_designation_is_a_product_and_so_is_the_designation() -> None:
    doc = ENTITIES(
        parse(
            "Zentra said the Zentra Z450 will fly in 2027 but the Z450 is late .",
            {(0, 1): "ORG", (3, 5): "ORG", (8, 9): "DATE"},
        )
    )
    assert found(doc) == [
        ("Zentra", "org:zentra", "Organization"),
        ("Zentra Z450", "product:zentra-z450", "Product"),
        ("Z450", "product:zentra-z450", "Product"),
    ]
    # an ordinal before it in a headline is no part of the name the article gives it
    # elsewhere; a name only ever written with it keeps it, and so does a company's
    words = "First Zentra Z450 delivered\nThe Zentra Z450 flew ."
    first = ENTITIES(parse(words, {(0, 3): "ORG", (5, 7): "PRODUCT"}))
    assert {key for _, key, _ in found(first)} == {"product:zentra-z450"}
    game = ENTITIES(parse("Final Velo 7 sold well .", {(0, 3): "PRODUCT"}))
    assert found(game) == [("Final Velo 7", "product:final-velo-7", "Product")]
    solar = ENTITIES(parse("First Zentra rose .", {(0, 2): "ORG"}))
    assert found(solar) == [("First Zentra", "org:first-zentra", "Organization")]
    # a year or a decade after a name is no designation
    for year in ("2027", "1990s", "80s"):
        doc = ENTITIES(parse(f"Zentra {year} sales rose .", {(0, 1): "ORG"}))
        assert found(doc) == [("Zentra", "org:zentra", "Organization")]


def test_a_designation_the_tokenizer_split_at_its_hyphen_is_one() -> None:
    # "Velos flies the Zentra 450-200 and the 450 ." with "450-200" split as spaCy splits it
    words = ["Velos", "flies", "the", "Zentra", "450", "-", "200", "and", "the", "450", "."]
    doc = Doc(
        NLP.vocab,
        words=words,
        spaces=[True, True, True, True, False, False, True, True, True, False, False],
        pos=["PROPN" if w[:1].isupper() else "X" for w in words],
        heads=[0] * len(words),  # a flat parse under the first word
        deps=["ROOT"] + ["dep"] * (len(words) - 1),
        ents=["B-ORG", "O", "O", "B-ORG", *["O"] * 7],
    )
    assert found(ENTITIES(doc)) == [
        ("Velos", "org:velos", "Organization"),
        ("Zentra 450-200", "product:zentra-450-200", "Product"),
        ("450", "product:zentra-450", "Product"),  # the family alone
    ]


def test_a_numbered_law_is_no_product() -> None:
    # "Zentra filed for Chapter 11 protection ." : the model reads "Chapter 11" as a LAW
    doc = ENTITIES(
        parse("Zentra filed for Chapter 11 protection .", {(0, 1): "ORG", (3, 5): "LAW"})
    )
    assert found(doc) == [("Zentra", "org:zentra", "Organization")]
    # the law stays for the later components, so its number is no statistic
    assert [(e.text, e.label_) for e in doc.ents] == [("Zentra", "ORG"), ("Chapter 11", "LAW")]


def test_the_phrase_says_a_name_is_a_products() -> None:
    # "Zentra will unveil the Velo ." : Velo is the object of a verb of bringing products out
    unveiled = parse(
        "Zentra will unveil the Velo .",
        {(0, 1): "ORG", (4, 5): "ORG"},
        {0: ("nsubj", 2), 1: ("aux", 2), 2: ("ROOT", 2), 3: ("det", 4), 4: ("dobj", 2)},
    )
    # "the new Velo and the 64GB Rho sold well ." : novelty and a specification on the name
    described = parse(
        "the new Velo and the 64GB Rho sold well .",
        {(2, 3): "ORG", (6, 7): "ORG"},
        {
            0: ("det", 2),
            1: ("amod", 2),
            2: ("nsubj", 7),
            4: ("det", 6),
            5: ("compound", 6),
            7: ("ROOT", 7),
        },
    )
    # "Zentra 's Velo sold well . Velo is cheap ." : an owner does not make a product (owners
    # name their subsidiaries so too)
    owned = parse(
        "Zentra 's Velo sold well . Velo is cheap .",
        {(0, 1): "ORG", (2, 3): "ORG", (6, 7): "ORG"},
        {0: ("poss", 2), 1: ("case", 0), 2: ("nsubj", 3), 3: ("ROOT", 3)},
    )
    # "Belmo said Velo grew ." : nothing says so
    plain = parse("Belmo said Velo grew .", {(0, 1): "ORG", (2, 3): "ORG"})
    assert ("Velo", "product:velo", "Product") in found(ENTITIES(unveiled))
    assert [f[2] for f in found(ENTITIES(described))] == ["Product", "Product"]
    assert ("Velo", "org:velo", "Organization") in found(ENTITIES(owned))
    assert ("Velo", "org:velo", "Organization") in found(ENTITIES(plain))


def test_the_models_product_label_is_a_product() -> None:
    doc = ENTITIES(parse("Belmo sold the Velo .", {(0, 1): "ORG", (3, 4): "PRODUCT"}))
    assert ("Velo", "product:velo", "Product") in found(doc)


def test_rule_files_are_checked(tmp_path: Path) -> None:
    assert load_indices()["Dow"] == "Dow Jones Industrial Average"
    twice = tmp_path / "indices.csv"
    twice.write_text("name,aliases\nAlpha Index,AX\nBeta Index,AX\n", encoding="utf-8")
    with pytest.raises(RulesError, match="'AX' already names 'Alpha Index'"):
        load_indices(twice)
    url = tmp_path / "pages.csv"  # a Wikipedia page is given by its title, not its address
    url.write_text(
        "name,aliases,wikipedia\nAlpha Index,AX,https://en.wikipedia.org/wiki/Alpha\n",
        encoding="utf-8",
    )
    with pytest.raises(RulesError, match="not a page title"):
        load_index_pages(url)
    broken = tmp_path / "products.toml"
    broken.write_text(
        "[products]\nmodel_code = '('\nspec = 'x'\nnew_words = []\nlaunch_verbs = []\n",
        encoding="utf-8",
    )
    with pytest.raises(RulesError, match="model_code"):
        load_product_cues(broken)


@pytest.mark.model
def test_an_index_lands_in_the_graph_as_its_class(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Markets\nThe Nikkei 225 fell 2 percent on Monday."
    graph = KnowledgeGraph(KnowledgeGraph.open().store, nlp=nlp)
    graph.ingest(Article(title="Markets", text=text))
    rows = [r for r in graph.run("entities") if str(r["type"]) == str(kg.FinancialIndex)]
    assert [str(r["label"]) for r in rows] == ["Nikkei 225"]
    evidence = graph.query(
        f"PREFIX kg: <{kg.KG}> PREFIX nif: <{NIF}> "
        "SELECT ?begin ?end WHERE { ?index a ?cls ; kg:evidence ?m . "
        "?m nif:beginIndex ?begin ; nif:endIndex ?end }",
        cls=kg.FinancialIndex,
    )
    spans = [text[int(str(r["begin"])) : int(str(r["end"]))] for r in evidence]
    assert spans == ["Nikkei 225"]
    values = [str(r["value"]) for r in graph.run("statistics")]
    assert values and "225" not in values  # "2 percent" is a statistic, "225" is no number
    conforms, report = graph.validate()
    assert conforms, report


@pytest.mark.model
def test_a_statistic_can_be_about_a_product_or_an_index(nlp) -> None:  # type: ignore[no-untyped-def]
    """The shapes once allowed only people, organisations and places as what a statistic is
    about, so "20 Boeing 787 jets" gave a graph that failed its own validation."""
    for text, about in [
        ("The airline bought 20 Boeing 787 jets.", kg.Product),
        ("Police stopped 30 Nikkei 225 traders.", kg.FinancialIndex),
    ]:
        graph = KnowledgeGraph(KnowledgeGraph.open().store, nlp=nlp)
        graph.ingest(Article(title="Orders", text="Orders\n" + text))
        rows = graph.query(
            f"PREFIX kg: <{kg.KG}> SELECT ?about WHERE {{ ?s a kg:Statistic ; kg:about ?about . "
            "?about a ?cls }",
            cls=about,
        )
        assert len(rows) == 1, text
        conforms, report = graph.validate()
        assert conforms, report


def test_a_counted_name_is_a_product() -> None:
    def counted(number: str, label: str, name: str, tag: str) -> Doc:
        """ "Zentra sold <number> <name> ." with the number counting the name (nummod)."""
        return parse(
            f"Zentra sold {number} {name} .",
            {(0, 1): "ORG", (2, 3): label, (3, 4): "ORG"},
            {2: ("nummod", 3)},
            {2: "CD", 3: tag},
        )

    # organisations are not counted
    assert ("Velos", "product:velos", "Product") in found(
        ENTITIES(counted("300", "CARDINAL", "Velos", "NNPS"))
    )
    # one of it, or a year before it, is no count
    assert ("Velo", "org:velo", "Organization") in found(
        ENTITIES(counted("7", "CARDINAL", "Velo", "NNP"))
    )
    assert ("Velos", "org:velos", "Organization") in found(
        ENTITIES(counted("2027", "DATE", "Velos", "NNPS"))
    )


def test_a_brand_spelt_like_a_product_line_is_a_product() -> None:
    # the model's organisation or person, when its first word is an "i" + capital brand
    assert found(ENTITIES(parse("Fans queued for the iQuill .", {(4, 5): "ORG"}))) == [
        ("iQuill", "product:iquill", "Product")
    ]
    doc = parse("Zentra opened the iQuill Music Store .", {(0, 1): "ORG", (4, 6): "PERSON"})
    doc[3].pos_ = "PROPN"
    doc = ENTITIES(doc)
    assert found(doc) == [
        ("Zentra", "org:zentra", "Organization"),
        ("iQuill Music Store", "product:iquill-music-store", "Product"),
    ]
    # such a word no name covers
    doc = parse("Zentra sold more iQuills than ever .", {(0, 1): "ORG"})
    doc[3].pos_ = "NOUN"
    assert ("iQuills", "product:iquills", "Product") in found(ENTITIES(doc))
    # other spellings are left to the model
    for name in ("Iquill", "IQuill", "Iris"):
        assert found(ENTITIES(parse(f"Fans queued for the {name} .", {(4, 5): "ORG"}))) == [
            (name, f"org:{name.lower()}", "Organization")
        ]


def test_a_designation_in_the_plural_is_a_product_wherever_it_stands() -> None:
    doc = ENTITIES(
        parse(
            "Velair flies 24 VX320s and two F-16s , the Velo VX320 line .",
            {(0, 1): "ORG", (9, 11): "ORG"},
        )
    )
    assert found(doc) == [
        ("Velair", "org:velair", "Organization"),
        ("VX320s", "product:velo-vx320", "Product"),
        ("F-16s", "product:f-16", "Product"),
        ("Velo VX320", "product:velo-vx320", "Product"),
    ]
    # a decade is none
    assert found(ENTITIES(parse("Sales rose in the 1990s .", {}))) == []


def test_initials_in_brackets_after_a_product_name_it_everywhere() -> None:
    words = "Velo released its iVelo Software Kit ( SK ) today . The SK is free ."
    doc = ENTITIES(parse(words, {(0, 1): "ORG", (3, 6): "ORG", (7, 8): "ORG", (12, 13): "ORG"}))
    assert found(doc) == [
        ("Velo", "org:velo", "Organization"),
        ("iVelo Software Kit", "product:ivelo-software-kit", "Product"),
        ("SK", "product:ivelo-software-kit", "Product"),
        ("The SK", "product:ivelo-software-kit", "Product"),
    ]


def test_a_hyphenated_designation_with_letters_is_a_product_wherever_it_stands() -> None:
    doc = Doc(
        NLP.vocab,
        words=["The", "777", "-", "200LR", "flew", "100", "-", "200", "miles", "."],
        spaces=[True, False, False, True, True, False, False, True, False, False],
        heads=[0] * 10,
        deps=["ROOT"] + ["dep"] * 9,
    )
    doc = ENTITIES(doc)
    assert found(doc) == [("777-200LR", "product:777-200lr", "Product")]  # not the range
