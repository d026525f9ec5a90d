"""MEANTIME's mention extents from hand-built parses (no model): kg.eval.extent."""

from __future__ import annotations

from spacy.lang.en import English
from spacy.tokens import Doc

from kg.eval.extent import described_names, meantime_extent, meantime_extents

Parse = list[tuple[str, int, str, str]]  # word, head index, dependency, part of speech


def _doc(parse: Parse, glued: frozenset[int] | set[int] = frozenset()) -> Doc:
    """A parsed doc; a space after each word but before punctuation and after ``glued``."""
    words = [w for w, _, _, _ in parse]
    spaces = [
        i + 1 < len(words) and words[i + 1] not in (",", ".", "'s") and i not in glued
        for i in range(len(words))
    ]
    return Doc(
        English().vocab,  # English lexical attributes (like_num)
        words=words,
        spaces=spaces,
        heads=[h for _, h, _, _ in parse],
        deps=[d for _, _, d, _ in parse],
        pos=[p for _, _, _, p in parse],
    )


def _extent(doc: Doc, name: str) -> str:
    start = doc.text.index(name)
    begin, end = meantime_extent(doc, (start, start + len(name)))
    return doc.text[begin:end]


#: "The troubled carmaker Zentra Motors said the Quorin Bank would lend ."
CARMAKER: Parse = [
    ("The", 2, "det", "DET"),
    ("troubled", 2, "amod", "ADJ"),
    ("carmaker", 5, "nsubj", "NOUN"),
    ("Zentra", 4, "compound", "PROPN"),
    ("Motors", 2, "appos", "PROPN"),
    ("said", 5, "ROOT", "VERB"),
    ("the", 8, "det", "DET"),
    ("Quorin", 8, "compound", "PROPN"),
    ("Bank", 10, "nsubj", "PROPN"),
    ("would", 10, "aux", "AUX"),
    ("lend", 5, "ccomp", "VERB"),
    (".", 5, "punct", "PUNCT"),
]


def test_determiners_adjectives_and_descriptors_join_the_name() -> None:
    doc = _doc(CARMAKER)
    assert _extent(doc, "Zentra Motors") == "The troubled carmaker Zentra Motors"
    assert _extent(doc, "Quorin Bank") == "the Quorin Bank"


def test_a_name_premodifying_another_noun_keeps_its_words() -> None:
    # "Veloria officials praised Zentra 's chief Ana Ruiz ."
    doc = _doc(
        [
            ("Veloria", 1, "compound", "PROPN"),
            ("officials", 2, "nsubj", "NOUN"),
            ("praised", 2, "ROOT", "VERB"),
            ("Zentra", 5, "poss", "PROPN"),
            ("'s", 3, "case", "PART"),
            ("chief", 7, "compound", "NOUN"),
            ("Ana", 7, "compound", "PROPN"),
            ("Ruiz", 2, "dobj", "PROPN"),
            (".", 2, "punct", "PUNCT"),
        ]
    )
    assert _extent(doc, "Veloria") == "Veloria"  # PRE.NAM
    assert _extent(doc, "Zentra") == "Zentra"  # a possessive is a pre-modifier too
    assert _extent(doc, "Ana Ruiz") == "Zentra's chief Ana Ruiz"


def test_prepositional_phrases_join_but_appositions_and_conjuncts_do_not() -> None:
    # "Ana Ruiz of Veloria met Zentra , the carmaker , and Belmo ."
    doc = _doc(
        [
            ("Ana", 1, "compound", "PROPN"),
            ("Ruiz", 4, "nsubj", "PROPN"),
            ("of", 1, "prep", "ADP"),
            ("Veloria", 2, "pobj", "PROPN"),
            ("met", 4, "ROOT", "VERB"),
            ("Zentra", 4, "dobj", "PROPN"),
            (",", 5, "punct", "PUNCT"),
            ("the", 8, "det", "DET"),
            ("carmaker", 5, "appos", "NOUN"),
            (",", 5, "punct", "PUNCT"),
            ("and", 5, "cc", "CCONJ"),
            ("Belmo", 5, "conj", "PROPN"),
            (".", 4, "punct", "PUNCT"),
        ]
    )
    assert _extent(doc, "Ana Ruiz") == "Ana Ruiz of Veloria"
    assert _extent(doc, "Veloria") == "Veloria"
    assert _extent(doc, "Zentra") == "Zentra"
    assert _extent(doc, "Belmo") == "Belmo"


