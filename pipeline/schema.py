"""The output contract: pydantic models for every record claimex writes.

These models are the single source of truth for `records.jsonl` and `manifest.json`; the JSON
Schema printed by `claimex schema` is generated from them. Field names listed in DESIGN.md are a
contract read by other tools: add fields freely, never rename or drop one.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializationInfo, SerializerFunctionWrapHandler, model_serializer

SCHEMA_ID = "claimex.article/1"

Span = tuple[int, int]
FigureKind = Literal["count", "money", "percent", "multiple", "quantity", "number"]
Qualifier = Literal["approx", "more_than", "less_than", "at_least", "at_most", "up_to"]
SourceKind = Literal["credit_line", "according_to", "said", "outlet", "anonymous", "data", "byline"]
Severity = Literal["error", "warning", "info"]
#: What a time is to the figures near it, when not the period they report: a change's base, a deadline.
TimeRole = Literal["base", "bound", "names"]
#: Where the year relative times resolve against came from.
ReferenceSource = Literal["published", "dateline", "text"]


class Record(BaseModel):
    """Base for every output model: unknown fields are rejected so typos never pass silently."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class OmitsEmpty(Record):
    """A model some of whose fields are written only when they hold something.

    The translation-QA fields (`source_text`, `alignment`, `source_spans`, ...) are empty for an
    English-only article; leaving them out keeps such records exactly as they were before the
    fields existed. Reading a record back fills them with their defaults.
    """

    omit_when_empty: ClassVar[frozenset[str]] = frozenset()

    @model_serializer(mode="wrap")
    def _omit_empty(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            for name in self.omit_when_empty:
                if name in data and data[name] in (None, [], {}):
                    del data[name]
        return data


class Article(OmitsEmpty):
    """One input article; `text` is the string every offset in the record indexes."""

    omit_when_empty = frozenset({"renamed_from", "site_name", "source_text", "source_language", "source_segments"})

    id: str
    renamed_from: str | None = Field(
        None, description="the id this article would have had, had an earlier input of the run not taken it")
    path: str | None = None
    sha256: str
    title: str | None = None
    author: str | None = None
    published: str | None = Field(None, description="ISO 8601 date when known")
    language: str = Field("en", description=(
        "ISO 639-1 code of the text's language: en, or the language found when the text is in one the rules "
        "do not read (the record then carries an error and nothing read from the text)"))
    text: str
    url: str | None = None
    site_name: str | None = Field(
        None, description="the name of the site that publishes the article, from its page's metadata (\"CNN\")")
    reference_year: int | None = Field(
        None, description="year relative times resolve against: from `published`, else inferred from the text"
    )
    reference_year_inferred: bool = False
    reference_date: str | None = Field(
        None, description='the day "today" and weekdays resolve against: the published date or a dateline\'s ("XXXX-02-10")')
    reference_source: ReferenceSource | None = Field(
        None, description="where reference_year came from: the article's date, a dateline, or a past fact in the text"
    )
    source_text: str | None = Field(
        None, description="the text this article was translated from; source offsets index it"
    )
    source_language: str | None = Field(None, description="language of `source_text` (ISO 639-1), e.g. zh")
    source_segments: list[tuple[int, int, int, int]] | None = Field(
        None, description="segment alignment given with the input: [t_start, t_end, s_start, s_end] per segment"
    )


class Entity(Record):
    id: str
    name: str
    label: str
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Span] = Field(default_factory=list)


#: How the written form of a figure is broken (see `FigureParts.garble`).
Garbling = Literal["two_scale_words", "torn_decimal"]


