"""Unit tests of the extraction rules on hand-built Docs: no trained spaCy model needed.

Every Doc is made with ``spacy.blank("en")`` and given its parse, tags, lemmas and entity
labels by hand (see :func:`build`), so each test pins one rule of one component. All sentences
are invented for these tests.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
import spacy
from rdflib import Graph
from spacy.tokens import Doc

import kg.nlp.extensions  # noqa: F401  (registers the Doc._ extensions)
from kg.articles import Article
from kg.nlp.common import quote_spans
from kg.nlp.entities import Entities
from kg.nlp.events import Events
from kg.nlp.items import Block, Entity, Period, PolicyFact, QuoteFact, RoleFact, Span
from kg.nlp.layout import classify_lines
from kg.nlp.policies import Policies, gerund
from kg.nlp.quotes import Quotes
from kg.nlp.roles import Roles
from kg.nlp.rules import load_rules
from kg.nlp.statistics import Statistics
from kg.nlp.timex import TimeExpressions
from kg.rdf.mapping import article_triples
from kg.validation import validate_graph

NLP = spacy.blank("en")
RULES = load_rules()
ENTITIES = Entities(NLP, RULES)
REFERENCE = date(2022, 4, 22)  # a Friday

#: lemmas the components look up; any other word's lemma is its lower-case form
LEMMAS = {
    "said": "say", "officials": "official", "stopped": "stop", "wants": "want",
    "plans": "plan", "held": "hold", "talks": "talk", "met": "meet", "was": "be",
    "were": "be", "migrants": "migrant", "called": "call",
}  # fmt: skip

Line = str | tuple[str, str, str]


# -- building Docs ------------------------------------------------------------------------------
def _guess_pos(word: str) -> str:
    if not any(c.isalnum() for c in word):
        return "PUNCT"
    if any(c.isdigit() for c in word):
        return "NUM"
    return "PROPN" if word[:1].isupper() else "NOUN"


def build(
    *lines: Line,
    ents: tuple[tuple[str, str] | tuple[str, str, int], ...] = (),
    when: date | None = None,
) -> Doc:
    """A parsed Doc of ``lines`` joined by newlines, with layout blocks and a publication date.

    A line is either plain text (parsed flat: its first token is the root, every other token
    hangs from it) or ``(text, tree, tags)``: ``tree`` gives one ``dep>head`` per token (head
    indices count from the line's first token; the root is just ``ROOT``), ``tags`` one POS
    per token (``_`` guesses it). ``ents`` marks ``(phrase, label[, nth occurrence])``.
    """
    texts = [ln if isinstance(ln, str) else ln[0] for ln in lines]
    text = "\n".join(texts)
    toks = NLP.make_doc(text)
    words = [t.text for t in toks]
    heads, deps, pos = list(range(len(toks))), ["dep"] * len(toks), ["SPACE"] * len(toks)
    by_line: list[list[int]] = [[] for _ in lines]
    for t in toks:
        if t.is_space:
            heads[t.i] = max(t.i - 1, 0)
        else:
            by_line[text.count("\n", 0, t.idx)].append(t.i)
    for line, idxs in zip(lines, by_line, strict=True):
        if isinstance(line, str):
            tree, tags = ["ROOT"] + ["dep>0"] * (len(idxs) - 1), ["_"] * len(idxs)
        else:
            tree, tags = line[1].split(), line[2].split()
        assert len(tree) == len(idxs) == len(tags), [words[i] for i in idxs]
        for i, arc, tag in zip(idxs, tree, tags, strict=True):
            dep, _, head = arc.partition(">")
            deps[i], heads[i] = dep, idxs[int(head)] if head else i
            pos[i] = _guess_pos(words[i]) if tag == "_" else tag
    iob = ["O"] * len(toks)
    for phrase, label, *nth in ents:
        start = [m.start() for m in re.finditer(re.escape(phrase), text)][nth[0] if nth else 0]
        span = toks.char_span(start, start + len(phrase))
        assert span is not None, phrase
        for k in range(span.start, span.end):
            iob[k] = ("B-" if k == span.start else "I-") + label
    doc = Doc(
        NLP.vocab,
        words=words,
        spaces=[bool(t.whitespace_) for t in toks],
        heads=heads,
        deps=deps,
        pos=pos,
        lemmas=[LEMMAS.get(w, w.lower()) for w in words],
        ents=iob,
    )
    assert doc.text == text
    doc._.kg_blocks = classify_lines(doc.text, RULES)
    doc._.kg_date = when
    return doc


def said(quote: str, speaker: str, marks: str = "“”") -> tuple[str, str, str]:
    """The parsed line ``“<quote>,” <speaker> said.``"""
    text = f"{marks[0]}{quote},{marks[1]} {speaker} said."
    nq, ns = len(NLP.make_doc(quote)), len(NLP.make_doc(speaker))
    v = nq + ns + 3  # the verb
    tree = [f"punct>{v}", f"ccomp>{v}", *["dep>1"] * (nq - 1), f"punct>{v}", f"punct>{v}"]
    tree += [*[f"compound>{v - 1}"] * (ns - 1), f"nsubj>{v}", "ROOT", f"punct>{v}"]
    who = "PRON" if speaker.lower() in ("he", "she") else "_"
    tags = ["PUNCT", *["_"] * nq, "PUNCT", "PUNCT", *[who] * ns, "VERB", "PUNCT"]
    return text, " ".join(tree), " ".join(tags)


def run(doc: Doc) -> Doc:
    """kg's components in pipeline order (after layout, which :func:`build` did)."""
    ENTITIES(doc)
    for component in (Roles, Quotes, Statistics, TimeExpressions, Events, Policies):
        component(RULES)(doc)
    return doc


def keys(doc: Doc) -> list[str]:
    return [m.entity for m in doc._.kg_mentions]


# -- layout -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("READ MORE: Chile votes on a new charter", "boilerplate"),
        ("Reuters", "boilerplate"),
        ("(AFP)", "boilerplate"),
        ("Related stories", "boilerplate"),
        ("More on this story", "boilerplate"),  # 4 words: the pattern, not the length, decides
        ("Photo: A truck waits at the crossing.", "boilerplate"),
        ("Route 9", "boilerplate"),  # navigation: at most 3 words, no closing punctuation
        ("The talks ended", "boilerplate"),
        ("Lima talks end early today", "heading"),  # 5 words, no closing punctuation
        ("What the deal means for trade", "heading"),  # 6 words
        ("one two three four five six seven eight nine ten eleven twelve", "heading"),
        ("one two three four five six seven eight nine ten eleven twelve thirteen", "body"),
        ("The border reopened on Monday.", "body"),
        ("Trade is up", "boilerplate"),
        ("Trade is up.", "body"),
    ],
)
def test_classify_lines_kinds(line: str, kind: str) -> None:
    blocks = classify_lines(f"Peru and Chile reopen border\n{line}", RULES)
    assert [b.kind for b in blocks] == ["title", kind]


def test_classify_lines_first_line_is_title_and_offsets_skip_blanks_and_padding() -> None:
    text = "  Border talks resume  \n\n   Officials met on Monday.  \nReuters"
    blocks = classify_lines(text, RULES)
    assert blocks == [Block(2, 21, "title"), Block(28, 52, "body"), Block(55, 62, "boilerplate")]
    assert [text[b.start : b.end] for b in blocks] == [
        "Border talks resume",
        "Officials met on Monday.",
        "Reuters",
    ]


