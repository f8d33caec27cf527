"""claimex: figures, sources and claims from news articles, with flags for what looks wrong.

Imported as `claimex` (`import claimex`, `python -m claimex`): the source folder is `pipeline/`,
installed under the name `claimex` (setup.cfg `package_dir`). The folder's own name is not an
import name: a second copy of the package under it would register claimex's spaCy components
twice and hold pydantic classes that are not the records' classes.
"""

from typing import TYPE_CHECKING

if __name__ != "claimex":
    raise ImportError(f"claimex is imported as `claimex` (`import claimex`, `python -m claimex`), not as `{__name__}`; "
                      "pipeline/ is only the folder its source lives in")

__version__ = "0.1.0"
#: Articles that go through the stages together: one task for a worker or Ray actor (`--batch-size`),
#: one `nlp.pipe` batch, one unit that is retried article by article when it fails.
BATCH_SIZE = 16

if TYPE_CHECKING:
    from .process import process_paths, process_text

__all__ = ["__version__", "process_paths", "process_text"]


def __getattr__(name: str):
    """`process_text` and `process_paths` load spaCy on first use, not on `import claimex`."""
    if name in ("process_text", "process_paths"):
        from . import process

        return getattr(process, name)
    raise AttributeError(f"module 'claimex' has no attribute {name!r}")
