"""A binary logistic regression over sparse string features, trained with numpy.

Small on purpose: the weights are a ``{feature: weight}`` table saved as sorted JSON, so the
shipped model can be read, diffed and loaded without anything but the standard library.

>>> model = fit([["a"], ["b"], ["a", "c"], ["b", "c"]], [1, 0, 1, 0], epochs=200)
>>> model.probability(["a"]) > 0.5 > model.probability(["b"])
True
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np


@dataclass(frozen=True)
class LinearModel:
    """``P(related) = sigmoid(bias + sum of the weights of the features present)``."""

    weights: dict[str, float]
    bias: float
    meta: dict[str, Any] = field(default_factory=dict)

    def probability(self, features: Iterable[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in set(features))
        return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0

    def save(self, path: Path) -> None:
        data = {
            "meta": self.meta,
            "bias": round(self.bias, 6),
            "weights": {k: round(v, 6) for k, v in sorted(self.weights.items())},
        }
        path.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            {str(k): float(v) for k, v in data["weights"].items()},
            float(data["bias"]),
            dict(data.get("meta", {})),
        )


def fit(
    examples: Sequence[Sequence[str]],
    labels: Sequence[int],
    *,
    l2: float = 1e-3,
    epochs: int = 300,
    learning_rate: float = 0.05,
    min_count: int = 2,
    min_weight: float = 1e-4,
) -> LinearModel:
    """Fit by full-batch Adam on the mean log loss plus ``l2``·|w|²/2; features seen fewer
    than ``min_count`` times are dropped, and so are weights smaller than ``min_weight`` once
    fitted (they hardly move a probability and would only make the file bigger).
    Deterministic."""
    counts = Counter(f for ex in examples for f in set(ex))
    vocab = sorted(f for f, n in counts.items() if n >= min_count)
    index = {f: i for i, f in enumerate(vocab)}
    rows: list[int] = []
    cols: list[int] = []
    for r, ex in enumerate(examples):
        for f in sorted(set(ex)):
            if f in index:
                rows.append(r)
                cols.append(index[f])
    row = np.asarray(rows, dtype=np.int64)
    col = np.asarray(cols, dtype=np.int64)
    y = np.asarray(labels, dtype=np.float64)
    n, d = len(examples), len(vocab)
    w = np.zeros(d)
    b = 0.0
    m_w, v_w = np.zeros(d), np.zeros(d)
    m_b = v_b = 0.0
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, epochs + 1):
        z = b + np.bincount(row, weights=w[col], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        err = (p - y) / max(n, 1)
        g_w = np.bincount(col, weights=err[row], minlength=d) + l2 * w
        g_b = float(err.sum())
        m_w = beta1 * m_w + (1 - beta1) * g_w
        v_w = beta2 * v_w + (1 - beta2) * g_w * g_w
        m_b = beta1 * m_b + (1 - beta1) * g_b
        v_b = beta2 * v_b + (1 - beta2) * g_b * g_b
        correction = math.sqrt(1 - beta2**step) / (1 - beta1**step)
        w -= learning_rate * correction * m_w / (np.sqrt(v_w) + eps)
        b -= learning_rate * correction * m_b / (math.sqrt(v_b) + eps)
    kept = {f: float(w[i]) for f, i in index.items() if abs(w[i]) >= min_weight}
    return LinearModel(kept, b)
