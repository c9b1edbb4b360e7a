"""The actor dictionary stored on disk, read lazily: a build pays only for the names it meets.

Loading the whole dictionary (about 21,000 actors, 73,000 alias variants, 210,000
token keys) into Python objects costs about a second of CPU in every process. The
stored index keeps it in a cache directory instead and opens it in a few
milliseconds:

``keys.trie``, ``keys.idx``
    a MARISA trie of the first-token keys (memory-mapped); a key's trie id
    selects its bucket record (inflected forms share one): the variants that start with that key, and for a
    big bucket the same split by the second token (see :class:`Gazetteer`);
``variants.*``, ``entries.*``, ``buckets.*``
    one pickled record per variant, per actor entry and per bucket, in a
    memory-mapped ``.bin`` file with an ``.off`` array of offsets;
``entry-keys.trie``, ``entry-keys.idx``
    entry key -> entry index;
``meta.pickle``
    what every build needs whole and is small: roles, the role-word gazetteer,
    role holders, QID and ISO maps, counts.

A record is decoded the first time it is asked for and kept in a bounded
per-process cache. Matching reads the same buckets and variants in the same
order as the in-memory :class:`~kg_builder.actors.matcher.Gazetteer`, so the
results are identical (``tests/unit/test_actor_index.py`` checks it on real news).
"""

from __future__ import annotations

import array
import mmap
import os
import pickle
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import marisa_trie

from kg_builder.actors.matcher import Bucket, Gazetteer, Variant
from kg_builder.actors.model import ActorEntry

if TYPE_CHECKING:
    from kg_builder.actors.dictionary import ActorDictionary

#: Bump when the layout of the stored index changes.
FORMAT = "1"
_MARKER = "complete"
#: Decoded records kept per process before the cache starts over (bounds memory).
_MEMO_LIMIT = 200_000
_MISSING = object()


class _Records:
    """Variable-length byte records, memory-mapped: ``.bin`` data and ``.off`` offsets."""

    def __init__(self, prefix: Path) -> None:
        self._offsets = array.array("Q")
        self._offsets.frombytes(prefix.with_suffix(".off").read_bytes())
        with prefix.with_suffix(".bin").open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            # mmap refuses an empty file: an empty dictionary has an empty .bin.
            self._data: mmap.mmap | bytes = (
                mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
            )

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, i: int) -> Any:
        return pickle.loads(self._data[self._offsets[i] : self._offsets[i + 1]])

    @staticmethod
    def write(prefix: Path, records: Iterable[object]) -> None:
        offsets = array.array("Q", [0])
        with prefix.with_suffix(".bin").open("wb") as fh:
            for record in records:
                data = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
                fh.write(data)
                offsets.append(offsets[-1] + len(data))
        prefix.with_suffix(".off").write_bytes(offsets.tobytes())


def _trie(path: Path) -> marisa_trie.Trie:
    trie = marisa_trie.Trie()
    trie.mmap(str(path))
    return trie


class StoredGazetteer(Gazetteer):
    """A :class:`Gazetteer` answered from a stored index (read-only)."""

    def __init__(self, directory: Path, size: int) -> None:
        super().__init__()
        self._keys = _trie(directory / "keys.trie")
        self._slots = array.array("I")
        self._slots.frombytes((directory / "keys.idx").read_bytes())
        self._buckets = _Records(directory / "buckets")
        self._records = _Records(directory / "variants")
        self._size = size
        self._bucket_memo: dict[str, Bucket] = {}
        self._variant_memo: dict[int, Variant] = {}

    def __len__(self) -> int:
        return self._size

    def keys(self) -> Iterable[str]:
        return self._keys.keys()

    def bucket(self, key: str) -> Bucket:
        memo = self._bucket_memo
        found = memo.get(key)
        if found is None:
            if len(memo) > _MEMO_LIMIT:
                memo.clear()
            tid = self._keys.get(key)
            found = memo[key] = (None, None) if tid is None else self._buckets[self._slots[tid]]
        return found

    def variant(self, vid: int) -> Variant:
        memo = self._variant_memo
        found = memo.get(vid)
        if found is None:
            if len(memo) > _MEMO_LIMIT:
                memo.clear()
            found = memo[vid] = Variant._make(self._records[vid])
        return found

    def add(self, *args: Any, **kwargs: Any) -> None:  # noqa: D102 - read-only
        raise TypeError("a stored actor index is read-only; build a Gazetteer to add aliases")


