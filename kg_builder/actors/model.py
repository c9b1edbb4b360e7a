"""Immutable records of the actor dictionary: entries, aliases, roles, matches."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Entity types an actor dictionary entry may have.
ACTOR_TYPES: tuple[str, ...] = ("Person", "Country", "Organization", "Location", "Group")

#: Alias fields of a data entry and the match kind each one produces.
ALIAS_FIELDS: dict[str, str] = {
    "names": "name",
    "acronyms": "acronym",
    "metonyms": "metonym",
    "demonyms": "demonym",
    "people": "people",
}

#: Match kinds, in the order a tie between two aliases of equal length is broken.
MATCH_KINDS: tuple[str, ...] = ("name", "acronym", "people", "metonym", "demonym")


@dataclass(frozen=True, slots=True)
class Alias:
    """One surface form of an entry as written in the data.

    ``lang`` is a language code or ``"*"`` (any language); ``kind`` is one of
    :data:`MATCH_KINDS`.
    """

    text: str
    lang: str
    kind: str


@dataclass(frozen=True, slots=True)
class RoleTenure:
    """A person holding ``role`` in ``of`` (an entry key) from ``start`` to ``end``.

    Dates are ISO 8601 (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); ``None`` means
    unknown start or still in office.
    """

    role: str
    of: str
    start: str | None = None
    end: str | None = None

    def covers(self, day: str) -> bool:
        """True when the tenure includes the ISO date ``day`` (``YYYY-MM-DD``)."""
        if self.start is not None and day < _pad(self.start, "-01-01"):
            return False
        if self.end is not None and day > _pad(self.end, "-12-31"):
            return False
        return True


def _pad(date: str, tail: str) -> str:
    # "2019" -> "2019-01-01" (start) / "2019-12-31" (end); "2019-03" -> "2019-03-01" / "-31".
    if len(date) == 4:
        return date + tail
    if len(date) == 7:
        return date + tail[-3:]
    return date


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """A canonical actor: a person, country, organization, location or group.

    ``key`` is stable and deterministic: ``wd:<QID>`` when the Wikidata id is
    known, otherwise a slug such as ``country:XK`` or ``person:alnur-musaev``.
    ``label`` is the English name.
    """

    key: str
    label: str
    type: str
    qid: str | None = None
    aliases: tuple[Alias, ...] = field(default=(), repr=False)
    roles: tuple[RoleTenure, ...] = field(default=(), repr=False)
    iso: str | None = None
    ambiguous: tuple[str, ...] = field(default=(), repr=False)

    def names(self, lang: str | None = None, *, kinds: tuple[str, ...] = ("name",)) -> tuple[str, ...]:
        """Alias texts of the given kinds, for ``lang`` (plus ``"*"``) or all languages."""
        seen: dict[str, None] = {}
        for a in self.aliases:
            if a.kind in kinds and (lang is None or a.lang in (lang, "*")):
                seen.setdefault(a.text, None)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class RoleDef:
    """An office such as ``president`` with its words in each language."""

    key: str
    label: str
    words: tuple[Alias, ...] = field(default=(), repr=False)
    #: For an umbrella role (``head_of_state``): the specific roles it stands
    #: for, tried in this order by :meth:`ActorDictionary.holder`.
    covers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """A dictionary alias found in a text.

    ``start``/``end`` are character offsets into the matched text and
    ``surface == text[start:end]``. ``kind`` says how the actor was named:
    ``name``, ``acronym``, ``metonym`` (Kremlin for Russia), ``demonym`` (an
    adjective: russe, rosyjski) or ``people`` (a plural noun: Ukrainians).
    """

    start: int
    end: int
    surface: str
    entry: ActorEntry
    kind: str


@dataclass(frozen=True, slots=True)
class RoleMatch:
    """A role word (president, prezydenta, президент...) found in a text."""

    start: int
    end: int
    surface: str
    role: str


@dataclass(frozen=True, slots=True)
class RoleReference:
    """A role phrase resolved to its country or organization and holder.

    ``le président du Kazakhstan`` gives ``role="president"``, ``of`` the
    Kazakhstan entry and ``holder`` the person in office on the given date
    (``None`` when the dictionary does not know who held it). ``start``/``end``
    span the whole phrase.
    """

    start: int
    end: int
    surface: str
    role: str
    of: ActorEntry
    holder: ActorEntry | None
