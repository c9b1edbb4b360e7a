"""Analytics and pictures over the embedded store, with networkx behind them.

``kg analyze centrality|communities|dyad|path`` and ``kg viz`` call the keyword-only
functions re-exported here; see :mod:`kg_builder.analytics.data` for the filters and how
polarity and modality are treated.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg_builder.analytics.data import Filters, Relation, Selection, read_relations, resolve_actor
    from kg_builder.analytics.dyad import dyad
    from kg_builder.analytics.graph import actor_graph, undirected
    from kg_builder.analytics.metrics import centrality, communities
    from kg_builder.analytics.path import path
    from kg_builder.analytics.plover import QUAD_CLASS, QUAD_CLASSES
    from kg_builder.analytics.report import Report, Section

# Loaded on first use (PEP 562): the CLI imports kg_builder.analytics.cli at start-up,
# and networkx with the store readers costs every other command 0.3 s of CPU.
_HOME = {
    "Filters": "data",
    "Relation": "data",
    "Selection": "data",
    "read_relations": "data",
    "resolve_actor": "data",
    "dyad": "dyad",
    "actor_graph": "graph",
    "undirected": "graph",
    "centrality": "metrics",
    "communities": "metrics",
    "path": "path",
    "QUAD_CLASS": "plover",
    "QUAD_CLASSES": "plover",
    "Report": "report",
    "Section": "report",
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


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