# -- entities -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("word", "label", "key", "iso3", "name", "wikidata"),
    [
        ("Peruvian", "NORP", "country:PE", "PER", "Peru", "Q419"),
        ("Peruvian", None, "country:PE", "PER", "Peru", "Q419"),  # found by the gazetteer alone
        ("U.S.", "GPE", "country:US", "USA", "United States", "Q30"),
        ("US", None, "country:US", "USA", "United States", "Q30"),
    ],
)
def test_demonym_and_alias_resolve_to_country(
    word: str, label: str | None, key: str, iso3: str, name: str, wikidata: str
) -> None:
    doc = run(build(f"{word} officials met on Monday.", ents=((word, label),) if label else ()))
    iso2 = key.split(":")[1]
    assert doc._.kg_entities == {
        key: Entity(key, "Country", name, {word}, iso2=iso2, iso3=iso3, wikidata=wikidata)
    }
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [
        (word, "NORP" if word == "Peruvian" else "GPE", key)
    ]
    assert doc._.kg_mentions[0].span.start == 0
    assert doc._.kg_mentions[0].span.end == len(word)


@pytest.mark.parametrize("later_label", ["PERSON", "ORG", None])
def test_surname_resolves_to_full_person(later_label: str | None) -> None:
    ents = [("Ana Ruiz", "PERSON")]
    if later_label:
        ents.append(("Ruiz", later_label, 1))
    doc = run(build("Ana Ruiz arrived on Monday.", "Later, Ruiz met officials.", ents=tuple(ents)))
    assert doc._.kg_entities == {"person:ana-ruiz": Entity("person:ana-ruiz", "Person", "Ana Ruiz")}
    assert keys(doc) == ["person:ana-ruiz", "person:ana-ruiz"]
    short = doc._.kg_mentions[1].span
    assert doc.text[short.start : short.end] == "Ruiz"
    assert (short.start, short.sent_start) == (35, 28)


def test_lone_surname_never_introduced_is_a_person_of_the_article() -> None:
    doc = run(build("Ruiz met officials on Monday.", ents=(("Ruiz", "PERSON"),)))
    (key,) = doc._.kg_entities
    assert key.startswith("person:ruiz-") and doc._.kg_entities[key].label == "Ruiz"
    assert keys(doc) == [key]


def test_title_and_honorific_are_trimmed_from_person() -> None:
    doc = run(
        build("Foreign Minister Dr. Ana Ruiz arrived.", ents=(("Minister Dr. Ana Ruiz", "PERSON"),))
    )
    assert [(e.text, e.kb_id_) for e in doc.ents] == [("Ana Ruiz", "person:ana-ruiz")]


def test_coordinated_organisation_is_merged() -> None:
    doc = run(
        build(
            "Agents of Federal Customs and Border Protection searched the ship.",
            ents=(("Federal Customs", "ORG"), ("Border Protection", "ORG")),
        )
    )
    key = "org:federal-customs-and-border-protection"
    name = "Federal Customs and Border Protection"
    assert doc._.kg_entities == {key: Entity(key, "Organization", name, {name})}
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [(name, "ORG", key)]


@pytest.mark.xfail(
    strict=True,
    reason="entities._merge_coordinated_orgs: the title-case run after 'and' swallows a "
    "following title and name ('Border Protection Commissioner Ana Ruiz'), its last word is "
    "no domain word, so the two halves are not merged",
)
def test_coordinated_organisation_is_merged_before_a_title() -> None:
    doc = run(
        build(
            "Federal Customs and Border Protection Commissioner Ana Ruiz spoke.",
            ents=(("Federal Customs", "ORG"), ("Border Protection", "ORG"), ("Ana Ruiz", "PERSON")),
        )
    )
    assert [e.kb_id_ for e in doc.ents] == [
        "org:federal-customs-and-border-protection",
        "person:ana-ruiz",
    ]


def test_designator_after_an_organisation_joins_its_name() -> None:
    doc = run(
        build(
            "Trades Union Congress General Secretary Maria Collins spoke.",
            ents=(("Trades Union", "ORG"), ("Maria Collins", "PERSON")),
        )
    )
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Trades Union Congress", "ORG"),
        ("Maria Collins", "PERSON"),
    ]
    # a lower-case designator, or one that begins another name, stays out
    doc = run(
        build(
            "Veloria staff told the Acme board and Tamsin Police Federation officials.",
            ents=(
                ("Veloria", "ORG"),
                ("Acme", "ORG"),
                ("Tamsin", "ORG"),
                ("Police Federation", "ORG"),
            ),
        )
    )
    assert [e.text for e in doc.ents if e.label_ == "ORG"] == [
        "Veloria",
        "Acme",
        "Tamsin",
        "Police Federation",
    ]


def test_missed_designator_organisation_becomes_org() -> None:
    doc = run(build("A boat was stopped by the Coast Guard on Monday.", ents=(("Monday", "DATE"),)))
    assert doc._.kg_entities == {
        "org:coast-guard": Entity("org:coast-guard", "Organization", "Coast Guard", {"Coast Guard"})
    }
    assert [(e.text, e.label_) for e in doc.ents] == [("Coast Guard", "ORG"), ("Monday", "DATE")]


def test_boilerplate_line_yields_no_mentions() -> None:
    doc = run(
        build(
            "Border talks resume",
            "Ana Ruiz met officials on Monday.",
            "READ MORE: Ruiz and the Coast Guard visit Peruvian ports with Carlos Soto",
            ents=(("Ana Ruiz", "PERSON"), ("Carlos Soto", "PERSON"), ("Peruvian", "NORP")),
        )
    )
    assert [b.kind for b in doc._.kg_blocks] == ["title", "body", "boilerplate"]
    assert set(doc._.kg_entities) == {"person:ana-ruiz"}
    assert keys(doc) == ["person:ana-ruiz"]


def test_heading_yields_mentions_but_no_roles() -> None:
    doc = run(
        build(
            "Border talks resume",
            "Peruvian Foreign Minister Ana Ruiz in Lima",
            ents=(("Peruvian", "NORP"), ("Ana Ruiz", "PERSON"), ("Lima", "GPE")),
        )
    )
    assert doc._.kg_blocks[1].kind == "heading"
    assert keys(doc) == ["country:PE", "person:ana-ruiz", "place:lima"]
    assert doc._.kg_roles == []


# -- roles --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("demonym", "office", "country"),
    [("Peruvian", "Foreign Minister", "country:PE"), ("Mexican", "Economy Minister", "country:MX")],
)
def test_role_before_name_held_for_demonym_country(demonym: str, office: str, country: str) -> None:
    text = f"{demonym} {office} Ana Ruiz said the talks went well."
    doc = run(build(text, ents=((demonym, "NORP"), ("Ana Ruiz", "PERSON"))))
    end = text.index("Ruiz") + 4
    assert doc._.kg_roles == [
        RoleFact("person:ana-ruiz", office, country, Span(0, end, 0, len(text)))
    ]


def test_role_in_apposition_held_for_organisation() -> None:
    text = "Ana Ruiz, chief executive of Acme Motors, said sales rose."
    doc = run(
        build(
            (
                text,
                "compound>1 nsubj>9 punct>1 amod>4 appos>1 prep>4 compound>7 pobj>5 punct>1 "
                "ROOT nsubj>11 ccomp>9 punct>9",
                "_ _ PUNCT ADJ NOUN ADP _ _ PUNCT VERB NOUN VERB PUNCT",
            ),
            ents=(("Ana Ruiz", "PERSON"), ("Acme Motors", "ORG")),
        )
    )
    assert doc._.kg_roles == [
        RoleFact("person:ana-ruiz", "chief executive", "org:acme-motors", Span(0, 40, 0, 58))
    ]
    assert text[0:40] == "Ana Ruiz, chief executive of Acme Motors"


