"""The extent MEANTIME gives a named mention, derived from the parse of kg's name (eval only).

kg's graph keeps a name's own words ("Federal Reserve", "GM"), as CoNLL04 and ACE names do.
The NewsReader guidelines that MEANTIME follows (NWR-2014-2, "NewsReader Guidelines for
Annotation at Document Level", ``ENTITY_MENTION``) mark instead the *noun phrase* that
refers to the entity, and call it a named mention (``NAM``) when its head is a name. So the
extent of a ``NAM`` mention takes in what the noun phrase puts around the name:

* before the head: determiners and possessives ("the Federal Reserve", "the company's
  chief Ana Ruiz"; also a determiner of a word inside the name, "The Standard and Poor's 500
  index"), adjectives with their own modifiers ("the troubled US automaker GM"),
  common-noun and name pre-modifiers ("US automaker GM", "Prime Minister Ana Ruiz") and
  numbers, each with the words that depend on it (:data:`PRE_MODIFIERS`); a descriptor
  written right before the name without a comma is such a pre-modifier even where the
  parse reads the name as its apposition (:data:`DESCRIPTORS`);
* after the head: prepositional phrases that modify it ("the new Acme X1 with a larger
  screen"; :data:`POST_MODIFIERS`), in a sentence with a verb (in a headline without one,
  "Acme chief on leave", the phrase is the predicate).

Nothing crosses a line break. A name whose extent has a descriptor noun right before it ("US
automaker GM"), and a person's name after a title ("Apple CEO Steve Jobs"), is a mention of
its own as well (:func:`described_names`). A count or an ordinal before the name leaves the
words before the name out ("five Boeing 737s" → "Boeing 737s"; :func:`_after_count`).

A place followed by a comma and the place it lies in is one mention with it ("Toulouse,
France", "Long Beach, California"): the gold marks such pairs as one mention (7 of 7 times in
the dev split's own annotation, read without kg's output), while the other place keeps its
own extent too.

Left out, as the guidelines mark them as mentions of their own or not at all: appositions
("GM, the largest automaker"), relative clauses, coordinated names ("Acme and Beta" are two
mentions) and anything past a comma, bracket, quotation mark, colon or dash
(:data:`BOUNDARIES`).

A name that is itself a pre-modifier of another noun keeps its own words: the guidelines
mark it ``PRE.NAM`` ("U.S." in "U.S. officials", "Veloria Air Force jets"). A name is one when
the parse attaches its head to a noun outside it as a nominal pre-modifier
(:data:`PRE_NAME_ROLES`); so is a possessive name, which keeps its own words as well ("Acme"
in "Acme's chief", "Federal Reserve" in "the Federal Reserve's chairman").

Except a product's name before a noun that says what kind of thing the product is ("the
Velo X1 jet", "the Acme music store", "Acme's X1 digital music players"): that noun phrase
refers to the product itself, so the name is its head's and the mention is the whole phrase
(:data:`PRODUCT_KINDS`); before any other noun ("X1 owners", "the X1 line") the name is a
pre-modifier as above.

The parse is spaCy's, of the article kg analysed; nothing here looks at gold annotations.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from spacy.tokens import Doc, Token

from ..nlp.rules import load_rules

Span = tuple[int, int]

#: dependents of a name's head, before it, whose subtrees belong to its noun phrase
PRE_MODIFIERS = frozenset({"det", "predet", "poss", "amod", "compound", "nummod", "nmod"})
#: dependents of a name's head, after it, whose subtrees belong to its noun phrase
POST_MODIFIERS = frozenset({"prep"})
#: how a name that pre-modifies another noun (``PRE.NAM``) is attached to it
PRE_NAME_ROLES = frozenset({"compound", "poss", "nmod", "amod"})
#: parts of speech of a noun a name can pre-modify
NOUNS = frozenset({"NOUN", "PROPN"})
#: parts of speech of a descriptor the parse reads as the head of a name in apposition
#: without a comma ("US automaker GM", "chairman Ben Bernanke")
DESCRIPTORS = frozenset({"NOUN"})
#: parts of speech of a title before a person's name ("Apple CEO Steve Jobs", "Presiding
#: Judge Martin Mann", "chief executive Noel Forgeard")
TITLES = frozenset({"NOUN", "PROPN"})
#: nouns for a kind of product: a product's name before one of them is in the noun phrase it
#: heads ("the X1 jet"), not a pre-modifier of it; general classes of manufactured goods and
#: services, not product lines ("line", "range", "family", "series" group products)
PRODUCT_KINDS = frozenset(
    {
        "aircraft", "airliner", "airliners", "jet", "jets", "jetliner", "jetliners", "plane",
        "planes", "superjumbo", "superjumbos", "jumbo", "jumbos", "helicopter", "helicopters",
        "tanker", "tankers", "freighter", "freighters", "car", "cars", "vehicle", "vehicles",
        "truck", "trucks", "engine", "engines", "phone", "phones", "smartphone", "smartphones",
        "handset", "handsets", "computer", "computers", "laptop", "laptops", "notebook",
        "notebooks", "tablet", "tablets", "device", "devices", "player", "players", "console",
        "consoles", "store", "shop", "service", "software", "browser", "drug", "vaccine",
    }
)  # fmt: skip
#: tokens a noun phrase's extent never crosses
BOUNDARIES = frozenset({",", "(", ")", "[", "]", '"', "“", "”", "‘", ":", ";", "—", "–", "--"})


def meantime_extents(
    doc: Doc,
    names: Iterable[Span],
    places: AbstractSet[Span] = frozenset(),
    products: AbstractSet[Span] = frozenset(),
) -> dict[Span, Span]:
    """Each name's character span → the extent of its ``NAM``/``PRE.NAM`` mention in ``doc``;
    ``places`` are the names that are places (countries included), ``products`` those that
    are products."""
    starts = {start: (start, end) for start, end in places}
    return {
        name: meantime_extent(
            doc, name, starts if name in places else None, product=name in products
        )
        for name in names
    }


def meantime_extent(
    doc: Doc, name: Span, places: dict[int, Span] | None = None, *, product: bool = False
) -> Span:
    """The extent MEANTIME's guidelines give the mention whose name is at ``name``.

    When the name is a place, ``places`` maps where each place name starts to its span: a
    place right after it and a comma is the place it lies in, and joins its extent. When it
    is a ``product``'s, a noun for a kind of product it pre-modifies heads its mention.
    A name the tokens do not cover (offsets inside a token) keeps its own span.
    """
    span = doc.char_span(name[0], name[1], alignment_mode="strict")
    if span is None or not len(span):
        return name
    head = span.root
    inside = range(span.start, span.end)
    if product and _kind_of_product(head, span.end):  # "the X1 jet": the jet is the X1
        kind = head.head
        inside = range(span.start, kind.i + 1)
        first = _extend_left(doc, kind, span.start, inside)
        first = _after_coordinated_name(doc, _after_count(doc, kind, first, span.start), span.start)
        return min(name[0], doc[first].idx), kind.idx + len(kind)
    if _pre_name(head, inside):  # its own words, and the place it lies in ("the Cupertino,
        # California event")
        return name[0], _within(doc, span.end - 1, name[1], places)[1]
    first = _extend_left(doc, head, span.start, inside)
    before = doc[first - 1] if first == span.start and first > 0 else None
    if before is not None and before.dep_ == "det" and before.head.i in inside:
        first -= 1  # "The Standard and Poor's 500 index": "The" hangs from a word of the name
    descriptor = head.head
    if (
        head.dep_ == "appos" and descriptor.pos_ in DESCRIPTORS and descriptor.i == first - 1
    ):  # "US automaker GM": the name heads the phrase, the noun before it describes it
        first = _extend_left(doc, descriptor, descriptor.i, inside)
    last = span.end - 1
    for child in head.rights if _has_verb(head) else ():
        if child.i in inside:
            continue
        if (
            child.dep_ not in POST_MODIFIERS
            or child.left_edge.i != last + 1
            or _crosses(doc, last + 1, child.right_edge.i + 1)
        ):
            break
        last = child.right_edge.i
    end = max(name[1], doc[last].idx + len(doc[last]))
    first = _after_coordinated_name(doc, _after_count(doc, head, first, span.start), span.start)
    return min(name[0], doc[first].idx), _within(doc, last, end, places)[1]


def _within(doc: Doc, last: int, end: int, places: dict[int, Span] | None) -> tuple[int, int]:
    """The last token and end of an extent (ending at token ``last``, character ``end``) with
    the places that follow it after a comma, when it is a place's ("Toulouse, France")."""
    while places is not None and last + 2 < len(doc) and doc[last + 1].text == ",":
        within = places.get(doc[last + 2].idx)
        if within is None:
            break
        outer = doc.char_span(within[0], within[1], alignment_mode="strict")
        if outer is None or not len(outer):
            break
        last, end = outer.end - 1, within[1]
    return last, end


