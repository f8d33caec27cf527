"""Stage 1, ingest: files and folders become `Article`s.

`.txt` and `.md` are read as UTF-8 (BOM removed), or UTF-16/32 when a BOM says so; `.html`/`.htm`
are reduced to the article's own text by trafilatura; `.jsonl` holds one article per line. Any of
them may be gzip-compressed (`page.html.gz` is read as `page.html`, its id is `page`).
Whatever cannot be read (a file, a line, a folder) becomes an `Ingested` with `errors` naming it
and the reason, so the batch goes on.

Every article gets an id of its own: an id already taken by an earlier input (`a.txt` and `a.md`,
one file name in two folders, two jsonl lines with one `id`) gets a stable suffix derived from its
path or line (`a~1f2e3d4c`), and `article.renamed_from` keeps the id it would have had.
Discovery skips claimex's own outputs: the run's OUTDIR, any folder holding an earlier run, and
files claimex wrote (records, manifests, reports), so a run never reads its own output back.

A translation may come with the text it was translated from: a `.jsonl` line with `source_text`
(and optionally `segments`), or a sibling file `name.zh.txt` beside `name.txt`. The source file is
never an article of its own.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import json
import os
import re
import warnings
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
GZIP_SUFFIX = ".gz"
#: What a compressed input may grow to: an uncompressed file of this size is read whole anyway, and the
#: cap stops a small file that inflates a thousandfold (a "zip bomb") from filling the memory.
MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024
TITLE_MAX_CHARS = 300
#: Byte-order marks and the codec each one announces, longest first (a UTF-32 LE BOM starts like UTF-16's).
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
#: jsonl fields copied into the article; each must be a string when present (an id may also be an integer).
JSONL_METADATA = ("title", "url", "site_name", "published", "author")
#: The start of files claimex writes, by which discovery knows them (records, manifest, report).
OWN_FILE_MARKS = (b'{"schema":"claimex.', b'"schema": "claimex.', b'<meta name="generator" content="claimex')
OWN_FILE_NAMES = ("records.schema.json", "review.sqlite", "claimex.sqlite")
#: What makes a folder an earlier run's OUTDIR: its cache, or its records beside its manifest.
RUN_FOLDER_MARKS = ((".claimex-cache",), ("records.jsonl", "manifest.json"))
HEAD_BYTES = 512
#: Tags dropped from a page nested deeper than libxml2 parses (256 levels); their text stays.
FLATTENED_TAGS = re.compile(
    r"</?(?!(?:html|head|title|meta|link|body|p|h[1-6]|br|pre|blockquote|script|style|noscript|template)\b)"
    r"[a-zA-Z][\w:-]*\b[^<>]*>"
)
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
    #: Why it cannot be read at all (an unreadable folder): it becomes one record with that error.
    problem: str | None = None
    #: The id it would have had, when an earlier input took it.
    renamed_from: str | None = None


@dataclass
class Discovery:
    """What `discover` found: the inputs in order, and the claimex outputs it skipped."""

    files: list[InputFile] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


class UniqueIds:
    """Hands out article ids; one already taken gets a stable suffix made from `salt` (a path, a line)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def claim(self, wanted: str, salt: str) -> str:
        candidate = wanted
        if candidate in self.taken:
            candidate = base = f"{wanted}~{hashlib.sha256(salt.encode('utf-8')).hexdigest()[:8]}"
            copies = 1
            while candidate in self.taken:  # the same path or line twice
                copies += 1
                candidate = f"{base}-{copies}"
        self.taken.add(candidate)
        return candidate


def discover(paths: Iterable[Path], *, outdir: Path | None = None) -> Discovery:
    """Files under `paths` in a deterministic order, with unique ids (relative paths without the suffix).

    Folders are walked in name order, hidden entries skipped; a folder that cannot be listed is an
    input with a `problem`; `outdir`, earlier runs' folders and files claimex wrote are skipped.
    """
    skip = outdir.resolve() if outdir is not None else None
    found = Discovery()
    paths = list(paths)
    for root in paths:
        if not root.exists():
            raise UsageError(f"{root}: no such file or folder")
        before = len(found.files)
        if root.is_file():
            given = _translation_given(root, paths)
            if given is None:
                continue  # the source of a translation named too: read with it
            found.files.append(InputFile(given, _id_of(Path(given.name))))
        else:
            _walk(root, root, skip, found)
        if len(found.files) == before:
            warnings.warn(f"{root}: no files to read in this folder", stacklevel=2)
    found.files = _unique(found.files)
    return found


