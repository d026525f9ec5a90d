"""What the words around a name say about its kind, from the base model's parse.

(Not :mod:`kg.nlp.name_context`, whose cues retype names within kg_entities; these only settle
which of two models' labels the merge keeps.)

Used by :mod:`kg.ner.merge` to decide between the base model's "organisation" and the
fine-tuned copy's "person" or "place" for the same words. Only cues that tell a person or a
place from a company are kept (on two-fold cross-validation over CoNLL04's train split none of
them ever overruled a right base label; 39 times they gave the right one): a company "says", "announces" and is "according to"
as often as a person, but it is neither shot nor 45 years old.

* a person: ``Lee, 45,`` / ``Lee, who`` / ``Lee, aged`` / ``Lee, a retired officer``, the
  object or the subject of a verb of killing (``shot Lee``, ``Lee killed``), the victim of a
  killing noun (``the murder of Lee``, ``Lee's assassination``);
* a place: followed by a comma and a place (``Dayton, Ohio``), where a verb happens (``born
  near Boone``, ``died at Mercy Hospital``), or in a direction from somewhere (``north of
  Boone``); a company is "in" as often as a town (``a stake in Ford``), but not there.

>>> from spacy.tokens import Doc, Span
>>> from spacy.vocab import Vocab
>>> doc = Doc(Vocab(), words=["Ann", "shot", "Lee", "in", "Boone", ",", "Iowa"],
...           heads=[1, 1, 1, 1, 3, 4, 4], deps=["nsubj", "ROOT", "dobj", "prep", "pobj",
...           "punct", "appos"], lemmas=["ann", "shoot", "lee", "in", "boone", ",", "iowa"],
...           ents=["O", "O", "O", "O", "O", "O", "B-GPE"])
>>> says_person(Span(doc, 2, 3)), says_person(Span(doc, 0, 1))
(True, True)
>>> says_place(Span(doc, 4, 5)), says_place(Span(doc, 2, 3))
(True, False)
>>> doc = Doc(Vocab(), words=["born", "near", "Boone", "with", "a", "stake", "in", "Acme"],
...           heads=[0, 0, 1, 0, 5, 3, 5, 6], deps=["ROOT", "prep", "pobj", "prep", "det",
...           "pobj", "prep", "pobj"], pos=["VERB", "ADP", "PROPN", "ADP", "DET", "NOUN", "ADP",
...           "PROPN"])
>>> says_place(Span(doc, 2, 3)), says_place(Span(doc, 7, 8))
(True, False)
"""

from __future__ import annotations

from spacy.tokens import Span, Token

#: verbs whose object, or whose subject, is a person
KILLING_VERBS = frozenset(
    {"kill", "shoot", "assassinate", "murder", "slay", "stab", "strangle", "execute"}
)
#: nouns whose "of" complement or possessor is a person
KILLING_NOUNS = frozenset(
    {"murder", "assassination", "slaying", "killing", "killer", "assassin", "death"}
)
#: after "Name ,": words that continue only a person's name
PERSON_AFTER_COMMA = frozenset({"who", "aged"})
#: base labels of the place after "Name ,"
PLACE_LABELS = frozenset({"GPE", "LOC"})
#: prepositions that put what a verb tells somewhere
WHERE = frozenset({"in", "near", "at", "from"})
#: words that take "of" and a place (``north of Boone``)
DIRECTIONS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"}
    | {"outside"}
)


def says_person(name: Span) -> bool:
    """Whether the words around ``name`` make it a person."""
    doc, root = name.doc, name.root
    after = doc[name.end : name.end + 2]
    if len(after) == 2 and after[0].text == ",":
        if after[1].text.lower() in PERSON_AFTER_COMMA or after[1].like_num:
            return True
        if any(_is_indefinite_apposition(child, name) for child in root.children):
            return True
    governor = root.head.lemma_.lower()
    if root.dep_ in ("dobj", "nsubjpass", "nsubj") and governor in KILLING_VERBS:
        return True
    if root.dep_ == "poss" and governor in KILLING_NOUNS:
        return True
    return (
        root.dep_ == "pobj"
        and root.head.text.lower() == "of"
        and root.head.head.lemma_.lower() in KILLING_NOUNS
    )


def _is_indefinite_apposition(child: Token, name: Span) -> bool:
    """``Lee, a retired officer``: an apposition after the name opened by "a" or "an"."""
    return (
        child.dep_ == "appos"
        and child.i > name.end
        and any(t.text.lower() in ("a", "an") for t in child.lefts)
    )


def says_place(name: Span) -> bool:
    """Whether ``name`` is followed by a comma and a place the base model found, or is where
    a verb happens, or lies in a direction from somewhere."""
    after = name.doc[name.end : name.end + 2]
    if len(after) == 2 and after[0].text == "," and after[1].ent_type_ in PLACE_LABELS:
        return True
    root = name.root
    if root.dep_ != "pobj":
        return False
    preposition = root.head
    if preposition.text.lower() in WHERE:
        return preposition.head.pos_ in ("VERB", "AUX")
    return preposition.text.lower() == "of" and preposition.head.text.lower() in DIRECTIONS
