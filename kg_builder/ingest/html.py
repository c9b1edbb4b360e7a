"""HTML pages: main text, title, date and URL via trafilatura."""

from __future__ import annotations

from pathlib import Path

from kg_builder.errors import IngestError
from kg_builder.ingest._io import (
    RawDocument,
    declared_charset,
    decode_text,
    file_key,
    read_bytes,
    source_stem,
)
from kg_builder.ingest.dates import to_iso_date

__all__ = ["html_document", "read_html"]

# Dates found anywhere in the page text ("extensive search") are often the
# dates of events or of other stories; only markup metadata and the URL count.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def html_document(data: bytes, *, name: str, display: str, key: str | None = None) -> RawDocument:
    """Extract the article from the bytes of one HTML page.

    The page's identity is its canonical URL when it declares one, else ``key``.

    Raises :class:`IngestError` for an empty, binary or undecodable page and
    for a page without main text.
    """
    try:
        import trafilatura  # ~0.2 s to import; plain-text and JSONL runs do not need it
    except ImportError as exc:  # a broken install costs the HTML inputs, not the whole batch
        reason = " ".join(str(exc).split())
        raise IngestError(
            f"cannot read HTML: a dependency is missing ({reason}); reinstall kg_builder with its "
            "dependencies",
            source=display,
        ) from None

    if not data.strip():
        raise IngestError("empty file; nothing to read", source=display)
    page = decode_text(data, display=display, fallback_encoding=declared_charset(data))
    try:
        doc = trafilatura.bare_extraction(
            page,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        raise IngestError(
            f"cannot parse HTML ({type(exc).__name__}: {exc})".replace("\n", " "), source=display
        ) from exc
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise IngestError(
            "no main text found in the HTML page (only navigation or boilerplate); "
            "pass the article page itself",
            source=display,
        )
    url = (doc.url or "").strip() or None
    return RawDocument(
        text=text,
        name=name,
        path=display,
        key=f"url:{url}" if url else key,
        title=doc.title or None,
        url=url,
        published=to_iso_date(doc.date),
        require_body=True,
    )


def read_html(path: Path, *, display: str) -> RawDocument:
    """Read one ``.html``/``.htm`` page."""
    data = read_bytes(path, display=display)
    return html_document(data, name=source_stem(path), display=display, key=file_key(path))