def test_a_role_is_for_a_country_an_organisation_or_a_place_only() -> None:
    """The ontology's kg:roleFor holds a country, an organisation or a place; a product
    before the office ("Velo X1 Program Manager Ana Ruiz") is not what the office is for."""
    text = "Velo X1 Program Manager Ana Ruiz said the jet was ready."
    doc = run(build(text, ents=(("Velo X1", "PRODUCT"), ("Ana Ruiz", "PERSON"))))
    assert keys(doc)[0] == "product:velo-x1"
    assert [(f.person, f.role, f.represents) for f in doc._.kg_roles] == [
        ("person:ana-ruiz", "Program Manager", None)
    ]
    text = "Veloria Mayor Ana Ruiz said the city would grow."
    doc = run(build(text, ents=(("Veloria", "LOC"), ("Ana Ruiz", "PERSON"))))
    assert [(f.role, f.represents) for f in doc._.kg_roles] == [("Mayor", "place:veloria")]
    graph = Graph()  # and the shapes accept a role held for a place
    for triple in article_triples(Article(title="Veloria", text=doc.text), doc)[1]:
        graph.add(triple)
    conforms, report = validate_graph(graph)
    assert conforms, report


def test_a_hyphenated_title_is_one_office() -> None:
    text = "Veloria Health Agency Director-General Ana Ruiz said the talks went well."
    doc = run(build(text, ents=(("Veloria Health Agency", "ORG"), ("Ana Ruiz", "PERSON"))))
    assert [(f.role, f.represents) for f in doc._.kg_roles] == [
        ("Director-General", "org:veloria-health-agency")
    ]


def test_a_government_office_with_no_country_is_for_the_country_the_article_names_most() -> None:
    lines = (
        "Election in Peru",
        "Peru held its election on Sunday, and the ruling party of Peru lost ground in Lima.",
        "Prime Minister Ana Ruiz said the result was a setback. Chief executive Carlos Soto agreed.",
    )
    ents = (
        ("Peru", "GPE", 0),
        ("Peru", "GPE", 1),
        ("Peru", "GPE", 2),
        ("Lima", "GPE"),
        ("Ana Ruiz", "PERSON"),
        ("Carlos Soto", "PERSON"),
    )
    doc = run(build(*lines, ents=ents))
    assert [(f.role, f.represents) for f in doc._.kg_roles] == [
        ("Prime Minister", "country:PE"),  # a government's office: the article's country
        ("Chief executive", None),  # no government's office: for no one the text names
    ]
    # one mention of a country is not enough, nor a tie between two
    for body, ents in (
        ("Peru held its election.", (("Peru", "GPE"),)),
        (
            "Peru and Chile voted; Peru and Chile met.",
            (("Peru", "GPE", 0), ("Peru", "GPE", 1), ("Chile", "GPE", 0), ("Chile", "GPE", 1)),
        ),
    ):
        doc = run(
            build(
                "Election",
                body,
                "Prime Minister Ana Ruiz said it was a setback.",
                ents=(*ents, ("Ana Ruiz", "PERSON")),
            )
        )
        assert [(f.role, f.represents) for f in doc._.kg_roles] == [("Prime Minister", None)]


def test_not_an_office_gives_no_role() -> None:
    doc = run(
        build(
            "Ana Ruiz, a Peruvian official, said the talks went well.",
            ents=(("Ana Ruiz", "PERSON"), ("Peruvian", "NORP")),
        )
    )
    assert doc._.kg_roles == []


# -- quotes -------------------------------------------------------------------------------------
def test_quote_spans_pair_straight_and_curly_marks_within_a_line() -> None:
    text = 'He said "a b” and “c d" then "e f\n"g h."'
    assert [text[s:e] for s, e in quote_spans(text)] == ["a b", "c d", "e f", "g h."]


def _interview() -> Doc:
    return run(
        build(
            "Peru and Chile resume talks",
            "Peruvian Foreign Minister Ana Ruiz met Chilean officials on Monday.",
            said("The talks were useful", "she"),
            "“We hope to meet again soon.”",
            said("It was a long day", "Soto", marks='""'),
            "Carlos Soto spoke later.",
            said("We agree on trade", "Ruiz"),
            ents=(
                ("Peru", "GPE"), ("Chile", "GPE"), ("Peruvian", "NORP"), ("Ana Ruiz", "PERSON"),
                ("Chilean", "NORP"), ("Monday", "DATE"), ("Soto", "PERSON"),
                ("Carlos Soto", "PERSON"), ("Ruiz", "PERSON", 1),
            ),
        )
    )  # fmt: skip


def test_pronoun_speaker_is_last_named_person() -> None:
    doc = _interview()
    start = doc.text.index("The talks were useful")
    line = doc.text.index("“The talks")
    assert doc._.kg_quotes[0] == QuoteFact(
        "The talks were useful",
        "person:ana-ruiz",
        Span(start, start + 21, line, line + len("“The talks were useful,” she said.")),
    )


def test_a_pronoun_speaker_is_the_person_named_before_it_in_its_paragraph() -> None:
    """Not the last speaker of an earlier paragraph: "Ana Ruiz disagreed. '…,' she said"."""
    ruiz = "Ana Ruiz disagreed. "
    quote, tree, tags = said("Trade will grow", "she")
    doc = run(
        build(
            said("It was a long day", "Carlos Soto"),
            (
                ruiz + quote,
                "compound>1 nsubj>2 ROOT punct>2 " + _shifted(tree, 4),
                "PROPN PROPN VERB PUNCT " + tags,
            ),
            ents=(("Carlos Soto", "PERSON"), ("Ana Ruiz", "PERSON")),
        )
    )
    assert [(q.text, q.speaker) for q in doc._.kg_quotes] == [
        ("It was a long day", "person:carlos-soto"),
        ("Trade will grow", "person:ana-ruiz"),
    ]


def _shifted(tree: str, by: int) -> str:
    """A line's tree with its heads moved ``by`` tokens to the right (ROOT stays)."""
    arcs = []
    for arc in tree.split():
        dep, _, head = arc.partition(">")
        arcs.append(f"{dep}>{int(head) + by}" if head else arc)
    return " ".join(arcs)


def test_quote_only_paragraph_continues_previous_speaker() -> None:
    quote = _interview()._.kg_quotes[1]
    assert (quote.text, quote.speaker) == ("We hope to meet again soon.", "person:ana-ruiz")


def test_named_speaker_with_straight_quotes_and_short_names() -> None:
    quotes = _interview()._.kg_quotes
    assert [(q.text, q.speaker) for q in quotes[2:]] == [
        ("It was a long day", "person:carlos-soto"),  # "Soto" before "Carlos Soto" is named
        ("We agree on trade", "person:ana-ruiz"),
    ]


def test_the_speech_verb_of_the_quoting_sentence_names_the_speaker() -> None:
    """ "Economists said …" earlier in the paragraph does not take the quotation from the
    "…," said Ana Ruiz of its own sentence."""
    doc = run(
        build(
            (
                "Economists said prices fell. “Rates will fall soon,” said Ana Ruiz.",
                "nsubj>1 ROOT nsubj>3 ccomp>1 punct>1 punct>12 nsubj>8 aux>8 ccomp>12 advmod>8 "
                "punct>12 punct>12 ROOT compound>14 nsubj>12 punct>12",
                "NOUN VERB NOUN VERB PUNCT PUNCT NOUN AUX VERB ADV PUNCT PUNCT VERB PROPN PROPN "
                "PUNCT",
            ),
            ents=(("Ana Ruiz", "PERSON"),),
        )
    )
    assert [(q.text, q.speaker) for q in doc._.kg_quotes] == [
        ("Rates will fall soon", "person:ana-ruiz")
    ]


