"""Rule models for the ingest stage."""

from __future__ import annotations

from pydantic import Field

from .base import Rule


class LanguageSetting(Rule):
    """Which languages claimex reads, and when a text is judged to be in another one.

    The rules of every stage are written for English: an article in another language would come
    out as figures read wrong and claims with nonsense subjects, so it is not read at all.
    """

    reads: list[str] = Field(min_length=1, description="ISO 639-1 codes of the languages the rules are written for")
    min_letters: int = Field(ge=0, description="a text with fewer letters is too short to judge and always read")
    min_distinct_letters: int = Field(ge=0, description=(
        "a text written with fewer different letters ('a a a …') is in no language to judge, and always read"))
    sample_chars: int = Field(gt=0, description="how much of the text's start the language identifier looks at")
    max_probability: float = Field(gt=0, lt=1, description=(
        "a text is in none of the read languages when the identifier gives each of them less than this"))
    telltale_words: list[str] = Field(default_factory=list, description=(
        "words of the read languages that no other language writes alike (lower case): a sample where they are "
        "frequent is read without asking the identifier"))
    min_telltale_per_100_letters: float = Field(default=1.0, gt=0, description=(
        "how many telltale words per 100 letters of the sample make it read without the identifier"))


FILES: dict[str, type[Rule]] = {
    "ingest/language": LanguageSetting,
}
