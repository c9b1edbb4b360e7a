"""The multilingual actor dictionary: loading, lookup, role holders, matching."""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import re
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, SupportsIndex

from kg_builder.actors.index import StoredEntries, StoredIndex, open_index, write_index
from kg_builder.actors.inflect import INFLECTED_LANGUAGES, romance_demonym_forms, token_forms
from kg_builder.actors.loader import (
    BUILTIN_FILES,
    DATA_DIR,
    Merger,
    alias_tuple,
    babel_country_names,
    tenures,
)
from kg_builder.actors.matcher import Gazetteer, alias_rules
from kg_builder.actors.model import (
    ActorEntry,
    ActorMatch,
    Alias,
    RoleDef,
    RoleMatch,
    RoleReference,
    RoleTenure,
)
from kg_builder.actors.text import TOKEN_RE, basic_fold, tokenize
from kg_builder.errors import ActorDictionaryError

#: Bump when the index layout or the matching rules change (invalidates caches).
INDEX_VERSION = "2"

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")

# Words that may stand between a role and its country: "president OF Kazakhstan".
_CONNECTORS: dict[str, frozenset[str]] = {
    "en": frozenset({"of", "the"}),
    "fr": frozenset({"de", "du", "des", "la", "l", "d"}),
    "it": frozenset({"di", "del", "della", "dello", "dell", "dei", "degli", "delle", "d"}),
    "es": frozenset({"de", "del", "la", "los", "las"}),
    "de": frozenset({"von", "der", "des", "dem"}),
    "pl": frozenset(),
    "ru": frozenset(),
    "uk": frozenset(),
}
_GAP_RE = re.compile(r"^[\s'’]*$")
_POSSESSIVE_RE = re.compile(r"^\s*(?:['’]s?)?\s+$")


