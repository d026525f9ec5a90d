"""Train the relation classifier on CoNLL04's train split: what ``kg train relations`` does.

Two sets of examples, so that training sees both the right entities and the ones the pipeline
really finds:

* every ordered pair of gold entities whose types can hold a relation (``RELATION_OF_TYPES``);
  positive when the gold annotation relates the pair;
* every pair the ``kg_relations`` component itself would judge, over the mentions kg finds;
  positive when both mentions are gold entities with their gold type and the gold annotation
  relates them, negative otherwise (a place typed as an organisation, a word that names
  nothing), except that a pair with an end of the right type whose words differ from the gold
  entity's (``Sen. Ana Ruiz`` for ``Ana Ruiz``) is left out: whether a title
  belongs to a name is no business of the relation. These count twice in the fit
  (``FOUND_REPEATS``), as they are what the classifier meets in use.

Sentences are parsed by the same spaCy pipeline kg extracts with, so training and use see the
same parses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..eval.conll04 import ConllSentence, read_conll04
from .component import candidate_pairs, mentions
from .features import RELATION_OF_TYPES, pairs
from .model import LinearModel, fit

if TYPE_CHECKING:
    from spacy.language import Language

#: hyper-parameters, chosen once by 5-fold cross-validation on the train split
L2 = 3e-4
EPOCHS = 300
MIN_COUNT = 3
MIN_WEIGHT = 0.05
#: how many times each example from kg's own mentions is counted (2-fold cross-validation of
#: the whole pipeline on the train split, relations F1 at the threshold: 0.524 once, 0.527 twice)
FOUND_REPEATS = 2


@dataclass(frozen=True)
class Example:
    features: list[str]
    label: int


def examples(sentences: Sequence[ConllSentence], nlp: Language) -> list[Example]:
    """Training examples from the gold entities and from the mentions kg finds."""
    out: list[Example] = []
    # the parse is all the features need; the shipped classifier itself is not run
    unused = [name for name in ("kg_relations",) if name in nlp.pipe_names]
    with nlp.select_pipes(disable=unused):
        docs = list(nlp.pipe(s.text for s in sentences))
    for sentence, doc in zip(sentences, docs, strict=True):
        out.extend(sentence_examples(sentence, doc))
    return out


def sentence_examples(sentence: ConllSentence, doc: Doc) -> list[Example]:
    """The examples of one parsed sentence: its gold pairs, then the pairs of kg's own
    mentions, ``FOUND_REPEATS`` times."""
    return [*_gold_examples(sentence, doc), *_found_examples(sentence, doc) * FOUND_REPEATS]


def _gold_examples(sentence: ConllSentence, doc: Doc) -> list[Example]:
    gold: list[tuple[SpacySpan, str]] = []
    number: dict[tuple[int, int], int] = {}
    for span, kind in sentence.entities:
        if kind == "Other":
            continue
        found = doc.char_span(span[0], span[1], alignment_mode="expand")
        if found is not None and len(found):
            number[span] = len(gold)
            gold.append((found, kind))
    related = {
        (number[h], number[t])
        for h, ht, t, tt, rel in sentence.relations
        if h in number and t in number and RELATION_OF_TYPES.get((ht, tt)) == rel
    }
    return [Example(feats, int((i, j) in related)) for i, j, feats in pairs(doc, gold)]


def _found_examples(sentence: ConllSentence, doc: Doc) -> list[Example]:
    text = sentence.text
    gold = {_trim(span, text): kind for span, kind in sentence.entities if kind != "Other"}
    related = {
        (_trim(h, text), _trim(t, text))
        for h, ht, t, tt, rel in sentence.relations
        if RELATION_OF_TYPES.get((ht, tt)) == rel
    }
    found = mentions(doc)
    spans = [_trim((m.start_char, m.end_char), text) for m, _ in found]
    status = [_status(span, kind, gold) for span, (_, kind) in zip(spans, found, strict=True)]
    out: list[Example] = []
    for i, j, feats in candidate_pairs(doc, found):
        if "boundary" in (status[i], status[j]):
            continue
        right = status[i] == status[j] == "right" and (spans[i], spans[j]) in related
        out.append(Example(feats, int(right)))
    return out


def _status(span: tuple[int, int], kind: str, gold: dict[tuple[int, int], str]) -> str:
    """``right`` (a gold entity of that type), ``boundary`` (overlaps a gold entity of that type
    with other words) or ``wrong``."""
    if gold.get(span) == kind:
        return "right"
    if span not in gold and any(
        start < span[1] and span[0] < end and gold_kind == kind
        for (start, end), gold_kind in gold.items()
    ):
        return "boundary"
    return "wrong"


def _trim(span: tuple[int, int], text: str) -> tuple[int, int]:
    """``span`` without a final full stop (CoNLL04 glues a sentence's stop to its last word)."""
    if span[1] - span[0] > 1 and text[span[1] - 1] == ".":
        return span[0], span[1] - 1
    return span


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
        min_weight=MIN_WEIGHT,
    )
    model.meta.update(
        {
            "trained_on": train_file.name,
            "sentences": len(sentences),
            "pairs": len(data),
            "l2": L2,
            "epochs": EPOCHS,
            "min_count": MIN_COUNT,
            "min_weight": MIN_WEIGHT,
            "found_repeats": FOUND_REPEATS,
        }
    )
    if output is not None:
        model.save(output)
    return model
