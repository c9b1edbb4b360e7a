"""``kg analyze dyad A B``: every assertion between two actors, both directions, by month.

Polarity and modality: the four quad-class columns and the balance count only the
assertions that happened (positive and asserted). Negated ones and intended, possible or
requested ones are shown in their own columns (``negated``, ``unasserted``) and listed
with the evidence, but never move the balance; the dyad therefore always reads them,
whatever ``--include-negated`` says. The balance of a row is cooperation minus conflict
(verbal and material alike, one per assertion); ``running`` adds the rows of both
directions up in month order. Structural relations have no quad class: listed with
``--include-structural``, never counted.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from pathlib import Path
from typing import Any

from kg_builder.analytics.data import Filters, Relation, load, resolve_actor
from kg_builder.analytics.plover import BALANCE_SIGN, QUAD_CLASSES, STRUCTURAL
from kg_builder.analytics.report import Report, Section

UNDATED = "undated"


def dyad(*, store_path: Path, filters: Filters, a: str, b: str) -> Report:
    """The A-B dyad: monthly quad-class counts per direction, running balance, evidence."""
    wide = dataclasses.replace(filters, include_negated=True, include_unasserted=True)
    store, selection = load(store_path, wide)
    try:
        actor_a = resolve_actor(store, selection.actors, a)
        actor_b = resolve_actor(store, selection.actors, b)
    finally:
        store.close()
    pair = {actor_a.key, actor_b.key}
    rels = [r for r in selection.relations if {r.subject, r.object} == pair and r.subject != r.object]
    rels.sort(key=lambda r: (r.date or "9999", r.doc, r.start))
    names = {actor_a.key: actor_a.label, actor_b.key: actor_b.label}
    months = month_rows(rels, actor_a.key, actor_b.key, names)
    listing = [
        {
            "month": _month(r),
            "date": r.date,
            "date_from": r.date_source,
            "direction": f"{names[r.subject]} → {names[r.object]}",
            "predicate": r.predicate,
            "plover": r.plover,
            "class": r.quad,
            "polarity": r.polarity,
            "modality": r.modality,
            "counted": r.happened and r.quad != STRUCTURAL,
            "doc": r.doc,
            "sentence": r.sentence,
        }
        for r in rels
    ]
    counted = sum(1 for row in listing if row["counted"])
    notes = [
        f"{actor_a.label} ({actor_a.key}) and {actor_b.label} ({actor_b.key}): {len(rels)} assertions, "
        f"{counted} counted (positive and asserted); negated and intended/possible/requested ones are in "
        "their own columns and never move the balance",
        "balance = cooperation - conflict assertions; running = balance summed over both directions "
        "in month order; month = event date, else the article's publication date",
    ]
    columns = ("month", "direction", *QUAD_CLASSES, "negated", "unasserted", "balance", "running")
    evidence_columns = ("date", "direction", "predicate", "plover", "polarity", "modality", "doc", "sentence")
    return Report(
        "dyad",
        [
            Section("months", f"{actor_a.label} – {actor_b.label} by month", columns, months),
            Section("assertions", "Assertions", evidence_columns, listing),
        ],
        notes,
        filters.describe(),
    )


def _month(r: Relation) -> str:
    return r.date[:7] if r.date else UNDATED


def month_rows(rels: list[Relation], a: str, b: str, names: dict[str, str]) -> list[dict[str, Any]]:
    """Counts per (month, direction), in month order (undated last), A -> B before B -> A."""
    cells: dict[tuple[str, int], dict[str, int]] = defaultdict(
        lambda: {**dict.fromkeys(QUAD_CLASSES, 0), "negated": 0, "unasserted": 0}
    )
    for r in rels:
        cell = cells[(_month(r), 0 if r.subject == a else 1)]
        if r.polarity != "positive":
            cell["negated"] += 1
        elif r.modality != "asserted":
            cell["unasserted"] += 1
        elif r.quad != STRUCTURAL:
            cell[r.quad] += 1
    rows = []
    running = 0
    for month, direction in sorted(cells, key=lambda k: (k[0] == UNDATED, k)):
        cell = cells[(month, direction)]
        balance = sum(BALANCE_SIGN[q] * cell[q] for q in QUAD_CLASSES)
        running += balance
        s, o = (a, b) if direction == 0 else (b, a)
        rows.append(
            {
                "month": month,
                "direction": f"{names[s]} → {names[o]}",
                **cell,
                "balance": balance,
                "running": running,
            }
        )
    return rows
