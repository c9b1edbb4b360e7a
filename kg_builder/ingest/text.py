"""Plain-text articles: the first non-empty line is the title."""

from __future__ import annotations

from pathlib import Path

from kg_builder.errors import IngestError
from kg_builder.ingest._io import RawDocument, decode_text, file_key, read_bytes, source_stem

__all__ = ["read_text", "text_document"]


def text_document(data: bytes, *, name: str, display: str, key: str | None = None) -> RawDocument:
    """Decode the bytes of one plain-text article (``key``: its identity, see ``RawDocument``).

    Raises :class:`IngestError` for an empty, binary or non-UTF-8 input.
    """
    if not data.strip():
        raise IngestError("empty file; nothing to read", source=display)
    text = decode_text(data, display=display)
    if not text.strip():
        raise IngestError("empty file; nothing to read", source=display)
    return RawDocument(text=text, name=name, path=display, key=key, title_from_text=True)


def read_text(path: Path, *, display: str) -> RawDocument:
    """Read one ``.txt`` article (or any explicitly named file of unknown type)."""
    data = read_bytes(path, display=display)
    return text_document(data, name=source_stem(path), display=display, key=file_key(path))
