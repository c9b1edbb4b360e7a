"""Ingestion: read articles from files, directories, globs and stdin; clean them;
identify their language.

The public entry point is :func:`iter_articles`, which yields
:class:`~kg_builder.models.Article` records and, for inputs it had to skip,
:class:`~kg_builder.errors.IngestError` instances.
"""

from __future__ import annotations

from kg_builder.ingest.clean import clean_text
from kg_builder.ingest.dates import to_iso_date
from kg_builder.ingest.lang import (
    DETECTABLE_LANGUAGES,
    detect_language,
    is_supported,
    normalize_lang_code,
)
from kg_builder.ingest.sources import (
    SOURCE_SUFFIXES,
    DuplicateArticleError,
    article_from_raw,
    iter_articles,
    source_kind,
)

__all__ = [
    "DETECTABLE_LANGUAGES",
    "SOURCE_SUFFIXES",
    "DuplicateArticleError",
    "article_from_raw",
    "clean_text",
    "detect_language",
    "is_supported",
    "iter_articles",
    "normalize_lang_code",
    "source_kind",
    "to_iso_date",
]
