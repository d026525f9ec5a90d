"""Run kg's pipeline over a gold corpus and score it: what ``kg eval`` does."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..articles import Article
from ..ingest import doc_for
from ..rdf.mapping import article_triples
from .conll04 import read_conll04, score_conll04
from .extent import described_names, meantime_extents
from .meantime import CLASS_TO_TYPE, read_meantime, score_meantime
from .predictions import Predicted, read_predictions
from .scoring import Score

if TYPE_CHECKING:
    from spacy.language import Language

#: kg classes MEANTIME types LOC, whose extents join the place they lie in ("Toulouse, France")
PLACE_CLASSES = frozenset(cls for cls, kind in CLASS_TO_TYPE.items() if kind == "LOC")

#: called with each document's name once it has been analysed
OnDocument = Callable[[str], None]


@dataclass(frozen=True)
class EvalReport:
    """The scores of one run, with how many documents it read and how long it took."""

    corpus: str
    scores: dict[str, Score]
    documents: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        """The ``--json`` object: one entry per metric, then ``documents`` and ``seconds``."""
        out: dict[str, Any] = {name: score.as_dict() for name, score in self.scores.items()}
        out["documents"] = self.documents
        out["seconds"] = round(self.seconds, 2)
        return out


def analyse(
    articles: Sequence[Article], nlp: Language, on_document: OnDocument | None = None
) -> list[Predicted]:
    """Run the pipeline on each article as ``kg ingest`` would and read back its triples.

    Each entity mention also gets the extent of the noun phrase it heads, from the article's
    parse (:mod:`kg.eval.extent`), for the scorers whose gold marks noun phrases."""
    out: list[Predicted] = []
    for article in articles:
        doc = nlp(doc_for(nlp, article))  # as KnowledgeGraph.analyse does, keeping the Doc
        _, triples = article_triples(article, doc)
        predicted = read_predictions(triples, article.text)
        places = {m.span for m in predicted.entities if m.cls in PLACE_CLASSES}
        products = {m.span for m in predicted.entities if m.cls == "Product"}
        extents = meantime_extents(doc, {m.span for m in predicted.entities}, places, products)
        persons = {m.span for m in predicted.entities if m.cls == "Person"}
        described = described_names(doc, extents, persons)
        out.append(replace(predicted, extents=extents, described=described))
        if on_document is not None:
            on_document(article.file_name or article.title[:40])
    return out


def evaluate_meantime(
    directory: str | Path,
    *,
    nlp: Language,
    limit: int | None = None,
    on_start: Callable[[int], None] | None = None,
    on_document: OnDocument | None = None,
) -> EvalReport:
    """Score kg on a MEANTIME folder (see :mod:`kg.eval.meantime`)."""
    return _evaluate(
        "meantime", lambda: read_meantime(Path(directory), limit), score_meantime,
        nlp, on_start, on_document,
    )  # fmt: skip


def evaluate_conll04(
    path: str | Path,
    *,
    nlp: Language,
    limit: int | None = None,
    on_start: Callable[[int], None] | None = None,
    on_document: OnDocument | None = None,
) -> EvalReport:
    """Score kg on a CoNLL04 file (see :mod:`kg.eval.conll04`)."""
    return _evaluate(
        "conll04", lambda: read_conll04(Path(path), limit), score_conll04,
        nlp, on_start, on_document,
    )  # fmt: skip


def _evaluate(
    corpus: str,
    read: Callable[[], Sequence[Any]],
    score: Callable[[Any, list[Predicted]], dict[str, Score]],
    nlp: Language,
    on_start: Callable[[int], None] | None,
    on_document: OnDocument | None,
) -> EvalReport:
    """Read the gold documents, analyse their texts as ``kg ingest`` would, score them."""
    started = time.perf_counter()
    docs = read()
    if on_start is not None:
        on_start(len(docs))
    predicted = analyse([d.article() for d in docs], nlp, on_document)
    return EvalReport(corpus, score(docs, predicted), len(docs), time.perf_counter() - started)
