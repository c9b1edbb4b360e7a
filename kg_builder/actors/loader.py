"""Read, validate and merge actor dictionary files (JSONL or JSON).

See the README ("Actor dictionary") for the format. Every problem raises
:class:`kg_builder.errors.ActorDictionaryError` naming the file, the line (for
JSONL; the entry index for JSON) and the field.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg_builder.actors.model import ACTOR_TYPES, ALIAS_FIELDS, Alias, RoleTenure
from kg_builder.actors.text import slugify
from kg_builder.errors import ActorDictionaryError
from kg_builder.models import SUPPORTED_LANGUAGES

DATA_DIR = Path(__file__).resolve().parent / "data"

#: Built-in data files, loaded in this order (roles first: people refer to them).
BUILTIN_FILES: tuple[str, ...] = (
    "roles.json",
    "countries.jsonl",
    "organizations.jsonl",
    "places.jsonl",
    "people.jsonl",
)

_ENTRY_FIELDS = frozenset(
    {
        "key",
        "type",
        "label",
        "qid",
        "iso",
        "roles",
        "ambiguous",
        "exclude",
        "replace",
        "delete",
        "note",
    }
    | set(ALIAS_FIELDS)
)
_ROLE_FIELDS = frozenset({"key", "type", "label", "names", "covers", "note"})
_TENURE_FIELDS = frozenset({"role", "of", "from", "to", "note"})
_LANGS = frozenset(SUPPORTED_LANGUAGES) | {"*"}
_QID = re.compile(r"^Q[1-9][0-9]*$")
_ISO = re.compile(r"^[A-Z]{2}$")
_DATE = re.compile(r"^[0-9]{4}(-[0-1][0-9](-[0-3][0-9])?)?$")
_KEY = re.compile(r"^[a-z]+:[A-Za-z0-9][A-Za-z0-9._-]*$")
_TYPE_PREFIX = {
    "Person": "person",
    "Country": "country",
    "Organization": "org",
    "Location": "loc",
    "Group": "group",
}


@dataclass
class RawEntry:
    """A mutable entry while files are merged (internal)."""

    key: str
    type: str
    where: str
    label: str | None = None
    qid: str | None = None
    iso: str | None = None
    aliases: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    roles: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    ambiguous: set[str] = field(default_factory=set)
    exclude: set[str] = field(default_factory=set)

    def add_aliases(self, kind: str, by_lang: dict[str, list[str]]) -> None:
        """Append aliases of one kind, keeping the first occurrence order."""
        target = self.aliases.setdefault(kind, {})
        for lang, texts in by_lang.items():
            bucket = target.setdefault(lang, [])
            for t in texts:
                if t not in bucket:
                    bucket.append(t)


@dataclass
class RawRole:
    """A role definition while files are merged (internal)."""

    key: str
    label: str
    words: dict[str, list[str]]
    covers: list[str] = field(default_factory=list)
    where: str = ""


def _fail(where: str, message: str) -> ActorDictionaryError:
    return ActorDictionaryError(f"{where}: {message}")


def read_records(path: Path) -> list[tuple[dict[str, Any], str]]:
    """Return ``(object, where)`` pairs from a ``.jsonl`` or ``.json`` file.

    JSONL: one object per line; blank lines and lines starting with ``#`` or
    ``//`` are skipped. JSON: a list of objects, or ``{"entries": [...]}``.
    """
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ActorDictionaryError(
            f"{path}: actor dictionary file not found; check the --actors path"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ActorDictionaryError(f"{path}: cannot read actor dictionary file ({exc})") from None
    out: list[tuple[dict[str, Any], str]] = []
    if path.suffix.lower() == ".jsonl":
        for lineno, line in enumerate(raw.splitlines(), start=1):
            stripped = line.strip()
            if not stripped or stripped.startswith(("#", "//")):
                continue
            where = f"{path}:{lineno}"
            try:
                obj = json.loads(stripped)
            except json.JSONDecodeError as exc:
                raise _fail(
                    where,
                    f"invalid JSON ({exc.msg} at column {exc.colno}); each line must be one JSON object",
                ) from None
            if not isinstance(obj, dict):
                raise _fail(where, "each line must be a JSON object ({...})")
            out.append((obj, where))
        return out
    if path.suffix.lower() != ".json":
        raise ActorDictionaryError(f"{path}: actor dictionary files must end in .jsonl or .json")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise _fail(f"{path}:{exc.lineno}", f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    if isinstance(data, dict) and "entries" in data:
        data = data["entries"]
    if not isinstance(data, list):
        raise ActorDictionaryError(
            f'{path}: a .json actor file must hold a list of entries or {{"entries": [...]}}'
        )
    for index, obj in enumerate(data):
        where = f"{path}: entry {index}"
        if not isinstance(obj, dict):
            raise _fail(where, "each entry must be a JSON object")
        out.append((obj, where))
    return out


def _str_list(value: Any, where: str, name: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(where, f"field {name!r} must be a list of non-empty strings")
    return [v.strip() for v in value]


def _by_lang(value: Any, where: str, name: str) -> dict[str, list[str]]:
    if isinstance(value, (list, str)):
        return {"*": _str_list(value, where, name)}
    if not isinstance(value, dict):
        raise _fail(where, f"field {name!r} must be a list of strings or an object {{language: [strings]}}")
    out = {}
    for lang, texts in value.items():
        if lang not in _LANGS:
            raise _fail(
                where,
                f"field {name!r} has unknown language {lang!r}; use one of {sorted(_LANGS)}",
            )
        out[lang] = _str_list(texts, where, f"{name}.{lang}")
    return out


def _optional_str(
    obj: dict[str, Any], name: str, where: str, pattern: re.Pattern[str] | None = None
) -> str | None:
    value = obj.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or (pattern is not None and not pattern.match(value)):
        hint = f" matching {pattern.pattern}" if pattern is not None else ""
        raise _fail(where, f"field {name!r} must be a string{hint} or null, got {value!r}")
    return value


def parse_role_def(obj: dict[str, Any], where: str) -> RawRole:
    """Validate a role definition (``{"type": "Role", "key": ..., "names": {...}}``)."""
    unknown = set(obj) - _ROLE_FIELDS
    if unknown:
        raise _fail(where, f"unknown field(s) {sorted(unknown)} in a Role definition")
    key = obj.get("key")
    if not isinstance(key, str) or not re.match(r"^[a-z][a-z0-9_]*$", key):
        raise _fail(where, "field 'key' of a Role must be a snake_case name such as 'foreign_minister'")
    label = obj.get("label", key.replace("_", " "))
    if not isinstance(label, str):
        raise _fail(where, "field 'label' must be a string")
    words = _by_lang(obj.get("names", {}), where, "names")
    covers = _str_list(obj.get("covers", []), where, "covers")
    return RawRole(key=key, label=label, words=words, covers=covers, where=where)


def read_roles_json(path: Path) -> list[RawRole]:
    """Read the built-in ``roles.json`` (an object keyed by role name)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ActorDictionaryError(f"{path}: cannot read roles table ({exc})") from None
    if not isinstance(data, dict):
        raise ActorDictionaryError(f"{path}: the roles table must be an object keyed by role")
    return [parse_role_def({"key": k, **v}, f"{path}: role {k!r}") for k, v in data.items()]


