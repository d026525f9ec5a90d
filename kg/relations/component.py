"""``kg_relations``: relations between two entities of a sentence, by the trained classifier.

For every ordered pair of resolved entity mentions in one sentence of the title or body whose
types can hold a relation (a person and an organisation, two places, …) the classifier gives
the probability that the sentence states it; pairs at or above ``threshold`` become a
:class:`RelationFact` on ``doc._.kg_relations``. Two kinds of pair are never proposed:

* demonyms (``Cuban officials``): kg resolves them to a country, but the classifier was
  trained on names, and a nationality adjective does not locate anyone;
* a country located in another country: sovereign states do not lie within one another.

Without a model file the component adds nothing (the rule-based relations, ``kg:represents``,
stay).
"""

from __future__ import annotations

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

    def __init__(self, model: LinearModel | None, threshold: float = 0.5) -> None:
        self.model = model
        self.threshold = threshold

    def __call__(self, doc: Doc) -> Doc:
        facts: dict[tuple[str, str, str], RelationFact] = {}
        entities = doc._.kg_entities or {}
        if self.model is not None:
            mentions: list[tuple[SpacySpan, str]] = []
            for ent in doc.ents:
                entity = entities.get(str(ent.kb_id_))
                if (
                    entity is not None
                    and entity.cls in CLASS_TYPES
                    and ent.label_ not in _NOT_NAMES
                    and yields_facts(doc, ent.start_char)
                ):
                    mentions.append((ent, CLASS_TYPES[entity.cls]))
            for i, j, feats in pairs(doc, mentions):
                (a, ta), (b, tb) = mentions[i], mentions[j]
                if a.kb_id_ == b.kb_id_ or not _possible(entities, a, b):
                    continue
                p = self.model.probability(feats)
                if p < self.threshold:
                    continue
                key = (str(a.kb_id_), RELATION_OF_TYPES[(ta, tb)], str(b.kb_id_))
                if key not in facts or facts[key].confidence < p:
                    start, end = min(a.start_char, b.start_char), max(a.end_char, b.end_char)
                    facts[key] = RelationFact(*key, round(p, 4), evidence(doc, start, end))
        doc._.kg_relations = list(facts.values())
        return doc


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
    default_config={"model_path": None, "threshold": 0.5},
)
def make_relations(nlp: Language, name: str, model_path: str | None, threshold: float) -> Relations:
    return Relations(load_model(Path(model_path) if model_path else None), threshold)
