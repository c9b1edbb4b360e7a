"""RDF exports: TriG and N-Quads keep one named graph per article; Turtle is the union."""

from __future__ import annotations

import json
from typing import IO

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
    """JSON-LD, one ``@graph`` object per article (graphs kept), streamed by pyoxigraph.

    The document is ``{"@context": <schemas/context.jsonld>, "@graph": [...]}``: the
    context's prefixes and terms are there for readers that compact, and the nodes are
    written in expanded form (absolute IRIs, typed literals), which pyoxigraph's
    serializer streams without holding the dataset in memory. Any JSON-LD 1.1 processor
    (rdflib included) reads it back to the same quads.
    """
    context = json.loads((resource_dir("schemas") / "context.jsonld").read_text("utf-8"))["@context"]
    out.write(b'{"@context": ' + json.dumps(context, indent=2).encode("utf-8") + b',\n"@graph": ')
    store.dump(out, "jsonld")
    out.write(b"}\n")
    return len(store)


for _f, _v in (
    (export_trig, "1"),
    (export_nquads, "1"),
    (export_turtle, "1"),
    (export_jsonld, "2"),
):
    _f.version = _v  # type: ignore[attr-defined]
