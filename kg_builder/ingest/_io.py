"""Reading and decoding input bytes, with one-line errors that name the input."""

from __future__ import annotations

import codecs
import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path

from kg_builder.errors import IngestError

#: A single article file larger than this is refused: it is a dump, not an
#: article, and reading it whole would defeat bounded memory.
MAX_ARTICLE_BYTES = 20 * 1024 * 1024

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


def read_bytes(path: Path, *, display: str) -> bytes:
    """Read a whole (article-sized) file; failures become :class:`IngestError`."""
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise IngestError(
                f"file is {size // (1024 * 1024)} MB, too large for one article "
                f"(limit {MAX_ARTICLE_BYTES // (1024 * 1024)} MB); split it or convert it to JSONL",
                source=display,
            )
        with path.open("rb") as handle:
            return handle.read()
    except OSError as exc:
        raise os_error(exc, display=display) from exc


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
