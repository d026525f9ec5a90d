"""Evaluation against gold corpora (MEANTIME, CoNLL04): readers, scorers and the runner
behind ``kg eval``."""

from .run import EvalReport, evaluate_conll04, evaluate_meantime
from .scoring import Score, Tally, b_cubed, match, prf

__all__ = [
    "EvalReport",
    "Score",
    "Tally",
    "b_cubed",
    "evaluate_conll04",
    "evaluate_meantime",
    "match",
    "prf",
]
