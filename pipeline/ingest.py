"""Stage 1, ingest: files and folders become `Article`s.

`.txt` and `.md` are read as UTF-8 (BOM removed); `.html`/`.htm` are reduced to the article's own
text by trafilatura; `.jsonl` holds one article per line. Whatever cannot be read becomes an
`Ingested` with `errors` naming the file (and line) and the reason, so the batch goes on.

A translation may come with the text it was translated from: a `.jsonl` line with `source_text`
(and optionally `segments`), or a sibling file `name.zh.txt` beside `name.txt`. The source file is
never an article of its own.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError
from .jsonl import read_lines
from .schema import Article, StageError

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
BINARY_SNIFF_BYTES = 8192
TITLE_MAX_CHARS = 300
#: `name.zh.txt` beside `name.txt` is the Chinese source of that translation.
SOURCE_SUFFIXES = {".zh.txt": "zh"}

# A byline closes or opens many articles: "Author |Li Xiang.", "Author: Li Xiang", "By Li Xiang".
BYLINE = re.compile(
    r"^(?:(?:Author|Text|Written by|Reporter)\s*[|:｜]\s*|By\s+)"
    r"(?P<name>[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,3}?)\.?\s*$",
    re.MULTILINE,
)


@dataclass
class Ingested:
    """One article as read, with the problems that stopped it being read (if any)."""

    article: Article
    errors: list[StageError] = field(default_factory=list)


@dataclass(frozen=True)
class InputFile:
    """A file to read and the id prefix derived from its path relative to the input it came from."""

    path: Path
    id: str


def discover(paths: Iterable[Path]) -> list[InputFile]:
    """Files under `paths` in a deterministic order; ids are relative paths without the suffix."""
    found: list[InputFile] = []
    for root in paths:
        if not root.exists():
            raise UsageError(f"{root}: no such file or folder")
        if root.is_file():
            found.append(InputFile(root, root.stem))
            continue
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and not any(part.startswith(".") for part in relative.parts):
                translated = translation_of(path)
                if translated is not None and translated.is_file():
                    continue
                found.append(InputFile(path, relative.with_suffix("").as_posix()))
    return found


def translation_of(path: Path) -> Path | None:
    """For a source file `name.zh.txt`, the translation `name.txt` it belongs to; None for other files."""
    for suffix in SOURCE_SUFFIXES:
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            return path.with_name(path.name[: -len(suffix)] + ".txt")
    return None


def source_of(path: Path) -> tuple[Path, str] | None:
    """The source file beside a translation `name.txt` and its language, when there is one."""
    if path.suffix.lower() != ".txt" or translation_of(path) is not None:
        return None
    for suffix, language in SOURCE_SUFFIXES.items():
        candidate = path.with_name(path.stem + suffix)
        if candidate.is_file():
            return candidate, language
    return None


def read_inputs(paths: Iterable[Path]) -> Iterator[Ingested]:
    """Every article under `paths`, in order; unreadable inputs come as records with errors."""
    for item in discover(paths):
        yield from read_file(item)


def read_file(item: InputFile) -> Iterator[Ingested]:
    """The article(s) in one file."""
    path = item.path
    try:
        raw = path.read_bytes()
    except OSError as error:
        yield _failed(item, b"", f"{path}: cannot read: {error.strerror}")
        return
    yield from read_bytes(item, raw)


def read_bytes(item: InputFile, raw: bytes) -> Iterator[Ingested]:
    """The article(s) in the content `raw` of the file `item` (read already, e.g. by a cluster engine)."""
    path = item.path
    suffix = path.suffix.lower()
    if suffix not in KNOWN_SUFFIXES:
        known = ", ".join(sorted(KNOWN_SUFFIXES))
        yield _failed(item, raw, f"{path}: unsupported file type '{suffix or '(none)'}' (readable: {known})")
        return
    problem = _undecodable(raw)
    if problem:
        yield _failed(item, raw, f"{path}: {problem}")
        return
    text = raw.decode("utf-8-sig")
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(item, text)
    elif suffix in HTML_SUFFIXES:
        yield _from_html(item, raw, text)
    else:
        yield _from_plain_text(item, raw, text)


def article_from_text(text: str, *, id: str | None = None, **metadata: str | None) -> Article:
    """An `Article` from a string, filling title and author from the text when not given."""
    title = metadata.pop("title", None) or guess_title(text)
    author = metadata.pop("author", None) or guess_author(text)
    return Article(
        id=id or "text",
        sha256=_sha256(text.encode("utf-8")),
        title=title,
        author=author,
        text=text,
        **{key: value for key, value in metadata.items() if value is not None},
    )


def guess_title(text: str) -> str | None:
    """The first non-blank line, when it is short enough to be a headline."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= TITLE_MAX_CHARS else None
    return None


def guess_author(text: str) -> str | None:
    """The name in a byline line ("Author |Li Xiang.", "By Jane Doe"), if the text has one."""
    match = BYLINE.search(text)
    return match.group("name").strip().rstrip(".") if match else None


