"""Loading the statistical English model: the official package, its registry re-upload, or blank."""

from __future__ import annotations

import warnings

import spacy
from spacy.language import Language

from ..models import BLANK, DEFAULT_MODELS, ModelInfo, blank_info, installed_model

__all__ = ["BLANK", "DEFAULT_MODELS", "ModelInfo", "ModelMissingWarning", "load_model"]


class ModelMissingWarning(UserWarning):
    """No statistical model is installed: claimex runs on rules alone."""


def load_model(name: str | None = None) -> tuple[Language, ModelInfo]:
    """The model `name`, or the first default one installed, or a blank English pipeline with a warning."""
    if name == BLANK:
        return _blank(), blank_info()
    package = installed_model(name)
    if package is not None:
        return _load(package)
    warnings.warn(
        f"no English spaCy model is installed ({' or '.join(DEFAULT_MODELS)}); running with a blank "
        "English pipeline: figures and rule-based sources still work, named entities and parses do not. "
        "Run `make install` to install the model.",
        ModelMissingWarning,
        stacklevel=2,
    )
    return _blank(), blank_info()


def _load(package: str) -> tuple[Language, ModelInfo]:
    nlp = spacy.load(package)
    meta = nlp.meta
    return nlp, ModelInfo(f"{meta.get('lang', 'en')}_{meta.get('name', package)}", meta.get("version", "?"))


def _blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


