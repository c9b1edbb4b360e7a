"""PLOVER's four quad classes: the one place that maps the 16 event types to them.

PLOVER itself defines no quad classes; they come from CAMEO, PLOVER's predecessor, whose
root codes each belong to one. Each PLOVER type takes the class of the CAMEO codes it
replaces: REQUEST is CAMEO's *appeal* (verbal cooperation; a *demand* is rarer), CONCEDE
and RETREAT are CAMEO's *yield* (material cooperation), PROTEST, MOBILIZE and SANCTION
are demonstrations, force postures and cut ties (material conflict). A judgement call in
two places (REQUEST, CONCEDE): change it here and every analysis follows.
"""

from __future__ import annotations

VERBAL_COOPERATION = "verbal cooperation"
MATERIAL_COOPERATION = "material cooperation"
VERBAL_CONFLICT = "verbal conflict"
MATERIAL_CONFLICT = "material conflict"

#: The quad classes in their conventional order.
QUAD_CLASSES: tuple[str, ...] = (VERBAL_COOPERATION, MATERIAL_COOPERATION, VERBAL_CONFLICT, MATERIAL_CONFLICT)

#: Each of the 16 PLOVER event types and its quad class.
QUAD_CLASS: dict[str, str] = {
    "AGREE": VERBAL_COOPERATION,
    "CONSULT": VERBAL_COOPERATION,
    "SUPPORT": VERBAL_COOPERATION,
    "REQUEST": VERBAL_COOPERATION,
    "CONCEDE": MATERIAL_COOPERATION,
    "COOPERATE": MATERIAL_COOPERATION,
    "AID": MATERIAL_COOPERATION,
    "RETREAT": MATERIAL_COOPERATION,
    "ACCUSE": VERBAL_CONFLICT,
    "REJECT": VERBAL_CONFLICT,
    "THREATEN": VERBAL_CONFLICT,
    "PROTEST": MATERIAL_CONFLICT,
    "SANCTION": MATERIAL_CONFLICT,
    "MOBILIZE": MATERIAL_CONFLICT,
    "COERCE": MATERIAL_CONFLICT,
    "ASSAULT": MATERIAL_CONFLICT,
}

#: +1 for the cooperation classes, -1 for the conflict classes (the dyad's balance).
BALANCE_SIGN: dict[str, int] = {
    VERBAL_COOPERATION: 1,
    MATERIAL_COOPERATION: 1,
    VERBAL_CONFLICT: -1,
    MATERIAL_CONFLICT: -1,
}

#: The class of relations that have no PLOVER type (holdsRole, memberOf, partOf).
STRUCTURAL = "structural"


def quad_class(plover: str | None) -> str:
    """The quad class of a PLOVER type; :data:`STRUCTURAL` for ``None``."""
    if plover is None:
        return STRUCTURAL
    return QUAD_CLASS[plover]
