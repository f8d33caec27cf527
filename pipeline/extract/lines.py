"""Line breaks end sentences: a line of an article is a paragraph, a title or a caption.

Machine-translated and scraped texts often lose a line's final punctuation ("… to 4\\nMost
economists are skeptical"); without this the parser joins the lines and finds the wrong subjects.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, cast

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from .extensions import doc_text

if TYPE_CHECKING:
    from thinc.types import Ints2d

COMPONENT = "claimex_line_sentences"
_LINE_BREAK = re.compile("\n")


@Language.component(COMPONENT, assigns=["token.is_sent_start"])
def mark_line_starts(doc: Doc) -> Doc:
    """Mark the first token after each line break as a sentence start.

    All at once through the doc's array: spaCy's `Token.is_sent_start` setter scans the whole doc for a
    parse on each call, which made marking every line of a long article quadratic in its length. The
    tokens are read from the doc's arrays too, no Token objects made: a token's text with its whitespace
    runs up to where the next token starts, so a token follows a line break when a break lies between
    its own start and the previous token's."""
    if len(doc) < 2:
        return doc
    text = doc_text(doc)
    breaks = [found.start() for found in _LINE_BREAK.finditer(text)]
    if not breaks:
        return doc
    columns = doc.to_array(["IDX", "IS_SPACE"])
    # line breaks before each token's start; a break between two starts is in the earlier token's text
    before = numpy.searchsorted(numpy.array(breaks), columns[:, 0], side="left")
    starts = numpy.flatnonzero((before[1:] > before[:-1]) & (columns[1:, 1] == 0)) + 1
    if len(starts):
        values = doc.to_array(["SENT_START"])
        values[starts] = 1
        doc.from_array(["SENT_START"], cast("Ints2d", values))  # spaCy types to_array's array as floats
    return doc



def add_line_sentences(nlp: Language) -> None:
    """Before the parser (which keeps preset boundaries), or after a blank pipeline's sentencizer."""
    nlp.add_pipe(COMPONENT, before="parser" if "parser" in nlp.pipe_names else None)
