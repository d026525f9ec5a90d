"""Fine-tune a copy of the base model's ``ner`` on CoNLL04: what ``kg train entities`` does.

The base pipeline's ``ner`` is loaded a second time (its own copy, with its own tok2vec), and
updated on CoNLL04's train split with Peop → PERSON, Org → ORG and Loc → the base model's own
label for that span when it is a place (GPE, LOC or FAC), else GPE. ``Other`` (dates, numbers,
nationalities, …) is left unannotated, so those words teach nothing either way. The copy is
written with the component's ``to_disk`` beside its config; the original ``ner`` is never
touched.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc
from spacy.training import Example, offsets_to_biluo_tags
from thinc.api import fix_random_seed

from ..errors import ModelError
from ..eval.conll04 import ConllSentence, read_conll04
from .component import CONFIG_FILE, PROPOSED

#: hyper-parameters, chosen once on a held-out fifth of the train split (see the README)
SEED = 4
EPOCHS = 7
DROPOUT = 0.2
BATCH_SIZE = 16
#: CoNLL04 type → spaCy label (Loc: see :func:`place_label`)
LABELS = {"Peop": "PERSON", "Org": "ORG", "Loc": "GPE"}
PLACE_LABELS = ("GPE", "LOC", "FAC")
#: what CoNLL04's Other entities (dates, numbers, nationalities, …) teach: "outside" or "missing"
OTHER = "outside"


@dataclass(frozen=True)
class Trained:
    epochs: int
    examples: int
    losses: tuple[float, ...]  # the ner loss of each epoch


def base_ner(model: str) -> Language:
    """The base pipeline reduced to its tokenizer and a fresh copy of its ``ner``."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(f"cannot load the spaCy model {model!r} ({exc})") from None
    if "ner" not in nlp.pipe_names:
        raise ModelError(f"the spaCy model {model!r} has no ner to fine-tune")
    # en_core_web_sm's ner has its own tok2vec, so nothing else is needed to run it
    nlp.select_pipes(enable=["ner"])
    return nlp


def place_label(doc: Doc, start: int, end: int) -> str:
    """The base model's label for a place span when it gives one, else GPE."""
    for ent in doc.ents:
        if ent.start_char == start and ent.end_char == end and ent.label_ in PLACE_LABELS:
            return ent.label_
    return LABELS["Loc"]


def _aligned(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Character bounds of a gold span on spaCy's tokens, without punctuation at its edges:
    CoNLL04 glues a sentence's full stop to its last token (``Paris.``), which spaCy splits,
    and cuts abbreviations spaCy keeps whole (``Va`` of ``Va.``)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    first, last = span.start, span.end
    while last - first > 1 and doc[last - 1].is_punct:
        last -= 1
    while last - first > 1 and doc[first].is_punct:
        first += 1
    return doc[first].idx, doc[last - 1].idx + len(doc[last - 1])


def examples(
    sentences: Sequence[ConllSentence], nlp: Language, *, other: str = OTHER
) -> list[Example]:
    """Training examples: the sentences tokenized by ``nlp``, gold names as spaCy labels.

    ``Other`` entities are outside any entity (``other="outside"``) or missing values, which
    teach nothing (``"missing"``); so is a name overlapping another one once aligned.
    Everything else is outside any entity.
    """
    out: list[Example] = []
    base_docs = nlp.pipe(s.text for s in sentences)
    for sentence, base in zip(sentences, base_docs, strict=True):
        spans: list[tuple[int, int, str]] = []
        unknown: list[tuple[int, int]] = []
        for (start, end), kind in sentence.entities:
            bounds = _aligned(base, start, end) if kind in LABELS else None
            if bounds is not None and any(bounds[0] < e and s < bounds[1] for s, e, _ in spans):
                bounds = None
            if bounds is None and (kind in LABELS or other == "missing"):
                unknown.append((start, end))
            elif bounds is None:
                continue
            elif kind == "Loc":
                spans.append((*bounds, place_label(base, *bounds)))
            else:
                spans.append((*bounds, LABELS[kind]))
        tags = offsets_to_biluo_tags(base, spans)
        for start, end in unknown:
            for token in base.char_span(start, end, alignment_mode="expand") or ():
                tags[token.i] = "-"
        out.append(Example.from_dict(nlp.make_doc(sentence.text), {"entities": tags}))
    return out


def fit(
    train: Sequence[Example],
    nlp: Language,
    *,
    epochs: int = EPOCHS,
    dropout: float = DROPOUT,
    seed: int = SEED,
    on_epoch: Callable[[int, float], None] | None = None,
) -> Trained:
    """Update ``nlp``'s ``ner`` on ``train`` for ``epochs`` passes (same seed, same result)."""
    fix_random_seed(seed)
    shuffle = random.Random(seed)
    optimizer = nlp.resume_training()
    order = list(train)
    losses: list[float] = []
    for epoch in range(epochs):
        shuffle.shuffle(order)
        loss: dict[str, float] = {}
        for first in range(0, len(order), BATCH_SIZE):
            nlp.update(order[first : first + BATCH_SIZE], drop=dropout, sgd=optimizer, losses=loss)
        losses.append(round(float(loss.get("ner", 0.0)), 3))
        if on_epoch is not None:
            on_epoch(epoch + 1, losses[-1])
    return Trained(epochs, len(order), tuple(losses))


def save(nlp: Language, directory: Path, meta: dict[str, Any]) -> None:
    """Write the fine-tuned ``ner`` (weights, transitions) and the config to rebuild it."""
    directory.mkdir(parents=True, exist_ok=True)
    ner = cast(EntityRecognizer, nlp.get_pipe("ner"))
    ner.to_disk(directory, exclude=["vocab"])
    config = {"component": nlp.config["components"]["ner"], **meta}
    (directory / CONFIG_FILE).write_text(
        json.dumps(config, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )


def train_entities(
    path: Path,
    model: str,
    *,
    output: Path,
    epochs: int = EPOCHS,
    on_stage: Callable[[str], None] | None = None,
) -> Trained:
    """Fine-tune a copy of ``model``'s ner on the CoNLL04 file ``path`` and save it in ``output``."""
    say = on_stage or (lambda _text: None)
    sentences = read_conll04(path)
    nlp = base_ner(model)
    say(f"read {len(sentences)} sentences from {path}")
    train = examples(sentences, nlp)
    trained = fit(
        train, nlp, epochs=epochs, on_epoch=lambda n, loss: say(f"epoch {n}: loss {loss}")
    )
    meta = {
        "base_model": model,
        "base_version": str(nlp.meta.get("version", "")),
        "train_file": path.name,
        "sentences": len(sentences),
        "epochs": epochs,
        "dropout": DROPOUT,
        "other": OTHER,
        "seed": SEED,
        "proposes": list(PROPOSED),
    }
    save(nlp, output, meta)
    return trained


def proposals(nlp: Language, texts: Iterable[str]) -> Iterable[list[tuple[int, int, str]]]:
    """Character spans and labels the (fine-tuned) ``ner`` of ``nlp`` proposes."""
    for doc in nlp.pipe(texts):
        yield [(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in PROPOSED]
