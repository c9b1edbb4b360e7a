"""Turn files, directories, glob patterns and stdin into cleaned articles."""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from glob import glob
from itertools import chain
from pathlib import Path
from typing import TextIO

from kg_builder.errors import IngestError, LanguageError
from kg_builder.ingest import _io
from kg_builder.ingest._io import (
    Oversized,
    RawDocument,
    bounded_lines,
    check_unicode,
    is_hidden,
    not_regular,
    os_error,
    too_large,
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
    """An input already read in this run: the same text, the same file, or the same identity."""

    def __init__(
        self, *, source: str, line: int | None, article_id: str, first: str, reason: str = "text"
    ) -> None:
        self.article_id = article_id
        self.first = first
        what = f"same {reason} as {first}"
        if article_id:
            what += f" (article {article_id})"
        super().__init__(f"{what}; skipped as a duplicate", source=source, line=line)


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
    stdin_name: str | None = None,
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
    was already read in this run (the same text, the same file, or the same
    identity key) is yielded as :class:`DuplicateArticleError`.
    ``stdin_name`` names standard input (``kg build --source NAME``): it
    becomes the article's name and identity, so a later run with the same
    name replaces it; without it, stdin articles never replace anything.
    ``known`` tells article ids the caller already has (a store's
    ``has_article``): those articles skip language detection, the costliest step
    of reading a known article, and come with ``lang=None``.
    An invalid ``lang`` raises :class:`~kg_builder.errors.LanguageError` at
    once.
    """
    if isinstance(sources, str | os.PathLike):
        sources = [sources]
    override = normalize_lang_code(lang) if lang else None
    reader = _Reader(stdin=stdin, stdin_name=stdin_name)
    return _iter_articles([os.fspath(s) for s in sources], override, reader, known)


def _iter_articles(
    sources: list[str], override: str | None, reader: _Reader, known: Callable[[str], bool] | None
) -> Iterator[Article | IngestError]:
    # ids as ints: 16 hex digits fit in 64 bits, a third of the memory of str.
    seen: dict[int, str] = {}
    keys: dict[int, str] = {}  # identity keys by 64-bit digest, same reason
    for source in sources:
        for item in reader.documents(source):
            if isinstance(item, IngestError):
                yield item
                continue
            try:
                article = article_from_raw(item, lang=override, known=known)
            except IngestError as exc:
                yield exc
                continue
            where = _where(item)
            hashed = int(article.id, 16)
            first = seen.get(hashed)
            if first is not None:
                yield DuplicateArticleError(
                    source=item.path, line=item.line, article_id=article.id, first=first
                )
                continue
            if article.key is not None:
                digest = _digest(article.key)
                first = keys.get(digest)
                if first is not None:
                    # Two different texts claim one identity: keeping both would
                    # let the store hold two versions, replacing would lose one.
                    yield DuplicateArticleError(
                        source=item.path,
                        line=item.line,
                        article_id="",
                        first=first,
                        reason=_identity_name(article.key),
                    )
                    continue
                keys[digest] = where
            seen[hashed] = where
            yield article


def _digest(text: str) -> int:
    """A 64-bit digest of a key or path (collisions: about 1 in 10^7 for a million inputs)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def _where(raw: RawDocument) -> str:
    return raw.path + (f":{raw.line}" if raw.line is not None else "")


def _identity_name(key: str) -> str:
    kind = key.partition(":")[0]
    return {"id": "id", "url": "URL", "stdin": "--source name"}.get(kind, "identity")


def article_from_raw(
    raw: RawDocument, *, lang: str | None = None, known: Callable[[str], bool] | None = None
) -> Article:
    """Clean one raw document and make it an :class:`Article`.

    ``lang`` (an ISO 639-1 code) overrides both the record's ``lang`` field
    and detection. Raises :class:`IngestError` when a field is not valid
    Unicode, when nothing is left after cleaning, or (HTML) when the page has
    no main text.
    """
    for name in ("text", "name", "title", "url", "published", "lang", "key"):
        value = getattr(raw, name)
        if value is not None:
            check_unicode(value, field=name, display=raw.path, line=raw.line)
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
        key=raw.key,
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


class _Reader:
    """Turns command-line sources into raw documents; remembers the files already read."""

    def __init__(self, *, stdin: TextIO | None, stdin_name: str | None) -> None:
        self.stdin = stdin
        self.stdin_name = stdin_name
        #: Digest of the resolved path of every file read -> how it was named the first time.
        self.files: dict[int, str] = {}
        self.stdin_read = False

    def documents(self, source: str) -> Iterator[RawDocument | IngestError]:
        """Every raw document (or error) of one command-line source."""
        if source == STDIN:
            if self.stdin_read:
                yield IngestError("standard input given twice; read once", source=_STDIN_DISPLAY)
                return
            self.stdin_read = True
            yield from self._read_stdin(self.stdin if self.stdin is not None else sys.stdin)
            return
        path = Path(source)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists() or path.is_symlink()
        except OSError as exc:
            yield os_error(exc, display=source)
            return
        if is_dir:
            yield from self._read_tree(path)
        elif exists:
            yield from self._read_file(path, explicit=True)
        elif _GLOB_MAGIC.search(source):
            matches = sorted(glob(source, recursive=True))
            if not matches:
                yield IngestError("no file matches this pattern; check the pattern", source=source)
            for match in matches:
                match_path = Path(match)
                if match_path.is_dir():
                    yield from self._read_tree(match_path)
                else:
                    yield from self._read_file(match_path, explicit=False)
        else:
            yield IngestError("no such file or directory; check the path", source=source)

    def _read_file(
        self, path: Path, *, explicit: bool, mode: int | None = None
    ) -> Iterator[RawDocument | IngestError]:
        kind = source_kind(path.name)
        display = str(path)
        if mode is not None:  # from a directory listing: lstat of a non-symlink entry
            error = not_regular(mode, display=display)
            if error is not None:
                yield error
                return
        if kind is None:
            if not explicit:
                return  # unknown types inside directories and glob matches are not inputs
            kind = "text"
        resolved = _digest(os.path.realpath(path))
        first = self.files.get(resolved)
        if first is not None:
            yield DuplicateArticleError(source=display, line=None, article_id="", first=first, reason="file")
            return
        self.files[resolved] = display
        if kind == "jsonl":
            yield from read_jsonl(path, display=display)
            return
        reader = read_html if kind == "html" else read_text
        try:
            yield reader(path, display=display)
        except IngestError as exc:
            yield exc

    def _read_tree(self, top: Path) -> Iterator[RawDocument | IngestError]:
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
                mode = None if entry.is_symlink() else entry.stat(follow_symlinks=False).st_mode
            except OSError:
                is_dir, mode = False, None
            if is_dir:
                yield from self._read_tree(path)
            else:
                yield from self._read_file(path, explicit=False, mode=mode)

    def _read_stdin(self, stream: TextIO) -> Iterator[RawDocument | IngestError]:
        """Standard input: JSON Lines if the first non-empty line is an object, else one article.

        The decision is taken on the first non-empty line so that a JSONL stream
        is processed as it arrives; a later line that is not JSON is reported as
        a bad JSONL line.
        """
        buffer = getattr(stream, "buffer", None)
        lines: Iterator[bytes | Oversized] = (
            bounded_lines(buffer) if buffer is not None else (line.encode("utf-8") for line in stream)
        )
        name = self.stdin_name or "stdin"
        key = f"stdin:{self.stdin_name}" if self.stdin_name else None
        head: list[bytes | Oversized] = []
        first = None
        for line in lines:
            head.append(line)
            if isinstance(line, Oversized):
                first = b"?"
                break
            if line.strip():
                first = line.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()
                break
        if first is None:
            yield IngestError("empty input; nothing to read", source=_STDIN_DISPLAY)
            return
        if first.startswith(b"{"):
            yield from iter_jsonl_lines(chain(head, lines), stem=name, display=_STDIN_DISPLAY, key_base=key)
            return
        try:
            data = _read_limited(chain(head, lines))
            if _HTML_START.match(first):
                yield html_document(data, name=name, display=_STDIN_DISPLAY, key=key)
            else:
                yield text_document(data, name=name, display=_STDIN_DISPLAY, key=key)
        except IngestError as exc:
            yield exc


def _read_limited(lines: Iterable[bytes | Oversized]) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for line in lines:
        size += line.size if isinstance(line, Oversized) else len(line)
        if size > _io.MAX_ARTICLE_BYTES:
            # Drain the rest so the size reported is the real one (memory stays bounded).
            size += sum(item.size if isinstance(item, Oversized) else len(item) for item in lines)
            raise too_large(size, display=_STDIN_DISPLAY, what="standard input")
        assert not isinstance(line, Oversized)
        chunks.append(line)
    return b"".join(chunks)