class FigureParts(OmitsEmpty):
    """How a figure was read: what checks need besides the final value."""

    omit_when_empty = frozenset({"garble", "base_value", "base_unit"})

    mantissa: float | None = None
    scale_word: str | None = None
    factor: float | None = None
    sign: str | None = None
    direction: Literal["up", "down"] | None = Field(None, description='"down 3.1%": a change stated by a word, value as printed')
    rule: str | None = Field(None, description="id of the rule that produced the figure")
    evidence: Span | None = Field(None, description="garbled text around the figure, e.g. a fused year")
    fused_year: int | None = None
    currency_inferred: bool = Field(False, description="currency not printed, taken from the story's only currency")
    garble: Garbling | None = Field(None, description=(
        "how the written form of the figure is broken, though its value could be read: `two_scale_words` "
        "for two scale words in a row each with its own number ('$2 billion 300 million' is read as one "
        "figure of 2.3 billion; `mantissa` is then the whole amount over `factor`), `torn_decimal` for a "
        "decimal torn by a space after its point ('6. 35%' is read as 6.35%). Checks flag these from here"))
    base_value: float | None = Field(None, description=(
        "a quantity in the base unit of its dimension, through pint: '3.2 GW' (value 3.2, unit GW) is 3.2e9 W"))
    base_unit: str | None = Field(None, description="the unit of `base_value`: m, kg, m2, l, W, Wh, km/h, Hz")


class Figure(Record):
    id: str
    text: str
    start: int
    end: int
    value: float
    kind: FigureKind
    unit: str | None = Field(None, description=(
        "% or pp for percentages, x for multiples, the counted noun ('users'), a unit of measure as written "
        "('km', 'GW'); for money a price per unit ('/W') or the minor unit an amount is written in ('cent': "
        "'34 cents' is value 34, no currency)"))
    currency: str | None = None
    qualifier: Qualifier | None = None
    range: tuple[float, float] | None = None
    parts: FigureParts = Field(default_factory=FigureParts)


class Time(OmitsEmpty):
    omit_when_empty = frozenset({"of_figure"})

    id: str
    text: str
    start: int
    end: int
    value: str | None = Field(None, description="ISO 8601: 2022, 2022-12, 2023-04-16, 2023-H2, 2023-Q3, A/B")
    role: TimeRole | None = Field(
        None, description='"base": the base of a change ("from last year"); "bound": a deadline ("by 2028"); '
                          '"names": a year that names a thing the sentence compares or refers to ("surpassing the '
                          '2011 earthquake"), which dates only figures of that thing')
    rule: str | None = None
    of_figure: bool | None = Field(
        None, description='true when the time dates only the figure right before it ("330,600 in 2021")')


class Source(OmitsEmpty):
    omit_when_empty = frozenset({"entity", "publisher", "listener"})

    id: str
    text: str
    start: int
    end: int
    kind: SourceKind
    name: str | None = None
    entity: str | None = Field(
        None, description='the entity a described source stands for ("the company said": the company meant), whose name is `name`')
    covers: Span | None = Field(None, description="text a source applies to when not its whole sentence: a credit line's "
                                                   "block above it, a speaker's side clause ('though officials say …')")
    rule: str | None = None
    publisher: bool | None = Field(
        None, description="true when the source names the outlet that publishes the article (its site name or its URL's "
                          "site, \"told CNN\" on a CNN page): the article's own reporting is that outlet's")
    listener: bool | None = Field(
        None, description="true for an outlet named as the one told (\"an analyst told Business Insider\"): it is cited, "
                          "but the speaker speaks for what was said, so it is no figure's source unless it publishes the article")


class Claim(Record):
    id: str
    figure: str
    start: int
    end: int
    subject: str | None = None
    metric: str | None = None
    time: str | None = None
    base_time: str | None = Field(
        None, description='time a change is measured against ("down 4.2% from the same period last year")')
    source: str | None = None
    hedge: str | None = None


class Flag(OmitsEmpty):
    omit_when_empty = frozenset({"source_spans"})

    id: str
    kind: str
    severity: Severity
    message: str
    spans: list[Span] = Field(default_factory=list)
    refs: list[str] = Field(default_factory=list)
    suggestion: str | None = None
    check: str | None = Field(None, description="name of the check or stage that raised the flag")
    related: list[dict[str, Any]] = Field(
        default_factory=list, description="evidence in other articles: {article, spans, refs}"
    )
    source_spans: list[Span] = Field(
        default_factory=list, description="evidence in `article.source_text` (translation checks)"
    )


