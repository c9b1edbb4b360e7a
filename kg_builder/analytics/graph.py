"""networkx views of a selection: the weighted actor graph every analysis, picture and
GraphML/GEXF export uses.

Nodes are actor keys with ``label``, ``type`` and ``support`` (assertions the actor is in).
A directed edge subject -> object aggregates the selected assertions of that pair:
``weight`` (number of supporting assertions), ``sources`` (distinct articles),
``plover`` and ``quad`` (the dominant PLOVER type and quad class), ``predicates``
(``;``-joined), and the best evidence (highest confidence): ``sentence``, ``doc``,
``predicate``. Only flat values, so GraphML and GEXF can hold them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import networkx as nx

from kg_builder.analytics.data import Relation, Selection


def _best(relations: list[Relation]) -> Relation:
    # Highest confidence, then the earliest document and position: deterministic.
    return min(relations, key=lambda r: (-r.confidence, r.doc, r.start))


def actor_graph(
    selection: Selection, *, relations: Iterable[Relation] | None = None, evidence: bool = True
) -> nx.DiGraph:
    """The directed, weighted actor graph of ``relations`` (default: the whole selection).

    ``evidence=False``: edges carry ``weight`` only (what centrality and communities use).
    """
    rels = selection.relations if relations is None else relations
    graph = nx.DiGraph()
    if not evidence:
        weights: Counter[tuple[str, str]] = Counter((r.subject, r.object) for r in rels)
        _add_nodes(graph, selection, weights)
        # Sorted: Louvain's (seeded) result depends on the order nodes and edges were added.
        graph.add_weighted_edges_from((s, o, w) for (s, o), w in sorted(weights.items()))
        return graph
    pairs: dict[tuple[str, str], list[Relation]] = defaultdict(list)
    for r in rels:
        pairs[(r.subject, r.object)].append(r)
    _add_nodes(graph, selection, {pair: len(group) for pair, group in pairs.items()})
    for (s, o), group in sorted(pairs.items()):
        best = _best(group)
        plovers = Counter(r.plover or "structural" for r in group)
        quads = Counter(r.quad for r in group)
        graph.add_edge(
            s,
            o,
            weight=len(group),
            sources=len({r.doc for r in group}),
            plover=_dominant(plovers),
            quad=_dominant(quads),
            predicates=";".join(sorted({r.predicate for r in group})),
            predicate=best.predicate,
            sentence=best.sentence,
            doc=best.doc,
        )
    return graph


def _add_nodes(graph: nx.DiGraph, selection: Selection, weights: dict[tuple[str, str], int]) -> None:
    support: Counter[str] = Counter()
    for (s, o), w in weights.items():
        support[s] += w
        support[o] += w
    for key in sorted(support):
        actor = selection.actors[key]
        graph.add_node(key, label=actor.label, type=actor.type, support=support[key])


def _dominant(counter: Counter[str]) -> str:
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def undirected(graph: nx.DiGraph) -> nx.Graph:
    """Both directions of a pair merged: weights added, ``distance`` = 1 / weight.

    Betweenness and shortest weighted paths take ``distance``: a tie backed by more
    assertions is a shorter one.
    """
    und = nx.Graph()
    und.add_nodes_from(graph.nodes(data=True))
    for s, o, w in graph.edges(data="weight"):
        if und.has_edge(s, o):
            und[s][o]["weight"] += w
        else:
            und.add_edge(s, o, weight=w)
    for _, _, data in und.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    return und


def pair_relations(selection: Selection) -> dict[frozenset[str], list[Relation]]:
    """The selected relations of each unordered actor pair."""
    out: dict[frozenset[str], list[Relation]] = defaultdict(list)
    for r in selection.relations:
        out[frozenset((r.subject, r.object))].append(r)
    return out


def ego_graph(graph: nx.DiGraph, center: str, depth: int) -> nx.DiGraph:
    """The actors within ``depth`` hops of ``center`` (either direction) and their edges."""
    if center not in graph:
        return graph.subgraph([]).copy()
    return nx.ego_graph(graph, center, radius=depth, undirected=True).copy()
