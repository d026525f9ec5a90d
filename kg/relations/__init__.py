"""Relations between entities by a trained classifier (CoNLL04's five relation types).

``kg train relations`` fits :class:`LinearModel` on CoNLL04's train split and writes
``kg/relations/conll04.json``; the ``kg_relations`` spaCy component applies it.
"""

from .component import RELATION_PROPERTIES, RelationFact, Relations, load_model
from .model import LinearModel, fit

__all__ = ["RELATION_PROPERTIES", "LinearModel", "RelationFact", "Relations", "fit", "load_model"]