class ActorDictionary:
    """Canonical actors with multilingual aliases and a fast gazetteer matcher.

    Build one with :meth:`load` (or use :func:`default_dictionary`); instances
    are immutable and safe to share between threads.
    """

    def __init__(self, entries: Sequence[ActorEntry], roles: Sequence[RoleDef]) -> None:
        self._table: _Entries | StoredEntries = _Entries(entries)
        self._roles = {r.key: r for r in roles}
        self._role_keys: list[str] = list(self._roles)
        self._holders: dict[tuple[str, str], list[tuple[RoleTenure, str]]] = {}
        for e in entries:
            for t in e.roles:
                self._holders.setdefault((t.role, t.of), []).append((t, e.key))
        self._gaz: Gazetteer = Gazetteer()
        for idx, entry in enumerate(entries):
            ambiguous = frozenset(entry.ambiguous)
            person = entry.type == "Person"
            for alias in entry.aliases:
                _index_alias(self._gaz, idx, alias, alias.text in ambiguous, person=person)
        self._gaz.freeze()
        self._role_gaz = Gazetteer()
        for idx, key in enumerate(self._role_keys):
            for alias in self._roles[key].words:
                _index_alias(self._role_gaz, idx, alias, False)
        self._role_gaz.freeze()
        self._stats: dict[str, int] | None = None

    @classmethod
    def _stored(cls, stored: StoredIndex) -> ActorDictionary:
        """A dictionary that reads ``stored`` lazily (see :mod:`kg_builder.actors.index`)."""
        self = cls.__new__(cls)
        self._table = stored.entries
        self._roles = {r.key: r for r in stored.roles}
        self._role_keys = list(self._roles)
        self._holders = stored.holders
        self._gaz = stored.gazetteer
        self._role_gaz = stored.role_gaz
        self._stats = stored.stats
        return self

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        # A stored dictionary holds memory maps: it travels as the path of its index.
        if isinstance(self._table, StoredEntries):
            return (_reopen, (str(self._table.path),))
        return super().__reduce_ex__(protocol)

    # --- construction -----------------------------------------------------------

    @classmethod
    def load(cls, extra: Sequence[Path | str] = (), *, use_cache: bool = True) -> ActorDictionary:
        """Load the built-in data plus ``extra`` user files (``--actors FILE``).

        User files extend entries with the same key (aliases and roles are
        added; label, qid, type and iso replace) or, with ``"replace": true``,
        replace them; ``{"key": ..., "delete": true}`` removes an entry. The
        compiled dictionary is stored on disk as an index read lazily (keyed by
        the content of every input file and the code; see
        :mod:`kg_builder.actors.index`), so later loads take milliseconds and a
        build decodes only the names its articles contain; set
        ``use_cache=False`` or ``KG_BUILDER_NO_CACHE=1`` to bypass the cache.

        Raises :class:`~kg_builder.errors.ActorDictionaryError` naming the file,
        line and field of the first problem found.
        """
        paths = [DATA_DIR / name for name in BUILTIN_FILES]
        user = [Path(p) for p in extra]
        directory = None
        if use_cache and not os.environ.get("KG_BUILDER_NO_CACHE"):
            directory = _cache_path(paths + user)
            if directory is not None:
                stored = open_index(directory)
                if stored is not None:
                    return cls._stored(stored)
        dictionary = cls._build(paths, user)
        if directory is not None and write_index(directory, dictionary):
            stored = open_index(directory)
            if stored is not None:
                return cls._stored(stored)
        return dictionary

    @classmethod
    def _build(cls, builtin: Sequence[Path], user: Sequence[Path]) -> ActorDictionary:
        merger = Merger()
        for path in builtin:
            merger.add_file(path, builtin=True)
        for path in user:
            merger.add_file(path, builtin=False)
        merger.check_roles()
        entries = []
        for raw in merger.entries.values():
            if raw.iso:
                babel = babel_country_names(raw.iso)
                if not babel and raw.type == "Country":
                    raise ActorDictionaryError(f"{raw.where}: unknown ISO country code {raw.iso!r}")
                if raw.label is None and "en" in babel:
                    raw.label = babel["en"][-1].replace(" & ", " and ")
                raw.add_aliases("name", babel)
            if raw.label is None:
                raise ActorDictionaryError(f"{raw.where}: entry {raw.key!r} needs a 'label'")
            entries.append(
                ActorEntry(
                    key=raw.key,
                    label=raw.label,
                    type=raw.type,
                    qid=raw.qid,
                    aliases=alias_tuple(raw),
                    roles=tenures(merger, raw),
                    iso=raw.iso,
                    ambiguous=tuple(sorted(raw.ambiguous)),
                )
            )
        roles = [
            RoleDef(
                key=r.key,
                label=r.label,
                words=tuple(Alias(w, lang, "role") for lang, ws in r.words.items() for w in ws),
                covers=tuple(r.covers),
            )
            for r in merger.roles.values()
        ]
        return cls(entries, roles)

    # --- lookup --------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._table)

    def __iter__(self) -> Iterator[ActorEntry]:
        return iter(self._table)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._table.by_key(key) is not None

    @property
    def roles(self) -> dict[str, RoleDef]:
        """The role table, keyed by role name (``president``, ``foreign_minister``...)."""
        return dict(self._roles)

    def get(self, key: str) -> ActorEntry | None:
        """The entry with ``key`` (also accepts a bare QID ``Q159`` or an ISO code ``RU``)."""
        resolved = self._table.resolve(key)
        return self._table.by_key(resolved) if resolved else None

    def holder(self, role: str, of_key: str, on_date: str | None = None) -> ActorEntry | None:
        """The person holding ``role`` in ``of_key`` on ``on_date`` (ISO date; today if None).

        ``of_key`` is an entry key or an ISO country code. When several tenures
        cover the date (a handover day), the most recent one wins. An umbrella
        role (``head_of_state``, ``leader``, ``defense_minister``...) tries the
        roles it covers in order. Returns None when the role, the entry or a
        holder on that date is unknown to the dictionary.
        """
        definition = self._roles.get(role)
        of = self._table.resolve(of_key)
        if definition is None or of is None:
            return None
        for specific in definition.covers:
            found = self.holder(specific, of, on_date)
            if found is not None:
                return found
        day = _day(on_date)
        best: tuple[str, str] | None = None
        for tenure, person in self._holders.get((role, of), ()):
            if tenure.covers(day):
                start = tenure.start or ""
                if best is None or start > best[0]:
                    best = (start, person)
        return self._table.by_key(best[1]) if best else None

    # --- matching --------------------------------------------------------------

    def match(self, text: str, lang: str) -> list[ActorMatch]:
        """Find dictionary actors in ``text`` written in ``lang``.

        Longest match wins and matches never overlap; offsets are character
        offsets into ``text``. Inflected forms (Polish, Russian, Ukrainian,
        German), transliteration variants, missing diacritics and elided
        articles (``dell'Ucraina``) are handled; proper names must be
        capitalized and acronyms upper case.
        """
        gaz = self._gaz
        hits = gaz.find(text, lang)
        if not hits:
            return []
        spans = None
        out = []
        entry = self._table.entry
        for h in hits:
            variant = gaz.variant(h.variant)
            kind = variant.kind
            if kind == "demonym" and lang in ("it", "es", "fr"):
                if spans is None:
                    spans = tokenize(text)
                if gaz.people_article(text, lang, spans, h):
                    kind = "people"
            out.append(
                ActorMatch(
                    h.start,
                    h.end,
                    text[h.start : h.end],
                    entry(variant.target),
                    kind,
                )
            )
        return out

    def match_roles(self, text: str, lang: str) -> list[RoleMatch]:
        """Find role words (``president``, ``prezydenta``, ``министр иностранных дел``)."""
        gaz = self._role_gaz
        return [
            RoleMatch(h.start, h.end, text[h.start : h.end], self._role_keys[gaz.variant(h.variant).target])
            for h in gaz.find(text, lang)
        ]

    def resolve_roles(
        self,
        text: str,
        lang: str,
        on_date: str | None = None,
        *,
        matches: Sequence[ActorMatch] | None = None,
    ) -> list[RoleReference]:
        """Resolve role phrases to the country/organization and the office holder.

        Recognizes ``the President of Kazakhstan``, ``Kazakhstan's president``,
        ``the Kazakh president``, ``le président du Kazakhstan``, ``il presidente
        russo``, ``prezydent Kazachstanu``, ``президента России``... ``matches``
        may pass the result of :meth:`match` to avoid matching twice.
        """
        actors = list(matches) if matches is not None else self.match(text, lang)
        actors = [m for m in actors if m.entry.type in ("Country", "Organization")]
        if not actors:
            return []
        connectors = _CONNECTORS.get(lang, frozenset())
        out = []
        for r in self.match_roles(text, lang):
            target = None
            after = next((m for m in actors if m.start >= r.end), None)
            if (
                after is not None
                and after.kind != "people"
                and _connected(text[r.end : after.start], connectors)
            ):
                target = after
                span = (r.start, after.end)
            else:
                before = next((m for m in reversed(actors) if m.end <= r.start), None)
                if (
                    before is not None
                    and before.kind in ("demonym", "name", "acronym", "metonym")
                    and _POSSESSIVE_RE.match(text[before.end : r.start])
                    and "\n" not in text[before.end : r.start]
                ):
                    target = before
                    span = (before.start, r.end)
            if target is None:
                continue
            holder = self.holder(r.role, target.entry.key, on_date)
            out.append(RoleReference(span[0], span[1], text[span[0] : span[1]], r.role, target.entry, holder))
        return out

    def stats(self) -> dict[str, int]:
        """Entry counts per type plus alias, role and index sizes."""
        if self._stats is not None:
            return dict(self._stats)
        counts: dict[str, int] = {}
        for e in self._table:
            counts[e.type] = counts.get(e.type, 0) + 1
        counts["aliases"] = sum(len(e.aliases) for e in self._table)
        counts["with_qid"] = sum(1 for e in self._table if e.qid)
        counts["role_tenures"] = sum(len(e.roles) for e in self._table)
        counts["roles"] = len(self._roles)
        counts["index_variants"] = len(self._gaz)
        return counts


