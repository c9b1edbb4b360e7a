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
from typing import Any, NamedTuple

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
    """All entities by IRI, in key order."""
    rows = sorted(store.select_tuples(sparql("entities"))[1], key=lambda row: row[1])
    return {e: EntityRecord(e, key, label, type_, qid) for e, key, label, type_, qid in rows}


def surface_forms(store: GraphStore) -> dict[tuple[str, str], list[str]]:
    """Surface forms keyed by (article graph IRI, entity IRI), sorted."""
    forms: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in store.select(sparql("mentions")):
        forms[(row["g"], row["e"])].add(row["text"])
    return {k: sorted(v) for k, v in forms.items()}


def articles(store: GraphStore) -> list[dict[str, Any]]:
    """Article metadata rows (graph IRI ``g``, ``doc``, ``lang``, ``title``, ...)."""
    return list(store.select(sparql("articles")))


class AssertionRow(NamedTuple):
    """One stored assertion as plain values: IRIs as text, literals as Python values."""

    graph: str  # the article's named graph
    iri: str
    subject: str
    predicate: str
    object: str
    plover: str | None
    polarity: str
    modality: str
    speaker: str | None
    date: str | None  # ISO text
    confidence: float
    rule: str
    sentence: str
    start: int
    end: int
    extractor: str  # see extractors()


def assertion_rows(store: GraphStore) -> Iterator[AssertionRow]:
    """The stored assertions, unordered, as they stream out of one query.

    For readers of many assertions that need no records (the Neo4j loader);
    :func:`relations` builds records from them.
    """
    return map(AssertionRow._make, store.select_tuples(sparql("assertions"))[1])


class EdgeRow(NamedTuple):
    """One stored assertion without its evidence (see :func:`assertion_edges`)."""

    graph: str
    subject: str
    object: str
    plover: str | None
    polarity: str
    modality: str
    date: str | None


def assertion_edges(store: GraphStore, **bindings: str) -> Iterator[EdgeRow]:
    """The stored assertions without predicate, evidence or provenance, unordered.

    For the network analyses, which need who, whom, what kind and when: about half the
    cost of :func:`assertion_rows`, less when ``polarity`` / ``modality`` are bound
    (``polarity="positive"`` reads only the positive ones).
    """
    return map(EdgeRow._make, store.select_tuples(sparql("assertion_edges"), **bindings)[1])


def assertion_count(store: GraphStore) -> int:
    """How many assertions the store holds (about 25 ms for 100,000)."""
    return int(next(store.select(sparql("assertion_count")))["n"])


def extractors(store: GraphStore) -> dict[str, tuple[str, str]]:
    """(name, version) of the extractors that made the stored assertions, by IRI."""
    return {row["agent"]: (row["extractor"], row["version"]) for row in store.select(sparql("extractors"))}


def relations(
    store: GraphStore, *, entities: dict[str, EntityRecord] | None = None
) -> Iterator[RelationRecord]:
    """Every stored assertion, ordered by document and position.

    ``entities``: the result of :func:`entities` when the caller has already read it (it is
    read again otherwise).
    """
    ents = _all_entities(store) if entities is None else entities
    docs = {row["g"]: (row["doc"], row.get("lang"), row.get("published")) for row in articles(store)}
    agents = extractors(store)
    # Predicate and PLOVER IRIs repeat across rows: shorten each distinct one once.
    short: dict[str, str] = {}

    def name_of(iri: str) -> str:
        value = short.get(iri)
        if value is None:
            value = short[iri] = local_name(iri)
        return value

    get_entity = ents.get
    records = [
        RelationRecord(
            iri=row.iri,
            article=row.graph,
            doc=docs[row.graph][0],
            lang=docs[row.graph][1],
            published=docs[row.graph][2],
            subject=ents[row.subject],
            predicate=name_of(row.predicate),
            object=ents[row.object],
            plover=name_of(row.plover) if row.plover else None,
            polarity=row.polarity,
            modality=row.modality,
            speaker=get_entity(row.speaker) if row.speaker else None,
            date=row.date,
            confidence=float(row.confidence),
            rule=row.rule,
            extractor=agents[row.extractor][0],
            extractor_version=agents[row.extractor][1],
            sentence=row.sentence,
            start=int(row.start),
            end=int(row.end),
        )
        for row in assertion_rows(store)
    ]
    records.sort(key=lambda r: (r.doc, r.start, r.iri))
    return iter(records)


# relations() has a keyword named ``entities``; it reads them through this alias.
_all_entities = entities