def test_possessive_and_premodifying_names_keep_their_words() -> None:
    # "the Quorin Bank 's head met the Veloria Air Force pilots ." (the second "the" misread
    # as a dependent of the name)
    doc = _doc(
        [
            ("the", 2, "det", "DET"),
            ("Quorin", 2, "compound", "PROPN"),
            ("Bank", 4, "poss", "PROPN"),
            ("'s", 2, "case", "PART"),
            ("head", 5, "nsubj", "NOUN"),
            ("met", 5, "ROOT", "VERB"),
            ("the", 9, "det", "DET"),
            ("Veloria", 9, "compound", "PROPN"),
            ("Air", 9, "compound", "PROPN"),
            ("Force", 10, "compound", "PROPN"),
            ("pilots", 5, "dobj", "NOUN"),
            (".", 5, "punct", "PUNCT"),
        ]
    )
    assert _extent(doc, "Quorin Bank") == "Quorin Bank"
    assert _extent(doc, "Veloria Air Force") == "Veloria Air Force"


def test_a_descriptor_after_a_comma_stays_out() -> None:
    # "the carmaker , Zentra , grew ."
    doc = _doc(
        [
            ("the", 1, "det", "DET"),
            ("carmaker", 5, "nsubj", "NOUN"),
            (",", 1, "punct", "PUNCT"),
            ("Zentra", 1, "appos", "PROPN"),
            (",", 1, "punct", "PUNCT"),
            ("grew", 5, "ROOT", "VERB"),
            (".", 5, "punct", "PUNCT"),
        ]
    )
    assert _extent(doc, "Zentra") == "Zentra"
    # "the ( troubled ) Zentra grew ." : a bracketed modifier is left out
    doc = _doc(
        [
            ("the", 4, "det", "DET"),
            ("(", 2, "punct", "PUNCT"),
            ("troubled", 4, "amod", "ADJ"),
            (")", 2, "punct", "PUNCT"),
            ("Zentra", 5, "nsubj", "PROPN"),
            ("grew", 5, "ROOT", "VERB"),
        ]
    )
    assert _extent(doc, "Zentra") == "Zentra"


def test_extents_of_many_names_and_a_span_inside_a_token() -> None:
    doc = _doc(
        [("the", 1, "det", "DET"), ("Belmo", 2, "nsubj", "PROPN"), ("grew", 2, "ROOT", "VERB")]
    )
    assert meantime_extents(doc, [(4, 9), (5, 7)]) == {(4, 9): (0, 9), (5, 7): (5, 7)}


def test_a_place_and_the_place_it_lies_in_after_a_comma_are_one_extent() -> None:
    # "Zentra opened in Lindqvist , Veloria , and Ana Ruiz , Belmo ."
    doc = _doc(
        [
            ("Zentra", 1, "nsubj", "PROPN"),
            ("opened", 1, "ROOT", "VERB"),
            ("in", 1, "prep", "ADP"),
            ("Lindqvist", 2, "pobj", "PROPN"),
            (",", 3, "punct", "PUNCT"),
            ("Veloria", 3, "appos", "PROPN"),
            (",", 1, "punct", "PUNCT"),
            ("and", 1, "cc", "CCONJ"),
            ("Ana", 9, "compound", "PROPN"),
            ("Ruiz", 1, "conj", "PROPN"),
            (",", 9, "punct", "PUNCT"),
            ("Belmo", 9, "appos", "PROPN"),
            (".", 1, "punct", "PUNCT"),
        ]
    )
    text = doc.text

    def span(name: str) -> tuple[int, int]:
        return text.index(name), text.index(name) + len(name)

    places = {span("Lindqvist"), span("Veloria"), span("Belmo")}
    names = [*places, span("Ana Ruiz")]
    extents = {
        text[n[0] : n[1]]: text[b:e] for n, (b, e) in meantime_extents(doc, names, places).items()
    }
    assert extents == {
        "Lindqvist": "Lindqvist, Veloria",
        "Veloria": "Veloria",
        "Belmo": "Belmo",
        "Ana Ruiz": "Ana Ruiz",  # a person is no place: "Ana Ruiz, Belmo" stays apart
    }
    # without the places' classes, nothing crosses the comma
    assert meantime_extents(doc, [span("Lindqvist")]) == {span("Lindqvist"): span("Lindqvist")}


