"""Scorers: micro precision/recall/F1 over one-to-one matches, and B³ for identity.

Conventions (tested in ``tests/test_eval_scorers.py``):

* Gold and predicted items are matched one to one (a maximum bipartite matching under the
  metric's test), so a prediction overlapping two gold spans is credited once.
* A ratio with a zero denominator is 0.0, except that nothing predicted against nothing gold
  is a perfect score (1.0 everywhere): there was nothing to find and nothing went wrong.

>>> tally = Tally()
>>> tally.add(gold=4, predicted=2, correct=2)
>>> tally.score().as_dict()
{'precision': 1.0, 'recall': 0.5, 'f1': 0.6667, 'gold': 4, 'predicted': 2}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

G = TypeVar("G")
P = TypeVar("P")
M = TypeVar("M", bound=Hashable)
Span = tuple[int, int]


@dataclass(frozen=True)
class Score:
    """One metric: precision, recall and F1 with the counts they come from."""

    precision: float
    recall: float
    f1: float
    gold: int
    predicted: int

    def as_dict(self, digits: int = 4) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, digits),
            "recall": round(self.recall, digits),
            "f1": round(self.f1, digits),
            "gold": self.gold,
            "predicted": self.predicted,
        }


def prf(correct: int, gold: int, predicted: int) -> Score:
    """Micro P/R/F1 from counts (see the module's conventions for empty cases)."""
    return ratios(correct, predicted, correct, gold, gold=gold, predicted=predicted)


def ratios(
    p_num: float, p_den: float, r_num: float, r_den: float, *, gold: int, predicted: int
) -> Score:
    """P = p_num/p_den, R = r_num/r_den, F1 their harmonic mean; ``gold``/``predicted`` are
    the counts reported beside them."""
    if p_den == 0 and r_den == 0:
        return Score(1.0, 1.0, 1.0, gold, predicted)
    precision = p_num / p_den if p_den else 0.0
    recall = r_num / r_den if r_den else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1, gold, predicted)


@dataclass
class Tally:
    """Counts summed over documents (micro averaging)."""

    gold: int = 0
    predicted: int = 0
    correct: int = 0

    def add(self, *, gold: int, predicted: int, correct: int) -> None:
        self.gold += gold
        self.predicted += predicted
        self.correct += correct

    def add_matched(
        self, gold: Sequence[G], predicted: Sequence[P], ok: Callable[[G, P], bool]
    ) -> list[tuple[int, int]]:
        """Match ``gold`` against ``predicted`` one to one, count, and return the pairs."""
        pairs = match(gold, predicted, ok)
        self.add(gold=len(gold), predicted=len(predicted), correct=len(pairs))
        return pairs

    def score(self) -> Score:
        return prf(self.correct, self.gold, self.predicted)


def match(
    gold: Sequence[G], predicted: Sequence[P], ok: Callable[[G, P], bool]
) -> list[tuple[int, int]]:
    """A maximum one-to-one matching of gold to predicted items under ``ok`` (Kuhn's
    augmenting paths; documents are small). Returns (gold index, predicted index) pairs."""
    edges = [[j for j, p in enumerate(predicted) if ok(g, p)] for g in gold]
    owner: dict[int, int] = {}  # predicted index → gold index

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return sorted((i, j) for j, i in owner.items())


def overlaps(a: Span, b: Span) -> bool:
    """Whether two half-open character spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def b_cubed(key: Mapping[M, Hashable], response: Mapping[M, Hashable]) -> Score:
    """B³ (Bagga & Baldwin 1998) over the mentions both mappings share.

    ``key`` maps a mention to its gold cluster, ``response`` to the predicted cluster; mentions
    only one side knows are left out (detection is scored elsewhere). ``gold`` in the result is
    the number of key mentions, ``predicted`` the number scored (found by both sides).
    """
    mentions = [m for m in key if m in response]
    gold_clusters: dict[Hashable, set[M]] = defaultdict(set)
    response_clusters: dict[Hashable, set[M]] = defaultdict(set)
    for m in mentions:
        gold_clusters[key[m]].add(m)
        response_clusters[response[m]].add(m)
    precision = recall = 0.0
    for m in mentions:
        k, r = gold_clusters[key[m]], response_clusters[response[m]]
        common = len(k & r)
        precision += common / len(r)
        recall += common / len(k)
    n = len(mentions)
    if n == 0:  # nothing to compare: perfect only when there was nothing to find
        return prf(0, len(key), 0)
    return ratios(precision, n, recall, n, gold=len(key), predicted=n)
