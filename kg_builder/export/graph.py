"""Graph files for Gephi, Cytoscape and friends: GraphML and GEXF through networkx's writers.

The graph is the one ``kg viz`` draws, with the analyses' default filters: actors joined
by the relations that happened (positive and asserted, structural ones left out), one
directed edge per actor pair. Node attributes: ``label``, ``type``, ``support``; edge
attributes: ``weight`` (supporting assertions), ``sources`` (articles), ``plover`` and
``quad`` (dominant PLOVER type and quad class), ``predicates``, and the best evidence:
``predicate``, ``sentence``, ``doc``.
"""

from __future__ import annotations

from typing import IO

import networkx as nx

from kg_builder.analytics.data import Filters, read_relations
from kg_builder.analytics.graph import actor_graph
from kg_builder.rdf.store import GraphStore


def store_graph(store: GraphStore) -> nx.DiGraph:
    """The actor graph of the whole store (default filters)."""
    return actor_graph(read_relations(store, Filters()))


def export_graphml(store: GraphStore, out: IO[bytes]) -> int:
    """GraphML: the weighted actor graph with evidence on the edges; returns the edge count."""
    graph = store_graph(store)
    nx.write_graphml(graph, out, encoding="utf-8")
    return graph.number_of_edges()


def export_gexf(store: GraphStore, out: IO[bytes]) -> int:
    """GEXF 1.2 (Gephi): the weighted actor graph with evidence on the edges; returns the edge count."""
    graph = store_graph(store)
    nx.write_gexf(graph, out, encoding="utf-8")
    return graph.number_of_edges()


export_graphml.version = "1"  # type: ignore[attr-defined]
export_gexf.version = "1"  # type: ignore[attr-defined]
