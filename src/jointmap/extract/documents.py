"""Reading documents to extract from: .txt/.md, .html (main text via trafilatura), .jsonl, .csv and stdin.

A document that cannot be read becomes a :class:`~jointmap.errors.RowError` (``file:line: field: problem``)
and the rest go on: a malformed JSONL line, a CSV row without text, a file that is not UTF-8.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from jointmap.errors import RowError
from jointmap.intake import parse_date, read_records

__all__ = ["TEXT_SUFFIXES", "CsvColumns", "Document", "read_documents"]

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl", ".ndjson", ".csv")


@dataclass(frozen=True, slots=True)
class Document:
    """One text to read. ``id`` is the input's id, else the file name or row/line number."""

    id: str
    text: str
    title: str = ""
    date: date | None = None
    url: str | None = None
    #: Where it came from, "file:line", for messages.
    origin: str = ""


@dataclass(frozen=True, slots=True)
class CsvColumns:
    """Which CSV columns hold what (``--text-column`` etc.); ``date_format`` is a strptime format."""

    text: str = "text"
    title: str | None = "title"
    date: str | None = "date"
    id: str | None = "id"
    url: str | None = "url"
    date_format: str | None = None


def _decode(data: bytes, name: str) -> str | RowError:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1  # where the first bad byte is, as an editor counts lines
        return RowError(name, line, "(file)", f"not UTF-8 text ({exc.reason} at byte {exc.start})")


def _html(data: bytes, name: str) -> Document | RowError:
    import trafilatura  # imported lazily: it loads lxml and friends, only needed for HTML

    text = _decode(data, name)
    if isinstance(text, RowError):
        return text
    body = trafilatura.extract(text, include_comments=False, include_tables=False) or ""
    meta = trafilatura.extract_metadata(text)
    title = (meta.title if meta is not None and meta.title else "") or ""
    day: date | None = None
    if meta is not None and meta.date:
        try:
            day = parse_date(str(meta.date)[:10])
        except ValueError:
            day = None
    url = meta.url if meta is not None and meta.url else None
    return Document(Path(name).name, body, title, day, url, f"{name}:0")


def _from_record(
    data: dict[str, Any], name: str, line: int, number: int, columns: CsvColumns, csv: bool
) -> Document | RowError:
    text_key = columns.text if csv else "text"
    text = data.get(text_key)
    if not isinstance(text, str):
        problem = "missing" if text is None else f"must be a string, not {type(text).__name__}"
        return RowError(name, line, text_key, problem)

    def get(key: str | None) -> Any:
        return data.get(key) if key else None

    raw_id = get(columns.id if csv else "id")
    title = get(columns.title if csv else "title") or ""
    url = get(columns.url if csv else "url") or None
    raw_date = get(columns.date if csv else "date")
    day: date | None = None
    if raw_date not in (None, ""):
        try:
            day = parse_date(str(raw_date), columns.date_format if csv else None)
        except ValueError as exc:
            return RowError(name, line, (columns.date or "date") if csv else "date", str(exc))
    doc_id = str(raw_id) if raw_id not in (None, "") else str(number)
    return Document(doc_id, text, str(title), day, str(url) if url else None, f"{name}:{line}")


def _structured(path: Path, columns: CsvColumns) -> Iterator[Document | RowError]:
    csv = path.suffix.lower() == ".csv"
    number = 0
    for record in read_records(path):
        if isinstance(record, RowError):
            yield record
            continue
        number += 1
        # A CSV row without an id is known by its row number, a JSONL object by its line.
        yield _from_record(
            record.data, record.file, record.line, number if csv else record.line, columns, csv
        )


def _read_file(path: Path, columns: CsvColumns, stdin: BinaryIO | None) -> Iterator[Document | RowError]:
    name = str(path)
    suffix = path.suffix.lower()
    if name == "-":
        data = (stdin or sys.stdin.buffer).read()
        text = _decode(data, "<stdin>")
        yield text if isinstance(text, RowError) else Document("stdin", text, origin="<stdin>")
        return
    if suffix in (".jsonl", ".ndjson", ".csv"):
        yield from _structured(path, columns)
        return
    if suffix not in TEXT_SUFFIXES:
        yield RowError(
            name, 0, "(file)", f"unsupported file type {suffix!r}; use one of {', '.join(TEXT_SUFFIXES)} or -"
        )
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield RowError(name, 0, "(file)", f"cannot read: {exc.strerror or exc}")
        return
    if suffix in (".html", ".htm"):
        yield _html(data, name)
        return
    text = _decode(data, name)
    yield text if isinstance(text, RowError) else Document(path.name, text, origin=f"{name}:0")


def read_documents(
    paths: Sequence[str | Path], columns: CsvColumns | None = None, stdin: BinaryIO | None = None
) -> Iterator[Document | RowError]:
    """Every document of every path, in order, or a RowError for one that cannot be read."""
    for path in paths:
        yield from _read_file(Path(path), columns or CsvColumns(), stdin)
