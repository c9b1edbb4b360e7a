"""Summary counts of what the store holds (``kg stats``)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from kg_builder.rdf.read import sparql
from kg_builder.rdf.store import GraphStore


def store_stats(*, store_path: Path) -> dict:
    """Articles by language, entities by type, relations by PLOVER type, and totals."""
    tables: dict[str, dict[str, int]] = defaultdict(dict)
    with GraphStore(store_path, read_only=True) as store:
        for row in store.select(sparql("stats")):
            tables[row["kind"]][row["key"]] = int(row["n"])
        quads = len(store)
    return {
        "articles": sum(tables["article"].values()),
        "entities": sum(tables["entity"].values()),
        "relations": sum(tables["relation"].values()),
        "quads": quads,
        "articles_by_language": dict(sorted(tables["article"].items())),
        "entities_by_type": dict(sorted(tables["entity"].items())),
        "relations_by_plover": dict(sorted(tables["relation"].items())),
    }