def test_quote_offsets_slice_the_text() -> None:
    doc = _interview()
    assert len(doc._.kg_quotes) == 4
    for q in doc._.kg_quotes:
        assert doc.text[q.span.start : q.span.end] == q.text
        assert q.span.sent_start <= q.span.start < q.span.end <= q.span.sent_end
    first = doc._.kg_quotes[0].span
    assert doc.text[first.sent_start : first.sent_end] == "“The talks were useful,” she said."


def test_short_unattributed_quote_is_dropped() -> None:
    doc = run(build("Border talks resume", "Officials kept “the border” shut on Monday."))
    assert doc._.kg_quotes == []


@pytest.mark.xfail(
    strict=True,
    reason="quotes.Quotes: any paragraph without a speech verb inherits the previous "
    "paragraph's speaker, not only a paragraph of quotation alone (as documented)",
)
def test_scare_quote_in_narrative_keeps_no_earlier_speaker() -> None:
    doc = run(
        build(
            "Border talks resume",
            said("It was a long day", "Carlos Soto"),
            (
                "The report called the border “a place of risk for families.”",
                "det>1 nsubj>2 ROOT det>4 dobj>2 punct>7 det>7 oprd>2 prep>7 pobj>8 prep>9 "
                "pobj>10 punct>2 punct>2",
                "DET NOUN VERB DET NOUN PUNCT DET NOUN ADP NOUN ADP NOUN PUNCT PUNCT",
            ),
            ents=(("Carlos Soto", "PERSON"),),
        )
    )
    assert [(q.text, q.speaker) for q in doc._.kg_quotes] == [
        ("It was a long day", "person:carlos-soto"),
        ("a place of risk for families.", None),
    ]


# -- statistics ---------------------------------------------------------------------------------
STOPPED = (
    "The agency stopped 1,200 migrants in March.",
    "det>1 nsubj>2 ROOT nummod>4 dobj>2 prep>2 pobj>5 punct>2",
    "DET NOUN VERB NUM NOUN ADP PROPN PUNCT",
)


def test_statistic_from_hand_parsed_sentence() -> None:
    doc = run(build(STOPPED, ents=(("1,200", "CARDINAL"), ("March", "DATE")), when=REFERENCE))
    [fact] = doc._.kg_statistics
    assert fact.value == Decimal(1200)
    assert fact.bound == "exact"
    assert fact.counted == "migrants"
    assert (fact.unit, fact.source, fact.place, fact.about) == (None, None, None, None)
    assert fact.period == Period("March", date(2022, 3, 1), date(2022, 3, 31))
    assert fact.span == Span(19, 24, 0, 43)
    assert doc.text[fact.span.start : fact.span.end] == "1,200"


def test_statistic_period_needs_the_article_date() -> None:
    doc = run(build(STOPPED, ents=(("1,200", "CARDINAL"), ("March", "DATE"))))
    assert doc._.kg_statistics[0].period == Period("March")


def _frontier(when: str, tree: str, tags: str) -> Doc:
    text = f"The Frontier Agency stopped more than 1,200 migrants {when}."
    head = "det>2 compound>2 nsubj>3 ROOT amod>5 quantmod>6 nummod>7 dobj>3 "
    return run(
        build(
            (text, head + tree, "DET PROPN PROPN VERB ADJ ADP NUM NOUN " + tags),
            ents=(("more than 1,200", "CARDINAL"), (when.removeprefix("in "), "DATE")),
            when=REFERENCE,
        )
    )


def test_a_bound_outside_the_numbers_entity_is_not_what_was_counted() -> None:
    text = "The Parts Association said up to 40 suppliers depend on the plant."
    tree = "det>2 compound>2 nsubj>3 ROOT quantmod>6 quantmod>6 nummod>7 nsubj>8 ccomp>3"
    tree += " prep>8 det>11 pobj>9 punct>3"
    tags = "DET PROPN PROPN VERB ADP ADP NUM NOUN VERB ADP DET NOUN PUNCT"
    doc = run(build((text, tree, tags), ents=(("40", "CARDINAL"),)))
    [fact] = doc._.kg_statistics
    assert (fact.value, fact.bound, fact.counted) == (Decimal(40), "max", "suppliers")


def test_what_was_counted_when_the_number_is_no_modifier() -> None:
    """ "a net profit of $1.2 billion" counts the profit, "held its rate at 5%" the rate,
    "$300 million in subsidies" the subsidies (not the subject of the verb)."""
    profit = build(
        (
            "Northway reported a net profit of $1.2 billion.",
            "nsubj>1 ROOT det>4 amod>4 dobj>1 prep>4 quantmod>8 compound>8 pobj>5 punct>1",
            "PROPN VERB DET ADJ NOUN ADP SYM NUM NUM PUNCT",
        ),
        ents=(("$1.2 billion", "MONEY"),),
    )
    rate = build(
        (
            "The bank held its main rate at 5%.",
            "det>1 nsubj>2 ROOT poss>5 amod>5 dobj>2 prep>2 nummod>8 pobj>6 punct>2",
            "DET NOUN VERB PRON ADJ NOUN ADP NUM NOUN PUNCT",
        ),
        ents=(("5%", "PERCENT"),),
    )
    aid = build(
        (
            "Ottawa gave the firm $300 million in subsidies.",
            "nsubj>1 ROOT det>3 dative>1 quantmod>6 compound>6 dobj>1 prep>6 pobj>7 punct>1",
            "PROPN VERB DET NOUN SYM NUM NUM ADP NOUN PUNCT",
        ),
        ents=(("$300 million", "MONEY"),),
    )
    counted = [[f.counted for f in run(doc)._.kg_statistics] for doc in (profit, rate, aid)]
    assert counted == [["net profit"], ["its main rate"], ["subsidies"]]


#: (sentence, parse, tags, entities, what was counted and the unit)
COUNTED_CASES = [
    (  # a measure: what its "of" names
        "Canada exported C$4.2 billion worth of steel.",
        "nsubj>1 ROOT quantmod>4 compound>4 nummod>5 dobj>1 prep>5 pobj>6 punct>1",
        "PROPN VERB SYM NUM NUM NOUN ADP NOUN PUNCT",
        (("Canada", "GPE"), ("C$4.2 billion", "MONEY")),
        ("steel", "CAD"),
    ),
    (  # a level: what reached it
        "Migration fell from a record of 740,000.",
        "nsubj>1 ROOT prep>1 det>4 pobj>2 prep>4 pobj>5 punct>1",
        "NOUN VERB ADP DET NOUN ADP NUM PUNCT",
        (("740,000", "CARDINAL"),),
        ("Migration", None),
    ),
    (  # a currency word is the unit; what the money is for is counted, not the EU giving it
        "The European Union would give 600 million euros for vaccines.",
        "det>2 compound>2 nsubj>4 aux>4 ROOT compound>6 nummod>7 dobj>4 prep>7 pobj>8 punct>4",
        "DET PROPN PROPN AUX VERB NUM NUM NOUN ADP NOUN PUNCT",
        (("European Union", "ORG"), ("600 million", "CARDINAL")),
        ("vaccines", "EUR"),
    ),
    (  # what a verb sets "at" a figure, over a bound the model left out of it
        "The bank held its rate at about 5%.",
        "det>1 nsubj>2 ROOT poss>4 dobj>2 prep>2 advmod>7 nummod>8 pobj>5 punct>2",
        "DET NOUN VERB PRON NOUN ADP ADV NUM NOUN PUNCT",
        (("5%", "PERCENT"),),
        ("its rate", "percent"),
    ),
    (  # the words as the text writes them
        "Sales of Mexico's steel rose 5%.",
        "nsubj>5 prep>0 poss>4 case>2 pobj>1 ROOT nummod>7 npadvmod>5 punct>5",
        "NOUN ADP PROPN PART NOUN VERB NUM NOUN PUNCT",
        (("Mexico", "GPE"), ("5%", "PERCENT")),
        ("Sales of Mexico's steel", "percent"),
    ),
]