def derive_key(obj: dict[str, Any], type_: str, label: str | None, where: str) -> str:
    """The stable key of an entry without an explicit ``key``."""
    if obj.get("qid"):
        return f"wd:{obj['qid']}"
    if type_ == "Country" and obj.get("iso"):
        return f"country:{obj['iso']}"
    if not label:
        raise _fail(where, "an entry needs 'key', 'qid', 'iso' (countries) or 'label' to build its key")
    slug = slugify(label)
    if not slug:
        raise _fail(where, f"cannot build a key from label {label!r}; give an explicit 'key'")
    return f"{_TYPE_PREFIX[type_]}:{slug}"


def parse_entry(obj: dict[str, Any], where: str, *, default_type: str | None = None) -> dict[str, Any]:
    """Validate one entry object and return its normalized fields."""
    unknown = set(obj) - _ENTRY_FIELDS
    if unknown:
        raise _fail(
            where,
            f"unknown field(s) {sorted(unknown)}; allowed: {sorted(_ENTRY_FIELDS)}",
        )
    key = _optional_str(obj, "key", where, _KEY)
    if obj.get("delete") is True:
        if key is None:
            raise _fail(where, "a 'delete' entry needs the 'key' of the entry to remove")
        return {"key": key, "delete": True}
    type_ = obj.get("type", default_type)
    extends = key is not None or bool(obj.get("qid")) or bool(obj.get("iso"))
    if type_ is None and extends:
        pass  # extending an existing entry; checked when the entry is created
    elif type_ not in ACTOR_TYPES:
        raise _fail(where, f"field 'type' must be one of {list(ACTOR_TYPES)}, got {type_!r}")
    label = _optional_str(obj, "label", where)
    qid = _optional_str(obj, "qid", where, _QID)
    iso = _optional_str(obj, "iso", where, _ISO)
    aliases = {}
    for fname, kind in ALIAS_FIELDS.items():
        if fname in obj:
            aliases[kind] = _by_lang(obj[fname], where, fname)
    roles = []
    raw_roles = obj.get("roles", [])
    if not isinstance(raw_roles, list):
        raise _fail(where, 'field \'roles\' must be a list of {"role", "of", "from", "to"} objects')
    for i, tenure in enumerate(raw_roles):
        tw = f"{where}: roles[{i}]"
        if not isinstance(tenure, dict):
            raise _fail(tw, 'must be an object {"role": ..., "of": ..., "from": ..., "to": ...}')
        unknown = set(tenure) - _TENURE_FIELDS
        if unknown:
            raise _fail(tw, f"unknown field(s) {sorted(unknown)}; allowed: role, of, from, to")
        for fname in ("role", "of"):
            if not isinstance(tenure.get(fname), str) or not tenure[fname]:
                raise _fail(tw, f"field {fname!r} is required and must be a string")
        for fname in ("from", "to"):
            value = tenure.get(fname)
            if value is not None and (not isinstance(value, str) or not _DATE.match(value)):
                raise _fail(
                    tw,
                    f"field {fname!r} must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) "
                    f"or null, got {value!r}",
                )
        roles.append((tenure, tw))
    ambiguous = set(_str_list(obj.get("ambiguous", []), where, "ambiguous"))
    exclude = set(_str_list(obj.get("exclude", []), where, "exclude"))
    replace = obj.get("replace", False)
    if not isinstance(replace, bool):
        raise _fail(where, "field 'replace' must be true or false")
    return {
        "key": key,
        "type": type_,
        "label": label,
        "qid": qid,
        "iso": iso,
        "aliases": aliases,
        "roles": roles,
        "ambiguous": ambiguous,
        "exclude": exclude,
        "replace": replace,
    }


