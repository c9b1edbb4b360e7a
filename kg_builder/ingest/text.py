"""Plain-text articles: the first non-empty line is the title."""

from __future__ import annotations

from pathlib import Path

from kg_builder.errors import IngestError
from kg_builder.ingest._io import RawDocument, decode_text, read_bytes, source_stem

__all__ = ["read_text", "text_document"]


def text_document(data: bytes, *, name: str, display: str) -> RawDocument:
    """Decode the bytes of one plain-text article.

    Raises :class:`IngestError` for an empty, binary or non-UTF-8 input.
    """
    if not data.strip():
        raise IngestError("empty file; nothing to read", source=display)
    text = decode_text(data, display=display)
    if not text.strip():
        raise IngestError("empty file; nothing to read", source=display)
    return RawDocument(text=text, name=name, path=display, title_from_text=True)


def read_text(path: Path, *, display: str) -> RawDocument:
    """Read one ``.txt`` article (or any explicitly named file of unknown type)."""
    return text_document(read_bytes(path, display=display), name=source_stem(path), display=display)
