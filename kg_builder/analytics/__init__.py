"""Analytics and pictures over the embedded store, with networkx behind them.

``kg analyze centrality|communities|dyad|path`` and ``kg viz`` call the keyword-only
functions re-exported here; see :mod:`kg_builder.analytics.data` for the filters and how
polarity and modality are treated.
"""

from __future__ import annotations

from kg_builder.analytics.data import Filters, Relation, Selection, read_relations, resolve_actor
from kg_builder.analytics.dyad import dyad
from kg_builder.analytics.graph import actor_graph, undirected
from kg_builder.analytics.metrics import centrality, communities
from kg_builder.analytics.path import path
from kg_builder.analytics.plover import QUAD_CLASS, QUAD_CLASSES
from kg_builder.analytics.report import Report, Section

__all__ = [
    "QUAD_CLASS",
    "QUAD_CLASSES",
    "Filters",
    "Relation",
    "Report",
    "Section",
    "Selection",
    "actor_graph",
    "centrality",
    "communities",
    "dyad",
    "path",
    "read_relations",
    "resolve_actor",
    "undirected",
]
