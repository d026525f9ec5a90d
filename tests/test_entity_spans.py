"""Entity mentions of ``kg_entities`` on hand-built Docs (no trained model): lone surnames,
one reading per name in an article, types from plain context, countries inside
organisations' and places' names, honorifics and titles, a capitalised "The", codes; and
CoNLL04's typing of demonyms. All sentences are invented for these tests."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

import kg.nlp.extensions  # noqa: F401  (registers the Doc._ extensions)
from kg.eval.conll04 import mention_type
from kg.eval.predictions import EntityMention
from kg.ner.component import BASE_KEY, SPANS_KEY
from kg.nlp.entities import Entities
from kg.nlp.rules import load_rules

NLP = spacy.blank("en")
ENTITIES = Entities(NLP, load_rules())


def parse(
    text: str,
    ents: dict[tuple[int, int], str],
    deps: dict[int, tuple[str, int]] | None = None,
    lemmas: dict[int, str] | None = None,
) -> Doc:
    """A Doc of the space-separated words of ``text`` (written with a space after each but
    before punctuation), entities by token range, and a flat parse (each token under the
    first) unless ``deps`` says otherwise."""
    words = text.split()
    spaces = [i + 1 < len(words) and words[i + 1] not in (",", ".", ";") for i in range(len(words))]
    heads = [0] * len(words)
    dep = ["ROOT"] + ["dep"] * (len(words) - 1)
    for i, (label, head) in (deps or {}).items():
        dep[i], heads[i] = label, head
    iob = ["O"] * len(words)
    for (start, end), label in ents.items():
        for k in range(start, end):
            iob[k] = ("B-" if k == start else "I-") + label
    return Doc(
        NLP.vocab,
        words=words,
        spaces=spaces,
        heads=heads,
        deps=dep,
        lemmas=[(lemmas or {}).get(i, w.lower()) for i, w in enumerate(words)],
        ents=iob,
    )


def mentions(doc: Doc) -> list[tuple[str, str]]:
    """(text, entity key) of every mention, in order."""
    text = doc.text
    return sorted(
        ((text[m.span.start : m.span.end], m.entity) for m in doc._.kg_mentions),
        key=lambda m: text.index(m[0]),
    )


def test_lone_surname_is_scoped_to_its_article() -> None:
    one = ENTITIES(parse("Okafor praised the plan .", {(0, 1): "PERSON"}))
    other = ENTITIES(parse("Okafor opposed the plan .", {(0, 1): "PERSON"}))
    (a,), (b,) = one._.kg_entities, other._.kg_entities
    assert a.startswith("person:okafor-") and b.startswith("person:okafor-")
    assert a != b  # two articles' Okafors are not merged
    again = ENTITIES(parse("Okafor praised the plan .", {(0, 1): "PERSON"}))
    assert list(again._.kg_entities) == [a]  # the same article gives the same key


def test_surname_of_a_full_name_still_resolves_to_it() -> None:
    words = "Ngozi Okafor spoke . Okafor left ."
    doc = ENTITIES(parse(words, {(0, 2): "PERSON", (4, 5): "PERSON"}))
    assert mentions(doc) == [
        ("Ngozi Okafor", "person:ngozi-okafor"),
        ("Okafor", "person:ngozi-okafor"),
    ]


def test_name_mostly_read_as_organisation_is_one_everywhere() -> None:
    words = "Zentra hired staff . Zentra grew . Zentra said so ."
    ents = {(0, 1): "ORG", (4, 5): "ORG", (7, 8): "PERSON"}
    doc = ENTITIES(parse(words, ents))
    assert {key for _, key in mentions(doc)} == {"org:zentra"}


def test_lone_person_naming_a_known_organisation_is_it() -> None:
    words = "Velmora Aircraft said Velmora would grow ."
    doc = ENTITIES(parse(words, {(0, 2): "ORG", (3, 4): "PERSON"}))
    assert {key for _, key in mentions(doc)} == {"org:velmora-aircraft"}


def test_a_capitalised_kind_of_organisation_before_a_name_is_no_name() -> None:
    # a headline: "Automaker Zentra to cut jobs", "Automaker" read as a place
    doc = ENTITIES(parse("Automaker Zentra to cut jobs", {(0, 1): "GPE", (1, 2): "ORG"}))
    assert mentions(doc) == [("Zentra", "org:zentra")]
    # a kind of organisation that is a name of its own stays ("Carrier said ...")
    alone = ENTITIES(parse("Carrier said it would cut jobs .", {(0, 1): "ORG"}))
    assert mentions(alone) == [("Carrier", "org:carrier")]


def test_name_before_a_division_is_a_town() -> None:
    words = "Officials in Brackton , Ohio , agreed ."
    doc = ENTITIES(parse(words, {(2, 3): "ORG", (4, 5): "GPE"}))
    assert ("Brackton", "place:brackton") in mentions(doc)
    abbreviated = ENTITIES(parse("She moved to Brackton , Mass .", {(3, 4): "ORG"}))
    assert mentions(abbreviated) == [("Brackton", "place:brackton")]


def test_places_in_a_list_are_not_retyped() -> None:
    words = "Talks with Brackton , Ohio and Texas failed ."
    doc = ENTITIES(parse(words, {(2, 3): "ORG"}))
    assert mentions(doc) == [("Brackton", "org:brackton")]


def test_age_or_birth_marks_a_person() -> None:
    aged = ENTITIES(parse("Velmora , 53 , resigned .", {(0, 1): "ORG"}))
    (key,) = aged._.kg_entities
    assert key.startswith("person:velmora-")
    words = "Ilse Brandauer was born in Graz ."
    born = ENTITIES(
        parse(
            words,
            {(0, 2): "ORG", (5, 6): "GPE"},
            deps={0: ("compound", 1), 1: ("nsubjpass", 3), 2: ("auxpass", 3), 3: ("ROOT", 3)},
        )
    )
    assert ("Ilse Brandauer", "person:ilse-brandauer") in mentions(born)


def test_country_starting_an_organisation_name_is_mentioned_inside_it() -> None:
    words = "The US Coast Guard searched the bay ."
    doc = ENTITIES(parse(words, {(1, 4): "ORG"}))
    assert mentions(doc) == [
        (
            "US Coast Guard",
            "org:united-states-coast-guard",
        ),  # the country as the gazetteer names it
        ("US", "country:US"),
    ]
    assert doc._.kg_entities["country:US"].iso2 == "US"
    assert [e.text for e in doc.ents] == ["US Coast Guard"]  # the names do not overlap


def test_honorific_and_head_of_state_title_are_in_the_mention_not_in_the_name() -> None:
    doc = ENTITIES(
        parse(
            "Ms. Adaeze Bello and President Tunde Ilori met .", {(1, 3): "PERSON", (5, 7): "PERSON"}
        )
    )
    assert mentions(doc) == [
        ("Ms. Adaeze Bello", "person:adaeze-bello"),
        ("President Tunde Ilori", "person:tunde-ilori"),
    ]
    assert doc._.kg_entities["person:tunde-ilori"].label == "Tunde Ilori"
    assert [e.text for e in doc.ents] == ["Adaeze Bello", "Tunde Ilori"]


def test_abbreviated_office_and_other_titles_are_not_in_the_mention() -> None:
    doc = ENTITIES(
        parse("Sen. Ngozi Okafor and Judge Emeka Obi met .", {(1, 3): "PERSON", (5, 7): "PERSON"})
    )
    assert mentions(doc) == [
        ("Ngozi Okafor", "person:ngozi-okafor"),
        ("Emeka Obi", "person:emeka-obi"),
    ]


def test_a_capitalised_the_before_a_name_is_in_its_mention_not_in_the_name() -> None:
    doc = ENTITIES(
        parse(
            "Talks in The Hague were covered by The Daily Courier .",
            {(3, 4): "GPE", (8, 10): "ORG"},
        )
    )
    assert mentions(doc) == [
        ("The Hague", "place:hague"),
        ("The Daily Courier", "org:daily-courier"),
    ]
    assert [e.text for e in doc.ents] == ["Hague", "Daily Courier"]


def test_a_sentence_starting_the_is_in_the_mention_only_if_the_model_reads_it_so() -> None:
    named = ENTITIES(parse("The Hague hosted the talks .", {(0, 2): "GPE"}))
    assert mentions(named) == [("The Hague", "place:hague")]
    article = ENTITIES(parse("The Zentra board met .", {(1, 2): "ORG"}))
    assert mentions(article) == [("Zentra", "org:zentra")]


def test_country_name_inside_a_longer_place_name_is_no_country() -> None:
    doc = ENTITIES(parse("Storms hit New Jersey and Panama City .", {(2, 4): "GPE", (5, 7): "GPE"}))
    assert mentions(doc) == [
        ("New Jersey", "place:new-jersey"),
        ("Panama City", "place:panama-city"),
    ]
    hyphen = ENTITIES(parse("A Cuban - American group protested .", {(1, 4): "NORP"}))
    assert mentions(hyphen) == [("Cuban", "country:CU")]


def test_codes_and_lower_case_words_are_no_names() -> None:
    words = "Trading stopped at 16:08 UTC and healthcare costs rose ."
    doc = ENTITIES(parse(words, {(4, 5): "ORG", (6, 7): "ORG"}))
    assert mentions(doc) == []
    doc = ENTITIES(parse("It comes with 30 GB of storage .", {(4, 5): "PERSON"}))
    assert mentions(doc) == []


def test_an_office_without_a_name_is_no_person() -> None:
    doc = ENTITIES(
        parse(
            "The former Chief Operating Officer , Ana Ruiz , left .",
            {(0, 5): "PERSON", (6, 8): "PERSON"},
        )
    )
    assert mentions(doc) == [("Ana Ruiz", "person:ana-ruiz")]
    doc = ENTITIES(parse("King was shot .", {(0, 1): "PERSON"}))  # a surname may be a title
    assert [key.split(":")[0] for _, key in mentions(doc)] == ["person"]


def test_conll04_types_a_demonym_as_other() -> None:
    text = "Serbian officials left Serbia ."
    demonym = EntityMention((0, 7), "Country", "kgr:country/RS", (0, len(text)))
    name = EntityMention((23, 29), "Country", "kgr:country/RS", (0, len(text)))
    assert mention_type(demonym, text, {"Serbian"}) == "Other"
    assert mention_type(name, text, {"Serbian"}) == "Loc"


def test_lone_name_after_in_is_a_place() -> None:
    doc = ENTITIES(parse("Jobs in Brackton rose .", {(2, 3): "PERSON"}))
    assert mentions(doc) == [("Brackton", "place:brackton")]
    view = ENTITIES(parse("In Okafor 's view it failed .", {(1, 2): "PERSON"}))
    (key,) = view._.kg_entities
    assert key.startswith("person:okafor-")


def test_word_split_off_an_organisation_name_goes_back_into_it() -> None:
    words = "the Institute of Statistics and Geography said so ."
    doc = ENTITIES(parse(words, {(1, 4): "ORG", (5, 6): "PERSON"}))
    key = "org:institute-of-statistics-and-geography"
    assert mentions(doc) == [("Institute of Statistics and Geography", key)]
    for label in ("GPE", "ORG"):  # a domain's word read as a place or a name of its own
        doc = ENTITIES(parse(words, {(1, 4): "ORG", (5, 6): label}))
        assert mentions(doc) == [("Institute of Statistics and Geography", key)], label
    place = ENTITIES(parse("the Bank of Velmora and Zentra grew .", {(1, 4): "ORG", (5, 6): "GPE"}))
    assert [text for text, _ in mentions(place)] == ["Bank of Velmora", "Zentra"]
    two = ENTITIES(parse("Velmora and Zentra merged .", {(0, 1): "ORG", (2, 3): "ORG"}))
    assert mentions(two) == [("Velmora", "org:velmora"), ("Zentra", "org:zentra")]


def test_white_space_the_model_puts_inside_a_name_is_not_part_of_it() -> None:
    """The model's entities can run over a paragraph break ("Faro" + "\\n\\n"); neither the
    label nor the mention may carry it ("Faro \\n\\n" was written as a label)."""
    words = ["Officials", "met", "in", "Faro", "\n\n", "Acme", "Steel", "\n\n", "said", "so", "."]
    doc = Doc(
        NLP.vocab,
        words=words,
        spaces=[True, True, True, False, False, True, False, False, True, False, False],
        heads=[1, 1, 1, 2, 3, 8, 5, 6, 1, 8, 1],
        deps=[
            "nsubj",
            "ROOT",
            "prep",
            "pobj",
            "dep",
            "nsubj",
            "dep",
            "dep",
            "conj",
            "dobj",
            "punct",
        ],
        ents=["O", "O", "O", "B-GPE", "I-GPE", "B-ORG", "I-ORG", "I-ORG", "O", "O", "O"],
    )
    ENTITIES(doc)
    labels = sorted(e.label for e in doc._.kg_entities.values())
    assert labels == ["Acme Steel", "Faro"]
    assert sorted(doc.text[m.span.start : m.span.end] for m in doc._.kg_mentions) == labels


def test_a_person_named_like_an_organisation_is_one() -> None:
    """A model can read "Border Patrol" as a person; a name ending with a word that ends
    organisations' names is an organisation (a one-word name is left as it is)."""
    doc = ENTITIES(parse("Yesterday the Border Patrol said so .", {(2, 4): "PERSON"}))
    assert mentions(doc) == [("Border Patrol", "org:border-patrol")]
    doc = ENTITIES(parse("Yesterday Patrol said so .", {(1, 2): "PERSON"}))
    assert [key.split(":")[0] for _, key in mentions(doc)] == ["person"]
    # unless both name recognisers read the very words as a person's: "Jim Press" is one
    doc = parse("Yesterday Ana Press said so .", {(1, 3): "PERSON"})
    doc.spans[BASE_KEY] = [Span(doc, 1, 3, label="PERSON")]
    doc.spans[SPANS_KEY] = [Span(doc, 1, 3, label="PERSON")]
    assert [key.split(":")[0] for _, key in mentions(ENTITIES(doc))] == ["person"]
    doc = parse("Yesterday Ana Press said so .", {(1, 3): "PERSON"})
    doc.spans[BASE_KEY] = [Span(doc, 1, 3, label="PERSON")]
    doc.spans[SPANS_KEY] = [Span(doc, 1, 3, label="ORG")]
    assert [key.split(":")[0] for _, key in mentions(ENTITIES(doc))] == ["org"]


