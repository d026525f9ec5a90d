"""Plain-context readings of names for ``kg_entities``: the word lists of ``names.toml`` and
the cues that correct the model's type of a name ("Dayton, Ohio" is a town, "Smith, 53," a
person) or keep a country's name inside a longer one ("New Jersey")."""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from .rules import RULES_DIR

#: what a name the model also reads as a person can be instead
NOT_PERSON = ("ORG", "GPE", "LOC", "FAC")


@dataclass(frozen=True)
class NameLists:
    """``names.toml``."""

    divisions: frozenset[tuple[str, ...]]  # as words, without a final full stop
    not_names: frozenset[str]  # codes the model takes for names: "UTC", "USD"
    mention_titles: frozenset[str]  # lower case: "president", "king"


def load_names() -> NameLists:
    data = tomllib.loads((RULES_DIR / "names.toml").read_text(encoding="utf-8"))
    names = [str(n).split() for n in data["subdivisions"]]
    return NameLists(
        divisions=frozenset((*n[:-1], n[-1].rstrip(".")) for n in names),
        not_names=frozenset(str(w) for w in data["not_names"]),
        mention_titles=frozenset(str(w).lower() for w in data["mention_titles"]),
    )


def division_after(doc: Doc, end: int, lists: NameLists, countries: Collection[str]) -> bool:
    """Whether ", <division or country>" follows token ``end`` and ends the phrase (not
    "X, Ohio and Texas", a list)."""
    if (
        end + 1 >= len(doc)
        or doc[end].text != ","
        or not (doc[end + 1].is_title or doc[end + 1].is_upper)
    ):
        return False
    n = division_at(doc, end + 1, lists, countries)
    if not n:
        return False
    after = doc[end + 1 + n] if end + 1 + n < len(doc) else None
    return after is None or after.lower_ not in ("and", "or", "&")


def division_at(doc: Doc, start: int, lists: NameLists, countries: Collection[str]) -> int:
    """How many words of a division's or a country's name start at token ``start`` (the
    longest such name, up to four words), or 0."""
    for n in range(min(4, len(doc) - start), 0, -1):
        words = doc[start : start + n]
        if words.text in countries or division_words(words) in lists.divisions:
            return n
    return 0


def division_words(words: SpacySpan) -> tuple[str, ...]:
    """A division's name as looked up: its words, without a final full stop ("Mass.")."""
    return (*(t.text for t in words[:-1]), words[-1].text.rstrip("."))


def person_context(doc: Doc, start: int, end: int) -> bool:
    """An age in apposition ("Smith, 53,") or being born or dying marks a person."""
    after = doc[end : end + 3]
    if (
        len(after) == 3
        and after[0].text == ","
        and after[1].is_digit
        and 0 < int(after[1].text) < 120
        and after[2].text in (",", ";")
    ):
        return True
    root = doc[start:end].root
    return (root.dep_ == "nsubjpass" and root.head.lower_ == "born") or (
        root.dep_ == "nsubj" and root.head.lemma_ == "die"
    )


def org_context(doc: Doc, start: int, end: int, kinds: Collection[str]) -> bool:
    """A noun for a kind of organisation (``kinds``) describes the name: right before it
    ("electronics retailer Acme", "the airline, Acme": the name in apposition to the noun or
    the noun a pre-modifier of the name), or as its apposition after a comma ("Acme, a Dallas
    company")."""
    root = doc[start:end].root
    before = start - 2 if start >= 2 and doc[start - 1].text == "," else start - 1
    if before >= 0:
        kind = doc[before]
        if (
            kind.lower_ in kinds
            and kind.pos_ == "NOUN"
            and ((root.dep_ == "appos" and root.head.i == before) or kind.head.i == root.i)
        ):
            return True
    return any(
        child.dep_ == "appos"
        and child.left_edge.i == end + 1  # not a later apposition: "X, the head of Y, an agency"
        and doc[end].text == ","
        and child.lower_ in kinds
        and child.pos_ == "NOUN"
        for child in root.rights
    )


def place_context(doc: Doc, start: int, end: int) -> bool:
    """A single name right after "in" (and not a possessive: "in Smith's view") is a place:
    "jobs in Hamilton"."""
    after = doc[end].lower_ if end < len(doc) else ""
    return start > 0 and doc[start - 1].lower_ == "in" and after not in ("'s", "’s")


def longer_name(doc: Doc, start: int, end: int, match: SpacySpan) -> bool:
    """Whether a country's name (``match``) is a word of the longer name ``start:end`` of
    another place ("New Jersey", "Panama City", "Sea of Japan"; not "Cuban-American")."""
    rest = [doc[i] for i in range(start, end) if not match.start <= i < match.end]
    return any(t.is_title for t in rest) and not any(t.text in ("-", "–") for t in rest)


def one_sense(doc: Doc, names: list[tuple[int, int, str]]) -> dict[int, str]:
    """For ``(start, end, label)`` of the names not resolved yet: the new label of each one
    (by index) the model reads as a person here and as an organisation or a place more often
    elsewhere in the article."""
    counts = Counter((doc[s:e].text, label) for s, e, label in names)
    out: dict[int, str] = {}
    for i, (s, e, label) in enumerate(names):
        if label != "PERSON":
            continue
        text = doc[s:e].text
        others = {other: counts[(text, other)] for other in NOT_PERSON if counts[(text, other)]}
        if others and sum(others.values()) > counts[(text, "PERSON")]:
            out[i] = max(sorted(others), key=lambda other: others[other])
    return out
