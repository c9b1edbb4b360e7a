"""kg_builder: multilingual news in, a validated knowledge graph of who did what to whom out.

The public API mirrors the command line::

    from pathlib import Path
    from kg_builder import build, GraphStore, relations

    report = build(["examples/articles"], store_path=Path("kg-store"))
    with GraphStore("kg-store", read_only=True) as store:
        for rel in relations(store):
            print(rel.subject.label, rel.predicate, rel.object.label, rel.sentence)
"""

from __future__ import annotations

import importlib
from typing import Any

# Imported on first use, so `kg stats` does not pay for loading spaCy.
_EXPORTS: dict[str, str] = {
    "Article": "kg_builder.models",
    "ArticleResult": "kg_builder.models",
    "Assertion": "kg_builder.models",
    "BuildReport": "kg_builder.pipeline",
    "Entity": "kg_builder.models",
    "Evidence": "kg_builder.models",
    "GraphStore": "kg_builder.rdf.store",
    "KGBuilderError": "kg_builder.errors",
    "Mention": "kg_builder.models",
    "build": "kg_builder.pipeline",
    "evaluate": "kg_builder.eval",
    "export": "kg_builder.export",
    "export_from_neo4j": "kg_builder.neo4j.rdf_export",
    "import_file": "kg_builder.rdf.maintenance",
    "load_gold": "kg_builder.eval",
    "relations": "kg_builder.rdf.read",
    "remove_articles": "kg_builder.rdf.maintenance",
    "run_sparql": "kg_builder.rdf.query",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'kg_builder' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
