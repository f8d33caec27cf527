"""Line breaks end sentences: a line of an article is a paragraph, a title or a caption.

Machine-translated and scraped texts often lose a line's final punctuation ("… to 4\\nMost
economists are skeptical"); without this the parser joins the lines and finds the wrong subjects.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

COMPONENT = "claimex_line_sentences"


@Language.component(COMPONENT, assigns=["token.is_sent_start"])
def mark_line_starts(doc: Doc) -> Doc:
    """Mark the first token after each line break as a sentence start."""
    previous = None
    for token in doc:
        if previous is not None and not token.is_space and "\n" in previous.text_with_ws:
            token.is_sent_start = True
        previous = token
    return doc


def add_line_sentences(nlp: Language) -> None:
    """Before the parser (which keeps preset boundaries), or after a blank pipeline's sentencizer."""
    nlp.add_pipe(COMPONENT, before="parser" if "parser" in nlp.pipe_names else None)