@pytest.mark.parametrize(("text", "tree", "tags", "ents", "expected"), COUNTED_CASES)
def test_what_was_counted_behind_measures_levels_currencies_and_names(
    text: str,
    tree: str,
    tags: str,
    ents: tuple[tuple[str, str], ...],
    expected: tuple[str, str | None],
) -> None:
    [fact] = run(build((text, tree, tags), ents=ents))._.kg_statistics
    assert (fact.counted, fact.unit) == expected
    if fact.unit == "EUR":  # the currency word is in the figure's mention
        assert text[fact.span.start : fact.span.end] == "600 million euros"


def test_two_figures_the_model_read_as_one_are_two_statistics() -> None:
    money = build(
        (
            "Zentra sells it for US$299 and US$399.",
            "nsubj>1 ROOT dobj>1 prep>1 nmod>5 pobj>3 cc>5 nmod>8 conj>5 punct>1",
            "PROPN VERB PRON ADP SYM NUM CCONJ SYM NUM PUNCT",
        ),
        ents=(("US$299 and US$399", "MONEY"),),
    )
    share = build(
        (
            "Profits rose 20 to 25 percent.",
            "nsubj>1 ROOT quantmod>5 quantmod>5 nummod>5 dobj>1 punct>1",
            "NOUN VERB NUM ADP NUM NOUN PUNCT",
        ),
        ents=(("20 to 25 percent", "PERCENT"),),
    )
    figures = [
        [(d.text[f.span.start : f.span.end], f.value, f.unit) for f in run(d)._.kg_statistics]
        for d in (money, share)
    ]
    assert figures == [
        [("US$299", Decimal(299), "USD"), ("US$399", Decimal(399), "USD")],
        [("20", Decimal(20), "percent"), ("25 percent", Decimal(25), "percent")],  # its unit
    ]


def test_codes_versions_and_times_are_no_figures_but_capacities_are() -> None:
    doc = run(
        build(
            "Zentra sold a 3G model, the 7e7 and a 30GB model of iLife '11 at 0800 UTC for two and "
            "a half years.",
            ents=(("3", "CARDINAL"), ("7e7", "CARDINAL"), ("30", "CARDINAL"), ("11", "CARDINAL"),
                  ("0800", "CARDINAL"), ("two and a half", "CARDINAL")),
        )
    )  # fmt: skip
    figures = [(doc.text[f.span.start : f.span.end], f.value, f.unit) for f in doc._.kg_statistics]
    assert figures == [("30", Decimal(30), "GB"), ("two and a half", Decimal("2.5"), None)]


def test_a_persons_age_the_model_read_as_a_date_is_a_statistic_about_them() -> None:
    doc = run(
        build(
            "Zentra names a chief",
            "Ana Ruiz, 51, will lead Zentra.",
            "Carlos Soto died aged 56.",
            "The talks took 56 days.",
            ents=(
                ("Ana Ruiz", "PERSON"), ("51", "DATE"), ("Zentra", "ORG"),
                ("Carlos Soto", "PERSON"), ("56", "DATE"), ("56 days", "DATE"),
            ),
        )
    )  # fmt: skip
    ages = [(f.value, f.counted, f.unit, f.about) for f in doc._.kg_statistics]
    assert ages == [
        (Decimal(51), "age", "year", "person:ana-ruiz"),
        (Decimal(56), "age", "year", "person:carlos-soto"),
    ]  # "56 days" is a duration, no age


def test_a_date_after_an_earlier_figure_compared_with_is_that_figures() -> None:
    """ "won 31% of the vote, down from nearly 38% in 2023": 2023 is the 38%'s, and the 38%
    is of the vote too."""
    doc = run(
        build(
            (
                "The party won 31% of the vote, down from nearly 38% in 2023.",
                "det>1 nsubj>2 ROOT nummod>4 dobj>2 prep>4 det>7 pobj>5 punct>2 advmod>2 prep>9 "
                "advmod>12 nummod>13 pobj>10 prep>10 pobj>14 punct>2",
                "DET NOUN VERB NUM NOUN ADP DET NOUN PUNCT ADV ADP ADV NUM NOUN ADP NUM PUNCT",
            ),
            ents=(("31%", "PERCENT"), ("nearly 38%", "PERCENT"), ("2023", "DATE")),
            when=REFERENCE,
        )
    )
    facts = [(f.value, f.counted, f.period and f.period.text) for f in doc._.kg_statistics]
    assert facts == [(Decimal(31), "vote", None), (Decimal(38), "vote", "2023")]


def test_a_year_the_model_left_unlabelled_is_no_statistic() -> None:
    text = "They will plan for the 2030 World Cup."
    tree = "nsubj>2 aux>2 ROOT prep>2 det>7 nummod>7 compound>7 pobj>3 punct>2"
    tags = "PRON AUX VERB ADP DET NUM PROPN PROPN PUNCT"
    assert run(build((text, tree, tags)))._.kg_statistics == []


def test_statistic_bound_source_and_year() -> None:
    doc = _frontier("in 2021", "prep>3 pobj>8 punct>3", "ADP NUM PUNCT")
    [fact] = doc._.kg_statistics
    assert (fact.value, fact.bound, fact.counted) == (Decimal(1200), "min", "migrants")
    assert fact.source == "org:frontier-agency"  # "Frontier Agency": a designator ORG
    assert fact.period == Period("2021", date(2021, 1, 1), date(2021, 12, 31))
    assert doc.text[fact.span.start : fact.span.end] == "more than 1,200"


def _visitors(tail: str, tree: str, tags: str, ents: tuple[tuple[str, str], ...] = ()) -> Doc:
    text = f"Cuba received 2,400 visitors{tail}."
    head = "nsubj>1 ROOT nummod>3 dobj>1 "
    return run(
        build(
            (text, head + tree, "PROPN VERB NUM NOUN " + tags),
            ents=(("Cuba", "GPE"), ("2,400", "CARDINAL"), *ents),
            when=REFERENCE,
        )
    )


def test_statistic_source_is_who_gives_it_not_the_country_it_is_about() -> None:
    """The subject of a verb that is not a reporting verb is what a figure is about: "Cuba
    received …" says nothing of where the number comes from, "according to" does."""
    doc = _visitors(
        ", according to the Tourism Office",
        "punct>1 prep>1 prep>5 det>9 compound>9 pobj>6 punct>1",
        "PUNCT VERB ADP DET PROPN PROPN PUNCT",
        (("Tourism Office", "ORG"),),
    )
    [fact] = doc._.kg_statistics
    assert (fact.source, fact.about) == ("org:tourism-office", "country:CU")
    [fact] = _visitors("", "punct>1", "PUNCT")._.kg_statistics
    assert (fact.source, fact.about) == (None, "country:CU")


