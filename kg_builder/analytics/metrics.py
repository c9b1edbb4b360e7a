"""``kg analyze centrality`` and ``communities``: networkx over the weighted actor graph.

Both count only the selected relations (by default those that happened: positive and
asserted, see :mod:`kg_builder.analytics.data`); weights are the number of supporting
assertions.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx

from kg_builder.analytics.data import Filters, Relation, load
from kg_builder.analytics.graph import actor_graph, undirected
from kg_builder.analytics.report import Report, Section

#: Seed of every randomized networkx call (Louvain, sampled betweenness): same input, same output.
SEED = 42
#: Betweenness is exact up to this many actors, and estimated from this many sampled
#: sources above it (exact betweenness is O(actors x ties) and takes minutes at 5,000 actors).
BETWEENNESS_SAMPLES = 500

POLICY = (
    "counts positive asserted relations only (events that happened); "
    "--include-negated / --include-unasserted add negated and intended/possible/requested ones"
)


def centrality_scores(graph: nx.DiGraph, *, samples: int = BETWEENNESS_SAMPLES) -> list[dict[str, Any]]:
    """Weighted degree, PageRank and betweenness of every actor, by PageRank."""
    if graph.number_of_nodes() == 0:
        return []
    pagerank = nx.pagerank(graph, weight="weight")
    und = undirected(graph)
    k = samples if und.number_of_nodes() > samples else None
    betweenness = nx.betweenness_centrality(und, k=k, weight="distance", seed=SEED)
    rows = []
    for key, data in graph.nodes(data=True):
        rows.append(
            {
                "key": key,
                "label": data["label"],
                "type": data["type"],
                "degree": graph.degree(key, weight="weight"),
                "out": graph.out_degree(key, weight="weight"),
                "in": graph.in_degree(key, weight="weight"),
                "partners": und.degree(key),
                "pagerank": pagerank[key],
                "betweenness": betweenness[key],
            }
        )
    rows.sort(key=lambda r: (-r["pagerank"], r["key"]))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    return rows


def centrality(
    *, store_path: Path, filters: Filters, top: int | None = 20, samples: int = BETWEENNESS_SAMPLES
) -> Report:
    """The most central actors: weighted degree (out/in), PageRank, betweenness."""
    store, selection = load(store_path, filters, evidence=False)
    store.close()
    graph = actor_graph(selection, evidence=False)
    rows = centrality_scores(graph, samples=samples)
    notes = [
        f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} directed ties, "
        f"{len(selection.relations)} assertions; {POLICY}",
        "degree = supporting assertions in either direction; PageRank on the directed graph "
        "weighted by assertions; betweenness on the undirected graph, distance = 1 / assertions"
        + (
            f" (estimated from {samples} sampled actors, seed {SEED})"
            if graph.number_of_nodes() > samples
            else ""
        ),
    ]
    notes += _undated_note(selection.dropped_undated)
    columns = ("rank", "label", "key", "type", "degree", "out", "in", "partners", "pagerank", "betweenness")
    return Report(
        "centrality",
        [Section("actors", "Central actors", columns, rows[:top] if top else rows)],
        notes,
        filters.describe(),
    )


def community_sets(graph: nx.DiGraph) -> list[set[str]]:
    """Louvain communities of the undirected weighted graph (seeded), largest first."""
    if graph.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(undirected(graph), weight="weight", seed=SEED)
    return sorted(found, key=lambda c: (-len(c), min(c)))


def communities(*, store_path: Path, filters: Filters, members: int | None = 10) -> Report:
    """Louvain communities with their members (by weighted degree) and dominant relation types."""
    store, selection = load(store_path, filters, evidence=False)
    store.close()
    graph = actor_graph(selection, evidence=False)
    rows = community_rows(graph, community_sets(graph), selection.relations, members=members)
    notes = [
        f"Louvain (networkx, seed {SEED}) on {graph.number_of_nodes()} actors and "
        f"{len(selection.relations)} assertions, weights = assertions; {POLICY}",
        "types = PLOVER types of the assertions inside the community, most frequent first",
    ]
    notes += _undated_note(selection.dropped_undated)
    columns = ("community", "size", "assertions", "members", "types", "classes")
    return Report(
        "communities", [Section("communities", "Communities", columns, rows)], notes, filters.describe()
    )


def community_rows(
    graph: nx.DiGraph, sets: list[set[str]], relations: list[Relation], *, members: int | None = 10
) -> list[dict[str, Any]]:
    """One row per community: members by weighted degree, its inside assertions by type and class."""
    number_of = {key: number for number, nodes in enumerate(sets, 1) for key in nodes}
    types: dict[int, Counter[str]] = {n: Counter() for n in range(1, len(sets) + 1)}
    classes: dict[int, Counter[str]] = {n: Counter() for n in range(1, len(sets) + 1)}
    for r in relations:
        number = number_of.get(r.subject)
        if number is not None and number == number_of.get(r.object):
            types[number][r.plover or "structural"] += 1
            classes[number][r.quad] += 1
    rows = []
    for number, nodes in enumerate(sets, 1):
        ranked = sorted(nodes, key=lambda n: (-graph.degree(n, weight="weight"), n))
        labels = [graph.nodes[n]["label"] for n in ranked]
        rows.append(
            {
                "community": number,
                "size": len(nodes),
                "assertions": sum(types[number].values()),
                "members": labels[:members] if members else labels,
                "keys": ranked,
                "types": [f"{t} {c}" for t, c in _top(types[number], 3)],
                "classes": [f"{t} {c}" for t, c in _top(classes[number], None)],
            }
        )
    return rows


def _top(counter: Counter[str], n: int | None) -> list[tuple[str, int]]:
    """Most frequent first, ties by name (Counter.most_common keeps insertion order)."""
    ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return ranked[:n] if n else ranked


def _undated_note(count: int) -> list[str]:
    if not count:
        return []
    return [f"{count} assertions left out: --since/--until given and neither event nor article date known"]