class _Entries:
    """The entries of a dictionary built in memory, by position and by key."""

    def __init__(self, entries: Sequence[ActorEntry]) -> None:
        self._entries = tuple(entries)
        self._by_key = {e.key: e for e in self._entries}
        self._by_iso = {e.iso: e.key for e in self._entries if e.iso}
        self._by_qid = {e.qid: e.key for e in self._entries if e.qid}

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[ActorEntry]:
        return iter(self._entries)

    def entry(self, idx: int) -> ActorEntry:
        return self._entries[idx]

    def resolve(self, key: str) -> str | None:
        if key in self._by_key:
            return key
        if key in self._by_qid:
            return self._by_qid[key]
        if key in self._by_iso:
            return self._by_iso[key]
        return None

    def by_key(self, key: str) -> ActorEntry | None:
        return self._by_key.get(key)


def _reopen(path: str) -> ActorDictionary:
    stored = open_index(Path(path))
    if stored is None:
        raise ActorDictionaryError(f"{path}: the stored actor index is gone; load the dictionary again")
    return ActorDictionary._stored(stored)


def _connected(gap: str, connectors: frozenset[str]) -> bool:
    if "\n" in gap or len(gap) > 20:
        return False
    words = [m.group() for m in TOKEN_RE.finditer(gap)]
    if len(words) > 3 or any(basic_fold(w) not in connectors for w in words):
        return False
    rest = TOKEN_RE.sub("", gap)
    return bool(_GAP_RE.match(rest))