def test_a_noun_for_a_kind_of_organisation_makes_the_name_it_describes_one() -> None:
    """The base model reads some companies' names as people's ("electronics retailer Best
    Buy"); a noun for a kind of organisation before the name, or in apposition after it,
    says otherwise, for every mention of the name in the article."""

    def noun_at(doc: Doc, i: int) -> Doc:
        doc[i].pos_ = "NOUN"
        return doc

    doc = parse(
        "Yesterday retailer Zentra Vale said Zentra Vale grew .",
        {(2, 4): "PERSON", (5, 7): "PERSON"},
        {1: ("compound", 3), 2: ("compound", 3), 3: ("nsubj", 4), 4: ("ROOT", 4)},
    )
    assert mentions(ENTITIES(noun_at(doc, 1))) == [("Zentra Vale", "org:zentra-vale")] * 2
    doc = parse(
        "Zentra Vale , a Dallas company , grew .",
        {(0, 2): "PERSON", (4, 5): "GPE"},
        {0: ("compound", 1), 1: ("nsubj", 7), 3: ("det", 5), 4: ("compound", 5)}
        | {5: ("appos", 1), 7: ("ROOT", 7)},
    )
    assert mentions(ENTITIES(noun_at(doc, 5)))[0] == ("Zentra Vale", "org:zentra-vale")
    # without the noun, the model's reading stands
    doc = parse(
        "Yesterday retailer Zentra Vale said Zentra Vale grew .",
        {(2, 4): "PERSON", (5, 7): "PERSON"},
        {1: ("compound", 3), 2: ("compound", 3), 3: ("nsubj", 4), 4: ("ROOT", 4)},
    )
    assert {key.split(":")[0] for _, key in mentions(ENTITIES(doc))} == {"person"}
    # a person's occupation is no kind of organisation, and one born is a person
    for noun in ("publisher", "automaker"):
        doc = parse(
            f"Yesterday {noun} Ana Ruiz was born .",
            {(2, 4): "PERSON"},
            {1: ("compound", 3), 2: ("compound", 3), 3: ("nsubjpass", 5), 5: ("ROOT", 5)},
            {5: "born"},
        )
        assert [key.split(":")[0] for _, key in mentions(ENTITIES(noun_at(doc, 1)))] == ["person"]