def test_a_place_pair_before_a_noun_is_one_extent_too() -> None:
    # "Zentra held the Lindqvist , Veloria event ."
    doc = _doc(
        [
            ("Zentra", 1, "nsubj", "PROPN"),
            ("held", 1, "ROOT", "VERB"),
            ("the", 6, "det", "DET"),
            ("Lindqvist", 6, "compound", "PROPN"),
            (",", 3, "punct", "PUNCT"),
            ("Veloria", 3, "appos", "PROPN"),
            ("event", 1, "dobj", "NOUN"),
            (".", 1, "punct", "PUNCT"),
        ]
    )
    text = doc.text
    lindqvist = (text.index("Lindqvist"), text.index("Lindqvist") + 9)
    veloria = (text.index("Veloria"), text.index("Veloria") + 7)
    extents = meantime_extents(doc, [lindqvist, veloria], {lindqvist, veloria})
    # a pre-modifier keeps its own words, with the place it lies in
    assert text[slice(*extents[lindqvist])] == "Lindqvist, Veloria"


def test_in_a_headline_without_a_verb_a_phrase_after_a_name_is_not_in_its_extent() -> None:
    # "Zentra chief Ana Ruiz on leave" / "Ana Ruiz of Zentra took leave ."
    headline = _doc(
        [
            ("Zentra", 1, "compound", "PROPN"),
            ("chief", 3, "compound", "NOUN"),
            ("Ana", 3, "compound", "PROPN"),
            ("Ruiz", 3, "ROOT", "PROPN"),
            ("on", 3, "prep", "ADP"),
            ("leave", 4, "pobj", "NOUN"),
        ]
    )
    assert _extent(headline, "Ana Ruiz") == "Zentra chief Ana Ruiz"
    sentence = _doc(
        [
            ("Ana", 1, "compound", "PROPN"),
            ("Ruiz", 4, "nsubj", "PROPN"),
            ("of", 1, "prep", "ADP"),
            ("Zentra", 2, "pobj", "PROPN"),
            ("took", 4, "ROOT", "VERB"),
            ("leave", 4, "dobj", "NOUN"),
            (".", 4, "punct", "PUNCT"),
        ]
    )
    assert _extent(sentence, "Ana Ruiz") == "Ana Ruiz of Zentra"


def test_an_extent_never_crosses_a_line_break() -> None:
    doc = Doc(
        English().vocab,  # English lexical attributes (like_num)
        words=["Ana", "Ruiz", "of", "Zentra", "took", "leave"],
        spaces=[True, True, False, True, True, False],
        heads=[1, 4, 1, 2, 4, 4],
        deps=["compound", "nsubj", "prep", "pobj", "ROOT", "dobj"],
        pos=["PROPN", "PROPN", "ADP", "PROPN", "VERB", "NOUN"],
    )
    assert doc.text == "Ana Ruiz ofZentra took leave"  # no line break yet: the phrase joins
    assert _extent(doc, "Ana Ruiz") == "Ana Ruiz ofZentra"
    doc = Doc(
        English().vocab,  # English lexical attributes (like_num)
        words=["Ana", "Ruiz", "of", "\n", "Zentra", "took", "leave"],
        spaces=[True, True, False, False, True, True, False],
        heads=[1, 5, 1, 4, 2, 5, 5],
        deps=["compound", "nsubj", "prep", "dep", "pobj", "ROOT", "dobj"],
        pos=["PROPN", "PROPN", "ADP", "SPACE", "PROPN", "VERB", "NOUN"],
    )
    assert _extent(doc, "Ana Ruiz") == "Ana Ruiz"


