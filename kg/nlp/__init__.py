"""Extraction: a spaCy pipeline with kg's registered components."""

from .pipeline import add_components, load_nlp, resolve_model_name

__all__ = ["add_components", "load_nlp", "resolve_model_name"]