class Merger:
    """Accumulates entries and role definitions from several files, by key."""

    def __init__(self) -> None:
        self.entries: dict[str, RawEntry] = {}
        self.roles: dict[str, RawRole] = {}
        self._by_qid: dict[str, str] = {}
        self._by_iso: dict[str, str] = {}

    def add_role(self, role: RawRole, *, extend: bool) -> None:
        """Add or extend a role definition."""
        old = self.roles.get(role.key)
        if old is None or not extend:
            self.roles[role.key] = role
            return
        for lang, words in role.words.items():
            bucket = old.words.setdefault(lang, [])
            bucket.extend(w for w in words if w not in bucket)
        old.covers.extend(c for c in role.covers if c not in old.covers)

    def check_roles(self) -> None:
        """Every role named in a ``covers`` list must be defined."""
        for role in self.roles.values():
            for c in role.covers:
                if c not in self.roles:
                    raise _fail(role.where, f"role {role.key!r} covers unknown role {c!r}")

    def add_file(self, path: Path, *, builtin: bool) -> None:
        """Merge every record of ``path``."""
        if path.name == "roles.json" and builtin:
            for role in read_roles_json(path):
                self.add_role(role, extend=False)
            return
        for obj, where in read_records(path):
            if obj.get("type") == "Role":
                self.add_role(parse_role_def(obj, where), extend=True)
                continue
            self.add_entry(parse_entry(obj, where), where, builtin=builtin)

    def _existing_key(self, fields: dict[str, Any]) -> str | None:
        if fields["key"] is not None:
            return fields["key"]
        if fields["qid"] and fields["qid"] in self._by_qid:
            return self._by_qid[fields["qid"]]
        if fields["iso"] and fields["iso"] in self._by_iso:
            return self._by_iso[fields["iso"]]
        return None

    def add_entry(self, fields: dict[str, Any], where: str, *, builtin: bool) -> None:
        """Create, extend or replace an entry."""
        if fields.get("delete"):
            if fields["key"] not in self.entries:
                raise _fail(where, f"cannot delete unknown entry {fields['key']!r}")
            del self.entries[fields["key"]]
            return
        key = self._existing_key(fields)
        if key is None:
            if fields["type"] is None:
                raise _fail(where, "a new entry needs a 'type' (one of " + ", ".join(ACTOR_TYPES) + ")")
            key = derive_key(fields, fields["type"], fields["label"], where)
        old = self.entries.get(key)
        if old is not None and builtin:
            raise _fail(where, f"duplicate key {key!r} (first defined at {old.where})")
        if (old is None or fields["replace"]) and fields["type"] is None:
            raise _fail(
                where,
                f"no entry {key!r} to extend; a new entry needs a 'type' (one of "
                + ", ".join(ACTOR_TYPES)
                + ")",
            )
        if old is None or fields["replace"]:
            entry = RawEntry(key=key, type=fields["type"], where=where)
            self.entries[key] = entry
        else:
            entry = old
            if fields["type"] is not None:
                entry.type = fields["type"]
        for name in ("label", "qid", "iso"):
            if fields[name] is not None:
                setattr(entry, name, fields[name])
        for kind, by_lang in fields["aliases"].items():
            entry.add_aliases(kind, by_lang)
        entry.roles.extend(fields["roles"])
        entry.ambiguous |= fields["ambiguous"]
        entry.exclude |= fields["exclude"]
        if entry.qid:
            self._by_qid[entry.qid] = key
        if entry.iso:
            self._by_iso[entry.iso] = key

    def resolve_of(self, value: str) -> str | None:
        """Map a role's ``of`` (a key or an ISO country code) to an entry key."""
        if value in self.entries:
            return value
        if _ISO.match(value):
            return self._by_iso.get(value)
        return None


