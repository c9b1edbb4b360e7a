"""Reading and decoding input bytes, with one-line errors that name the input.

Every source goes through this layer, and it enforces the limits:

- only regular files are opened (a FIFO, socket or device on the command line
  or inside a folder is skipped with a line; it is never opened for reading,
  so it cannot hang the build);
- one article is at most :data:`MAX_ARTICLE_BYTES` of input, whether it is a
  file, standard input or one JSON line; a JSON line over the limit is skipped
  without being read into memory;
- text must be valid Unicode: a lone surrogate (JSON ``"\\ud800"``) is refused.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kg_builder.errors import IngestError

#: A single article larger than this (a file, standard input, or one JSON line)
#: is refused: it is a dump, not an article, and reading it whole would defeat
#: bounded memory.
MAX_ARTICLE_BYTES = 20 * 1024 * 1024
_MB = 1024 * 1024
#: Bytes read at a time while skipping the rest of an over-long JSON line.
_SKIP_CHUNK = 1024 * 1024

#: How many leading bytes are inspected for NUL bytes (binary files).
BINARY_PROBE_BYTES = 8192

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One article as read from its source, before cleaning.

    ``name`` becomes ``Article.source``; ``path`` and ``line`` locate the
    input in error messages.
    """

    text: str
    name: str
    path: str
    line: int | None = None
    #: What makes a later input "the same article, changed" (``None``: nothing, e.g. stdin).
    key: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    lang: str | None = None
    #: The first paragraph of ``text`` is the title (plain-text files).
    title_from_text: bool = False
    #: HTML: a page whose only text is its title has no main text.
    require_body: bool = False


def source_stem(path: str | Path) -> str:
    """File name without directory and extension ("a/001_x.txt" -> "001_x")."""
    name = Path(path).name
    if name.lower().endswith(".gz"):
        name = name[:-3]
    stem = Path(name).stem
    return stem or name


def file_key(path: Path, line: int | None = None) -> str:
    """The identity key of a file (or of one line of it): its resolved absolute path."""
    resolved = os.path.realpath(path)
    return f"file:{resolved}" if line is None else f"file:{resolved}:{line}"


_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a directory"),
)


def not_regular(mode: int, *, display: str) -> IngestError | None:
    """The error for a file mode that is not a regular file, else ``None``."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return IngestError(
        f"{kind}, not a regular file; skipped (pass regular files or - for stdin)", source=display
    )


def open_regular(path: Path, *, display: str) -> BinaryIO:
    """Open ``path`` for reading if, and only if, it is a regular file.

    The file is opened non-blocking first, so a FIFO without a writer cannot
    hang the open, and the check is made on the open descriptor (no race
    between checking and opening).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise os_error(exc, display=display) from exc
    try:
        error = not_regular(os.fstat(fd).st_mode, display=display)
        if error is not None:
            raise error
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def too_large(size: int, *, display: str, line: int | None = None, what: str = "file") -> IngestError:
    """The error for an input over :data:`MAX_ARTICLE_BYTES`."""
    hint = "split it into articles" if line is not None else "split it or convert it to JSONL"
    return IngestError(
        f"{what} is {size / _MB:.1f} MB, over the {MAX_ARTICLE_BYTES // _MB} MB limit for one article; "
        f"skipped ({hint})",
        source=display,
        line=line,
    )


def read_bytes(path: Path, *, display: str) -> bytes:
    """Read a whole (article-sized) regular file; failures become :class:`IngestError`."""
    with open_regular(path, display=display) as handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_ARTICLE_BYTES:
                raise too_large(size, display=display)
            data = handle.read(MAX_ARTICLE_BYTES + 1)
        except OSError as exc:
            raise os_error(exc, display=display) from exc
    if len(data) > MAX_ARTICLE_BYTES:  # the file grew while being read
        raise too_large(len(data), display=display)
    return data


@dataclass(frozen=True, slots=True)
class Oversized:
    """Stands for a line longer than the limit, which was skipped unread."""

    size: int


def bounded_lines(handle: BinaryIO, *, limit: int | None = None) -> Iterator[bytes | Oversized]:
    """The lines of a binary stream, never holding more than ``limit`` bytes of one line.

    A longer line is consumed in chunks and yielded as :class:`Oversized`.
    ``limit`` defaults to :data:`MAX_ARTICLE_BYTES`.
    """
    if limit is None:
        limit = MAX_ARTICLE_BYTES
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while not line.endswith(b"\n"):
            line = handle.readline(_SKIP_CHUNK)
            if not line:
                break
            size += len(line)
        yield Oversized(size)


def check_unicode(value: str, *, field: str, display: str, line: int | None = None) -> None:
    """Refuse a string that cannot be written as UTF-8 (a lone surrogate from a JSON escape)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(value[exc.start])
        raise IngestError(
            f"'{field}' holds a lone surrogate (\\u{code:04x} at character {exc.start}), not valid "
            "Unicode; fix the escape in the input",
            source=display,
            line=line,
        ) from None


def os_error(exc: OSError, *, display: str) -> IngestError:
    """Turn an OS error while opening or reading ``display`` into an IngestError."""
    if isinstance(exc, FileNotFoundError):
        return IngestError("no such file or directory; check the path", source=display)
    if isinstance(exc, PermissionError):
        return IngestError(
            "permission denied; make the file readable (chmod +r) or run as its owner",
            source=display,
        )
    if isinstance(exc, IsADirectoryError):
        return IngestError("is a directory where a file was expected", source=display)
    reason = exc.strerror or errno.errorcode.get(exc.errno or 0, "") or type(exc).__name__
    return IngestError(f"cannot read: {reason}", source=display)


def nul_offset(data: bytes, *, limit: int | None = BINARY_PROBE_BYTES) -> int:
    """Offset of the first NUL byte in ``data`` (probing ``limit`` bytes), or -1."""
    return data.find(b"\x00", 0, limit if limit is not None else len(data))


def decode_text(
    data: bytes,
    *,
    display: str,
    line: int | None = None,
    base_offset: int = 0,
    fallback_encoding: str | None = None,
) -> str:
    """Decode article bytes as UTF-8 (a BOM may announce UTF-8 or UTF-16).

    ``fallback_encoding`` (an HTML page's declared charset) is tried when the
    bytes are not UTF-8. Binary data and invalid UTF-8 raise an
    :class:`IngestError` giving the byte offset.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
            except UnicodeDecodeError as exc:
                offset = base_offset + exc.start
                raise IngestError(
                    f"invalid {encoding.upper()} at byte offset {offset}; re-encode the file as UTF-8",
                    source=display,
                    line=line,
                ) from exc
    nul = nul_offset(data, limit=None)
    if nul >= 0:
        raise IngestError(
            f"binary data (NUL byte at byte offset {base_offset + nul}), not text; "
            "pass text, HTML or JSONL files",
            source=display,
            line=line,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if fallback_encoding:
            try:
                return data.decode(fallback_encoding)
            except (UnicodeDecodeError, LookupError):
                pass
        offset = base_offset + exc.start
        bad = data[exc.start : exc.start + 1].hex()
        raise IngestError(
            f"invalid UTF-8 at byte offset {offset} (byte 0x{bad}); re-encode the file as UTF-8",
            source=display,
            line=line,
        ) from exc


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` near its start, if valid."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def is_hidden(name: str) -> bool:
    """Dot files and editor backups are not inputs."""
    return name.startswith(".") or name.endswith("~")


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as shown in messages (as given, not resolved)."""
    return os.fspath(path)
