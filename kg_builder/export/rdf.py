"""RDF exports: TriG and N-Quads keep one named graph per article; Turtle is the union."""

from __future__ import annotations

import io
import json
from typing import IO

from rdflib import Dataset

from kg_builder.rdf.namespaces import PREFIXES
from kg_builder.rdf.store import GraphStore
from kg_builder.resources import resource_dir


def _dump(store: GraphStore, out: IO[bytes], fmt: str) -> int:
    store.dump(out, fmt)
    return len(store)


def export_trig(store: GraphStore, out: IO[bytes]) -> int:
    """TriG: every article's named graph with its provenance."""
    return _dump(store, out, "trig")


def export_nquads(store: GraphStore, out: IO[bytes]) -> int:
    """N-Quads: one quad per line, graph = article."""
    return _dump(store, out, "nq")


def export_turtle(store: GraphStore, out: IO[bytes]) -> int:
    """Turtle: the union of all article graphs (graph names dropped)."""
    return _dump(store, out, "ttl")


def export_jsonld(store: GraphStore, out: IO[bytes]) -> int:
    """JSON-LD with the project's context (schemas/context.jsonld); graphs kept."""
    buffer = io.BytesIO()
    store.dump(buffer, "nq")
    dataset = Dataset()
    for prefix, ns in PREFIXES.items():
        dataset.bind(prefix, ns)
    dataset.parse(data=buffer.getvalue().decode("utf-8"), format="nquads")
    context = json.loads((resource_dir("schemas") / "context.jsonld").read_text("utf-8"))["@context"]
    out.write(dataset.serialize(format="json-ld", context=context, indent=2).encode("utf-8"))
    return len(store)


for _f, _v in (
    (export_trig, "1"),
    (export_nquads, "1"),
    (export_turtle, "1"),
    (export_jsonld, "1"),
):
    _f.version = _v  # type: ignore[attr-defined]