def test_a_products_name_before_a_noun_for_its_kind_is_in_that_nouns_phrase() -> None:
    # "Zentra 's Velo music store sold the X1 jet to Velo owners ."
    doc = _doc(
        [
            ("Zentra", 4, "poss", "PROPN"),
            ("'s", 0, "case", "PART"),
            ("Velo", 4, "compound", "PROPN"),
            ("music", 4, "compound", "NOUN"),
            ("store", 5, "nsubj", "NOUN"),
            ("sold", 5, "ROOT", "VERB"),
            ("the", 8, "det", "DET"),
            ("X1", 8, "compound", "PROPN"),
            ("jet", 5, "dobj", "NOUN"),
            ("to", 5, "dative", "ADP"),
            ("Velo", 11, "compound", "PROPN"),
            ("owners", 9, "pobj", "NOUN"),
            (".", 5, "punct", "PUNCT"),
        ]
    )
    products = {(doc[2].idx, doc[2].idx + 4), (doc[7].idx, doc[7].idx + 2)}
    owners = (doc[10].idx, doc[10].idx + 4)
    extents = meantime_extents(doc, [*products, owners], products=products | {owners})
    text = doc.text
    assert sorted(text[s:e] for s, e in extents.values()) == [
        "Velo",  # "Velo owners": the owners are no product, so the name is a pre-modifier
        "Zentra's Velo music store",  # the store is the product
        "the X1 jet",
    ]
    # a name that is no product's stays a pre-modifier before the same noun
    assert meantime_extents(doc, products)[min(products)][1] == doc[2].idx + 4


def test_a_name_after_a_descriptor_noun_is_a_mention_of_its_own_too() -> None:
    doc = _doc(CARMAKER)
    zentra = (doc.text.index("Zentra"), doc.text.index(" said"))
    quorin = (doc.text.index("Quorin"), doc.text.index(" would"))
    extents = meantime_extents(doc, [zentra, quorin])
    # "carmaker" describes Zentra Motors; "the" is no descriptor
    assert described_names(doc, extents) == {zentra}


def test_a_determiner_of_a_word_inside_the_name_is_in_the_extent() -> None:
    # "The Quorin and Velo 500 index fell ." : "The" hangs from "Quorin", inside the name
    doc = _doc(
        [
            ("The", 1, "det", "DET"),
            ("Quorin", 5, "poss", "PROPN"),
            ("and", 1, "cc", "CCONJ"),
            ("Velo", 1, "conj", "PROPN"),
            ("500", 5, "nummod", "NUM"),
            ("index", 6, "nsubj", "NOUN"),
            ("fell", 6, "ROOT", "VERB"),
            (".", 6, "punct", "PUNCT"),
        ]
    )
    assert _extent(doc, "Quorin and Velo 500 index") == "The Quorin and Velo 500 index"


def test_a_persons_name_after_a_title_is_a_mention_of_its_own_too() -> None:
    # "Zentra CEO Ana Ruiz met the Quorin Bank ." : "CEO" is a proper noun here
    doc = _doc(
        [
            ("Zentra", 3, "compound", "PROPN"),
            ("CEO", 3, "compound", "PROPN"),
            ("Ana", 3, "compound", "PROPN"),
            ("Ruiz", 4, "nsubj", "PROPN"),
            ("met", 4, "ROOT", "VERB"),
            ("the", 7, "det", "DET"),
            ("Quorin", 7, "compound", "PROPN"),
            ("Bank", 4, "dobj", "PROPN"),
            (".", 4, "punct", "PUNCT"),
        ]
    )
    ruiz = (doc[2].idx, doc[3].idx + len("Ruiz"))
    bank = (doc[6].idx, doc[7].idx + len("Bank"))
    extents = meantime_extents(doc, [ruiz, bank])
    assert doc.text[slice(*extents[ruiz])] == "Zentra CEO Ana Ruiz"
    assert described_names(doc, extents) == set()  # no common noun before either name
    assert described_names(doc, extents, persons={ruiz, bank}) == {ruiz}  # "the" is no title