def test_a_product_gives_no_figure() -> None:
    """kg:source is a person, organisation, country or place: "according to the Velo X1"
    names no one who counted."""
    doc = _visitors(
        ", according to the Velo X1",
        "punct>1 prep>1 prep>5 det>9 compound>9 pobj>6 punct>1",
        "PUNCT VERB ADP DET PROPN PROPN PUNCT",
        (("Velo X1", "PRODUCT"),),
    )
    assert "product:velo-x1" in keys(doc)
    [fact] = doc._.kg_statistics
    assert (fact.source, fact.about) == (None, "country:CU")


def test_statistic_period_last_year() -> None:
    doc = _frontier("last year", "amod>9 npadvmod>3 punct>3", "ADJ NOUN PUNCT")
    assert doc._.kg_statistics[0].period == Period(
        "last year", date(2021, 1, 1), date(2021, 12, 31)
    )


def test_statistic_in_boilerplate_is_ignored() -> None:
    doc = run(
        build(
            "Border talks resume",
            "Photo: 300 migrants wait at the crossing.",
            ents=(("300", "CARDINAL"),),
        )
    )
    assert doc._.kg_statistics == []


# -- events -------------------------------------------------------------------------------------
def test_event_participants_place_and_date() -> None:
    doc = run(
        build(
            (
                "Peru and Chile held talks in Lima on Monday.",
                "nsubj>3 cc>0 conj>0 ROOT dobj>3 prep>3 pobj>5 prep>3 pobj>7 punct>3",
                "PROPN CCONJ PROPN VERB NOUN ADP PROPN ADP PROPN PUNCT",
            ),
            ents=(("Peru", "GPE"), ("Chile", "GPE"), ("Lima", "GPE"), ("Monday", "DATE")),
            when=REFERENCE,
        )
    )
    [event] = doc._.kg_events
    assert (event.key, event.label) == ("talk", "talks")
    assert event.participants == ("country:PE", "country:CL")
    assert (event.place, event.date) == ("place:lima", date(2022, 4, 18))
    assert doc._.kg_agreements == []


def test_a_named_summit_or_agreement_is_no_organisation_and_names_its_event() -> None:
    doc = run(
        build(
            ("Ministers open water summit", "nsubj>1 ROOT compound>3 dobj>1", "NOUN VERB NOUN NOUN"),
            (
                "Peru held the Lima Water Summit in Lima on Monday.",
                "nsubj>1 ROOT det>5 compound>5 compound>5 dobj>1 prep>1 pobj>6 prep>1 pobj>8 "
                "punct>1",
                "PROPN VERB DET PROPN PROPN PROPN ADP PROPN ADP PROPN PUNCT",
            ),
            (
                "The Andes Water Agreement took effect.",
                "det>3 compound>3 compound>3 nsubj>4 ROOT dobj>4 punct>4",
                "DET PROPN PROPN PROPN VERB NOUN PUNCT",
            ),
            ents=(
                ("Peru", "GPE"), ("Lima Water Summit", "ORG"), ("Lima", "GPE", 1),
                ("Monday", "DATE"), ("Andes Water Agreement", "ORG"),
            ),
            when=REFERENCE,
        )
    )  # fmt: skip
    assert not any(key.startswith("org:") for key in doc._.kg_entities)
    [summit] = doc._.kg_events
    assert (summit.label, summit.participants) == ("Lima Water Summit", ("country:PE",))
    [agreement] = doc._.kg_agreements
    assert (agreement.label, agreement.parties) == ("Andes Water Agreement", ())


def test_a_word_of_an_organisations_name_is_no_event() -> None:
    doc = run(
        build(
            (
                "The Andes Union Congress said talks failed.",
                "det>3 compound>3 compound>3 nsubj>4 ROOT nsubj>6 ccomp>4 punct>4",
                "DET PROPN PROPN PROPN VERB NOUN VERB PUNCT",
            ),
            ents=(("Andes Union Congress", "ORG"),),
        )
    )
    assert [e.label for e in doc._.kg_events] == []  # the talks have no one and nothing yet
    assert list(doc._.kg_entities) == ["org:andes-union-congress"]


# -- policies -----------------------------------------------------------------------------------
def _token(word: str, lemma: str) -> spacy.tokens.Token:
    return Doc(NLP.vocab, words=[word], lemmas=[lemma], pos=["VERB"])[0]


@pytest.mark.parametrize(
    ("word", "lemma", "expected"),
    [
        ("restore", "restore", "restoring"),
        ("stop", "stop", "stopping"),
        ("tie", "tie", "tying"),
        ("resume", "resume", "resuming"),
        ("open", "open", "opening"),
        ("see", "see", "seeing"),
        ("lift", "lift", "lifting"),
        ("fix", "fix", "fixing"),
        ("restored", "restore", "restoring"),
        ("reopening", "reopen", "reopening"),
    ],
)
def test_gerund(word: str, lemma: str, expected: str) -> None:
    assert gerund(_token(word, lemma)) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("bring", "bringing"),
        pytest.param(
            "begin", "beginning",
            marks=pytest.mark.xfail(
                strict=True,
                reason="policies.gerund doubles the final consonant of one-syllable verbs only",
            ),
        ),
    ],
)  # fmt: skip
def test_gerund_known_gaps(word: str, expected: str) -> None:
    assert gerund(_token(word, word)) == expected


def test_request_policy_agent_requester_and_label() -> None:
    doc = run(
        build(
            (
                "Peruvian officials want Chile to reopen the embassy in Lima.",
                "amod>1 nsubj>2 ROOT nsubj>5 aux>5 ccomp>2 det>7 dobj>5 prep>7 pobj>8 punct>2",
                "ADJ NOUN VERB PROPN PART VERB DET NOUN ADP PROPN PUNCT",
            ),
            ents=(("Peruvian", "NORP"), ("Chile", "GPE"), ("Lima", "GPE")),
        )
    )
    assert doc._.kg_policies == [
        PolicyFact(
            key="country:CL|reopen the embassy in lima",
            label="reopening the embassy in Lima",
            action="reopen the embassy in Lima",
            spans=(Span(19, 59, 0, 60),),
            agent="country:CL",
            requester="country:PE",
            place="place:lima",
        )
    ]
    assert doc.text[19:59] == "want Chile to reopen the embassy in Lima"


def test_a_reporting_clause_is_never_the_requested_action() -> None:
    # the parser sometimes hangs "…, Z said" on the request verb as a second ccomp
    doc = run(
        build(
            (
                "Peruvian officials want Chile to reopen the embassy, Minister Ana Ruiz said on Monday.",
                "amod>1 nsubj>2 ROOT nsubj>5 aux>5 ccomp>2 det>7 dobj>5 punct>2 compound>11 "
                "compound>11 nsubj>12 ccomp>2 prep>12 pobj>13 punct>2",
                "ADJ NOUN VERB PROPN PART VERB DET NOUN PUNCT PROPN PROPN PROPN VERB ADP PROPN PUNCT",
            ),
            ents=(
                ("Peruvian", "NORP"),
                ("Chile", "GPE"),
                ("Ana Ruiz", "PERSON"),
                ("Monday", "DATE"),
            ),
        )
    )
    assert [p.action for p in doc._.kg_policies] == ["reopen the embassy"]


