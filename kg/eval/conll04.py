"""CoNLL04 (Roth & Yih 2004): read the sentences and score kg's entities and relations.

A file is a JSON array (or JSON Lines) of ``{"tokens", "tags" (BILOU), "relations"}``; a
relation's ``head`` and ``tail`` index the sentence's entities in order of appearance (``Other``
entities included). Each sentence is analysed as a one-line article.

kg's ontology properties map onto the five relation types as :data:`PROPERTY_MAP` says (the
types of both ends are part of the match).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..articles import Article
from ..errors import InputError
from ..nlp.rules import load_rules
from ..rdf import vocab as kg
from .predictions import EntityMention, Predicted, distance
from .scoring import Score, Span, Tally
from .text import detokenize

#: kg class → CoNLL04 entity type
CLASS_TO_TYPE = {"Person": "Peop", "Organization": "Org", "Country": "Loc", "Place": "Loc"}
ENTITY_TYPES = ("Peop", "Org", "Loc")
RELATION_TYPES = ("Work_For", "Live_In", "Located_In", "OrgBased_In", "Kill")
#: (kg property, subject type, object type) → CoNLL04 relation
PROPERTY_MAP: dict[tuple[str, str, str], str] = {
    (str(kg.worksFor), "Peop", "Org"): "Work_For",
    (str(kg.represents), "Peop", "Org"): "Work_For",
    (str(kg.represents), "Peop", "Loc"): "Live_In",
    (str(kg.livesIn), "Peop", "Loc"): "Live_In",
    (str(kg.locatedIn), "Loc", "Loc"): "Located_In",
    (str(kg.locatedIn), "Org", "Loc"): "OrgBased_In",
    (str(kg.basedIn), "Org", "Loc"): "OrgBased_In",
    (str(kg.killed), "Peop", "Peop"): "Kill",
}
METRICS = ("entities", "relations")
#: CoNLL04 types a nationality ("Serbian", "Germans") as Other, which is not scored
OTHER = "Other"

Typed = tuple[Span, str]
RelationTuple = tuple[Span, str, Span, str, str]  # head, head type, tail, tail type, relation


@dataclass(frozen=True)
class ConllSentence:
    id: str
    tokens: tuple[str, ...]
    text: str
    entities: tuple[Typed, ...]  # every entity, Other included, in order of appearance
    relations: tuple[RelationTuple, ...]

    def article(self) -> Article:
        return Article(title=self.text, text=self.text, file_name=f"conll04-{self.id}")

    @property
    def scored_entities(self) -> list[Typed]:
        return [e for e in self.entities if e[1] in ENTITY_TYPES]


def bilou_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Token spans (start, end exclusive, type) of BILOU (or BIO) tags.

    >>> bilou_spans(["B-Peop", "L-Peop", "O", "U-Loc"])
    [(0, 2, 'Peop'), (3, 4, 'Loc')]
    """
    spans: list[tuple[int, int, str]] = []
    start: int | None = None
    kind = ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if start is not None and (prefix in ("B", "U", "O") or label != kind):
            spans.append((start, i, kind))
            start = None
        if prefix in ("B", "I") and start is None:
            start, kind = i, label
        elif prefix == "U":
            spans.append((i, i + 1, label))
        elif prefix == "L" and start is not None:
            spans.append((start, i + 1, kind))
            start = None
        elif prefix == "L":
            spans.append((i, i + 1, label))
    return spans


