"""Train the relation classifier on CoNLL04's train split: what ``kg train relations`` does.

Every ordered pair of gold entities whose types can hold a relation (``RELATION_OF_TYPES``) is
an example; it is positive when the gold annotation relates the pair. Sentences are parsed by
the same spaCy pipeline kg extracts with, so training and use see the same parses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.tokens import Span as SpacySpan

from ..eval.conll04 import ConllSentence, read_conll04
from .features import RELATION_OF_TYPES, pairs
from .model import LinearModel, fit

if TYPE_CHECKING:
    from spacy.language import Language

#: hyper-parameters, chosen once by 5-fold cross-validation on the train split
L2 = 1e-4
EPOCHS = 300
MIN_COUNT = 2


@dataclass(frozen=True)
class Example:
    features: list[str]
    label: int


def examples(sentences: Sequence[ConllSentence], nlp: Language) -> list[Example]:
    """Training examples from gold entities and relations."""
    out: list[Example] = []
    # the parse is all the features need; the shipped classifier itself is not run
    unused = [name for name in ("kg_relations",) if name in nlp.pipe_names]
    with nlp.select_pipes(disable=unused):
        docs = list(nlp.pipe(s.text for s in sentences))
    for sentence, doc in zip(sentences, docs, strict=True):
        mentions: list[tuple[SpacySpan, str]] = []
        number: dict[tuple[int, int], int] = {}
        for span, kind in sentence.entities:
            if kind == "Other":
                continue
            found = doc.char_span(span[0], span[1], alignment_mode="expand")
            if found is not None and len(found):
                number[span] = len(mentions)
                mentions.append((found, kind))
        related = {
            (number[h], number[t])
            for h, ht, t, tt, rel in sentence.relations
            if h in number and t in number and RELATION_OF_TYPES.get((ht, tt)) == rel
        }
        for i, j, feats in pairs(doc, mentions):
            out.append(Example(feats, int((i, j) in related)))
    return out


def train_relations(
    train_file: Path,
    nlp: Language,
    *,
    output: Path | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> LinearModel:
    """Read ``train_file`` (CoNLL04 JSON), fit the classifier, save it to ``output``."""
    sentences = read_conll04(train_file)
    if on_stage:
        on_stage(f"parsing {len(sentences)} sentences")
    data = examples(sentences, nlp)
    if on_stage:
        positives = sum(e.label for e in data)
        on_stage(f"fitting on {len(data)} pairs ({positives} related)")
    model = fit(
        [e.features for e in data],
        [e.label for e in data],
        l2=L2,
        epochs=EPOCHS,
        min_count=MIN_COUNT,
    )
    model.meta.update(
        {
            "trained_on": train_file.name,
            "sentences": len(sentences),
            "pairs": len(data),
            "l2": L2,
            "epochs": EPOCHS,
            "min_count": MIN_COUNT,
        }
    )
    if output is not None:
        model.save(output)
    return model
