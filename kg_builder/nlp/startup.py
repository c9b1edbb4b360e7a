"""What makes loading a language cheap: cached tables and regexes, and no collector passes.

Measured on the issue's machine, a build paid for every language it touched:
simplemma decoding its Polish dictionary (~3 s of CPU, Russian and German ~1 s
each) and Python compiling spaCy's French ``TOKEN_MATCH`` regex (~2 s, a
1.4 MB alternation of 266 anchored patterns). So:

* simplemma's dictionaries are read through simplemma's own
  ``TrieDictionaryFactory``: a MARISA trie built once per language and saved in
  the user's cache directory (``platformdirs``), in a folder named after the
  simplemma and marisa-trie versions, so an upgrade builds new tries. Loading a
  saved trie takes milliseconds; the lemmas are the same (same dictionary).
* spaCy's French ``TOKEN_MATCH`` is replaced, while ``spacy.lang.fr`` is first
  imported and the French model's tokenizer is loaded, by the same alternation
  factored by common suffix (84 groups instead of 266 alternatives; about 4x
  cheaper to compile), compiled on first use; the compiled program is saved in the
  cache directory too (:func:`cached_compile`: 0.5 s of CPU -> under 1 ms). Both
  regexes are anchored at both ends and spaCy only tests the match for truth,
  so tokenization is unchanged; the factoring is checked against
  ``_regular_exp`` and abandoned (original regex) if spaCy's layout changes.
* spaCy's lookup tables (the French lemma table: 216,849 entries) are saved in the
  cache directory in a form that loads fast (:func:`fast_lookup_tables`).
* :func:`paused_gc` stops automatic garbage collection while long-lived objects
  are made (imports, models, the lexicon).

``KG_BUILDER_NO_CACHE=1`` (also honoured by the actor dictionary) bypasses the
disk cache; ``KG_BUILDER_CACHE_DIR`` moves it.
"""

from __future__ import annotations

import gc
import os
import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

__all__ = [
    "cache_dir",
    "cached_compile",
    "factor",
    "factored_french_token_match",
    "fast_lookup_tables",
    "lemmatizer",
]


def cache_dir() -> Path:
    """kg_builder's directory in the user's cache directory (``KG_BUILDER_CACHE_DIR`` overrides)."""
    override = os.environ.get("KG_BUILDER_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("kg_builder", appauthor=False))


@cache
def lemmatizer() -> Any:
    """A simplemma ``Lemmatizer`` whose dictionaries are tries cached on disk.

    Same strategy and dictionaries as ``simplemma.lemmatize`` (so the same
    lemmas); only the dictionary storage differs.
    """
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy
    from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieDictionaryFactory

    class AtomicTrieFactory(TrieDictionaryFactory):
        """Saves each trie under a temporary name, then renames it: two workers building the
        same language at once never read each other's half-written file."""

        def _write_trie_to_disk(self, lang: str, trie: Any) -> None:
            directory = Path(self._cache_dir)
            directory.mkdir(parents=True, exist_ok=True)
            part = directory / f"{lang}.dic.{os.getpid()}.part"
            try:
                trie.save(str(part))
                os.replace(part, directory / f"{lang}.dic")
            finally:
                part.unlink(missing_ok=True)

    use_disk = not os.environ.get("KG_BUILDER_NO_CACHE")
    directory = cache_dir() / f"simplemma-{version('simplemma')}-marisa-{version('marisa-trie')}"
    factory = AtomicTrieFactory(use_disk_cache=use_disk, disk_cache_dir=str(directory))
    return Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory))


def is_known(word: str, lang: str) -> bool:
    """Does simplemma's dictionary for ``lang`` hold ``word``? As ``simplemma.is_known``, but through
    the lemmatizer's own cached tries, so no second copy of a dictionary is loaded."""
    lookup = lemmatizer()._lemmatization_strategy._dictionary_lookup  # simplemma 2.0's DefaultStrategy
    return lookup.get_lemma(word, lang) is not None


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_thresholds: tuple[int, ...] = ()