def test_plan_policy_has_no_requester() -> None:
    doc = run(
        build(
            (
                "Chile plans to reopen the embassy.",
                "nsubj>1 ROOT aux>3 xcomp>1 det>5 dobj>3 punct>1",
                "PROPN VERB PART VERB DET NOUN PUNCT",
            ),
            ents=(("Chile", "GPE"),),
        )
    )
    [policy] = doc._.kg_policies
    assert (policy.agent, policy.requester) == ("country:CL", None)
    assert (policy.label, policy.action) == ("reopening the embassy", "reopen the embassy")


# -- issue 4: bugs found by the evaluation ------------------------------------------------------
@pytest.mark.parametrize(
    "ents",
    [
        (("North America", "LOC"), ("North American", "NORP")),  # the model saw the wider names
        (("America", "GPE"), ("American", "NORP")),  # it drew them too narrow
        (),  # it missed them: the gazetteer alone
    ],
)
def test_region_named_after_a_continent_is_no_country(ents: tuple[tuple[str, str], ...]) -> None:
    doc = run(build("Sales in North America fell, and North American buyers waited.", ents=ents))
    assert "country:US" not in doc._.kg_entities
    assert [(e.text, e.kb_id_) for e in doc.ents] == [("North America", "place:north-america")]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Exports from South Korea rose.", "country:KR"),  # the whole name is the country
        ("Exports from Northern Ireland rose.", None),  # a region whose last word is a country
        ("Exports from northern Mexico rose.", "country:MX"),  # a part of the country
    ],
)
def test_compass_words_and_country_names(text: str, key: str | None) -> None:
    doc = run(build(text))
    countries = [k for k in doc._.kg_entities if k.startswith("country:")]
    assert countries == ([key] if key else [])


def _values(doc: Doc) -> list[tuple[Decimal, str | None, str]]:
    return [(f.value, f.unit, doc.text[f.span.start : f.span.end]) for f in doc._.kg_statistics]


def test_model_numbers_and_ranks_are_no_statistics() -> None:
    doc = run(
        build(
            (
                "The carrier ordered 12 A-320 jets and 30 737-800 jets, and sold an iPhone 4 "
                "to the No. 1 airline.",
                "det>1 nsubj>2 ROOT nummod>5 compound>5 dobj>2 cc>5 nummod>11 compound>11 "
                "punct>10 nummod>11 conj>5 punct>2 cc>2 conj>2 det>16 dobj>14 nummod>16 "
                "prep>14 det>23 compound>23 punct>20 nummod>23 pobj>18 punct>2",
                "DET NOUN VERB NUM PROPN NOUN CCONJ NUM NUM PUNCT NUM NOUN PUNCT CCONJ VERB "
                "DET PROPN NUM ADP DET PROPN PUNCT NUM NOUN PUNCT",
            ),
            ents=(
                ("12", "CARDINAL"), ("A-320", "CARDINAL"), ("30", "CARDINAL"),
                ("737", "CARDINAL"), ("an iPhone 4", "CARDINAL"), ("1", "CARDINAL", 1),
            ),
        )
    )  # fmt: skip
    assert _values(doc) == [(Decimal(12), None, "12"), (Decimal(30), None, "30")]


def test_what_coordinated_figures_counted_and_what_is_no_part_of_it() -> None:
    doc = run(
        build(
            (
                "Two disasters this year - the losses of Velo Air , which killed 102 and 21 "
                "people .",
                "nummod>1 ROOT det>3 npadvmod>1 punct>1 det>6 appos>1 prep>6 compound>9 "
                "pobj>7 punct>6 nsubj>12 relcl>6 nummod>16 cc>13 conj>13 dobj>12 punct>1",
                "NUM NOUN DET NOUN PUNCT DET NOUN ADP PROPN PROPN PUNCT PRON VERB NUM CCONJ "
                "NUM NOUN PUNCT",
            ),
            ents=(("Two", "CARDINAL"), ("102", "CARDINAL"), ("21", "CARDINAL")),
        )
    )
    # not the time ("this year") nor the apposition; the 21 are people too, the 102 just people
    assert [(f.value, f.counted) for f in doc._.kg_statistics] == [
        (Decimal(2), "disasters"),
        (Decimal(102), "people"),
        (Decimal(21), "people"),
    ]


def test_bare_figures_are_kept_apart_and_a_pronoun_is_not_what_was_counted() -> None:
    doc = run(
        build(
            ("It fell three .", "nsubj>1 ROOT dobj>1 punct>1", "PRON VERB NUM PUNCT"),
            ("It rose three .", "nsubj>1 ROOT dobj>1 punct>1", "PRON VERB NUM PUNCT"),
            ents=(("three", "CARDINAL", 0), ("three", "CARDINAL", 1)),
        )
    )
    assert [(f.value, f.counted) for f in doc._.kg_statistics] == [(3, None), (3, None)]


def test_a_numbered_flight_is_no_statistic_and_its_airline_is_an_organisation() -> None:
    doc = run(
        build(
            (
                "Velmora Air Flight 370 vanished with 239 people.",
                "compound>1 compound>2 nsubj>4 appos>2 ROOT prep>4 nummod>7 pobj>5 punct>4",
                "PROPN PROPN NOUN NUM VERB ADP NUM NOUN PUNCT",
            ),
            ents=(("Velmora Air Flight", "ORG"), ("370", "CARDINAL"), ("239", "CARDINAL")),
        )
    )
    assert _values(doc) == [(Decimal(239), None, "239")]
    assert list(doc._.kg_entities) == ["org:velmora-air"]


def test_a_currency_sign_before_the_number_belongs_to_it() -> None:
    doc = run(
        build(
            (
                "Acme earned $381 million, or $0.67 a share, in March.",
                "nsubj>1 ROOT dobj>1 compound>4 nummod>2 punct>2 cc>2 conj>2 nummod>7 det>10 "
                "npadvmod>7 punct>1 prep>1 pobj>12 punct>1",
                "PROPN VERB SYM NUM NUM PUNCT CCONJ SYM NUM DET NOUN PUNCT ADP PROPN PUNCT",
            ),
            ents=(("$381 million", "MONEY"), ("0.67", "MONEY"), ("March", "DATE")),
        )
    )
    assert _values(doc) == [
        (Decimal(381000000), "USD", "$381 million"),
        (Decimal("0.67"), "USD", "$0.67"),
    ]


def test_a_statistic_span_starts_at_its_number() -> None:
    doc = run(
        build(
            (
                "Acme sold a total 300 cars.",
                "nsubj>1 ROOT det>3 amod>4 nummod>5 dobj>1 punct>1",
                "PROPN VERB DET ADJ NUM NOUN PUNCT",
            ),
            ents=(("a total 300", "CARDINAL"),),
        )
    )
    assert _values(doc) == [(Decimal(300), None, "300")]


def test_numbers_written_as_words() -> None:
    doc = run(
        build(
            (
                "Five people died and six percent of two million voters stayed home.",
                "nummod>1 nsubj>2 ROOT cc>2 nummod>5 nsubj>10 prep>5 compound>8 nummod>9 "
                "pobj>6 conj>2 advmod>10 punct>10",
                "NUM NOUN VERB CCONJ NUM NOUN ADP NUM NUM NOUN VERB ADV PUNCT",
            ),
            (
                "One of the two firms hired twenty-two workers.",
                "nsubj>5 prep>0 det>4 nummod>4 pobj>1 ROOT compound>8 punct>8 nummod>9 dobj>5 "
                "punct>5",
                "NUM ADP DET NUM NOUN VERB NUM PUNCT NUM NOUN PUNCT",
            ),
            ents=(
                ("Five", "CARDINAL"), ("six percent", "PERCENT"), ("two million", "CARDINAL"),
                ("One", "CARDINAL"), ("two", "CARDINAL", 1), ("twenty-two", "CARDINAL"),
            ),
        )
    )  # fmt: skip
    assert _values(doc) == [
        (Decimal(5), None, "Five"),
        (Decimal(6), "percent", "six percent"),
        (Decimal(2000000), None, "two million"),
        (Decimal(22), None, "twenty-two"),  # not "One of …" nor "the two firms"
    ]
    assert [f.counted for f in doc._.kg_statistics] == [
        "people",
        "two million voters",
        "voters",
        "workers",
    ]


