"""Stage 1, ingest: files and folders become `Article`s.

`.txt` and `.md` are read as UTF-8 (BOM removed); `.html`/`.htm` are reduced to the article's own
text by trafilatura; `.jsonl` holds one article per line. Whatever cannot be read becomes an
`Ingested` with `errors` naming the file (and line) and the reason, so the batch goes on.
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
                found.append(InputFile(path, relative.with_suffix("").as_posix()))
    return found


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
    article = article_from_text(text, id=item.id, path=str(item.path))
    return Ingested(article.model_copy(update={"sha256": _sha256(raw)}))


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
        metadata = {key: _as_str(data.get(key)) for key in ("title", "url", "published", "author")}
        article = article_from_text(data["text"], id=article_id, path=str(item.path), **metadata)
        yield Ingested(article)
    if empty:
        yield _failed(item, b"", f"{item.path}: empty file")


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