def described_names(
    doc: Doc, extents: dict[Span, Span], persons: AbstractSet[Span] = frozenset()
) -> frozenset[Span]:
    """The names whose extent has a common noun right before the name, a descriptor ("US
    automaker GM", "Airbus chief executive Noel Forgeard"), and the ``persons`` whose extent
    has any word right before the name, a title ("Apple CEO Steve Jobs", "Presiding Judge
    Martin Mann"): MEANTIME marks the name inside such a phrase as a mention of its own too.

    On the dev split's gold alone, without kg's output: of the 31 gold mentions that end in a
    name after a noun, 15 also mark the name alone, and 3 more names after a noun are marked
    alone; of the 16 gold mentions of a person that end in a name after a title or
    descriptor, 11 mark the name alone as a named mention, 3 as a mention without a syntactic
    type, and 2 not at all.
    """
    out: set[Span] = set()
    for name, extent in extents.items():
        if extent[0] >= name[0]:
            continue
        span = doc.char_span(name[0], name[1], alignment_mode="strict")
        if span is None or not len(span) or span.start == 0:
            continue
        before = doc[span.start - 1]
        if before.idx >= extent[0] and (
            before.pos_ == "NOUN" or (name in persons and before.pos_ in TITLES)
        ):
            out.add(name)
    return frozenset(out)