@contextmanager
def paused_gc() -> Iterator[None]:
    """No automatic cyclic garbage collection while start-up builds long-lived objects.

    Importing spaCy or loading a model allocates hundreds of thousands of objects
    that live as long as the process (the French lemma table alone holds 216,849
    lists), and every allocation burst triggers collections that walk all of them
    again. The pause sets the collector's first threshold to 0 (Python's documented
    way to stop automatic collection) rather than calling ``gc.disable()``, which
    srsly undoes: its ``msgpack_loads``, called for every model component, ends
    with ``gc.enable()``. The thresholds are restored when the last of overlapping
    pauses (nested, or in several threads loading models at once) ends.
    """
    global _gc_pauses, _gc_thresholds
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_thresholds = gc.get_threshold()
            gc.set_threshold(0)
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0:
                gc.set_threshold(*_gc_thresholds)


# ----------------------------------------------------------------------------- French

_FRENCH_MODULE = "spacy.lang.fr.tokenizer_exceptions"
_FRENCH_FLAGS = "(?iu)"
_patch_lock = threading.Lock()
_lookups_lock = threading.Lock()
_compile = re.compile


class _FactoredTokenMatch:
    """Stands in for spaCy's compiled French ``TOKEN_MATCH`` pattern (only ``match`` is used)."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags
        # spaCy's own list (in sys.modules while that module runs): the split must give exactly it.
        expected = getattr(sys.modules.get(_FRENCH_MODULE), "_regular_exp", None)
        alternatives = _split_alternatives(pattern)
        self.alternatives: list[str] | None = alternatives if alternatives == expected else None
        self._regex: re.Pattern[str] | None = None
        self._lock = threading.Lock()

    def match(self, string: str, *args: int) -> re.Match[str] | None:
        regex = self._regex
        if regex is None:
            regex = self._compile()
        return regex.match(string, *args)

    def _compile(self) -> re.Pattern[str]:
        with self._lock:
            if self._regex is None:
                pattern = self.pattern
                if self.alternatives is not None:
                    pattern = _FRENCH_FLAGS + factor(self.alternatives)
                self._regex = cached_compile(pattern, self.flags)
            return self._regex


def cached_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, with the compiled program kept in the cache directory.

    Python compiles a regex in two steps: parsing and code generation in Python
    (``re._parser``, ``re._compiler``: 0.5 s of CPU for the factored French
    pattern), then ``_sre.compile`` of the resulting list of integers (under a
    millisecond). The list is saved once per exact Python build (``sys.version``
    and ``_sre.MAGIC`` name the file), and later processes pass it straight to
    ``_sre.compile``, as ``re._compiler.compile`` itself does. Anything unexpected
    (another interpreter, a damaged file) falls back to compiling as usual.
    """
    if os.environ.get("KG_BUILDER_NO_CACHE"):
        return _compile(pattern, flags)  # not re.compile: it may be patched now
    try:
        import _sre
        import hashlib
        import pickle

        key = hashlib.sha256(f"{sys.version}|{_sre.MAGIC}|{flags}|{pattern}".encode()).hexdigest()[:24]
        path = cache_dir() / f"regex-{key}.pickle"
    except (ImportError, AttributeError):
        return _compile(pattern, flags)
    try:
        saved = pickle.loads(path.read_bytes())
        return _sre.compile(pattern, *saved)  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - missing or unusable: compile and save below
        pass
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern, flags)
        code = [int(c) for c in _compiler._code(parsed, flags)]
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        saved = (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
        regex = _sre.compile(pattern, *saved)
    except Exception:  # noqa: BLE001 - another re implementation: the public way
        return _compile(pattern, flags)
    _save(path, saved)  # a read-only cache costs the next process a compile
    return regex  # type: ignore[no-any-return]


def _save(path: Path, value: Any) -> None:
    """Pickle ``value`` to ``path`` in the cache: written under a temporary name, then renamed,
    so a concurrent reader never sees half a file. A cache that cannot be written is skipped."""
    import pickle

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f"{path.name}.{os.getpid()}.part")
        part.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(part, path)
    except OSError:
        pass


def _split_alternatives(pattern: str) -> list[str] | None:
    """The ``m`` of ``"(?iu)" + "|".join("(?:m)")``, or None if the pattern is not of that shape."""
    if not pattern.startswith(_FRENCH_FLAGS + "(?:^") or not pattern.endswith(")"):
        return None
    parts = pattern[len(_FRENCH_FLAGS) + 3 : -1].split(")|(?:^")
    alternatives = [parts[0]] + ["^" + p for p in parts[1:]]
    if _FRENCH_FLAGS + "|".join(f"(?:{m})" for m in alternatives) != pattern:
        return None
    return alternatives


