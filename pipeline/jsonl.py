"""JSON Lines in, read with the jsonlines library: every line numbered as an editor numbers it, and a
line that cannot be read reported with its number and reason while the lines after it are still read.

Inputs (`.jsonl` articles), rule files and finished `records.jsonl` are all read through
`read_lines`, so `file:line` means the same line everywhere. Writing needs no library: a record's
JSON comes from its pydantic model (`ArticleRecord.to_json`), one per line; and the cache journal
is not JSON Lines (see `cache.py`).
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError


@dataclass(frozen=True)
class Line:
    """One non-blank line: its number, its text, and either its decoded value or why it has none."""

    number: int
    text: str
    value: Any = None
    problem: str | None = None


def read_lines(source: str | Iterable[str], *, loads: Callable[[str | bytes], Any] = json.loads) -> Iterator[Line]:
    """Every non-blank line of `source` (a text, or an open text file) decoded by `loads`, in order.

    A text is split where a file would be (`\\n`, `\\r\\n`, `\\r`), not at the other characters
    `str.splitlines` breaks on: a raw U+2028 inside a JSON string is legal and stays in its line.
    """
    import jsonlines  # imported on first use: an unchanged re-run of text files reads no JSON Lines

    lines = _Counted(io.StringIO(source, newline=None) if isinstance(source, str) else source)
    reader = jsonlines.Reader(lines, loads=loads)
    while True:
        try:
            value = reader.read(allow_none=True, skip_empty=True)
        except EOFError:
            return
        except jsonlines.InvalidLineError as error:
            yield Line(error.lineno, lines.text, problem=reason(error.__cause__ or error))
            continue
        yield Line(lines.number, lines.text, value)


def reason(error: BaseException) -> str:
    """Why a line could not be read, in one line: the JSON syntax error, or the first schema error."""
    if isinstance(error, json.JSONDecodeError):
        return f"invalid JSON: {error.msg} (column {error.colno})"
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or error.title
        return f"{where}: {first['msg']}"
    return str(error)


class _Counted:
    """The lines of a file, counting them and keeping the last one for the reader's caller."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self.number = 0
        self.text = ""

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.number += 1
        self.text = line.rstrip("\r\n")
        return line