def test_a_lower_case_noun_after_a_name_is_not_part_of_it() -> None:
    doc = ENTITIES(
        parse(
            "The main Zentra union and Quorin executive Ana Ruiz met .",
            {(2, 4): "ORG", (5, 7): "ORG", (7, 9): "PERSON"},
        )
    )
    assert mentions(doc) == [
        ("Zentra", "org:zentra"),
        ("Quorin", "org:quorin"),
        ("Ana Ruiz", "person:ana-ruiz"),
    ]
    # but a hyphenated name, a single letter's name and a brand keep their words
    words = [
        "Kim",
        "Jae-kyu",
        "left",
        "Park",
        "Chung",
        "-",
        "hee",
        ",",
        "K",
        "mart",
        "and",
        "iQuill",
        "nano",
    ]
    doc = Doc(NLP.vocab, words=words, spaces=[w not in ("Chung", "-") for w in words],
              heads=[0] * len(words), deps=["ROOT"] + ["dep"] * (len(words) - 1),
              ents=["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "O",
                    "B-ORG", "I-ORG", "O", "B-ORG", "I-ORG"])  # fmt: skip
    texts = [text for text, _ in mentions(ENTITIES(doc))]
    assert texts == ["Kim Jae-kyu", "Park Chung-hee", "K mart", "iQuill nano"]