def factor(alternatives: list[str]) -> str:
    """``"|".join(alternatives)`` with alternatives sharing a tail grouped as ``(?:p1|p2)tail``.

    The tail starts at an alternative's first unescaped ``[``; an alternative
    whose head is not a complete regex on its own is kept as it is. Matching
    ``(?:p1|p2)T`` and ``p1T|p2T`` accept the same strings.
    """
    groups: dict[str, list[str]] = {}
    whole: list[str] = []
    for alt in alternatives:
        cut = alt.find("[")
        while cut > 0 and alt[cut - 1] == "\\":
            cut = alt.find("[", cut + 1)
        head, tail = (alt[:cut], alt[cut:]) if cut > 0 else ("", alt)
        try:
            re.compile(head)
        except re.error:
            head = ""
        if not head:
            whole.append(alt)
            continue
        groups.setdefault(tail, []).append(head)
    parts = [f"(?:(?:{'|'.join(heads)}){tail})" for tail, heads in groups.items()]
    parts += [f"(?:{alt})" for alt in whole]
    return "|".join(parts)


def _fast_tables(tables: dict[Any, Any]) -> dict[Any, Any] | None:
    """spaCy ``Table`` objects equal to ``Table(name, data)`` for each item, built without
    the per-item Python ``__setitem__`` (None when a key is not already a string id)."""
    from collections import OrderedDict

    from preshed.bloom import BloomFilter
    from spacy.lookups import Table

    if not all(isinstance(data, dict) and all(type(k) is int for k in data) for data in tables.values()):
        return None
    out = {}
    for name, data in tables.items():
        table = Table(name)  # its own attributes, then the bloom filter sized as Table(name, data) does
        table.bloom = BloomFilter.from_error_rate(max(len(data), 1))
        # OrderedDict's own C __setitem__, called directly: OrderedDict.update would go
        # through Table's Python __setitem__ for every item (it dispatches to the subclass).
        setitem, add = OrderedDict.__setitem__, table.bloom.add
        for key, value in data.items():
            setitem(table, key, value)
            add(key)
        out[name] = table
    return out


def _pack(value: Any) -> tuple[str, Any, ...]:
    """``value`` in a form that unpickles fast: lemma tables hold hundreds of thousands of
    one-string lists (``["cheval"]``), kept here as one NUL-joined string, and dicts of them
    as their keys joined the same way plus their packed values (:func:`_unpack` reverses)."""
    if (
        type(value) is list
        and value
        and all(type(v) is list and len(v) == 1 and type(v[0]) is str for v in value)
    ):
        joined = "\0".join(v[0] for v in value)
        if joined.count("\0") == len(value) - 1:
            return ("one-string lists", joined)
    if type(value) is dict and value and all(type(k) is str for k in value):
        keys = "\0".join(value)
        values = _pack(list(value.values()))
        if keys.count("\0") == len(value) - 1 and values[0] == "one-string lists":
            return ("dict", keys, values)
    if type(value) is list and any(type(v) in (list, dict) for v in value):
        return ("list", [_pack(v) for v in value])
    return ("as is", value)


def _unpack(packed: tuple[str, Any, ...]) -> Any:
    kind = packed[0]
    if kind == "one-string lists":
        return [[v] for v in packed[1].split("\0")]
    if kind == "dict":
        return dict(zip(packed[1].split("\0"), _unpack(packed[2]), strict=True))
    if kind == "list":
        return [_unpack(p) for p in packed[1]]
    if kind == "as is":
        return packed[1]
    raise ValueError(f"unknown packed form {kind!r}")


def _saved_form(tables: dict[str, Any]) -> dict[str, tuple[bytes, bytes, Any]] | None:
    """What :func:`_tables_from_saved` rebuilds ``tables`` from: per table its bloom filter's
    bytes, its keys as unsigned 64-bit integers and its values packed (:func:`_pack`).
    None if a key does not fit."""
    from array import array

    saved = {}
    for name, table in tables.items():
        try:
            keys = array("Q", table.keys()).tobytes()
        except OverflowError:
            return None
        saved[name] = (table.bloom.to_bytes(), keys, _pack(list(table.values())))
    return saved