def test_a_count_or_an_ordinal_before_a_name_leaves_the_phrase_before_the_name_out() -> None:
    # "They ordered five new Velo X1s , the final Velo X2 jet and the 30GB Velo X3 ."
    parse: Parse = [
        ("They", 1, "nsubj", "PRON"),
        ("ordered", 1, "ROOT", "VERB"),
        ("five", 5, "nummod", "NUM"),
        ("new", 5, "amod", "ADJ"),
        ("Velo", 5, "compound", "PROPN"),
        ("X1s", 1, "dobj", "PROPN"),
        (",", 5, "punct", "PUNCT"),
        ("the", 11, "det", "DET"),
        ("final", 11, "amod", "ADJ"),
        ("Velo", 10, "compound", "PROPN"),
        ("X2", 11, "compound", "PROPN"),
        ("jet", 5, "conj", "NOUN"),
        ("and", 11, "cc", "CCONJ"),
        ("the", 17, "det", "DET"),
        ("30", 17, "nummod", "NUM"),
        ("GB", 17, "compound", "PROPN"),
        ("Velo", 17, "compound", "PROPN"),
        ("X3", 11, "conj", "PROPN"),
        (".", 1, "punct", "PUNCT"),
    ]
    doc = _doc(parse, glued={14})  # "30GB" is written as one word
    x1 = (doc[4].idx, doc[5].idx + len("X1s"))
    x2 = (doc[9].idx, doc[10].idx + len("X2"))
    x3 = (doc[16].idx, doc[17].idx + len("X3"))
    extents = meantime_extents(doc, [x1, x2, x3], products={x1, x2, x3})
    assert [doc.text[slice(*extents[n])] for n in (x1, x2, x3)] == [
        "Velo X1s",
        "Velo X2 jet",
        "the 30GB Velo X3",  # a capacity is no count
    ]


def test_an_extent_starts_after_a_name_coordinated_before_it() -> None:
    # "Quorin Bank and Velo maker Zentra grew , as did steel and glass maker Belmo ."
    doc = _doc(
        [
            ("Quorin", 1, "compound", "PROPN"),
            ("Bank", 5, "compound", "PROPN"),
            ("and", 1, "cc", "CCONJ"),
            ("Velo", 4, "compound", "PROPN"),
            ("maker", 5, "compound", "NOUN"),
            ("Zentra", 6, "nsubj", "PROPN"),
            ("grew", 6, "ROOT", "VERB"),
            (",", 6, "punct", "PUNCT"),
            ("as", 9, "mark", "SCONJ"),
            ("did", 6, "advcl", "VERB"),
            ("steel", 13, "compound", "NOUN"),
            ("and", 10, "cc", "CCONJ"),
            ("glass", 10, "conj", "NOUN"),
            ("maker", 14, "compound", "NOUN"),
            ("Belmo", 9, "nsubj", "PROPN"),
            (".", 6, "punct", "PUNCT"),
        ]
    )
    assert _extent(doc, "Zentra") == "Velo maker Zentra"  # not "Quorin Bank and …"
    assert _extent(doc, "Belmo") == "steel and glass maker Belmo"


def test_a_designation_read_as_a_number_before_a_kind_of_product_heads_with_it() -> None:
    # "Zentra ordered 787 jets ." : the parse reads "787" as a count of the jets
    doc = _doc(
        [
            ("Zentra", 1, "nsubj", "PROPN"),
            ("ordered", 1, "ROOT", "VERB"),
            ("787", 3, "nummod", "NUM"),
            ("jets", 1, "dobj", "NOUN"),
            (".", 1, "punct", "PUNCT"),
        ]
    )
    name = (doc[2].idx, doc[2].idx + 3)
    extents = meantime_extents(doc, [name], products={name})
    assert doc.text[slice(*extents[name])] == "787 jets"