def _day(on_date: str | None) -> str:
    if on_date is None:
        return _dt.date.today().isoformat()
    if len(on_date) == 4:
        return on_date + "-07-01"
    if len(on_date) == 7:
        return on_date + "-15"
    return on_date[:10]


def _scripts(text: str) -> tuple[bool, bool]:
    return bool(_LATIN.search(text)), bool(_CYRILLIC.search(text))


def _index_alias(gaz: Gazetteer, target: int, alias: Alias, ambiguous: bool, *, person: bool = False) -> None:
    tokens = [m.group() for m in TOKEN_RE.finditer(alias.text)]
    if not tokens:
        return
    kind, lang = alias.kind, alias.lang
    rules = alias_rules(tokens, kind)
    proper = rules[0] in ("A", "C") or tokens[0][0].isdigit()
    # Personal names and English acronyms of three letters or more travel
    # between languages ("Poutine", "NATO", "IMF"); any other alias listed for
    # one language is used in that language only: Polish "Kuba" (Cuba) is a
    # first name elsewhere, Spanish "Polonia" (Poland) means the diaspora in
    # Polish, and the French "CPI" (ICC) is a price index in English.
    letters = sum(c.isalpha() for c in alias.text)
    travels = (
        lang == "*"
        or (person and kind == "name" and proper)
        or (kind == "acronym" and lang == "en" and letters >= 3)
    )
    base_langs = None if travels else frozenset({lang})
    forms: list[set[str]] = [{t} for t in tokens]
    if kind == "demonym" and lang in ("fr", "it", "es") and len(tokens) == 1 and not proper:
        forms = [romance_demonym_forms(tokens[0], lang)]
        if lang == "fr":
            plural = {f[0].upper() + f[1:] for f in forms[0] if f.endswith(("s", "x"))}
            if plural:
                gaz.add(
                    [plural],
                    ("C",),
                    target=target,
                    kind="people",
                    langs=frozenset({"fr"}),
                    generated=True,
                )
    gaz.add(forms, rules, target=target, kind=kind, langs=base_langs, ambiguous=ambiguous, loose=person)
    if lang in INFLECTED_LANGUAGES:
        targets = [lang]
    elif lang == "*" and kind != "acronym":
        latin, cyrillic = _scripts(alias.text)
        targets = [m for m in sorted(INFLECTED_LANGUAGES) if (cyrillic if m in ("ru", "uk") else latin)]
    else:
        targets = []
    for m in targets:
        inflected = [token_forms(t, m, kind) for t in tokens]
        if all(len(f) == 1 for f in inflected):
            continue
        gaz.add(
            inflected,
            rules,
            target=target,
            kind=kind,
            langs=frozenset({m}),
            generated=True,
            ambiguous=ambiguous,
            loose=person,
        )


# --- on-disk cache -------------------------------------------------------------


def _cache_dir() -> Path | None:
    base = os.environ.get("KG_BUILDER_CACHE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    root = Path(xdg) if xdg else Path.home() / ".cache"
    return root / "kg_builder"


def _cache_path(paths: Sequence[Path]) -> Path | None:
    import babel

    digest = hashlib.sha256()
    digest.update(f"{INDEX_VERSION}|babel {babel.__version__}|marisa {_marisa_version()}|".encode())
    for module in ("text", "inflect", "matcher", "dictionary", "loader", "model", "index"):
        digest.update((Path(__file__).parent / f"{module}.py").read_bytes())
    for p in paths:
        try:
            digest.update(str(p.resolve()).encode() + b"\0" + p.read_bytes() + b"\0")
        except OSError:
            return None  # let the loader report the missing file
    directory = _cache_dir()
    return directory / f"actors-{digest.hexdigest()[:24]}" if directory else None


def _marisa_version() -> str:
    from importlib.metadata import version

    return version("marisa-trie")


_DEFAULT: ActorDictionary | None = None
_DEFAULT_LOCK = threading.Lock()


def default_dictionary() -> ActorDictionary:
    """The built-in dictionary, loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = ActorDictionary.load()
    return _DEFAULT
