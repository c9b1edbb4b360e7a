"""Tabular exports of relations: JSON Lines (documented in the README) and CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import IO, Any

from kg_builder.rdf.read import EntityRecord, RelationRecord, relations, surface_forms
from kg_builder.rdf.store import GraphStore


def _entity(entity: EntityRecord, mentions: list[str]) -> dict[str, Any]:
    return {"id": entity.key, "label": entity.label, "type": entity.type, "mentions": mentions}


def relation_dict(rel: RelationRecord, forms: dict[tuple[str, str], list[str]]) -> dict[str, Any]:
    """The JSONL record of one relation (format documented in the README)."""
    return {
        "doc": rel.doc,
        "lang": rel.lang,
        "subject": _entity(rel.subject, forms.get((rel.article, rel.subject.iri), [])),
        "predicate": rel.predicate,
        "object": _entity(rel.object, forms.get((rel.article, rel.object.iri), [])),
        "plover": rel.plover,
        "polarity": rel.polarity,
        "modality": rel.modality,
        "speaker": rel.speaker.label if rel.speaker else None,
        "date": rel.date,
        "confidence": rel.confidence,
        "evidence": {"text": rel.sentence, "start": rel.start, "end": rel.end},
        "rule": rel.rule,
        "extractor": f"{rel.extractor}/{rel.extractor_version}",
        "article": rel.article,
    }


def export_jsonl(store: GraphStore, out: IO[bytes]) -> int:
    """JSON Lines: one relation per line with subject/object, types, evidence."""
    forms = surface_forms(store)
    count = 0
    for rel in relations(store):
        out.write(json.dumps(relation_dict(rel, forms), ensure_ascii=False).encode("utf-8") + b"\n")
        count += 1
    return count


CSV_COLUMNS = (
    "doc",
    "lang",
    "subject_id",
    "subject_label",
    "subject_type",
    "predicate",
    "object_id",
    "object_label",
    "object_type",
    "plover",
    "polarity",
    "modality",
    "speaker",
    "date",
    "confidence",
    "evidence",
    "start",
    "end",
    "rule",
)


def export_csv(store: GraphStore, out: IO[bytes]) -> int:
    """CSV: one relation per row, flat columns for spreadsheets and pandas."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for r in relations(store):
        writer.writerow(
            (
                r.doc,
                r.lang,
                r.subject.key,
                r.subject.label,
                r.subject.type,
                r.predicate,
                r.object.key,
                r.object.label,
                r.object.type,
                r.plover,
                r.polarity,
                r.modality,
                r.speaker.label if r.speaker else "",
                r.date or "",
                r.confidence,
                r.sentence,
                r.start,
                r.end,
                r.rule,
            )
        )
        count += 1
    text.detach()
    return count


export_jsonl.version = "1"  # type: ignore[attr-defined]
export_csv.version = "1"  # type: ignore[attr-defined]