def test_an_organisation_run_over_a_comma_into_another_name_is_two() -> None:
    doc = ENTITIES(parse("According to the Quorin Times , Zentra will grow .", {(2, 7): "ORG"}))
    assert mentions(doc) == [("Quorin Times", "org:quorin-times"), ("Zentra", "org:zentra")]
    doc = ENTITIES(parse("Zentra , Inc. will grow .", {(0, 3): "ORG"}))
    assert mentions(doc) == [("Zentra, Inc.", "org:zentra")]


def test_an_organisation_run_on_into_an_office_holders_name_is_the_two() -> None:
    def proper(doc: Doc) -> Doc:
        for t in doc:
            t.pos_ = "PROPN" if t.is_title else "X"
        return doc

    doc = ENTITIES(proper(parse("Bank of Veloria Governor Ana Ruiz spoke .", {(0, 6): "ORG"})))
    assert mentions(doc) == [
        ("Bank of Veloria", "org:bank-of-veloria"),
        ("Ana Ruiz", "person:ana-ruiz"),
    ]
    # not an office that starts the name, nor a "holder" whose name ends like an organisation's
    for text in ("General Motors Corp said so .", "Zentra Chief Executive Office said so ."):
        doc = ENTITIES(proper(parse(text, {(0, len(text.split()) - 3): "ORG"})))
        assert [key.split(":")[0] for _, key in mentions(doc)] == ["org"]


