"""``kg explain``: each relation with the rule that produced it and its evidence sentence."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kg_builder.eval import norm
from kg_builder.rdf.read import EntityRecord, RelationRecord, relations, surface_forms
from kg_builder.rdf.store import GraphStore


def _matches(entity: EntityRecord, forms: list[str], wanted: str | None) -> bool:
    if not wanted:
        return True
    target = norm(wanted)
    return target in {norm(entity.label), norm(entity.key)} | {norm(f) for f in forms}


def explain(
    *,
    store_path: Path,
    subject: str | None = None,
    obj: str | None = None,
    predicate: str | None = None,
    doc: str | None = None,
    limit: int = 50,
) -> Iterator[RelationRecord]:
    """Stored relations, filtered.

    ``subject``/``obj`` match a label, key or surface form; ``predicate`` a
    predicate or PLOVER type; ``doc`` a source-name prefix.
    """
    with GraphStore(store_path, read_only=True) as store:
        forms = surface_forms(store)
        shown = 0
        for rel in relations(store):
            if doc and not rel.doc.startswith(doc):
                continue
            if predicate and norm(predicate) not in {norm(rel.predicate), norm(rel.plover or "")}:
                continue
            if not _matches(rel.subject, forms.get((rel.article, rel.subject.iri), []), subject):
                continue
            if not _matches(rel.object, forms.get((rel.article, rel.object.iri), []), obj):
                continue
            yield rel
            shown += 1
            if shown >= limit:
                return
