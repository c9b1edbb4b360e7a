"""``kg analyze path A B``: the shortest evidence chains between two actors.

A chain follows relations in either direction (who acted on whom is shown per hop) over
the selected relations (by default those that happened: positive and asserted); the
shortest chains have the fewest hops, and each hop shows its best evidence, the
highest-confidence assertion of that pair, with its sentence.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import networkx as nx

from kg_builder.analytics.data import Filters, load, resolve_actor
from kg_builder.analytics.graph import actor_graph, pair_relations, undirected
from kg_builder.analytics.metrics import POLICY
from kg_builder.analytics.report import Report, Section


def path(*, store_path: Path, filters: Filters, a: str, b: str, limit: int = 3) -> Report:
    """Up to ``limit`` shortest chains from A to B, one row per hop."""
    store, selection = load(store_path, filters)
    try:
        actor_a = resolve_actor(store, selection.actors, a)
        actor_b = resolve_actor(store, selection.actors, b)
    finally:
        store.close()
    und = undirected(actor_graph(selection))
    by_pair = pair_relations(selection)
    labels = {k: act.label for k, act in selection.actors.items()}
    rows: list[dict[str, Any]] = []
    chains: list[list[str]] = []
    if actor_a.key in und and actor_b.key in und and actor_a.key != actor_b.key:
        try:
            chains = list(itertools.islice(nx.all_shortest_paths(und, actor_a.key, actor_b.key), limit))
        except nx.NetworkXNoPath:
            chains = []
    for number, chain in enumerate(chains, 1):
        for hop, (u, v) in enumerate(itertools.pairwise(chain), 1):
            group = by_pair[frozenset((u, v))]
            best = min(group, key=lambda r: (-r.confidence, r.doc, r.start))
            rows.append(
                {
                    "chain": number,
                    "hop": hop,
                    "from": labels[u],
                    "to": labels[v],
                    "relation": f"{labels[best.subject]} –{best.predicate}→ {labels[best.object]}",
                    "plover": best.plover,
                    "polarity": best.polarity,
                    "modality": best.modality,
                    "support": len(group),
                    "doc": best.doc,
                    "date": best.date,
                    "sentence": best.sentence,
                }
            )
    if chains:
        found = f"{len(chains)} shortest chain(s) of {len(chains[0]) - 1} hop(s)"
    else:
        found = "no chain: the two actors are not connected by the selected relations"
    notes = [
        f"{actor_a.label} ({actor_a.key}) to {actor_b.label} ({actor_b.key}): {found}; {POLICY}",
        "a hop follows a relation in either direction; support = assertions between the pair",
    ]
    columns = ("chain", "hop", "relation", "plover", "support", "doc", "sentence")
    return Report("path", [Section("hops", "Evidence chains", columns, rows)], notes, filters.describe())