def test_a_person_ending_with_an_office_is_the_offices_organisation() -> None:
    doc = ENTITIES(parse("Zentra CEO , Ana Ruiz , spoke .", {(0, 2): "PERSON", (3, 5): "PERSON"}))
    assert mentions(doc) == [("Zentra", "org:zentra"), ("Ana Ruiz", "person:ana-ruiz")]
    doc = ENTITIES(parse("Ana Queen spoke .", {(0, 2): "PERSON"}))  # a monarch's title may end one
    assert [key.split(":")[0] for _, key in mentions(doc)] == ["person"]


def test_the_portfolio_of_an_office_is_no_organisation() -> None:
    doc = ENTITIES(
        parse("Veloria 's Interior Minister Ana Ruiz spoke .", {(2, 3): "ORG", (4, 6): "PERSON"})
    )
    assert mentions(doc) == [("Ana Ruiz", "person:ana-ruiz")]
    doc = ENTITIES(parse("Zentra Minister Ana Ruiz spoke .", {(0, 1): "ORG", (2, 4): "PERSON"}))
    assert mentions(doc)[0] == ("Zentra", "org:zentra")  # a name, not a portfolio word


def test_a_surname_read_as_a_place_is_the_person_where_a_recogniser_says_so() -> None:
    text = "Prime Minister Kadri Lepik won . Lepik said so ."
    doc = parse(text, {(2, 4): "PERSON", (6, 7): "GPE"})
    doc.spans[BASE_KEY] = [Span(doc, 2, 4, label="PERSON"), Span(doc, 6, 7, label="PERSON")]
    doc.spans[SPANS_KEY] = [Span(doc, 2, 4, label="PERSON"), Span(doc, 6, 7, label="GPE")]
    assert mentions(ENTITIES(doc))[-1] == ("Lepik", "person:kadri-lepik")
    # where both read a place, it stays one ("Washington" beside George Washington)
    doc = parse(text, {(2, 4): "PERSON", (6, 7): "GPE"})
    doc.spans[BASE_KEY] = [Span(doc, 2, 4, label="PERSON"), Span(doc, 6, 7, label="GPE")]
    doc.spans[SPANS_KEY] = [Span(doc, 2, 4, label="PERSON"), Span(doc, 6, 7, label="GPE")]
    assert mentions(ENTITIES(doc))[-1] == ("Lepik", "place:lepik")
    # unless a recogniser read the word alone as a person elsewhere in the article
    text = "Prime Minister Kadri Lepik won . Lepik said so . Lepik left ."
    doc = parse(text, {(2, 4): "PERSON", (6, 7): "GPE", (10, 11): "GPE"})
    doc.spans[BASE_KEY] = [Span(doc, 2, 4, label="PERSON"), Span(doc, 6, 7, label="GPE")]
    doc.spans[SPANS_KEY] = [Span(doc, 2, 4, label="PERSON"), Span(doc, 6, 7, label="GPE")]
    doc.spans[SPANS_KEY] = [*doc.spans[SPANS_KEY], Span(doc, 10, 11, label="PERSON")]
    assert [key for _, key in mentions(ENTITIES(doc))] == ["person:kadri-lepik"] * 3


