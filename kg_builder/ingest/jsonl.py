"""JSON Lines dumps: one article object per line, streamed."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg_builder.errors import IngestError
from kg_builder.ingest._io import (
    BINARY_PROBE_BYTES,
    Oversized,
    RawDocument,
    bounded_lines,
    decode_text,
    file_key,
    nul_offset,
    open_regular,
    os_error,
    source_stem,
    too_large,
)
from kg_builder.ingest.dates import to_iso_date

__all__ = ["iter_jsonl_lines", "read_jsonl"]

#: Optional string fields copied from a record (``date`` is an alias of ``published``).
_DATE_FIELDS = ("published", "date")


def read_jsonl(path: Path, *, display: str) -> Iterator[RawDocument | IngestError]:
    """Stream the records of a ``.jsonl``/``.ndjson`` file (optionally ``.gz``).

    Yields one :class:`RawDocument` per good line and one :class:`IngestError`
    per bad line; the file is never read whole.
    """
    try:
        raw = open_regular(path, display=display)
    except IngestError as exc:
        yield exc
        return
    key_base = file_key(path)
    try:
        with raw, gzip.open(raw, "rb") if path.name.lower().endswith(".gz") else raw as handle:
            head = handle.read(BINARY_PROBE_BYTES)
            # One error for a binary file, not one per "line" of it.
            nul = nul_offset(head)
            if nul >= 0:
                yield IngestError(
                    f"binary data (NUL byte at byte offset {nul}), not JSON Lines; pass a UTF-8 JSONL file",
                    source=display,
                )
                return
            handle.seek(0)
            yield from iter_jsonl_lines(
                bounded_lines(handle), stem=source_stem(path), display=display, key_base=key_base
            )
    except (OSError, EOFError) as exc:
        if isinstance(exc, gzip.BadGzipFile | EOFError):
            yield IngestError(f"corrupt gzip file ({exc})", source=display)
        else:
            yield os_error(exc, display=display)


def iter_jsonl_lines(
    lines: Iterable[bytes | Oversized], *, stem: str, display: str, key_base: str | None = None
) -> Iterator[RawDocument | IngestError]:
    """Parse JSON Lines from an iterable of byte lines (a file or stdin).

    A record is identified by its ``id``, else its ``url``, else by
    ``key_base`` and its line number (no identity when ``key_base`` is
    ``None``: standard input without ``--source``).
    """
    offset = 0
    saw_record = False
    for number, raw in enumerate(lines, start=1):
        line_offset = offset
        if isinstance(raw, Oversized):
            offset += raw.size
            saw_record = True
            yield too_large(raw.size, display=display, line=number, what="line")
            continue
        offset += len(raw)
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
            line_offset += 3
        if not raw.strip():
            continue
        saw_record = True
        try:
            line = decode_text(raw, display=display, line=number, base_offset=line_offset)
            yield _record(line, number=number, stem=stem, display=display, key_base=key_base)
        except IngestError as exc:
            yield exc
    if not saw_record:
        yield IngestError("empty file; nothing to read", source=display)


def _record(line: str, *, number: int, stem: str, display: str, key_base: str | None) -> RawDocument:
    def fail(message: str) -> IngestError:
        return IngestError(message, source=display, line=number)

    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise fail(f"not valid JSON ({exc.msg} at column {exc.colno}); fix or remove the line") from exc
    except RecursionError:
        raise fail("JSON nested too deeply to be an article record; fix or remove the line") from None
    if not isinstance(obj, dict):
        raise fail(f"expected a JSON object with a 'text' field, got {_json_type(obj)}")
    if "text" not in obj:
        raise fail("record has no 'text' field; every line needs the article text in 'text'")
    text = obj["text"]
    if not isinstance(text, str):
        raise fail(f"'text' must be a string, got {_json_type(text)}")
    if not text.strip():
        raise fail("'text' is empty; nothing to read")
    ident = _string(obj.get("id"))
    url = _string(obj.get("url"))
    if ident is not None:
        key: str | None = f"id:{ident}"
    elif url is not None:
        key = f"url:{url}"
    else:
        key = f"{key_base}:{number}" if key_base is not None else None
    published = None
    for date_field in _DATE_FIELDS:
        if obj.get(date_field) not in (None, ""):
            published = to_iso_date(obj[date_field])
            break
    return RawDocument(
        text=text,
        name=ident or f"{stem}:{number}",
        path=display,
        line=number,
        key=key,
        title=_string(obj.get("title")),
        url=url,
        published=published,
        lang=_string(obj.get("lang")),
    )


def _string(value: Any) -> str | None:
    """A metadata field as a non-empty string (ids may be numbers), else ``None``."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | str):
        text = str(value).strip()
        return text or None
    return None


def _json_type(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}.get(
        type(value), "a number" if isinstance(value, int | float) else "null"
    )