class StoredEntries:
    """Actor entries by index and by key, decoded on demand."""

    def __init__(self, directory: Path, by_qid: dict[str, str], by_iso: dict[str, str]) -> None:
        self.path = directory
        self._records = _Records(directory / "entries")
        self._keys = _trie(directory / "entry-keys.trie")
        self._index = array.array("I")
        self._index.frombytes((directory / "entry-keys.idx").read_bytes())
        self._by_qid = by_qid
        self._by_iso = by_iso
        self._memo: dict[int, ActorEntry] = {}

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[ActorEntry]:
        return (self.entry(i) for i in range(len(self)))

    def entry(self, idx: int) -> ActorEntry:
        """The entry at position ``idx`` (the gazetteer's targets)."""
        memo = self._memo
        found = memo.get(idx)
        if found is None:
            if len(memo) > _MEMO_LIMIT:
                memo.clear()
            found = memo[idx] = self._records[idx]
        return found

    def resolve(self, key: str) -> str | None:
        """The entry key for a key, a bare QID or an ISO code (None: unknown)."""
        if self._keys.get(key) is not None:
            return key
        return self._by_qid.get(key) or self._by_iso.get(key)

    def by_key(self, key: str) -> ActorEntry | None:
        """The entry with exactly ``key``."""
        tid = self._keys.get(key)
        return None if tid is None else self.entry(self._index[tid])


def write_index(directory: Path, dictionary: ActorDictionary) -> bool:
    """Store ``dictionary`` in ``directory`` (atomically); False when it cannot be written.

    A directory left there that does not open (a crash, a full disk) is replaced.
    """
    if open_index(directory) is not None:
        return True
    tmp = directory.with_name(f"{directory.name}.{os.getpid()}.tmp")
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        gaz = dictionary._gaz
        keys = list(gaz.keys())
        trie = marisa_trie.Trie(keys)
        trie.save(str(tmp / "keys.trie"))
        # The inflected forms of a token share one bucket object: store each once.
        buckets: list[Bucket] = []
        numbers: dict[tuple[int, int], int] = {}
        slots = array.array("I", [0]) * len(trie)
        for key in keys:
            bucket = gaz.bucket(key)
            ident = (id(bucket[0]), id(bucket[1]))
            number = numbers.get(ident)
            if number is None:
                number = numbers[ident] = len(buckets)
                buckets.append(bucket)
            slots[trie[key]] = number
        _Records.write(tmp / "buckets", buckets)
        (tmp / "keys.idx").write_bytes(slots.tobytes())
        _Records.write(tmp / "variants", (tuple(gaz.variant(v)) for v in range(len(gaz))))
        entries = list(dictionary)
        _Records.write(tmp / "entries", entries)
        entry_trie = marisa_trie.Trie([e.key for e in entries])
        entry_trie.save(str(tmp / "entry-keys.trie"))
        index = array.array("I", [0]) * len(entry_trie)
        for i, e in enumerate(entries):
            index[entry_trie[e.key]] = i
        (tmp / "entry-keys.idx").write_bytes(index.tobytes())
        meta = {
            "format": FORMAT,
            "roles": list(dictionary._roles.values()),
            "role_gaz": dictionary._role_gaz,
            "holders": dictionary._holders,
            "by_qid": {e.qid: e.key for e in entries if e.qid},
            "by_iso": {e.iso: e.key for e in entries if e.iso},
            "stats": dictionary.stats(),
            "variants": len(gaz),
        }
        (tmp / "meta.pickle").write_bytes(pickle.dumps(meta, protocol=pickle.HIGHEST_PROTOCOL))
        (tmp / _MARKER).write_text(FORMAT, encoding="utf-8")
        if directory.exists() and open_index(directory) is None:
            shutil.rmtree(directory, ignore_errors=True)
        try:
            tmp.rename(directory)
        except OSError:
            # Another process stored the same index first: use theirs.
            shutil.rmtree(tmp, ignore_errors=True)
        for stale in directory.parent.glob("actors-*.pickle"):  # the whole-dictionary pickles of old
            stale.unlink(missing_ok=True)
        return open_index(directory) is not None
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        return False  # a read-only cache only costs the next process a rebuild


class StoredIndex:
    """What :meth:`ActorDictionary.load` needs from a stored index."""

    def __init__(self, directory: Path) -> None:
        meta = pickle.loads((directory / "meta.pickle").read_bytes())
        if meta.get("format") != FORMAT:
            raise ValueError("stored actor index of another format")
        self.path = directory
        self.roles = meta["roles"]
        self.role_gaz: Gazetteer = meta["role_gaz"]
        self.holders = meta["holders"]
        self.stats: dict[str, int] = meta["stats"]
        self.entries = StoredEntries(directory, meta["by_qid"], meta["by_iso"])
        self.gazetteer = StoredGazetteer(directory, meta["variants"])


def open_index(directory: Path) -> StoredIndex | None:
    """The stored index in ``directory``, or None when it is missing or unreadable."""
    if not (directory / _MARKER).is_file():
        return None
    try:
        return StoredIndex(directory)
    except (OSError, ValueError, KeyError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