def test_a_name_never_ends_with_a_function_word() -> None:
    """A recogniser's span can run on into the next phrase ("Assembly Plant of" in a list
    of plants); the name stops before the word."""
    doc = ENTITIES(parse("Zentra closed the Quorin Assembly of Lindqvist .", {(3, 6): "ORG"}))
    assert mentions(doc) == [("Quorin Assembly", "org:quorin-assembly")]


def test_the_agency_of_a_dateline_is_not_an_entity_of_the_article() -> None:
    """ "HAVANA (Example Wire) —" credits the article's source; the agency would otherwise
    co-occur with every entity of every article it wrote. The same name elsewhere counts."""
    lead = "HAVANA ( Example Wire ) — Acme Steel said so ."
    doc = ENTITIES(parse(lead, {(2, 4): "ORG", (6, 8): "ORG"}))
    assert [key for _, key in mentions(doc)] == ["org:acme-steel"]
    text = "Acme Steel told Example Wire so ."
    doc = ENTITIES(parse(text, {(0, 2): "ORG", (3, 5): "ORG"}))
    assert [key for _, key in mentions(doc)] == ["org:acme-steel", "org:example-wire"]


def test_a_name_a_noun_for_a_kind_of_place_follows_is_a_place() -> None:
    """ "Marsabit and Isiolo counties": both names are places, whatever a recogniser read."""
    doc = ENTITIES(
        parse(
            "Ten are missing in Marsabit and Isiolo counties .",
            {(4, 5): "LOC", (6, 7): "ORG"},
        )
    )
    assert mentions(doc) == [("Marsabit", "place:marsabit"), ("Isiolo", "place:isiolo")]
    doc = ENTITIES(parse("Floods hit the Velor river delta .", {(3, 4): "PERSON"}))
    assert mentions(doc) == [("Velor", "place:velor")]
    # a capitalised word is part of a name, not a kind of place after it
    doc = ENTITIES(parse("Velor City said so .", {(0, 2): "ORG"}))
    assert mentions(doc) == [("Velor City", "org:velor-city")]