def _from_plain_text(item: InputFile, raw: bytes, text: str) -> Ingested:
    if not text.strip():
        return _failed(item, raw, f"{item.path}: empty file")
    translated = translation_of(item.path)
    if translated is not None:
        return _failed(item, raw, f"{item.path}: a source text without its translation {translated.name} beside it")
    article = article_from_text(text, id=item.id, path=str(item.path))
    article = article.model_copy(update={"sha256": _sha256(raw)})
    sibling = source_of(item.path)
    if sibling is None:
        return Ingested(article)
    source_path, language = sibling
    source_raw = source_path.read_bytes()
    problem = _undecodable(source_raw)
    if problem and problem != "empty file":
        return _failed(item, raw, f"{source_path}: {problem}")
    source = source_raw.decode("utf-8-sig") if not problem else ""
    return Ingested(article.model_copy(update={"source_text": source, "source_language": language}))


def _from_html(item: InputFile, raw: bytes, html: str) -> Ingested:
    extracted = extract_html(html)
    if not extracted.text.strip():
        return _failed(item, raw, f"{item.path}: no article text found in the HTML page")
    article = Article(
        id=item.id,
        path=str(item.path),
        sha256=_sha256(raw),
        title=extracted.title or guess_title(extracted.text),
        author=extracted.author or guess_author(extracted.text),
        published=extracted.published,
        url=extracted.url,
        text=extracted.text,
    )
    return Ingested(article)


@dataclass(frozen=True)
class ExtractedPage:
    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None


def extract_html(html: str) -> ExtractedPage:
    """The main text and metadata of an HTML page, by trafilatura (favouring recall of the body)."""
    import trafilatura

    result = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=False,
        favor_recall=True,
        with_metadata=True,
    )
    if result is None:
        return ExtractedPage(text="")
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    return ExtractedPage(
        text=data.get("text") or "",
        title=data.get("title") or None,
        author=data.get("author") or None,
        published=data.get("date") or None,
        url=data.get("url") or None,
    )


def _read_jsonl(item: InputFile, text: str) -> Iterator[Ingested]:
    empty = True
    for line in read_lines(text):
        empty = False
        where = f"{item.path}:{line.number}"
        fallback_id = f"{item.id}#{line.number}"
        if line.problem:
            yield _failed(item, line.text.encode(), f"{where}: {line.problem}", id=fallback_id)
            continue
        data = line.value
        if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not data["text"].strip():
            yield _failed(item, line.text.encode(), f"{where}: each line needs a non-empty string field 'text'", id=fallback_id)
            continue
        article_id = f"{item.id}#{data['id']}" if data.get("id") not in (None, "") else fallback_id
        problem = _source_problem(data)
        if problem:
            yield _failed(item, line.text.encode(), f"{where}: {problem}", id=article_id)
            continue
        metadata = {key: _as_str(data.get(key)) for key in ("title", "url", "published", "author")}
        article = article_from_text(data["text"], id=article_id, path=str(item.path), **metadata)
        if isinstance(data.get("source_text"), str):
            segments = [tuple(segment) for segment in data["segments"]] if data.get("segments") else None
            article = article.model_copy(update={
                "source_text": data["source_text"],
                "source_language": _as_str(data.get("source_language")) or "zh",
                "source_segments": segments,
            })
        yield Ingested(article)
    if empty:
        yield _failed(item, b"", f"{item.path}: empty file")


def _source_problem(data: dict) -> str | None:
    """Why a line's `source_text` or `segments` cannot be used as given, or None."""
    source, segments = data.get("source_text"), data.get("segments")
    if source is None:
        return "'segments' given without 'source_text'" if segments else None
    if not isinstance(source, str):
        return f"'source_text' must be a string, got {type(source).__name__}"
    if segments is None:
        return None
    if not isinstance(segments, list):
        return f"'segments' must be a list of [t_start, t_end, s_start, s_end], got {type(segments).__name__}"
    for number, segment in enumerate(segments, start=1):
        if not (isinstance(segment, list) and len(segment) == 4
                and all(isinstance(value, int) and not isinstance(value, bool) for value in segment)):
            return f"segment {number}: must be four integers [t_start, t_end, s_start, s_end], got {segment!r}"
        t_start, t_end, s_start, s_end = segment
        if not 0 <= t_start <= t_end <= len(data["text"]):
            return f"segment {number}: text offsets {t_start}..{t_end} fall outside the text (length {len(data['text'])})"
        if not 0 <= s_start <= s_end <= len(source):
            return f"segment {number}: source offsets {s_start}..{s_end} fall outside source_text (length {len(source)})"
    return None


def _as_str(value: object) -> str | None:
    return None if value is None else str(value)


def _undecodable(raw: bytes) -> str | None:
    if not raw.strip():
        return "empty file"
    if b"\0" in raw[:BINARY_SNIFF_BYTES]:
        return "binary file (contains NUL bytes), not text"
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return f"not UTF-8 text ({error.reason} at byte {error.start})"
    return None


def _failed(item: InputFile, raw: bytes, message: str, *, id: str | None = None) -> Ingested:
    article = Article(id=id or item.id, path=str(item.path), sha256=_sha256(raw), text="")
    return Ingested(article, [StageError(stage="ingest", message=message)])


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
