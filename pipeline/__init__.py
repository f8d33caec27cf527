"""claimex: figures, sources and claims from news articles, with flags for what looks wrong."""

from typing import TYPE_CHECKING

__version__ = "0.1.0"
#: Articles that go through the stages together: one task for a worker or Ray actor (`--batch-size`),
#: one `nlp.pipe` batch, one unit that is retried article by article when it fails.
BATCH_SIZE = 16

if TYPE_CHECKING:
    from .process import process_paths, process_text

__all__ = ["__version__", "process_paths", "process_text"]


def __getattr__(name: str):
    """`process_text` and `process_paths` load spaCy on first use, not on `import pipeline`."""
    if name in ("process_text", "process_paths"):
        from . import process

        return getattr(process, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
