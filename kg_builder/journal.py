"""The build journal: what a build is about to write, so an interrupted build can be finished.

A build resolves the entities of its whole batch before it writes anything, so a build that
stops halfway (``kill -9``, Ctrl-C, a full disk, a power cut) must not leave the rest to a
re-run that would resolve only the articles not yet written: entity resolution would see
another mention set and could give another store. Instead, the build first writes every
validated article graph of the batch to a journal inside the store directory::

    <store>/kg-build-journal.jsonl.part   while it is being written (ignored, deleted)
    <store>/kg-build-journal.jsonl        committed: fsynced, then renamed into place

and only then writes the articles into the store, one transaction each. The journal is
deleted once the store is flushed. The next ``kg build`` on a store with a committed journal
writes the journal's articles first (writing an article twice gives the same graph), then
does its own work, so the store ends exactly as after an uninterrupted build.

Format: JSON Lines; a header ``{"kg_builder_journal": 1}``, one line per article
``{"graph": IRI, "replaces": IRI | null, "nt": N-Triples}`` and a trailer
``{"end": COUNT}``; a journal without its trailer is refused.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kg_builder.errors import StoreError
from kg_builder.rdf.store import GraphStore

__all__ = [
    "FAULT_ENV",
    "JOURNAL_NAME",
    "JournalEntry",
    "JournalWriter",
    "ROOM_FACTOR",
    "check_room",
    "fault_point",
    "pending_journal",
    "replay",
]

JOURNAL_NAME = "kg-build-journal.jsonl"
_VERSION = 1

#: Testing hook (tests/faults): ``KG_BUILD_FAULT=kill@write:2`` sends SIGKILL to the build
#: itself right after it wrote its 2nd article, ``int@...`` sends SIGINT (a Ctrl-C). Points:
#: ``extract:N`` (N articles extracted), ``journal`` (journal committed, nothing written
#: yet), ``write:N`` (N articles written). Unset in normal use.
FAULT_ENV = "KG_BUILD_FAULT"


def fault_point(point: str, count: int | None = None) -> None:
    """Signal this process when ``KG_BUILD_FAULT`` names this point (see :data:`FAULT_ENV`)."""
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return
    action, _, where = spec.partition("@")
    name = point if count is None else f"{point}:{count}"
    if where != name:
        return
    sig = {"kill": signal.SIGKILL, "int": signal.SIGINT}.get(action)
    if sig is not None:
        os.kill(os.getpid(), sig)


@dataclass(frozen=True)
class JournalEntry:
    """One article graph to write: its name, the graph it replaces, its N-Triples."""

    graph: str
    replaces: str | None
    nt: str


def _disk_message(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    return exc.strerror or str(exc)


class JournalWriter:
    """Writes the journal of one build; nothing counts until :meth:`commit`."""

    def __init__(self, store_path: Path) -> None:
        self.path = store_path / JOURNAL_NAME
        self.part = store_path / (JOURNAL_NAME + ".part")
        self.count = 0
        try:
            self._handle: IO[str] | None = self.part.open("w", encoding="utf-8")
            self._write({"kg_builder_journal": _VERSION})
        except OSError as exc:
            self.discard()
            raise self._error(exc) from exc

    def _error(self, exc: OSError) -> StoreError:
        return StoreError(
            f"cannot write the build journal {self.part}: {_disk_message(exc)}; "
            "nothing was written to the store. Free some space and run `kg build` again."
        )

    def _write(self, record: dict[str, object]) -> None:
        assert self._handle is not None
        self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")

    def add(self, graph: str, nt: str, *, replaces: str | None = None) -> None:
        """Append one article graph."""
        try:
            self._write({"graph": graph, "replaces": replaces, "nt": nt})
        except OSError as exc:
            self.discard()
            raise self._error(exc) from exc
        self.count += 1

    def commit(self) -> Path:
        """Make the journal durable (fsync, atomic rename); from now on it will be finished."""
        try:
            self._write({"end": self.count})
            assert self._handle is not None
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._handle.close()
            self._handle = None
            os.replace(self.part, self.path)
            _fsync_dir(self.path.parent)
        except OSError as exc:
            self.discard()
            raise self._error(exc) from exc
        return self.path

    def discard(self) -> None:
        """Drop an uncommitted journal (an error or a Ctrl-C before the first write)."""
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self._handle.close()
            self._handle = None
        with contextlib.suppress(OSError):
            self.part.unlink()

    def __enter__(self) -> JournalWriter:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is not None or self._handle is not None:
            self.discard()


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def pending_journal(store_path: Path) -> Path | None:
    """The committed journal of an interrupted build in ``store_path``, if there is one.

    A leftover ``.part`` file (a build stopped before its first write) is deleted.
    """
    with contextlib.suppress(OSError):
        (store_path / (JOURNAL_NAME + ".part")).unlink()
    path = store_path / JOURNAL_NAME
    return path if path.is_file() else None


def read_journal(path: Path) -> Iterator[JournalEntry]:
    """The entries of a committed journal, streamed; raises StoreError when it is damaged."""
    expected: int | None = None
    count = 0
    try:
        with path.open(encoding="utf-8") as handle:
            header = json.loads(handle.readline() or "{}")
            if header.get("kg_builder_journal") != _VERSION:
                raise ValueError("unknown header")
            for line in handle:
                record = json.loads(line)
                if "end" in record:
                    expected = int(record["end"])
                    break
                yield JournalEntry(graph=record["graph"], replaces=record.get("replaces"), nt=record["nt"])
                count += 1
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(
            f"the build journal {path} cannot be read ({exc}); delete it and run the "
            "interrupted `kg build` again"
        ) from exc
    if expected != count:
        raise StoreError(
            f"the build journal {path} is incomplete; delete it and run the interrupted `kg build` again"
        )


#: Disk space a batch needs in the store's file system, as a multiple of its journal: the
#: RocksDB write-ahead log (~3.7x the N-Triples) plus the sorted tables written at the flush
#: (~1.7x), measured on examples/articles; plus a fixed margin for RocksDB's own files.
ROOM_FACTOR = 6
ROOM_MARGIN = 4 * 2**20


def check_room(store_path: Path, journal: Path) -> None:
    """Raise StoreError when the store's file system has clearly too little room to write
    the journal's batch (:data:`ROOM_FACTOR`), so a full disk stops a build before its first
    write rather than in the middle or at the final flush."""
    try:
        size = journal.stat().st_size
        free = shutil.disk_usage(store_path).free
    except OSError:
        return  # cannot tell; the writes themselves will say
    need = ROOM_FACTOR * size + ROOM_MARGIN
    if free < need:
        raise StoreError(
            f"the disk of the store {store_path} is nearly full: writing this batch needs about "
            f"{need / 2**20:,.1f} MiB and {free / 2**20:,.1f} MiB are free; nothing was written "
            "to the store. Free some space and run `kg build` again."
        )


def replay(
    store: GraphStore,
    path: Path,
    *,
    on_written: Callable[[JournalEntry], None] = lambda entry: None,
    flush_every: int = 500,
) -> int:
    """Write every article of the journal into ``store`` (each in its own transaction),
    flush, then delete the journal; return the number of articles written.

    Safe to run again after an interruption: writing an article replaces its graph. The
    journal is checked whole, and the room on disk, before the first write.
    """
    # Check the whole journal before writing from it: a damaged one changes nothing.
    for _entry in read_journal(path):
        pass
    check_room(store.path, path)
    written = 0
    for entry in read_journal(path):
        try:
            store.put_ntriples(entry.graph, entry.nt, replaces=entry.replaces)
        except StoreError as exc:
            raise StoreError(
                f"{exc}. Every article in the store is complete, and the build journal keeps the "
                "rest of the batch: once there is room, run `kg build` again to finish it."
            ) from exc
        written += 1
        on_written(entry)
        fault_point("write", written)
        if written % flush_every == 0:
            store.flush()  # keeps RocksDB's memory bounded (bench/store_choice.py)
    store.flush()
    try:
        path.unlink()
    except OSError as exc:
        raise StoreError(
            f"every article of the build journal {path} is written, but the journal cannot be "
            f"deleted ({_disk_message(exc)}); delete it by hand"
        ) from exc
    _fsync_dir(path.parent)
    return written