def test_policy_at_the_end_of_a_line_keeps_no_line_break() -> None:
    doc = run(
        build(
            (
                "Peru wants Chile to reopen the embassy in Lima",
                "nsubj>1 ROOT nsubj>4 aux>4 ccomp>1 det>6 dobj>4 prep>6 pobj>7",
                "PROPN VERB PROPN PART VERB DET NOUN ADP PROPN",
            ),
            "The talks ended.",
            ents=(("Peru", "GPE"), ("Chile", "GPE"), ("Lima", "GPE")),
        )
    )
    [policy] = doc._.kg_policies
    assert (policy.action, policy.label) == (
        "reopen the embassy in Lima",
        "reopening the embassy in Lima",
    )
    [span] = policy.spans
    assert doc.text[span.start : span.end] == "wants Chile to reopen the embassy in Lima"
    assert (
        doc.text[span.sent_start : span.sent_end]
        == "Peru wants Chile to reopen the embassy in Lima"
    )


def test_place_named_in_the_event_phrase_is_its_place() -> None:
    doc = run(
        build(
            (
                "Peru and Chile held talks at a New York press conference on Monday.",
                "nsubj>3 cc>0 conj>0 ROOT dobj>3 prep>4 det>10 compound>8 compound>10 "
                "compound>10 pobj>5 prep>3 pobj>11 punct>3",
                "PROPN CCONJ PROPN VERB NOUN ADP DET PROPN PROPN NOUN NOUN ADP PROPN PUNCT",
            ),
            ents=(("Peru", "GPE"), ("Chile", "GPE"), ("New York", "GPE"), ("Monday", "DATE")),
            when=REFERENCE,
        )
    )
    events = {e.key: e for e in doc._.kg_events}
    assert events["talk"].participants == ("country:PE", "country:CL")
    conference = events["conference"]
    assert (conference.label, conference.participants) == ("press conference", ())
    assert conference.place == "place:new-york"


def test_a_verb_of_meeting_is_a_meeting_dated_by_its_own_clause() -> None:
    """ "Ana Ruiz met Carlos Soto in Lima on Monday" is a meeting of both, in Lima, that
    Monday; "Sunday's election" is on Sunday, not on the day results were "published on
    Monday"; "plans to open talks on Wednesday" is the coming Wednesday (as kg_timex reads it)."""
    doc = run(
        build(
            (
                "Ana Ruiz met Carlos Soto in Lima on Monday.",
                "compound>1 nsubj>2 ROOT compound>4 dobj>2 prep>2 pobj>5 prep>2 pobj>7 punct>2",
                "PROPN PROPN VERB PROPN PROPN ADP PROPN ADP PROPN PUNCT",
            ),
            (
                "Peru lost Sunday's election, results published on Monday showed.",
                "nsubj>1 ccomp>10 poss>4 case>2 dobj>1 punct>10 nsubj>10 acl>6 prep>7 pobj>8 ROOT "
                "punct>10",
                "PROPN VERB PROPN PART NOUN PUNCT NOUN VERB ADP PROPN VERB PUNCT",
            ),
            (
                "Peru plans to open talks with Chile on Wednesday.",
                "nsubj>1 ROOT aux>3 xcomp>1 dobj>3 prep>4 pobj>5 prep>3 pobj>7 punct>1",
                "PROPN VERB PART VERB NOUN ADP PROPN ADP PROPN PUNCT",
            ),
            ents=(
                ("Ana Ruiz", "PERSON"), ("Carlos Soto", "PERSON"), ("Lima", "GPE"),
                ("Monday", "DATE"), ("Peru", "GPE"), ("Sunday", "DATE"), ("Monday", "DATE", 1),
                ("Peru", "GPE", 1), ("Chile", "GPE"), ("Wednesday", "DATE"),
            ),
            when=REFERENCE,  # a Friday
        )
    )  # fmt: skip
    events = {e.key: (e.participants, e.place, e.date) for e in doc._.kg_events}
    assert events == {
        "meeting": (("person:ana-ruiz", "person:carlos-soto"), "place:lima", date(2022, 4, 18)),
        "election": ((), None, date(2022, 4, 17)),
        "talk": (("country:CL",), None, date(2022, 4, 27)),
    }


def test_events_with_the_same_noun_are_merged_only_when_they_can_be_one() -> None:
    held = "nsubj>3 cc>0 conj>0 ROOT det>5 dobj>3 prep>3 pobj>6 punct>3"
    tags = "PROPN CCONJ PROPN VERB DET NOUN ADP PROPN PUNCT"
    doc = run(
        build(
            ("Peru and Chile held a meeting on Monday.", held, tags),
            ("Bolivia and Chile held a meeting on Tuesday.", held, tags),
            ("The meeting ended early.", "det>1 nsubj>2 ROOT advmod>2 punct>2", "DET NOUN VERB ADV PUNCT"),
            ents=(
                ("Peru", "GPE"), ("Chile", "GPE"), ("Monday", "DATE"), ("Bolivia", "GPE"),
                ("Chile", "GPE", 1), ("Tuesday", "DATE"),
            ),
            when=REFERENCE,
        )
    )  # fmt: skip
    first, second = doc._.kg_events
    assert (first.key, first.participants, first.date) == (
        "meeting", ("country:PE", "country:CL"), date(2022, 4, 18)
    )  # fmt: skip
    assert (second.key, second.participants, second.date) == (
        "meeting-2", ("country:BO", "country:CL"), date(2022, 4, 19)
    )  # fmt: skip
    assert [doc.text[s.start : s.end] for s in second.spans] == ["a meeting", "The meeting"]


def test_a_company_without_its_legal_form_is_the_same_company() -> None:
    doc = run(
        build(
            "Northway Motors Inc. will close a plant.",
            "Northway Motors said the plant lost money.",
            ents=(("Northway Motors Inc.", "ORG"), ("Northway Motors", "ORG", 1)),
        )
    )
    assert set(keys(doc)) == {"org:northway-motors"}
    assert len(keys(doc)) == 2
    assert doc._.kg_entities["org:northway-motors"].label == "Northway Motors Inc."
    # in an article that never names its legal form, the company is the same IRI
    alone = run(build("Northway Motors will close a plant.", ents=(("Northway Motors", "ORG"),)))
    assert keys(alone) == ["org:northway-motors"]
    corporation = run(
        build(
            "Northway Motors Corporation will close a plant.",
            ents=(("Northway Motors Corporation", "ORG"),),
        )
    )
    assert keys(corporation) == ["org:northway-motors"]


def test_a_legal_form_read_apart_goes_back_into_the_name() -> None:
    doc = run(
        build(
            "Northway Motors LLC will close a plant.",
            ents=(("Northway Motors", "ORG"), ("LLC", "ORG")),
        )
    )
    assert [doc.text[m.span.start : m.span.end] for m in doc._.kg_mentions] == [
        "Northway Motors LLC"
    ]
    assert keys(doc) == ["org:northway-motors"]
