"""``kg_relations``: relations between two entities of a sentence, by the trained classifier.

For every ordered pair of resolved entity mentions in one sentence of the title or body whose
types can hold a relation (a person and an organisation, two places, …) the classifier gives
the probability that the sentence states it; pairs at or above ``threshold`` become a
:class:`RelationFact` on ``doc._.kg_relations`` (of two places each found in the other, or
two people each found killing the other, only the likelier way; 2-fold cross-validation of
the pipeline on CoNLL04's train split: relations F1 0.527 → 0.528; of the organisations one
sentence has a person work for, and of the people it has kill one victim, only the likeliest:
:data:`ONE_PER_SENTENCE`), and so do the facts they
imply through a place located in another of the same sentence (``lives in Paris, Texas``: in
Paris, so in Texas). Two kinds of pair are never proposed:

* demonyms (``Cuban officials``): kg resolves them to a country, but the classifier was
  trained on names, and a nationality adjective does not locate anyone;
* a country located in another country: sovereign states do not lie within one another.

Without a model file the component adds nothing (the rule-based relations, ``kg:represents``,
stay).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..nlp import extensions as _ext  # noqa: F401  (registers doc._.kg_entities)
from ..nlp.common import evidence
from ..nlp.items import Entity, Span
from ..nlp.layout import yields_facts
from .features import RELATION_OF_TYPES, pairs
from .model import LinearModel

MODEL_PATH = Path(__file__).resolve().parent / "conll04.json"
#: kg class → the entity type the classifier knows
CLASS_TYPES = {"Person": "Peop", "Organization": "Org", "Country": "Loc", "Place": "Loc"}
#: classifier relation → the kg property it asserts
RELATION_PROPERTIES = {
    "Work_For": "worksFor",
    "Live_In": "livesIn",
    "Located_In": "locatedIn",
    "OrgBased_In": "basedIn",
    "Kill": "killed",
}
#: the probability a pair needs, chosen by 5-fold cross-validation on CoNLL04's train split
THRESHOLD = 0.4
#: spaCy labels of mentions that are no names: kg_entities keeps demonyms as NORP
_NOT_NAMES = {"NORP"}

if not Doc.has_extension("kg_relations"):
    Doc.set_extension("kg_relations", default=None)  # list[RelationFact]


@dataclass(frozen=True)
class RelationFact:
    subject: str  # entity key
    relation: str  # a CoNLL04 relation name (see RELATION_OF_TYPES)
    object: str
    confidence: float
    span: Span


class Relations:
    """The ``kg_relations`` component."""

    def __init__(self, model: LinearModel | None, threshold: float = THRESHOLD) -> None:
        self.model = model
        self.threshold = threshold

    def __call__(self, doc: Doc) -> Doc:
        facts: dict[tuple[str, str, str], RelationFact] = {}
        if self.model is not None:
            found = mentions(doc)
            pairs_of: dict[tuple[str, str], _Pair] = {}
            for i, j, feats in candidate_pairs(doc, found):
                (a, ta), (b, tb) = found[i], found[j]
                pair = _Pair(a, b, RELATION_OF_TYPES[(ta, tb)])
                pairs_of.setdefault((str(a.kb_id_), str(b.kb_id_)), pair)
                p = self.model.probability(feats)
                if p < self.threshold:
                    continue
                key = (str(a.kb_id_), pair.relation, str(b.kb_id_))
                if key not in facts or facts[key].confidence < p:
                    facts[key] = RelationFact(*key, round(p, 4), pair.evidence(doc))
            facts = _likeliest_only(_one_direction(facts))
            for fact in _through_places(list(facts.values()), pairs_of, doc):
                facts.setdefault((fact.subject, fact.relation, fact.object), fact)
        doc._.kg_relations = list(facts.values())
        return doc


def _one_direction(
    facts: dict[tuple[str, str, str], RelationFact],
) -> dict[tuple[str, str, str], RelationFact]:
    """Of a relation found both ways between two entities (two places each in the other, two
    people each killing the other), only the likelier way."""
    return {
        key: fact
        for key, fact in facts.items()
        if (reverse := facts.get((key[2], key[1], key[0]))) is None
        or (fact.confidence, key) > (reverse.confidence, key[::-1])
    }


#: relations a sentence rarely states twice for one end: a person's employer (CoNLL04's train
#: split gives a person two in one sentence 23 times in 232) and a victim's killer (8 in 171).
#: 2-fold cross-validation of the pipeline there, relations F1: 0.539 → 0.542 with one employer,
#: → 0.544 with one killer too (27 fewer predictions, one of them right).
ONE_PER_SENTENCE = {"Work_For": "subject", "Kill": "object"}


def _likeliest_only(
    facts: dict[tuple[str, str, str], RelationFact],
) -> dict[tuple[str, str, str], RelationFact]:
    """Of the facts of a relation in :data:`ONE_PER_SENTENCE` that share its end in one
    sentence, only the likeliest ("General Secretary Maria Collins urged the Bank of
    England": she works for her union, not the bank)."""

    def end(fact: RelationFact) -> tuple[str, str, int]:
        side = ONE_PER_SENTENCE[fact.relation]
        return (
            fact.relation,
            fact.subject if side == "subject" else fact.object,
            fact.span.sent_start,
        )

    def rank(fact: RelationFact) -> tuple[float, str, str]:
        return fact.confidence, fact.subject, fact.object

    best: dict[tuple[str, str, int], RelationFact] = {}
    for fact in facts.values():
        if fact.relation in ONE_PER_SENTENCE:
            where = end(fact)
            if where not in best or rank(fact) > rank(best[where]):
                best[where] = fact
    return {
        key: fact
        for key, fact in facts.items()
        if fact.relation not in ONE_PER_SENTENCE or best[end(fact)] is fact
    }


@dataclass(frozen=True)
class _Pair:
    """Two mentions of one sentence the classifier may relate, and the relation it would be."""

    subject: SpacySpan
    object: SpacySpan
    relation: str

    def evidence(self, doc: Doc) -> Span:
        a, b = self.subject, self.object
        return evidence(doc, min(a.start_char, b.start_char), max(a.end_char, b.end_char))


def _through_places(
    facts: list[RelationFact], pairs_of: dict[tuple[str, str], _Pair], doc: Doc
) -> list[RelationFact]:
    """What is in, lives in or is based in a place of the same sentence is also in the place
    that one lies in (``lives in Paris, Texas``: in Paris, so in Texas too), with the
    lower confidence of the two facts. One step, only for pairs of one sentence."""
    located = [f for f in facts if f.relation == "Located_In"]
    out: list[RelationFact] = []
    for fact in facts:
        for place in located:
            pair = pairs_of.get((fact.subject, place.object))
            if place.subject != fact.object or pair is None:
                continue
            key = (fact.subject, pair.relation, place.object)
            confidence = min(fact.confidence, place.confidence)
            out.append(RelationFact(*key, confidence, pair.evidence(doc)))
    return out


def mentions(doc: Doc) -> list[tuple[SpacySpan, str]]:
    """The resolved name mentions of the title and body, each with the type the classifier
    knows (demonyms left out)."""
    entities = doc._.kg_entities or {}
    out: list[tuple[SpacySpan, str]] = []
    for ent in doc.ents:
        entity = entities.get(str(ent.kb_id_))
        if (
            entity is not None
            and entity.cls in CLASS_TYPES
            and ent.label_ not in _NOT_NAMES
            and yields_facts(doc, ent.start_char)
        ):
            out.append((ent, CLASS_TYPES[entity.cls]))
    return out


def candidate_pairs(
    doc: Doc, found: Sequence[tuple[SpacySpan, str]]
) -> list[tuple[int, int, list[str]]]:
    """The pairs of ``found`` the classifier judges: two different entities the ontology lets
    relate, in one sentence (see :func:`~kg.relations.features.pairs`)."""
    entities = doc._.kg_entities or {}
    return [
        (i, j, feats)
        for i, j, feats in pairs(doc, found)
        if found[i][0].kb_id_ != found[j][0].kb_id_
        and _possible(entities, found[i][0], found[j][0])
    ]


def _possible(entities: dict[str, Entity], a: SpacySpan, b: SpacySpan) -> bool:
    """Whether the ontology lets ``a`` relate to ``b`` at all: a country lies in no country."""
    return not (
        entities[str(a.kb_id_)].cls == "Country" and entities[str(b.kb_id_)].cls == "Country"
    )


def load_model(path: Path | None = None) -> LinearModel | None:
    path = path or MODEL_PATH
    return LinearModel.load(path) if path.exists() else None


@Language.factory(
    "kg_relations",
    requires=["doc._.kg_entities"],
    assigns=["doc._.kg_relations"],
    default_config={"model_path": None, "threshold": THRESHOLD},
)
def make_relations(nlp: Language, name: str, model_path: str | None, threshold: float) -> Relations:
    return Relations(load_model(Path(model_path) if model_path else None), threshold)
