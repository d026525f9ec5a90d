"""``kg_ner``: names proposed by kg's fine-tuned copy of the base model's ``ner``.

The copy (``kg train entities``: CoNLL04's train split) runs on a fresh ``Doc`` of the same
words, so the base ``ner`` and ``doc.ents`` stay as they were (kg needs the base model's dates,
amounts and nationalities). Its people, organisations and places are put on
``doc.spans["kg_ner"]`` with spaCy's labels (PERSON, ORG, GPE, LOC, FAC); nothing else is
changed. :func:`kg.ner.merge.merged_ents` combines them with ``doc.ents``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any, cast

from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc, Span

from ..errors import ModelError

#: the labels the fine-tuned copy proposes
PROPOSED = ("PERSON", "ORG", "GPE", "LOC", "FAC")
#: the file beside the weights that says how to rebuild the component
CONFIG_FILE = "config.json"
#: the weights kg ships (written by ``kg train entities``)
WEIGHTS_DIR = Path(__file__).resolve().parent / "conll04"
SPANS_KEY = "kg_ner"
#: where ``kg_ner_merge`` keeps the base model's own entities before it replaces ``doc.ents``
BASE_KEY = "kg_base_ner"


class NerProposals:
    """The ``kg_ner`` component: runs its own recognizer, writes ``doc.spans["kg_ner"]``."""

    def __init__(self, recognizer: EntityRecognizer, labels: Iterable[str] = PROPOSED) -> None:
        self.recognizer = recognizer
        self.labels = frozenset(labels)

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        stream = iter(stream)
        while docs := list(islice(stream, batch_size)):
            fresh = [
                Doc(
                    doc.vocab,
                    words=[t.text for t in doc],
                    spaces=[bool(t.whitespace_) for t in doc],
                )
                for doc in docs
            ]
            self.recognizer.set_annotations(fresh, self.recognizer.predict(fresh))
            for doc, copy in zip(docs, fresh, strict=True):
                doc.spans[SPANS_KEY] = [
                    Span(doc, e.start, e.end, label=e.label_)
                    for e in copy.ents
                    if e.label_ in self.labels
                ]
            yield from docs


def load_recognizer(nlp: Language, directory: Path) -> EntityRecognizer:
    """The fine-tuned ner saved in ``directory``, built in ``nlp``'s vocabulary."""
    config_path = directory / CONFIG_FILE
    if not config_path.exists() or not (directory / "model").exists():
        raise ModelError(
            f"kg_ner: no trained weights in {directory}. Train them with "
            "`kg train entities` (CoNLL04 train split) or leave kg_ner out of the pipeline."
        )
    saved: dict[str, Any] = json.loads(config_path.read_text(encoding="utf-8"))
    config = {k: v for k, v in saved["component"].items() if k != "factory"}
    recognizer = cast(EntityRecognizer, nlp.create_pipe("ner", name="kg_ner_model", config=config))
    return recognizer.from_disk(directory, exclude=["vocab"])


@Language.factory(
    "kg_ner",
    assigns=["doc.spans"],
    default_config={"weights": None, "labels": list(PROPOSED)},
)
def make_kg_ner(nlp: Language, name: str, weights: str | None, labels: list[str]) -> NerProposals:
    return NerProposals(load_recognizer(nlp, Path(weights) if weights else WEIGHTS_DIR), labels)