def _extend_left(doc: Doc, head: Token, first: int, inside: range) -> int:
    """Where the noun phrase of ``head`` starts, given that it starts at ``first`` or before:
    over its pre-modifiers, nearest first, as long as they are contiguous."""
    for child in reversed(list(head.lefts)):
        if child.i in inside or child.i >= first:
            continue
        if (
            child.dep_ not in PRE_MODIFIERS
            or child.right_edge.i != first - 1
            or _crosses(doc, child.left_edge.i, first)
        ):
            break
        first = child.left_edge.i
    return first


def _after_coordinated_name(doc: Doc, first: int, name_start: int) -> int:
    """Where a mention starts whose noun phrase starts at token ``first`` and whose name at
    ``name_start``: after the last "and" or "or" before the name that follows a proper noun
    ("Best Buy and Radio Shack" → "Radio Shack"), since coordinated names are mentions of
    their own; coordinated common words stay ("computer and electronics maker Apple
    Computer", "British and American airline Virgin Atlantic")."""
    for i in range(name_start - 1, first, -1):
        if doc[i].pos_ == "CCONJ" and doc[i - 1].pos_ == "PROPN":
            return i + 1
    return first


def _after_count(doc: Doc, head: Token, first: int, name_start: int) -> int:
    """Where a mention starts whose noun phrase (headed by ``head``) starts at token ``first``
    and whose name at ``name_start``: at the name when a count or an ordinal of the head
    stands before it ("five Boeing 737s", "22 new Boeing 787 Dreamliners", "the first A380
    superjumbo"). On the dev split's gold alone, without kg's output, 10 of 11 such named
    mentions leave out the count or ordinal and what stands before the name with it (the
    phrase is a mention without a syntactic type)."""
    for token in doc[first:name_start]:
        if token.head == head and (
            (token.dep_ == "nummod" and token.like_num and token.whitespace_)  # not "30GB"
            or token.ent_type_ == "ORDINAL"
            or token.lower_ in load_rules().ordinal_words  # "the final Boeing 717"
        ):
            return name_start
    return first


def _kind_of_product(head: Token, end: int) -> bool:
    """Whether a product's name (its ``head``, its tokens ending at ``end``) pre-modifies a
    noun for a kind of product, with at most two lower-case words of that noun's own phrase
    between them ("X1 digital music players")."""
    kind = head.head
    return (
        (head.dep_ in PRE_NAME_ROLES or head.dep_ == "nummod")  # "737 aircraft": a designation
        and kind.i >= end
        and kind.i - end <= 2
        and kind.pos_ == "NOUN"
        and kind.text.lower() in PRODUCT_KINDS
        and all(t.text.islower() and kind in t.ancestors for t in head.doc[end : kind.i])
        and not _crosses(head.doc, end - 1, kind.i + 1)
    )


def _pre_name(head: Token, inside: range) -> bool:
    """Whether the name is a pre-modifier of a noun outside it (``PRE.NAM``)."""
    return (
        head.dep_ in PRE_NAME_ROLES
        and head.head.i not in inside
        and head.head.i > head.i
        and head.head.pos_ in NOUNS
    )


def _crosses(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens ``start``..``end`` hold a boundary or run over a line break."""
    return any(
        doc[i].text in BOUNDARIES
        or "\n" in doc[i].text
        or (i < end - 1 and "\n" in doc[i].whitespace_)
        for i in range(start, end)
    )


def _has_verb(head: Token) -> bool:
    """Whether the sentence of ``head`` has a verb: in one without ("Acme chief on leave",
    a headline), a prepositional phrase after a name is the predicate, not a modifier."""
    return any(t.pos_ in ("VERB", "AUX") for t in head.sent)
