"""Turn files, directories, glob patterns and stdin into cleaned articles."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from glob import glob
from itertools import chain
from pathlib import Path
from typing import TextIO

from kg_builder.errors import IngestError, LanguageError
from kg_builder.ingest._io import (
    MAX_ARTICLE_BYTES,
    RawDocument,
    is_hidden,
    os_error,
)
from kg_builder.ingest.clean import clean_text, clean_title, same_paragraph
from kg_builder.ingest.html import html_document, read_html
from kg_builder.ingest.jsonl import iter_jsonl_lines, read_jsonl
from kg_builder.ingest.lang import detect_language, normalize_lang_code
from kg_builder.ingest.text import read_text, text_document
from kg_builder.models import Article, content_hash

__all__ = [
    "SOURCE_SUFFIXES",
    "STDIN",
    "DuplicateArticleError",
    "article_from_raw",
    "iter_articles",
    "source_kind",
]

#: The source name that means "read standard input".
STDIN = "-"
_STDIN_DISPLAY = "<stdin>"

#: File name endings read inside directories and glob matches, and their kind.
SOURCE_SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonl.gz": "jsonl",
    ".ndjson.gz": "jsonl",
}

#: A first paragraph longer than this is body text, not a title.
MAX_TITLE_CHARS = 300
#: An HTML page whose text (title aside) has fewer words has no main text.
MIN_BODY_WORDS = 5

_GLOB_MAGIC = re.compile(r"[*?[]")
_WORD = re.compile(r"[^\W\d_]{2,}")
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>])", re.IGNORECASE)


class DuplicateArticleError(IngestError):
    """An input whose text is the same as an article already read in this run."""

    def __init__(self, *, source: str, line: int | None, article_id: str, first: str) -> None:
        self.article_id = article_id
        self.first = first
        super().__init__(
            f"same text as {first} (article {article_id}); skipped as a duplicate",
            source=source,
            line=line,
        )


def source_kind(name: str) -> str | None:
    """The reader for a file name ("text", "html", "jsonl"), or ``None`` if unknown."""
    lower = name.lower()
    for suffix in sorted(SOURCE_SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix):
            return SOURCE_SUFFIXES[suffix]
    return None


def iter_articles(
    sources: Sequence[str | os.PathLike[str]] | str,
    *,
    lang: str | None = None,
    stdin: TextIO | None = None,
    known: Callable[[str], bool] | None = None,
) -> Iterator[Article | IngestError]:
    """Read, clean and identify the language of every article in ``sources``.

    ``sources`` are files (``.txt``, ``.html``/``.htm``, ``.jsonl``/``.ndjson``,
    optionally gzipped JSONL; an explicitly named file of another type is read
    as text), directories (walked recursively in sorted order, unknown types
    skipped), glob patterns, or ``"-"`` for ``stdin`` (default
    ``sys.stdin``). ``lang`` overrides language detection for every article.

    Returns a lazy iterator. Inputs that cannot be read are *yielded* as
    :class:`~kg_builder.errors.IngestError` (with ``.source`` and ``.line``),
    not raised, so a caller can report them and go on; an article whose text
    was already read in this run is yielded as :class:`DuplicateArticleError`.
    An invalid ``lang`` raises :class:`~kg_builder.errors.LanguageError` at
    once. ``known`` tells article ids the caller already has (a store's
    ``has_article``): those articles skip language detection, the costliest step
    of reading a known article, and come with ``lang=None``.
    """
    if isinstance(sources, str | os.PathLike):
        sources = [sources]
    override = normalize_lang_code(lang) if lang else None
    return _iter_articles([os.fspath(s) for s in sources], override, stdin, known)


def _iter_articles(
    sources: list[str], override: str | None, stdin: TextIO | None, known: Callable[[str], bool] | None
) -> Iterator[Article | IngestError]:
    # ids as ints: 16 hex digits fit in 64 bits, a third of the memory of str.
    seen: dict[int, str] = {}
    for source in sources:
        for item in _documents(source, stdin):
            if isinstance(item, IngestError):
                yield item
                continue
            try:
                article = article_from_raw(item, lang=override, known=known)
            except IngestError as exc:
                yield exc
                continue
            key = int(article.id, 16)
            first = seen.get(key)
            if first is not None:
                yield DuplicateArticleError(
                    source=item.path, line=item.line, article_id=article.id, first=first
                )
                continue
            seen[key] = article.source
            yield article


def article_from_raw(
    raw: RawDocument, *, lang: str | None = None, known: Callable[[str], bool] | None = None
) -> Article:
    """Clean one raw document and make it an :class:`Article`.

    ``lang`` (an ISO 639-1 code) overrides both the record's ``lang`` field
    and detection; an article whose id ``known`` accepts is not detected
    (``lang=None``). Raises :class:`IngestError` when nothing is left after
    cleaning, or (HTML) when the page has no main text.
    """
    title = clean_title(raw.title) if raw.title else None
    text = raw.text
    if title and not raw.title_from_text:
        # The headline is part of the text (it carries relations too); the
        # cleaner drops the copy when the body starts with it already.
        text = f"{title}\n\n{text}"
    cleaned = clean_text(text)
    if not cleaned:
        raise IngestError(
            "no article text left after removing page furniture (share buttons, "
            "captions, teasers); check that the input holds an article",
            source=raw.path,
            line=raw.line,
        )
    paragraphs = cleaned.split("\n")
    if raw.title_from_text:
        title = paragraphs[0] if len(paragraphs[0]) <= MAX_TITLE_CHARS else None
    if raw.require_body:
        body = paragraphs[1:] if title and same_paragraph(paragraphs[0], title) else paragraphs
        if sum(len(_WORD.findall(p)) for p in body) < MIN_BODY_WORDS:
            raise IngestError(
                "no main text found in the HTML page (only a title or boilerplate); "
                "pass the article page itself",
                source=raw.path,
                line=raw.line,
            )
    article_id = content_hash(cleaned)
    if known is not None and known(article_id):
        code, detected = None, False  # the caller skips it: no need to detect its language
    else:
        code, detected = _language(cleaned, override=lang, declared=raw.lang)
    return Article(
        id=article_id,
        text=cleaned,
        source=raw.name,
        title=title,
        url=raw.url,
        published=raw.published,
        lang=code,
        lang_detected=detected,
    )


def _language(text: str, *, override: str | None, declared: str | None) -> tuple[str | None, bool]:
    """The article language: override, else the record's own field, else detected."""
    if override:
        return override, False
    if declared:
        try:
            return normalize_lang_code(declared), False
        except LanguageError:
            pass  # a malformed field ("english", "xx") is no reason to skip the article
    code = detect_language(text)
    return code, code is not None


