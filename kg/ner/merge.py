"""Combine the fine-tuned proposals (``doc.spans["kg_ner"]``) with the base ``doc.ents``.

A proposed name replaces every base name (PERSON, ORG, GPE, LOC, FAC) it overlaps and is added
where there is none; a base entity of another kind (a date, an amount, a nationality) wins over
a proposal that overlaps it; base names no proposal overlaps are kept. Where a base name has
exactly the proposal's words and the base model calls it an organisation or a facility, that
label is kept (``base_labels``): the proposal's strength is finding names and their bounds,
while the base model, trained on far more news, tells a company from a person better outside
CoNLL04 ("Chrysler", "Ford"), unless the words around the name say it is the person or the
place the proposal makes it (:mod:`kg.ner.context`: ``shot Lee``, ``Lee, 45,``,
``Dayton, Ohio``). Where the base model calls the words PERSON, GPE or LOC and the proposal
something else, the proposal's label wins: on two-fold cross-validation over CoNLL04's train
split it was the right one 21 times there, the base label 3 times (MEANTIME: 4 and 0).

Where the base model splits the proposal's words between entities that follow each other
("Lockheed" ORG + "Martin" PRODUCT for "Lockheed Martin"), the proposal's bounds win even over
a kind that is no name, and an organisation or facility label among the parts is kept as the
label of the whole (CoNLL04 train two-fold cross-validation: relations 0.5485 → 0.5500,
entities unchanged; MEANTIME entities 0.708 → 0.716).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc, Span

from .component import BASE_KEY, SPANS_KEY
from .context import says_person, says_place

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
#: base labels that win over a proposal of the same words with another label
BASE_WINS = frozenset({"ORG", "FAC"})
PLACES = frozenset({"GPE", "LOC", "FAC"})
#: base labels of no name that a proposal of the very same words replaces
MISREAD = frozenset({"WORK_OF_ART"})


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _label_of(base: Span | None, proposed: Span) -> Span:
    """The base name or the proposal, for a proposal whose words ``base`` names too."""
    if base is None:
        return proposed
    if base.label_ == "ORG" and (
        (proposed.label_ == "PERSON" and says_person(proposed))
        or (proposed.label_ in PLACES and says_place(proposed))
    ):
        return proposed
    return base


def _joined(base: Sequence[Span], proposed: Span) -> list[Span]:
    """The base entities that split the proposal's words between them, one after another
    with nothing between ("Lockheed" ORG + "Martin" PRODUCT for "Lockheed Martin"), when
    one of them is a name; else none."""
    inside = sorted(
        (e for e in base if proposed.start <= e.start and e.end <= proposed.end),
        key=lambda e: e.start,
    )
    if (
        len(inside) < 2
        or inside[0].start != proposed.start
        or inside[-1].end != proposed.end
        or any(a.end != b.start for a, b in pairwise(inside))
        or not any(e.label_ in NAME_LABELS for e in inside)
    ):
        return []
    return inside


def merge_spans(
    base: Sequence[Span], proposed: Sequence[Span], *, base_labels: bool = True
) -> list[Span]:
    """The merged entities, sorted and without overlaps.

    >>> from spacy.vocab import Vocab
    >>> doc = Doc(Vocab(), words=["Anna", "Berg", "left", "Ford", "for", "Hale", "in", "May"])
    >>> base = [Span(doc, 1, 2, "ORG"), Span(doc, 3, 4, "ORG"), Span(doc, 5, 6, "GPE"),
    ...         Span(doc, 7, 8, "DATE")]
    >>> new = [Span(doc, 0, 2, "PERSON"), Span(doc, 3, 4, "PERSON"), Span(doc, 5, 6, "PERSON"),
    ...        Span(doc, 7, 8, "PERSON")]
    >>> [(s.text, s.label_) for s in merge_spans(base, new)]
    [('Anna Berg', 'PERSON'), ('Ford', 'ORG'), ('Hale', 'PERSON'), ('May', 'DATE')]
    """
    joined = {(p.start, p.end): _joined(base, p) for p in proposed}
    split = {id(e) for parts in joined.values() for e in parts}
    # a "work of art" with a proposal's very words is that name misread, mostly after an
    # opening quotation mark ("“AirTran Airways would like …")
    bounds = {(p.start, p.end) for p in proposed}
    split |= {id(e) for e in base if e.label_ in MISREAD and (e.start, e.end) in bounds}
    others = [e for e in base if e.label_ not in NAME_LABELS and id(e) not in split]
    kept = [p for p in proposed if not any(_overlap(p, o) for o in others)]
    if base_labels:
        same = {(e.start, e.end): e for e in base if e.label_ in BASE_WINS}
        for (start, end), parts in joined.items():  # "Lockheed" ORG + "Martin": an ORG
            label = next((e.label_ for e in parts if e.label_ in BASE_WINS), None)
            if label is not None:
                same[(start, end)] = Span(parts[0].doc, start, end, label=label)
        kept = [_label_of(same.get((p.start, p.end)), p) for p in kept]
    names = [e for e in base if e.label_ in NAME_LABELS and not any(_overlap(e, p) for p in kept)]
    return sorted([*others, *kept, *names], key=lambda s: (s.start, s.end))


def merged_ents(doc: Doc, *, base_labels: bool = True) -> list[Span]:
    """:func:`merge_spans` of ``doc.ents`` and ``doc.spans["kg_ner"]`` (``doc.ents`` alone
    when ``kg_ner`` did not run)."""
    proposed = list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else []
    return merge_spans(list(doc.ents), proposed, base_labels=base_labels)


class MergeNames:
    """The ``kg_ner_merge`` component: ``doc.ents`` becomes :func:`merged_ents`, so the
    components after it (``kg_entities``) see the fine-tuned names. The base model's own
    entities stay on ``doc.spans["kg_base_ner"]`` (the relation classifier reads both
    recognisers' labels)."""

    def __init__(self, base_labels: bool = True) -> None:
        self.base_labels = base_labels

    def __call__(self, doc: Doc) -> Doc:
        if SPANS_KEY in doc.spans:
            doc.spans[BASE_KEY] = list(doc.ents)
            doc.ents = merged_ents(doc, base_labels=self.base_labels)
        return doc


@Language.factory(
    "kg_ner_merge",
    requires=["doc.spans", "doc.ents"],
    assigns=["doc.ents"],
    default_config={"base_labels": True},
)
def make_merge(nlp: Language, name: str, base_labels: bool) -> MergeNames:
    return MergeNames(base_labels)
