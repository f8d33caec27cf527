"""Line breaks end sentences: a line of an article is a paragraph, a title or a caption.

Machine-translated and scraped texts often lose a line's final punctuation ("… to 4\\nMost
economists are skeptical"); without this the parser joins the lines and finds the wrong subjects.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, cast

from spacy.language import Language
from spacy.tokens import Doc

if TYPE_CHECKING:
    from thinc.types import Ints2d

COMPONENT = "claimex_line_sentences"


@Language.component(COMPONENT, assigns=["token.is_sent_start"])
def mark_line_starts(doc: Doc) -> Doc:
    """Mark the first token after each line break as a sentence start.

    All at once through the doc's array: spaCy's `Token.is_sent_start` setter scans the whole doc for a
    parse on each call, which made marking every line of a long article quadratic in its length."""
    starts = [token.i for previous, token in pairwise(doc) if not token.is_space and "\n" in previous.text_with_ws]
    if starts:
        values = doc.to_array(["SENT_START"])
        values[starts] = 1
        doc.from_array(["SENT_START"], cast("Ints2d", values))  # spaCy types to_array's array as floats
    return doc


def add_line_sentences(nlp: Language) -> None:
    """Before the parser (which keeps preset boundaries), or after a blank pipeline's sentencizer."""
    nlp.add_pipe(COMPONENT, before="parser" if "parser" in nlp.pipe_names else None)