def test_a_name_in_capitals_is_labelled_as_the_article_writes_it() -> None:
    doc = ENTITIES(
        parse(
            "MARLOW , Veloria -- Prices rose in Marlow .",
            {(0, 1): "GPE", (2, 3): "GPE", (7, 8): "GPE"},
        )
    )
    marlow = doc._.kg_entities["place:marlow"]
    assert marlow.label == "Marlow"
    assert marlow.aliases == {"MARLOW", "Marlow"}
    # without a written form, a dateline's capitals are undone; an abbreviation stays
    doc = ENTITIES(parse("NEW MARLOW -- Prices rose in NYC .", {(0, 2): "GPE", (6, 7): "GPE"}))
    assert [e.label for e in doc._.kg_entities.values()] == ["New Marlow", "NYC"]


def test_an_organisation_named_after_its_country_has_one_iri_however_the_country_is_written() -> (
    None
):
    doc = ENTITIES(
        parse(
            "The U.S. Army , the US Army and the United States Army met Canada Post .",
            {(1, 3): "ORG", (5, 7): "ORG", (9, 12): "ORG", (13, 15): "ORG"},
        )
    )
    orgs = [key for _, key in mentions(doc) if key.startswith("org:")]
    assert orgs == ["org:united-states-army"] * 3 + ["org:canada-post"]
    assert doc._.kg_entities["org:united-states-army"].label == "U.S. Army"  # as first written


def test_initials_in_brackets_after_an_organisation_are_a_mention_of_it() -> None:
    words = "The Velorian Air Force ( VAF ) and the Quorin Central Bank ( QCB ) met Zentra ( ZX ) ."
    doc = ENTITIES(parse(words, {(1, 4): "ORG", (9, 12): "ORG", (16, 17): "ORG"}))
    assert mentions(doc) == [
        ("Velorian Air Force", "org:velorian-air-force"),
        ("VAF", "org:velorian-air-force"),
        ("Quorin Central Bank", "org:quorin-central-bank"),
        ("QCB", "org:quorin-central-bank"),
        ("Zentra", "org:zentra"),  # "ZX" is not its initials
    ]


def test_a_person_named_like_a_company_only_is_an_organisation() -> None:
    # both recognisers may read "Velmora Aircraft" as a person ("Douglas Aircraft"); no person
    # is named so
    doc = ENTITIES(parse("Velmora Aircraft built the jet .", {(0, 2): "PERSON"}))
    assert mentions(doc) == [("Velmora Aircraft", "org:velmora-aircraft")]
    air = ENTITIES(parse("Velmora Air flew the jet .", {(0, 2): "GPE"}))
    assert mentions(air) == [("Velmora Air", "org:velmora-air")]
    jim = ENTITIES(parse("Jim Smith built the jet .", {(0, 2): "PERSON"}))
    assert [key.split(":")[0] for _, key in mentions(jim)] == ["person"]


def test_a_place_word_starting_a_companys_name_in_the_article_is_the_company() -> None:
    words = "Velmora Airways grew . Velmora hired staff . Flights from Velmora rose ."
    doc = ENTITIES(parse(words, {(0, 2): "ORG", (4, 5): "GPE", (10, 11): "GPE"}))
    assert mentions(doc) == [
        ("Velmora Airways", "org:velmora-airways"),
        ("Velmora", "org:velmora-airways"),
        ("Velmora", "place:velmora"),  # "from Velmora": the town
    ]
    # the town a company is "of"
    doc = ENTITIES(parse("Velmora Airways of Velmora grew .", {(0, 2): "ORG", (3, 4): "GPE"}))
    assert mentions(doc)[-1] == ("Velmora", "place:velmora")
    # a company's name that only starts with the word and a hyphen ("Velmora-Quorin Corp")
    words = ["Velmora", "-", "Quorin", "Corp", "said", "Velmora", "grew", "."]
    spaces = [False, False, True, True, True, True, False, False]
    glued = Doc(
        NLP.vocab,
        heads=[0] * len(words),
        deps=["ROOT"] + ["dep"] * (len(words) - 1),
        words=words,
        spaces=spaces,
        ents=["B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-GPE", "O", "O"],
    )
    assert mentions(ENTITIES(glued))[-1] == ("Velmora", "place:velmora")