def _documents(source: str, stdin: TextIO | None) -> Iterator[RawDocument | IngestError]:
    """Every raw document (or error) of one command-line source."""
    if source == STDIN:
        yield from _read_stdin(stdin if stdin is not None else sys.stdin)
        return
    path = Path(source)
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.exists() or path.is_symlink()
    except OSError as exc:
        yield os_error(exc, display=source)
        return
    if is_dir:
        yield from _read_tree(path)
    elif exists:
        yield from _read_file(path, explicit=True)
    elif _GLOB_MAGIC.search(source):
        matches = sorted(glob(source, recursive=True))
        if not matches:
            yield IngestError("no file matches this pattern; check the pattern", source=source)
        for match in matches:
            match_path = Path(match)
            if match_path.is_dir():
                yield from _read_tree(match_path)
            else:
                yield from _read_file(match_path, explicit=False)
    else:
        yield IngestError("no such file or directory; check the path", source=source)


def _read_file(path: Path, *, explicit: bool) -> Iterator[RawDocument | IngestError]:
    kind = source_kind(path.name)
    if kind is None:
        if not explicit:
            return  # unknown types inside directories and glob matches are not inputs
        kind = "text"
    display = str(path)
    if kind == "jsonl":
        yield from read_jsonl(path, display=display)
        return
    reader = read_html if kind == "html" else read_text
    try:
        yield reader(path, display=display)
    except IngestError as exc:
        yield exc


def _read_tree(top: Path) -> Iterator[RawDocument | IngestError]:
    """Walk a directory depth-first in name order (deterministic across machines)."""
    try:
        with os.scandir(top) as entries:
            ordered = sorted(entries, key=lambda entry: entry.name)
    except OSError as exc:
        yield os_error(exc, display=str(top))
        return
    for entry in ordered:
        if is_hidden(entry.name):
            continue
        path = Path(entry.path)
        try:
            # Symlinked directories are not followed: they can form cycles.
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            yield from _read_tree(path)
        else:
            yield from _read_file(path, explicit=False)


def _read_stdin(stream: TextIO) -> Iterator[RawDocument | IngestError]:
    """Standard input: JSON Lines if the first non-empty line is an object, else one article.

    The decision is taken on the first non-empty line so that a JSONL stream
    is processed as it arrives; a later line that is not JSON is reported as
    a bad JSONL line.
    """
    buffer = getattr(stream, "buffer", None)
    lines: Iterator[bytes] = iter(buffer) if buffer is not None else (line.encode("utf-8") for line in stream)
    head: list[bytes] = []
    first = None
    for line in lines:
        head.append(line)
        if line.strip():
            first = line.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()
            break
    if first is None:
        yield IngestError("empty input; nothing to read", source=_STDIN_DISPLAY)
        return
    if first.startswith(b"{"):
        yield from iter_jsonl_lines(chain(head, lines), stem="stdin", display=_STDIN_DISPLAY)
        return
    try:
        data = _read_limited(chain(head, lines))
        if _HTML_START.match(first):
            yield html_document(data, name="stdin", display=_STDIN_DISPLAY)
        else:
            yield text_document(data, name="stdin", display=_STDIN_DISPLAY)
    except IngestError as exc:
        yield exc


def _read_limited(lines: Iterable[bytes]) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for line in lines:
        size += len(line)
        if size > MAX_ARTICLE_BYTES:
            raise IngestError(
                f"more than {MAX_ARTICLE_BYTES // (1024 * 1024)} MB of plain text, too large "
                "for one article; send JSON Lines (one article per line) instead",
                source=_STDIN_DISPLAY,
            )
        chunks.append(line)
    return b"".join(chunks)