# --- country names from CLDR (babel) -------------------------------------------------

_BABEL_PREFIX = re.compile(r"^(?:SAR|RAS di|RAE de|SRA|R\.A\.S\. chinoise de|Sonderverwaltungsregion)\s+")
_BABEL_SUFFIX = re.compile(r"(?:\s+SAR China|,\s*ОАР Китаю|\s*\([^)]*\))$")
_AND = {"en": "and", "fr": "et", "it": "e", "es": "y", "de": "und", "pl": "i", "ru": "и", "uk": "і"}


@lru_cache(maxsize=1)
def _territories() -> dict[str, dict[str, str]]:
    from babel import Locale

    return {lang: dict(Locale(lang).territories) for lang in SUPPORTED_LANGUAGES}


def babel_country_names(iso: str) -> dict[str, list[str]]:
    """CLDR names of country ``iso`` in every supported language, cleaned up."""
    out: dict[str, list[str]] = {}
    for lang, table in _territories().items():
        name = table.get(iso)
        if not name:
            continue
        name = _BABEL_SUFFIX.sub("", _BABEL_PREFIX.sub("", name)).strip()
        names = [name]
        if "&" in name:
            names.append(name.replace("&", _AND[lang]))
        if name.startswith("St. "):
            names.extend([n.replace("St. ", "Saint ", 1) for n in names])
        out[lang] = names
    return out


def alias_tuple(entry: RawEntry) -> tuple[Alias, ...]:
    """Flatten an entry's aliases (label first), dropping its exclusions."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    acronyms = {t for texts in entry.aliases.get("acronym", {}).values() for t in texts}
    if entry.label and entry.label not in acronyms:
        # An English label inflects like a name only for people ("Putina");
        # "Georgia" must not grow Polish case endings.
        item = (entry.label, "*" if entry.type in ("Person", "Group") else "en", "name")
        seen.add(item)
        out.append(Alias(*item))
    for kind in ("name", "acronym", "metonym", "demonym", "people"):
        for lang, texts in entry.aliases.get(kind, {}).items():
            for text in texts:
                item = (text, lang, kind)
                if item in seen or text in entry.exclude:
                    continue
                seen.add(item)
                out.append(Alias(*item))
    return tuple(a for a in out if a.text not in entry.exclude)


def tenures(merger: Merger, entry: RawEntry) -> tuple[RoleTenure, ...]:
    """Validate and normalize an entry's role tenures."""
    out = []
    for tenure, where in entry.roles:
        if tenure["role"] not in merger.roles:
            raise _fail(
                where,
                f"unknown role {tenure['role']!r}; known roles: {sorted(merger.roles)} "
                '(add a {"type": "Role"} entry to define a new one)',
            )
        of = merger.resolve_of(tenure["of"])
        if of is None:
            raise _fail(
                where,
                f"field 'of' names unknown entry {tenure['of']!r}; use an entry key "
                "(wd:Q159, org:eaeu) or an ISO country code (RU)",
            )
        out.append(RoleTenure(tenure["role"], of, tenure.get("from"), tenure.get("to")))
    return tuple(out)
