"""Figures benchmark: claimex, quantulum3 and Microsoft Recognizers-Text side by side, in one run.

    python bench/figures.py [--shared ../shared]

Prints:
  (a) the Recognizers-Text English specs scored kind-strict by ../shared/tools/score_specs.py's own
      views and matching (number: every figure; percent: percentages only; currency: money only),
      each view split into a tune and a report half by a hash of the case input;
  (b) the mt-news gold articles (../shared/mt-news/gold), tune and report halves by the articles'
      `split`: figure span F1, value, qualifier and currency accuracy;
  (c) the dev corpus, the same scores (a regression check);
  (d) characters per second;
then every spec case claimex misses, grouped by reason: DESIGN for what DESIGN.md says is no figure
or notation declined on purpose, gap for what is not read yet.
The peers are the `bench` extra (`pip install -e '.[bench]'`); they are fed a paragraph at a time
because both slow down super-linearly on long inputs. A peer that fails to import is reported and
skipped.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import math
import re
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from claimex.extract.figures import FigureReader
from claimex.process import Processor
from claimex.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]

#: Where the spec expects what DESIGN.md says is not a figure, or notation claimex does not read on
#: purpose, first match wins: (reason, pattern over the input, flags). Every other miss is a "gap".
DECLINED = [
    ("DESIGN: a duration that sets the period of another figure",
     r"\b(?:in|over|after|for)\s+(?:\S+\s+){1,2}(?:years?|months?|days?)\b", re.IGNORECASE),
    ("gap: a year-like numerator (2000 over 3) is read as a year", r"\b(?:1[89]|20)\d\d\s+over\b", 0),
    ("DESIGN: a date or a year", r"\d+/\d+/\d+|(?<![\d-])(?:1[89]|20)\d\d\b", 0),
    ("DESIGN: a phone number or an IP address", r"\d+\.\d+\.\d+|\+?\d-\d{3}-", 0),
    ("DESIGN: a model or code name (SCP-173)", r"\b[A-Z]{2,}-\d", 0),
    ("DESIGN: a glued or spaced G is a network generation in news (5G, 10G), not giga", r"\d\s*G\b", 0),
    ("DESIGN: a spaced M or k after a bare number is not read as a scale (3 M, 10 k)", r"\d\s+[Mk]\b", 0),
    ("DESIGN: a comma is a thousands separator or a list, never a decimal comma (1,3; 22,24,26)",
     r"\d,\d{1,2}(?!\d)", 0),
    ("DESIGN: a sign with a space after it is a dash or a bullet (- 1 4/5)", r"(?:^|\s)-\s+\d", 0),
    ("DESIGN: 'one' alone is a pronoun or an idiom (one last time)", r"\bone\s+last\b", re.IGNORECASE),
    ("DESIGN: a rank (two millionth)", r"\b(?:two|three|four|five|six|seven|eight|nine)\s+\w+th\b(?!s)", re.IGNORECASE),
    ("DESIGN: a sequence of spoken digits (three-nought-four) is not one number",
     r"\b(?:nought|naught|oh)-", re.IGNORECASE),
    ("gap: 'and' after a tens word (twenty and three) is two numbers", r"\bty\s+and\s+\w+\s+and\b", 0),
    ("gap: a multiplying compound of scale words (three lakh crore, two thirds of a million)",
     r"\blakh\s+crore\b|\bof\s+an?\s+(?:million|billion|thousand)\b", re.IGNORECASE),
    ("gap: an amount in two denominations joined by 'and one and' (one dollar and one and one point)",
     r"\band\s+(?:one|two|three)\s+and\b", 0),
    ("gap: a currency in a script or spelling CLDR's English data lacks (ரூ, sen)", r"ரூ|\bsen\b", 0),
]
#: Recognizers-Text's model for each kind-strict view of score_specs.py.
RECOGNIZER_FOR_VIEW = {"number": "number", "percent": "percentage", "currency": "currency"}
RECOGNIZER_CURRENCY_NAMES = {
    "Dollar": "USD", "United States dollar": "USD", "Chinese yuan": "CNY", "Japanese yen": "JPY", "Euro": "EUR",
    "British pound": "GBP", "Pound": "GBP", "Hong Kong dollar": "HKD", "Singapore dollar": "SGD",
}


@dataclass(frozen=True)
class Found:
    """One figure as a system reads it, with offsets into the text it was given."""

    start: int
    end: int
    value: float
    currency: str | None = None
    qualifier: str | None = None


@dataclass
class System:
    name: str
    read: Callable[[str], list[Found]]  # a paragraph or short text
    read_spec: Callable[[str, str], list[float]]  # (input, kind-strict view) -> values
    whole_articles: bool = False
    error: str | None = None


# -- the systems -------------------------------------------------------------------------------

def claimex_system(specs: ModuleType) -> System:
    processor = Processor()  # the default model: what `claimex run` uses

    def read(text: str) -> list[Found]:
        record = processor.process_text(text)
        return [Found(f.start, f.end, f.value, f.currency, f.qualifier) for f in record.figures]

    def read_spec(text: str, view: str) -> list[float]:
        figures = [figure.model_dump() for figure in processor.process_text(text).figures]
        return list(specs.view(figures, view))  # score_specs.py's own kind-strict view

    return System("claimex", read, read_spec, whole_articles=True)


def quantulum_system() -> System:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser
            parser.parse("warm up 3 km")
    except Exception as error:
        return _missing("quantulum3", error)

    def quantities(text: str) -> list:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return list(parser.parse(text))

    def read(text: str) -> list[Found]:
        return [Found(q.span[0], q.span[1], float(q.value), getattr(q.unit, "currency_code", None) or None)
                for q in quantities(text)]

    def read_spec(text: str, view: str) -> list[float]:
        found = quantities(text)
        if view == "percent":
            found = [q for q in found if q.unit.name == "percentage"]
        elif view == "currency":
            found = [q for q in found if q.unit.entity.name == "currency"]
        return [float(q.value) for q in found]

    return System("quantulum3", read, read_spec)


def recognizers_system() -> System:
    try:
        from recognizers_number import Culture, recognize_number, recognize_percentage
        from recognizers_number_with_unit import recognize_currency, recognize_dimension
    except Exception as error:
        return _missing("Recognizers-Text", error)
    models = {"number": recognize_number, "percentage": recognize_percentage, "currency": recognize_currency,
              "dimension": recognize_dimension}

    def run(model: str, text: str) -> list:
        return list(models[model](text, Culture.English))

    def read(text: str) -> list[Found]:
        found: list[Found] = []
        for model in ("currency", "percentage", "dimension", "number"):  # the specific model wins an overlap
            for result in run(model, text):
                value = _number(result.resolution.get("value")) if result.resolution else None
                start, end = result.start, result.end + 1
                if value is None or any(f.start < end and start < f.end for f in found):
                    continue
                unit = result.resolution.get("isoCurrency") or RECOGNIZER_CURRENCY_NAMES.get(result.resolution.get("unit"))
                found.append(Found(start, end, value, unit if model == "currency" else None))
        return found

    def read_spec(text: str, view: str) -> list[float]:
        values = []
        for result in run(RECOGNIZER_FOR_VIEW[view], text):
            values += _values(result.resolution.get("value") if result.resolution else None)
        return values

    return System("Recognizers-Text", read, read_spec)


def _missing(name: str, error: Exception) -> System:
    def nothing(*_args: object) -> list:
        return []

    return System(name, nothing, nothing, error=f"{type(error).__name__}: {error}")


def load_score_specs(shared: Path) -> ModuleType:
    """../shared/tools/score_specs.py as a module: its cases, skips, kind-strict views and matching."""
    path = shared / "tools" / "score_specs.py"
    spec = importlib.util.spec_from_file_location("score_specs", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def half_of(key: str) -> str:
    """The half a spec case belongs to, by a hash of its input: `tune` or `report`."""
    return "tune" if hashlib.sha256(key.encode("utf-8")).digest()[0] % 2 == 0 else "report"


# -- (a) specs, kind-strict --------------------------------------------------------------------

@dataclass
class SpecScore:
    expected: int = 0
    hit: int = 0
    predicted: int = 0

    def add(self, expected: list[float], predicted: list[float], match: Callable[[list[float], list[float]], int]) -> int:
        hits = match(expected, predicted)
        self.expected += len(expected)
        self.predicted += len(predicted)
        self.hit += hits
        return hits

    @property
    def recall(self) -> float:
        return self.hit / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.hit / self.predicted if self.predicted else 1.0


@dataclass(frozen=True)
class SpecCase:
    key: str
    view: str
    text: str
    expected: list[float]


def spec_cases(specs: ModuleType) -> list[SpecCase]:
    """The cases score_specs.py scores, as it reads them (NotSupported-for-python cases left out)."""
    cases = []
    for rel, view in specs.FILES:
        data = json.loads((Path(specs.SPECS) / rel).read_text(encoding="utf-8-sig"))
        for index, case in enumerate(data):
            if specs.skip_case(case):
                continue
            expected = [value for value in (specs._num((result.get("Resolution") or {}).get("value"))
                                             for result in case["Results"]) if value is not None]
            cases.append(SpecCase(f"{view}-{index:04d}", view, case["Input"], expected))
    return cases


def run_specs(systems: list[System], specs: ModuleType) -> tuple[list[list[str]], list[str]]:
    cases = spec_cases(specs)
    scores: dict[tuple[str, str, str], SpecScore] = {}
    misses: list[tuple[SpecCase, str]] = []
    for case in cases:
        for system in systems:
            if system.error:
                continue
            for half in (half_of(case.text), "all"):
                score = scores.setdefault((system.name, case.view, half), SpecScore())
                hits = score.add(case.expected, system.read_spec(case.text, case.view), specs.match)
            if system is systems[0] and hits < len(case.expected):
                misses.append((case, _miss_reason(case.text)))
    rows = []
    for view in ("number", "percent", "currency"):
        for half in ("tune", "report", "all"):
            n = sum(len(case.expected) for case in cases if case.view == view and half in ("all", half_of(case.text)))
            row = [f"{view} {half} ({n})"]
            for system in systems:
                found = scores.get((system.name, view, half))
                row.append("n/a" if system.error or found is None else f"{found.recall:.3f} / {found.precision:.3f}")
            rows.append(row)
    notes = []
    reasons = Counter(reason for _, reason in misses)
    for reason, count in sorted(reasons.items(), key=lambda item: (not item[0].startswith("DESIGN"), item[0])):
        notes.append(f"{count:3d} {reason}")
        for case, _ in (miss for miss in misses if miss[1] == reason):
            notes.append(f"      {case.key} {case.text.strip()[:72]!r} expects {_short(case.expected)}")
    return rows, notes


def _miss_reason(text: str) -> str:
    for reason, pattern, flags in DECLINED:
        if re.search(pattern, text, flags):
            return reason
    return "gap"


# -- (b) gold articles: mt-news gold (both halves) and the dev corpus --------------------------

@dataclass(frozen=True)
class GoldArticle:
    stem: str
    text: str
    figures: list[dict]
    half: str


def mt_news_gold(mt_dir: Path) -> list[GoldArticle]:
    halves = {}
    with (mt_dir / "articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            halves[article["id"]] = article["split"]
    articles = []
    for stem in (mt_dir / "gold-articles.txt").read_text(encoding="utf-8").split():
        gold = json.loads((mt_dir / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
        text = (mt_dir / "articles" / f"{stem}.txt").read_text(encoding="utf-8")
        articles.append(GoldArticle(stem, text, gold["figures"], halves[stem]))
    return articles


def dev_gold(dev_dir: Path) -> list[GoldArticle]:
    return [GoldArticle(path.stem, path.read_text(encoding="utf-8"),
                        json.loads((dev_dir / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))["figures"], "dev")
            for path in sorted((dev_dir / "articles").glob("*.txt"))]


def run_gold(systems: list[System], articles: list[GoldArticle],
             halves: tuple[str, ...]) -> tuple[list[list[str]], dict[str, tuple[int, float]]]:
    rows, speed = [], {}
    for half in halves:
        chosen = [article for article in articles if half in ("all", article.half)]
        for system in systems:
            label = f"{system.name} ({half}, {len(chosen)} articles)"
            if system.error:
                rows.append([label, "n/a", "n/a", "n/a", "n/a", "n/a", "n/a"])
                continue
            totals: Counter[str] = Counter()
            chars, seconds = 0, 0.0
            for article in chosen:
                began = time.perf_counter()
                found = system.read(article.text) if system.whole_articles else _by_paragraph(system.read, article.text)
                seconds += time.perf_counter() - began
                chars += len(article.text)
                _score_gold(found, article.figures, article.text, totals)
            rows.append(_gold_row(label, totals))
            if half == "all":
                speed[system.name] = (chars, seconds)
    return rows, speed


def _gold_row(label: str, totals: Counter[str]) -> list[str]:
    p = totals["tp"] / totals["pred"] if totals["pred"] else 0.0
    r = totals["tp"] / totals["gold"] if totals["gold"] else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    n = totals["tp"] or 1
    return [label, f"{p:.3f}", f"{r:.3f}", f"{f1:.3f}", f"{totals['value'] / n:.3f}",
            f"{totals['qualifier'] / n:.3f}",
            f"{totals['currency'] / totals['currency_n']:.3f}" if totals["currency_n"] else "n/a"]


def _reader_speed(texts: list[str]) -> tuple[int, float]:
    """The figures reader without the spaCy model (what `--model blank` adds to tokenizing)."""
    reader = FigureReader(load_rules())
    reader.read("warm up: 3.2 GW for $5")  # pint's registry loads on the first unit
    began = time.perf_counter()
    for text in texts:
        reader.read(text)
    return sum(map(len, texts)), time.perf_counter() - began


def _by_paragraph(read: Callable[[str], list[Found]], text: str) -> list[Found]:
    found, offset = [], 0
    for paragraph in text.split("\n"):
        if paragraph.strip():
            found += [Found(f.start + offset, f.end + offset, f.value, f.currency, f.qualifier) for f in read(paragraph)]
        offset += len(paragraph) + 1
    return found


def _locate(text: str, needle: str, near: int | None) -> int | None:
    """Where a gold figure stands (as tools/score_records.py finds it: at its offset, else the nearest)."""
    if near is not None and text[near:near + len(needle)] == needle:
        return near
    starts = [match.start() for match in re.finditer(re.escape(needle), text)]
    return min(starts, key=lambda start: abs(start - (near or 0)), default=None)


def _score_gold(found: list[Found], gold: list[dict], text: str, totals: Counter[str]) -> None:
    located = [(start, g) for g in gold if (start := _locate(text, g["text"], g.get("char_start"))) is not None]
    spans = [(start, start + len(g["text"])) for start, g in located]
    pairs = []
    for i, f in enumerate(found):
        for j, (start, end) in enumerate(spans):
            if f.start < end and start < f.end:
                pairs.append((min(f.end, end) - max(f.start, start), i, j))
    used_found, used_gold = set(), set()
    for _, i, j in sorted(pairs, reverse=True):
        if i in used_found or j in used_gold:
            continue
        used_found.add(i)
        used_gold.add(j)
        f, g = found[i], located[j][1]
        totals["tp"] += 1
        totals["value"] += _close(f.value, g["value"])
        totals["qualifier"] += (f.qualifier or None) == (g.get("qualifier") or None)
        if g.get("unit") and re.fullmatch(r"[A-Z]{3}", g["unit"]):
            totals["currency_n"] += 1
            totals["currency"] += f.currency == g["unit"]
    totals["pred"] += len(found)
    totals["gold"] += len(spans)


# -- helpers -----------------------------------------------------------------------------------

def _number(value: object) -> float | None:
    if value is None:
        return None
    try:
        return float(str(value).rstrip("%").replace(",", ""))
    except ValueError:
        return None


def _values(value: object) -> list[float]:
    """Expected values of one result: a number, "40%", or a range "[20,30)" (its two ends)."""
    if value is None:
        return []
    text = str(value)
    ends = re.fullmatch(r"[\[(]\s*([^,]*),\s*([^\])]*)[\])]", text)
    if ends:
        return [v for v in (_number(ends.group(1)), _number(ends.group(2))) if v is not None]
    number = _number(text)
    return [] if number is None else [number]


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _short(values: list[float]) -> str:
    return "[" + ", ".join(f"{v:g}" for v in values[:4]) + ("…" if len(values) > 4 else "") + "]"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    return [line.format(*header), "  ".join("-" * w for w in widths), *(line.format(*row) for row in rows)]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    specs = load_score_specs(args.shared)
    systems = [claimex_system(specs), quantulum_system(), recognizers_system()]
    names = [system.name for system in systems]
    out = ["Figures benchmark: claimex vs quantulum3 vs Recognizers-Text (peers fed a paragraph at a time)"]
    for system in systems:
        if system.error:
            out.append(f"!! {system.name} is not available ({system.error}); install the bench extra: "
                       "pip install -e '.[bench]'")
    spec_rows, notes = run_specs(systems, specs)
    mt_rows, speed = run_gold(systems, mt_news_gold(args.shared / "mt-news"), ("tune", "report", "all"))
    dev_articles = dev_gold(args.shared / "dev-corpus")
    dev_rows, _ = run_gold(systems, dev_articles, ("all",))
    speed["claimex figures component alone"] = _reader_speed([article.text for article in dev_articles])
    header = ["system", "precision", "recall", "span F1", "value acc", "qualifier acc", "currency acc"]
    out.append("")
    out.append("(a) Recognizers-Text English specs, kind-strict as ../shared/tools/score_specs.py scores them (a")
    out.append("    currency case counts only figures of kind money, a percent case only percentages): recall /")
    out.append("    precision of the expected values; halves by a hash of the case input. Recognizers-Text runs")
    out.append(f"    its own model for each view; its recall as score_specs.py quotes it: {specs.BEST_PEER}.")
    out += _table(["view half (values)", *names], spec_rows)
    out.append("")
    out.append("(b) mt-news gold figures (../shared/mt-news/gold; halves by the articles' `split`), span overlap")
    out += _table(header, mt_rows)
    out.append("")
    out.append("(c) dev corpus figures (regression only)")
    out += _table(header, dev_rows)
    out.append("")
    out.append("(d) speed on the mt-news gold text (claimex: the whole pipeline incl. the spaCy model, whole")
    out.append("    articles); the figures component alone on the dev corpus")
    out += _table(["system", "chars", "seconds", "chars/s"],
                  [[name, str(chars), f"{seconds:.2f}", f"{chars / seconds:,.0f}" if seconds else "n/a"]
                   for name, (chars, seconds) in speed.items()])
    out.append("")
    out.append("Spec cases claimex misses (by reason; DESIGN: declined on purpose, gap: not read yet):")
    out += notes
    print("\n".join(out))


if __name__ == "__main__":
    main()