class SourceFigure(Record):
    """A figure of the source text; offsets index `article.source_text`."""

    id: str
    text: str
    start: int
    end: int
    value: float
    kind: FigureKind
    unit: str | None = None
    currency: str | None = None
    qualifier: Qualifier | None = None
    range: tuple[float, float] | None = None
    rule: str | None = Field(None, description="id of the rule that read it (unit, currency or reading)")
    name: str | None = Field(None, description="the name a numeral is part of (“两个确立”): it names, it does not count")


class SourceTime(Record):
    """A date or period of the source text ("2023年", "2月10日", "第三季度"): a time, never a figure."""

    id: str
    text: str
    start: int
    end: int
    value: str = Field(description="ISO 8601 where known; XXXX for a year the text does not give (XXXX-02-10)")
    rule: str | None = None


class Alignment(Record):
    """One segment of the translation and the part of the source it translates."""

    text: Span
    source: Span
    method: Literal["given", "aligned"] = Field(
        description="given: segments came with the input; aligned: found by claimex's sentence aligner"
    )
    confidence: float = Field(description="1 for given segments; the aligner's score in [0, 1] otherwise")
    sure: bool = Field(description="whether figures may be compared across this segment pair")


class StageError(Record):
    stage: str
    message: str


class Provenance(Record):
    version: str
    model: str
    rules_sha256: str


class ArticleRecord(OmitsEmpty):
    """One line of `records.jsonl`."""

    omit_when_empty = frozenset({"alignment", "source_figures", "source_times", "named_numbers", "set_aside_numbers"})

    schema_: str = Field(SCHEMA_ID, alias="schema")
    article: Article
    entities: list[Entity] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    times: list[Time] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    errors: list[StageError] = Field(default_factory=list)
    provenance: Provenance
    alignment: list[Alignment] = Field(default_factory=list)
    source_figures: list[SourceFigure] = Field(default_factory=list)
    source_times: list[SourceTime] = Field(default_factory=list)
    named_numbers: list[Figure] = Field(default_factory=list, description=(
        "numbers that label rather than count, no figures: part of a name ('the \"two establishments\"'), a "
        "score ('3-1'), a pair like 'the 9/2 consensus' or a date written '5/17' (ids n1, n2, ...); the "
        "translation check says when the source's numbered name was rendered word for word"))
    set_aside_numbers: list[Figure] = Field(default_factory=list, description=(
        "with a source text only: the other numbers of the translation that are no figures (a rank '16th', a "
        "day, a compound such as '92-year'; ids a1, a2, ...; `parts.rule` names the rule that set each aside): "
        "the translation check compares them with the source's counts, numbered names and dates"))

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True)


class Failure(Record):
    article: str
    path: str | None = None
    reasons: list[str]


class RenamedId(Record):
    """An article whose id an earlier input of the run had taken: it got a stable suffix."""

    id: str
    renamed_from: str
    path: str | None = None


class Manifest(Record):
    """`manifest.json`: what a run read, produced and failed on."""

    schema_: str = Field("claimex.manifest/1", alias="schema")
    version: str
    model: str
    rules_sha256: str
    started: str
    finished: str
    seconds: float
    inputs: list[str]
    counts: dict[str, int]
    failures: list[Failure] = Field(default_factory=list)
    timings: dict[str, float] = Field(default_factory=dict)
    workers: int = 1
    skipped_unchanged: int = Field(0, description="articles whose record came from the cache of a previous run")
    engine: str = Field("local", description="what ran the articles: local (processes on this machine) or ray")
    limits: dict[str, float | int | None] = Field(
        default_factory=dict, description="per-article limits of the run: article_timeout (seconds), max_chars")
    renamed_ids: list[RenamedId] = Field(
        default_factory=list, description="articles whose id was taken by an earlier input, with the id they got")
    skipped_outputs: list[str] = Field(
        default_factory=list, description="claimex outputs found among the inputs (OUTDIR, earlier runs) and not read")

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)


def record_json_schema() -> dict[str, Any]:
    """JSON Schema of one `records.jsonl` line, generated from the models."""
    return ArticleRecord.model_json_schema(by_alias=True)
