"""Read the normalized graph back out of the store as plain records.

Exports, evaluation, the Neo4j loader and analytics all read through this
module; none of them re-runs extraction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from kg_builder.rdf.namespaces import local_name
from kg_builder.rdf.store import GraphStore

_SPARQL_DIR = Path(__file__).resolve().parent / "sparql"


@cache
def sparql(name: str) -> str:
    """Load the named SPARQL query from ``kg_builder/rdf/sparql/<name>.rq``."""
    return (_SPARQL_DIR / f"{name}.rq").read_text(encoding="utf-8")


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """A canonical entity as stored."""

    iri: str
    key: str
    label: str
    type: str
    qid: str | None


@dataclass(frozen=True, slots=True)
class RelationRecord:
    """One stored assertion, denormalized for export and loading."""

    iri: str
    article: str
    doc: str
    lang: str | None
    published: str | None
    subject: EntityRecord
    predicate: str
    object: EntityRecord
    plover: str | None
    polarity: str
    modality: str
    speaker: EntityRecord | None
    date: str | None
    confidence: float
    rule: str
    extractor: str
    extractor_version: str
    sentence: str
    start: int
    end: int


def entities(store: GraphStore) -> dict[str, EntityRecord]:
    """All entities by IRI."""
    out: dict[str, EntityRecord] = {}
    for row in store.select(sparql("entities")):
        out[row["e"]] = EntityRecord(row["e"], row["key"], row["label"], row["type"], row["qid"])
    return out


def surface_forms(store: GraphStore) -> dict[tuple[str, str], list[str]]:
    """Surface forms keyed by (article graph IRI, entity IRI), sorted."""
    forms: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in store.select(sparql("mentions")):
        forms[(row["g"], row["e"])].add(row["text"])
    return {k: sorted(v) for k, v in forms.items()}


def articles(store: GraphStore) -> list[dict[str, Any]]:
    """Article metadata rows (graph IRI ``g``, ``doc``, ``lang``, ``title``, ...)."""
    return list(store.select(sparql("articles")))


def relations(store: GraphStore) -> Iterator[RelationRecord]:
    """Every stored assertion, ordered by document and position."""
    ents = entities(store)
    for row in store.select(sparql("assertions")):
        speaker = row["speaker"]
        yield RelationRecord(
            iri=row["a"],
            article=row["g"],
            doc=row["doc"],
            lang=row["lang"],
            published=row["published"],
            subject=ents[row["s"]],
            predicate=local_name(row["p"]),
            object=ents[row["o"]],
            plover=local_name(row["plover"]) if row["plover"] else None,
            polarity=row["polarity"],
            modality=row["modality"],
            speaker=ents.get(speaker) if speaker else None,
            date=row["date"],
            confidence=float(row["confidence"]),
            rule=row["rule"],
            extractor=row["extractor"],
            extractor_version=row["version"],
            sentence=row["sentence"],
            start=int(row["start"]),
            end=int(row["end"]),
        )