def test_a_name_run_over_a_spaced_dash_is_the_names_on_either_side() -> None:
    doc = ENTITIES(parse("Staff in Port Velmora - Zentra said so .", {(2, 6): "GPE"}))
    assert mentions(doc) == [("Port Velmora", "place:port-velmora"), ("Zentra", "place:zentra")]
    # one word on each side: a hyphenated name written with spaces
    one = ENTITIES(parse("Staff at Quorin - Velo grew .", {(2, 5): "ORG"}))
    assert mentions(one) == [("Quorin - Velo", "org:quorin-velo")]


def test_a_name_run_over_quotation_marks_is_the_names_between_them() -> None:
    doc = ENTITIES(parse("Aid for the “ Big Four ” Velorian carmakers grew .", {(2, 8): "ORG"}))
    assert [text for text, _ in mentions(doc)] == ["Big Four", "Velorian"]
    # a person's name is not split at a nickname in quotes
    nick = ENTITIES(parse("Ana “ The Hammer ” Ruiz won .", {(0, 5): "PERSON"}))
    assert [key.split(":")[0] for _, key in mentions(nick)] == ["person"]


def test_a_legal_form_the_model_left_out_after_a_company_is_in_its_name() -> None:
    words = "said the chairman of Zentra LLC Ana Ruiz ."
    doc = ENTITIES(parse(words, {(4, 5): "ORG", (6, 8): "PERSON"}))
    assert mentions(doc) == [("Zentra LLC", "org:zentra"), ("Ana Ruiz", "person:ana-ruiz")]


def test_a_name_run_over_a_possessive_is_the_owner_and_the_owned() -> None:
    words = "Zentra Motors ' Velo unit was sold . Velo grew ."
    doc = ENTITIES(parse(words, {(0, 4): "ORG", (8, 9): "ORG"}))
    assert [text for text, _ in mentions(doc)] == ["Zentra Motors", "Velo", "Velo"]
    # one name where neither part is named alone, or the second ends like a company's
    one = ENTITIES(parse("Quorin ' Velo unit was sold .", {(0, 3): "ORG"}))
    assert [text for text, _ in mentions(one)] == ["Quorin ' Velo"]
    words = "Quorin 's Investors Service grew . Quorin said so ."
    one = ENTITIES(parse(words, {(0, 4): "ORG", (6, 7): "ORG"}))
    assert mentions(one)[0][0] == "Quorin 's Investors Service"


def test_an_organisation_the_model_missed_where_the_article_repeats_it_is_found() -> None:
    words = "Jobs go at Velmora . Zentra said Velmora would shrink . The Velmora Cup starts ."
    doc = ENTITIES(parse(words, {(5, 6): "ORG", (7, 8): "ORG", (11, 14): "EVENT"}))
    # the headline's "Velmora" is found; one inside another entity of the model's is not
    assert sorted(text for text, _ in mentions(doc)) == ["Velmora", "Velmora", "Zentra"]


def test_a_name_between_from_and_in_a_country_is_a_place() -> None:
    words = "The jet took off from Velmora in France ."
    doc = ENTITIES(parse(words, {(5, 6): "PERSON", (7, 8): "GPE"}))
    assert mentions(doc) == [("Velmora", "place:velmora"), ("France", "country:FR")]
    # a person sent from somewhere is still one
    sent = ENTITIES(parse("A letter from Ana Ruiz in France .", {(3, 5): "PERSON", (6, 7): "GPE"}))
    assert mentions(sent)[0] == ("Ana Ruiz", "person:ana-ruiz")


def test_names_side_by_side_that_start_a_companys_name_are_its_short_form() -> None:
    words = "Velmora Quorin Airlines grew . Velmora Quorin 's board met ."
    doc = ENTITIES(parse(words, {(0, 3): "ORG", (5, 6): "GPE", (6, 7): "ORG"}))
    keys = [key for _, key in mentions(doc)]
    assert keys == ["org:velmora-quorin-airlines"] * 2