def read_conll04(path: Path, limit: int | None = None) -> list[ConllSentence]:
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None
    try:
        records: Any = json.loads(raw)
    except json.JSONDecodeError:
        try:
            records = [json.loads(line) for line in raw.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: neither JSON nor JSON Lines ({exc})") from None
    if not isinstance(records, list):
        raise InputError(f"{path}: expected a list of sentences")
    out: list[ConllSentence] = []
    for n, record in enumerate(records[:limit]):
        try:
            out.append(_sentence(record, n))
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise InputError(f"{path}: sentence {n} is malformed ({exc!r})") from None
    return out


def _sentence(record: dict[str, Any], n: int) -> ConllSentence:
    tokens = [str(t) for t in record["tokens"]]
    text, spans = detokenize([tokens])
    entities: list[Typed] = [
        ((spans[s][0], spans[e - 1][1]), kind) for s, e, kind in bilou_spans(record["tags"])
    ]
    relations: list[RelationTuple] = []
    for rel in record.get("relations", ()):
        head, tail = entities[int(rel["head"])], entities[int(rel["tail"])]
        relations.append((head[0], head[1], tail[0], tail[1], str(rel["type"])))
    return ConllSentence(
        str(record.get("orig_id", n)), tuple(tokens), text, tuple(entities), tuple(relations)
    )


def mention_type(mention: EntityMention, text: str, demonyms: Collection[str]) -> str:
    """The CoNLL04 type of one kg mention: its class's, except that a country mentioned by
    its demonym ("Serbian officials") is Other, as CoNLL04 types nationalities.

    >>> m = EntityMention((0, 7), "Country", "kgr:country/RS", (0, 7))
    >>> mention_type(m, "Serbian", {"Serbian"}), mention_type(m, "Serbia!", {"Serbian"})
    ('Other', 'Loc')
    """
    if mention.cls == "Country" and text[mention.span[0] : mention.span[1]] in demonyms:
        return OTHER
    return CLASS_TO_TYPE.get(mention.cls, OTHER)  # products, indices: no CoNLL04 type


def predicted_relations(
    pred: Predicted, text: str = "", demonyms: Collection[str] = ()
) -> list[RelationTuple]:
    """kg's relations between two entities of the sentence, as CoNLL04 tuples (each end at
    the pair of mentions closest to each other; a demonym is never an end)."""
    types = {m.iri: CLASS_TO_TYPE[m.cls] for m in pred.entities if m.cls in CLASS_TO_TYPE}
    out: set[RelationTuple] = set()
    for rel in pred.relations:
        s_type, o_type = types.get(rel.subject), types.get(rel.object)
        if s_type is None or o_type is None:
            continue
        name = PROPERTY_MAP.get((rel.predicate, s_type, o_type))
        if name is None:
            continue
        pairs = [
            (distance(a.span, b.span), a.span, b.span)
            for a in pred.mentions_of(rel.subject)
            for b in pred.mentions_of(rel.object)
            if a.span != b.span
            and OTHER not in (mention_type(a, text, demonyms), mention_type(b, text, demonyms))
        ]
        if pairs:
            _, head, tail = min(pairs)
            out.add((head, s_type, tail, o_type, name))
    return sorted(out)


def score_conll04(
    sentences: Sequence[ConllSentence], predicted: Sequence[Predicted]
) -> dict[str, Score]:
    """Strict entity and relation scores over a run (micro-averaged).

    Spans are compared without a final full stop on either side: CoNLL04 glues a sentence's
    full stop to its last token (``Paris.``), which no span of the text's words can match.
    """
    entities, relations = Tally(), Tally()
    demonyms = frozenset(load_rules().demonyms)
    for sentence, pred in zip(sentences, predicted, strict=True):
        text = sentence.text
        gold_ents = [(_no_stop(s, text), t) for s, t in sentence.scored_entities]
        typed = [
            (_no_stop(m.span, text), kind)
            for m in pred.entities
            if (kind := mention_type(m, text, demonyms)) in ENTITY_TYPES
        ]
        entities.add_matched(gold_ents, typed, lambda g, p: g == p)
        gold_rels = [_rel_no_stop(r, text) for r in sentence.relations]
        rels = [_rel_no_stop(r, text) for r in predicted_relations(pred, text, demonyms)]
        relations.add_matched(gold_rels, rels, lambda g, p: g == p)
    return {"entities": entities.score(), "relations": relations.score()}


def _no_stop(span: Span, text: str) -> Span:
    """``span`` without a final full stop."""
    if span[1] - span[0] > 1 and text[span[1] - 1] == ".":
        return span[0], span[1] - 1
    return span


def _rel_no_stop(rel: RelationTuple, text: str) -> RelationTuple:
    head, head_type, tail, tail_type, name = rel
    return _no_stop(head, text), head_type, _no_stop(tail, text), tail_type, name
