"""Read the normalized graph back out of the store as plain records.

Exports, evaluation, the Neo4j loader and analytics all read through this
module; none of them re-runs extraction.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import chain
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


def stored_predicates(store: GraphStore) -> list[str]:
    """The predicate IRIs the stored assertions use, sorted."""
    return sorted(row[0] for row in store.select_tuples(sparql("predicates"))[1])


_IRI = re.compile(r"[^\x00-\x20<>\"{}|^`\\]+")


def _with_predicate(query: str, iri: str) -> str:
    """``query`` (assertions.rq) for the assertions of predicate ``iri`` only.

    pyoxigraph evaluates a bound ?p (substitutions, VALUES) after the join, i.e. it reads
    every assertion; a constant in the pattern is looked up in its index.
    """
    if not _IRI.fullmatch(iri):
        raise ValueError(f"not an IRI: {iri!r}")
    query = query.replace("rdf:predicate ?p ;", f"rdf:predicate <{iri}> ;")
    return query.replace("WHERE {", f"WHERE {{\n  BIND (<{iri}> AS ?p)", 1)


def assertion_rows(store: GraphStore, predicates: Iterable[str] | None = None) -> Iterator[tuple[Any, ...]]:
    """The stored assertions as plain tuples, one per assertion, unordered.

    Columns: article graph IRI, assertion IRI, subject, predicate, object, PLOVER type (IRIs;
    PLOVER None when absent), polarity, modality, speaker IRI or None, event date (ISO text)
    or None, confidence, rule, evidence sentence, start, end, extractor IRI (see
    :func:`extractors`). For readers of many assertions that need no records
    (the Neo4j loader); :func:`relations` builds records from them.

    ``predicates``: only the assertions of these predicate IRIs (from
    :func:`stored_predicates`), one query each, each taken from the iterable when the
    previous one is read, so several readers may share a queue of them; the assertions of
    one predicate come together. All predicates in turn cost about 10% more than one query
    for all.
    """
    query = sparql("assertions")
    if predicates is None:
        return store.select_tuples(query)[1]
    return chain.from_iterable(store.select_tuples(_with_predicate(query, iri))[1] for iri in predicates)


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
            iri=a,
            article=g,
            doc=docs[g][0],
            lang=docs[g][1],
            published=docs[g][2],
            subject=ents[s],
            predicate=name_of(p),
            object=ents[o],
            plover=name_of(plover) if plover else None,
            polarity=polarity,
            modality=modality,
            speaker=get_entity(speaker) if speaker else None,
            date=date,
            confidence=float(confidence),
            rule=rule,
            extractor=agents[agent][0],
            extractor_version=agents[agent][1],
            sentence=sentence,
            start=int(start),
            end=int(end),
        )
        for (
            g,
            a,
            s,
            p,
            o,
            plover,
            polarity,
            modality,
            speaker,
            date,
            confidence,
            rule,
            sentence,
            start,
            end,
            agent,
        ) in assertion_rows(store)
    ]
    records.sort(key=lambda r: (r.doc, r.start, r.iri))
    return iter(records)


# relations() has a keyword named ``entities``; it reads them through this alias.
_all_entities = entities
