"""Multilingual actor dictionary and gazetteer matcher.

Countries (all ISO 3166-1 codes, names in every supported language from CLDR
plus aliases, capitals and seats of government used as metonyms, demonyms and
people nouns), heads of state and government and other frequently named
people with dated roles, international organizations with acronyms, a few
contested regions and groups, and a table of role words; plus about 20,000
political actors, organizations and armed groups converted from the open
event-data dictionaries (``scripts/convert_eventdata.py``), and
:func:`name_type`, which types names the dictionary does not know.

    >>> from kg_builder.actors import default_dictionary
    >>> d = default_dictionary()
    >>> [(m.surface, m.entry.label, m.kind) for m in d.match("Tokajew skrytykował Rosję", "pl")]
    [('Tokajew', 'Kassym-Jomart Tokayev', 'name'), ('Rosję', 'Russia', 'name')]

The data format and the ``--actors FILE`` extension are documented in
the README ("Actor dictionary").
"""

from __future__ import annotations

from kg_builder.actors.agents import NOT_AN_ENTITY, name_type
from kg_builder.actors.dictionary import ActorDictionary, default_dictionary
from kg_builder.actors.model import (
    ACTOR_TYPES,
    ActorEntry,
    ActorMatch,
    Alias,
    RoleDef,
    RoleMatch,
    RoleReference,
    RoleTenure,
)

__all__ = [
    "ACTOR_TYPES",
    "ActorDictionary",
    "ActorEntry",
    "ActorMatch",
    "Alias",
    "NOT_AN_ENTITY",
    "RoleDef",
    "RoleMatch",
    "RoleReference",
    "RoleTenure",
    "default_dictionary",
    "name_type",
]