def _tables_from_saved(saved: dict[str, tuple[bytes, bytes, Any]]) -> dict[str, Any]:
    """spaCy ``Table`` objects from :func:`_saved_form`, item for item and bloom bit for bit."""
    from array import array
    from collections import OrderedDict, deque
    from itertools import repeat

    from preshed.bloom import BloomFilter
    from spacy.lookups import Table

    out = {}
    for name, (bloom, key_bytes, packed) in saved.items():
        keys = array("Q")
        keys.frombytes(key_bytes)
        values = _unpack(packed)
        if len(values) != len(keys):
            raise ValueError(f"saved lookup table {name!r} is damaged")
        table = Table(name, {})  # {}: a one-item bloom filter, replaced below (None would size it for 1M)
        table.bloom = BloomFilter().from_bytes(bloom)
        # OrderedDict's C __setitem__ over the saved items, without Table's per-item Python one
        deque(map(OrderedDict.__setitem__, repeat(table), keys, values), maxlen=0)
        out[name] = table
    return out


def _lookup_tables(bytes_data: bytes) -> dict[str, Any] | None:
    """The tables of a spaCy ``Lookups.to_bytes()`` blob, or None to leave them to spaCy.

    Decoding the French model's 9.6 MB of msgpack and filling its tables costs about
    0.55 s of CPU; the same tables saved once in the cache directory (named by spaCy's
    version and a hash of the blob) load in about 0.25 s.
    """
    import hashlib
    import pickle

    import spacy
    import srsly

    path = None
    if not os.environ.get("KG_BUILDER_NO_CACHE"):
        digest = hashlib.blake2b(bytes_data, digest_size=16).hexdigest()
        path = cache_dir() / f"lookups-spacy-{spacy.__version__}-{digest}.pickle"
        try:
            return _tables_from_saved(pickle.loads(path.read_bytes()))
        except Exception:  # noqa: BLE001 - missing or unusable: decode and save below
            pass
    tables = _fast_tables(srsly.msgpack_loads(bytes_data))
    if tables is not None and path is not None:
        saved = _saved_form(tables)
        if saved is not None:
            _save(path, saved)
    return tables


@contextmanager
def fast_lookup_tables() -> Iterator[None]:
    """While active, spaCy ``Lookups.from_bytes`` fills its tables in C, not item by item,
    and from the cache directory once they were saved there.

    The French model's lemma lookup table holds 216,849 entries; spaCy's ``Table``
    hashes and adds each through a Python ``__setitem__`` (0.53-0.85 s of CPU). Keys in
    a saved model are already string ids, so the same ordered dict and the same bloom
    filter are built with OrderedDict's C ``__setitem__`` and the filter's own ``add``
    (0.17-0.32 s), and saved (:func:`_lookup_tables`). Tables are checked equal in
    ``tests/unit/test_startup.py``.
    """
    from spacy.lookups import Lookups

    original = Lookups.from_bytes

    def from_bytes(self: Lookups, bytes_data: bytes, **kwargs: Any) -> Lookups:
        tables = _lookup_tables(bytes_data)
        if tables is None:
            return original(self, bytes_data, **kwargs)
        self._tables = tables
        return self

    with _lookups_lock:
        Lookups.from_bytes = from_bytes  # type: ignore[method-assign]
        try:
            yield
        finally:
            Lookups.from_bytes = original  # type: ignore[method-assign]


@contextmanager
def factored_french_token_match() -> Iterator[None]:
    """While active, spaCy's French ``TOKEN_MATCH`` pattern compiles factored (module docstring).

    Covers both places it is compiled: importing ``spacy.lang.fr`` and loading a
    French model's tokenizer, which compiles the pattern saved with the model.
    """
    with _patch_lock:
        original = re.compile

        def compile_(pattern: Any, flags: int = 0) -> Any:
            if isinstance(pattern, str) and len(pattern) > 100_000 and pattern.startswith(_FRENCH_FLAGS):
                return _FactoredTokenMatch(pattern, flags)
            return original(pattern, flags)

        re.compile = compile_  # type: ignore[assignment]
        try:
            import spacy.lang.fr  # noqa: F401

            yield
        finally:
            re.compile = original