def _walk(folder: Path, root: Path, skip: Path | None, found: Discovery) -> None:
    """Depth first in name order: the order `sorted(root.rglob("*"))` gives, folders not followed through links."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        relative = folder.relative_to(root).as_posix() if folder != root else (folder.name or str(folder))
        found.files.append(InputFile(folder, relative, problem=f"cannot read folder: {error.strerror or error}"))
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            if path.resolve() == skip or _is_run_folder(path):
                found.skipped.append(path)
            else:
                _walk(path, root, skip, found)
        elif entry.is_file():
            if _is_own_file(path):
                found.skipped.append(path)
            elif not _is_source_of_a_translation(path):
                found.files.append(InputFile(path, _id_of(path.relative_to(root))))


def content_suffix(path: Path) -> str:
    """The suffix that says how a file is read: `.html` for `page.html` and for `page.html.gz`."""
    suffix = path.suffix.lower()
    return Path(path.stem).suffix.lower() if suffix == GZIP_SUFFIX else suffix


def _id_of(relative: Path) -> str:
    """An input's id: its path relative to the folder given, without its suffixes of type and compression."""
    if relative.suffix.lower() == GZIP_SUFFIX:
        relative = relative.with_suffix("")
    return relative.with_suffix("").as_posix()


def _is_source_of_a_translation(path: Path) -> bool:
    """`name.zh.txt` beside `name.txt` is read with that article, not as one of its own."""
    translated = translation_of(path)
    return translated is not None and translated.is_file()


def _translation_given(path: Path, paths: list[Path]) -> Path | None:
    """The file to read for a file named on the command line: itself, or for a source `name.zh.txt` beside
    its translation the translation `name.txt` (read with its source), or None when that is named too."""
    translated = translation_of(path)
    if translated is None or not translated.is_file():
        return path
    return None if any(other.resolve() == translated.resolve() for other in paths) else translated


def _is_run_folder(path: Path) -> bool:
    """Whether `path` holds an earlier run (`os.path.exists`: a folder we may not list is not one)."""
    return any(all(os.path.exists(path / name) for name in marks) for marks in RUN_FOLDER_MARKS)


def _is_own_file(path: Path) -> bool:
    """A file claimex wrote: records, a manifest or a report (known by how it starts), or one of its databases."""
    if path.name in OWN_FILE_NAMES:
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return False  # reading it will report the problem
    return any(mark in head for mark in OWN_FILE_MARKS)


def _unique(files: list[InputFile]) -> list[InputFile]:
    """The same files, each id unique: a later file whose id is taken gets a suffix from its path."""
    ids = UniqueIds()
    unique = []
    for item in files:
        given = ids.claim(item.id, item.path.as_posix())
        unique.append(item if given == item.id else InputFile(item.path, given, item.problem, renamed_from=item.id))
    return unique


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
    for item in discover(paths).files:
        yield from read_file(item)


def read_file(item: InputFile) -> Iterator[Ingested]:
    """The article(s) in one file."""
    path = item.path
    if item.problem:
        yield _failed(item, b"", f"{path}: {item.problem}")
        return
    try:
        raw = path.read_bytes()
    except OSError as error:
        yield _failed(item, b"", f"{path}: cannot read: {error.strerror}")
        return
    yield from read_bytes(item, raw)


def read_bytes(item: InputFile, raw: bytes) -> Iterator[Ingested]:
    """The article(s) in the content `raw` of the file `item` (read already, e.g. by a cluster engine)."""
    path = item.path
    suffix = content_suffix(path)
    if suffix not in KNOWN_SUFFIXES:
        known = ", ".join(sorted(KNOWN_SUFFIXES))
        yield _failed(item, raw, f"{path}: unsupported file type '{suffix or '(none)'}' (readable: {known}, "
                                 f"each also gzip-compressed as {GZIP_SUFFIX})")
        return
    if path.suffix.lower() == GZIP_SUFFIX:
        raw, problem = _decompressed(raw)
        if problem:
            yield _failed(item, raw, f"{path}: {problem}")
            return
    text, problem = _decoded(raw)
    if problem:
        yield _failed(item, raw, f"{path}: {problem}")
        return
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
    article = article.model_copy(update={"sha256": _sha256(raw), "renamed_from": item.renamed_from})
    sibling = source_of(item.path)
    if sibling is None:
        return Ingested(article)
    source_path, language = sibling
    try:
        source_raw = source_path.read_bytes()
    except OSError as error:
        return _failed(item, raw, f"{source_path}: cannot read: {error.strerror}")
    source, problem = _decoded(source_raw)
    if problem and problem != "empty file":
        return _failed(item, raw, f"{source_path}: {problem}")
    return Ingested(article.model_copy(update={"source_text": source, "source_language": language}))


def _from_html(item: InputFile, raw: bytes, html: str) -> Ingested:
    extracted = extract_html(html)
    if not extracted.text.strip():
        return _failed(item, raw, f"{item.path}: no article text found in the HTML page")
    article = Article(
        id=item.id,
        renamed_from=item.renamed_from,
        path=str(item.path),
        sha256=_sha256(raw),
        title=extracted.title or guess_title(extracted.text),
        author=extracted.author or guess_author(extracted.text),
        published=extracted.published,
        url=extracted.url,
        site_name=extracted.site_name,
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
    site_name: str | None = None


def extract_html(html: str) -> ExtractedPage:
    """The main text and metadata of an HTML page, by trafilatura (favouring recall of the body).

    libxml2 stops at 256 levels of nesting and drops what lies deeper; such a page is flattened
    first (`FLATTENED_TAGS`: containers and inline tags go, paragraphs, headings and their text stay).
    """
    import trafilatura

    if _too_deep(html):
        html = FLATTENED_TAGS.sub(" ", html)
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
        site_name=data.get("sitename") or None,
    )


