"""normalize: the working text maps back onto the original text exactly."""

from __future__ import annotations

from conftest import SEED
from hypothesis import given, settings
from hypothesis import strategies as st

from claimex.normalize import SYMBOL_RUN_PIECE, Normalizer
from claimex.rules import load_rules

NORMALIZER = Normalizer(load_rules())

# Text built from pieces that trigger every kind of repair, mixed with ordinary words.
PIECES = st.sampled_from([
    "2023The", "Leifeng.comKappa", "diverseHow", "iPhone", "YouTube", " ", "\u00a0", "\u200b", "’", "“",
    "caf\u00c3\u00a9", "\n", "400 million", "word", "The", ".", "McDonald's", "$" * 70,
])
TEXTS = st.lists(PIECES | st.text(max_size=5), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, data=st.data())
def test_any_working_span_maps_inside_the_original(text: str, data: st.DataObject) -> None:
    normalized = NORMALIZER.normalize(text)
    start = data.draw(st.integers(0, len(normalized.text)))
    end = data.draw(st.integers(start, len(normalized.text)))
    original_start, original_end = normalized.offsets.to_original(start, end)
    assert 0 <= original_start <= original_end <= len(text)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_untouched_characters_map_to_identical_characters(text: str) -> None:
    normalized = NORMALIZER.normalize(text)
    edited = normalized.offsets
    for index, char in enumerate(normalized.text):
        start, end = edited.to_original(index, index + 1)
        if end - start == 1 and text[start] == char:
            continue
        # Otherwise the character must come from an edit (an inserted space, a fixed quote or mojibake).
        assert any(ws <= index < ws + width for ws, (width, _) in zip(edited.working_starts, edited.widths)), (
            f"character {index} ({char!r}) is not from an edit but maps to {text[start:end]!r}"
        )


def test_seed_article_repairs_exactly_the_three_glued_words() -> None:
    text = SEED.read_text(encoding="utf-8")
    repairs = NORMALIZER.normalize(text).repairs
    assert [(r.kind, text[r.start:r.end]) for r in repairs] == [
        ("fused_words", "Leifeng.comKappa"), ("fused_words", "2023The"), ("fused_words", "diverseHow"),
    ]


def test_working_text_gets_the_space_back_and_spans_map_to_the_original() -> None:
    text = "news came from Leifeng.comKappa (pseudonym)"
    normalized = NORMALIZER.normalize(text)
    assert normalized.text == "news came from Leifeng.com Kappa (pseudonym)"
    kappa = normalized.text.index("Kappa")
    start, end = normalized.offsets.to_original(kappa, kappa + 5)
    assert text[start:end] == "Kappa"


def test_mojibake_is_fixed_in_the_working_text_and_reported() -> None:
    text = "The caf\u00c3\u00a9 opened."
    normalized = NORMALIZER.normalize(text)
    assert normalized.text == "The café opened."
    assert [r.kind for r in normalized.repairs] == ["mojibake"]
    cafe = normalized.text.index("café")
    assert normalized.offsets.to_original(cafe, cafe + 4) == (4, 9)


def test_a_long_run_of_symbols_is_cut_into_short_pieces_without_a_repair() -> None:
    # spaCy's tokenizer is quadratic on such a run ("$" x 10000 took a minute); pieces keep it linear.
    text = "Price: " + "$" * 200 + " and a line of " + "-" * 64 + " stays."
    normalized = NORMALIZER.normalize(text)
    pieces = normalized.text.split()
    assert max(len(piece) for piece in pieces) == 64
    assert "$" * SYMBOL_RUN_PIECE in pieces and "$" * (SYMBOL_RUN_PIECE + 1) not in normalized.text
    assert "".join(normalized.text.split()) == "".join(text.split())
    assert normalized.repairs == []


def test_an_html_entity_in_an_ascii_line_is_repaired_like_mojibake() -> None:
    text = "Plain line first.\nSales at Field &amp; Stream rose 4 percent\n"
    normalized = NORMALIZER.normalize(text)
    assert normalized.text == "Plain line first.\nSales at Field & Stream rose 4 percent\n"
    assert [r.kind for r in normalized.repairs] == ["mojibake"]


TYPOGRAPHY = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026"


@given(st.text(alphabet=st.characters(max_codepoint=0x7f, exclude_characters="&\x1b") | st.sampled_from(TYPOGRAPHY)))
@settings(max_examples=300, deadline=None)
def test_ftfy_leaves_ascii_with_curly_quotes_and_dashes_as_it_is(text: str) -> None:
    """The normalizer does not ask ftfy about such lines: this is the premise, for the installed ftfy."""
    import ftfy

    from claimex.normalize import _FTFY

    assert ftfy.fix_text(text, _FTFY) == text


def test_mojibake_beside_curly_quotes_and_dashes_is_still_repaired() -> None:
    text = "\u201cThe caf\u00c3\u00a9 \u2014 on Dock Road \u2014 opened,\u201d she said\u2026\n"
    normalized = NORMALIZER.normalize(text)
    assert "caf\u00e9 \u2014" in normalized.text and [r.kind for r in normalized.repairs] == ["mojibake"]
