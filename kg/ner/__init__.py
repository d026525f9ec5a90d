"""kg's fine-tuned name recogniser: the ``kg_ner`` and ``kg_ner_merge`` components."""

from __future__ import annotations

from .component import BASE_KEY, SPANS_KEY, WEIGHTS_DIR, NerProposals, load_recognizer
from .merge import MergeNames, merge_spans, merged_ents

__all__ = [
    "BASE_KEY",
    "SPANS_KEY",
    "WEIGHTS_DIR",
    "MergeNames",
    "NerProposals",
    "load_recognizer",
    "merge_spans",
    "merged_ents",
]