def _too_deep(html: str) -> bool:
    """Whether libxml2 gives up on the nesting of `html` (it reports a resource limit and drops the rest)."""
    import lxml.html  # only for HTML inputs: a run of text files (or of cached articles) does without it

    parser = lxml.html.HTMLParser()
    try:
        lxml.html.document_fromstring(html, parser=parser)
    except (ValueError, lxml.etree.ParserError):
        return False  # nothing to parse: trafilatura will say so
    return any("Excessive depth" in error.message for error in parser.error_log)


def _read_jsonl(item: InputFile, text: str) -> Iterator[Ingested]:
    empty = True
    ids = UniqueIds()
    for line in read_lines(text):
        empty = False
        where = f"{item.path}:{line.number}"
        fallback_id = f"{item.id}#{line.number}"
        problem = line.problem or _jsonl_problem(line.value)
        if problem:
            yield _failed(item, line.text.encode(), f"{where}: {problem}", id=ids.claim(fallback_id, line.text))
            continue
        data = line.value
        wanted = f"{item.id}#{data['id']}" if data.get("id") not in (None, "") else fallback_id
        article_id = ids.claim(wanted, line.text)
        problem = _source_problem(data)
        if problem:
            yield _failed(item, line.text.encode(), f"{where}: {problem}", id=article_id)
            continue
        original = f"{item.renamed_from}{wanted[len(item.id):]}" if item.renamed_from else wanted
        metadata = {key: data.get(key) for key in JSONL_METADATA}
        article = article_from_text(data["text"], id=article_id, path=str(item.path), **metadata)
        if original != article_id:
            article = article.model_copy(update={"renamed_from": original})
        if isinstance(data.get("source_text"), str):
            segments = [tuple(segment) for segment in data["segments"]] if data.get("segments") else None
            article = article.model_copy(update={
                "source_text": data["source_text"],
                "source_language": data.get("source_language") or "zh",
                "source_segments": segments,
            })
        yield Ingested(article)
    if empty:
        yield _failed(item, b"", f"{item.path}: empty file")


def _jsonl_problem(data: object) -> str | None:
    """Why a parsed jsonl line is not an article, or None: `text` must be a non-empty string, metadata strings."""
    if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not data["text"].strip():
        return "each line needs a non-empty string field 'text'"
    for key in ("text", "source_text"):
        if "\0" in str(data.get(key) or ""):
            return f"field '{key}' contains NUL characters"
    article_id = data.get("id")
    if article_id is not None and (isinstance(article_id, bool) or not isinstance(article_id, str | int)):
        return f"field 'id' must be a string or an integer, not {json.dumps(article_id)[:40]}"
    for key in (*JSONL_METADATA, "source_language"):
        if data.get(key) is not None and not isinstance(data[key], str):
            return f"field '{key}' must be a string, not {json.dumps(data[key])[:40]}"
    return None


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
        problem = (_offsets_problem("text", t_start, t_end, len(data["text"]))
                   or _offsets_problem("source", s_start, s_end, len(source)))
        if problem is not None:
            return f"segment {number}: {problem}"
    return None


def _offsets_problem(side: str, start: int, end: int, length: int) -> str | None:
    """Why a segment's offsets into one side cannot be used ("text" or "source"), or None."""
    name = "the text" if side == "text" else "source_text"
    if end < start:
        return f"{side} offsets {start}..{end} end before they start"
    if start < 0 or end > length:
        return f"{side} offsets {start}..{end} fall outside {name} (length {length})"
    return None


def _decompressed(raw: bytes) -> tuple[bytes, str | None]:
    """The content of a gzip file, or why it cannot be had (then the compressed bytes, to name the input by)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as compressed:
            content = compressed.read(MAX_DECOMPRESSED_BYTES + 1)
    except (OSError, EOFError) as error:
        return raw, f"not a readable gzip file ({error})"
    if len(content) > MAX_DECOMPRESSED_BYTES:
        return raw, f"decompresses to more than {MAX_DECOMPRESSED_BYTES:,} bytes"
    return content, None


def _decoded(raw: bytes) -> tuple[str, str | None]:
    """The text of a file (UTF-8, or the encoding its byte-order mark names), or why it is not text."""
    if not raw.strip():
        return "", "empty file"
    codec = next((codec for bom, codec in BOMS if raw.startswith(bom)), "utf-8")
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as error:
        return "", f"not {codec.upper().removesuffix('-SIG')} text ({error.reason} at byte {error.start})"
    if "\0" in text:
        return "", "binary file (contains NUL bytes), not text"
    if not text.strip():
        return "", "empty file"
    return text, None


def _failed(item: InputFile, raw: bytes, message: str, *, id: str | None = None) -> Ingested:
    article = Article(id=id or item.id, renamed_from=None if id else item.renamed_from, path=str(item.path),
                      sha256=_sha256(raw), text="")
    return Ingested(article, [StageError(stage="ingest", message=message)])


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
