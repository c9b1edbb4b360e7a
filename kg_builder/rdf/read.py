"""Read the normalized graph back out of the store as plain records.

Exports, evaluation, the Neo4j loader and analytics all read through this
module; none of them re-runs extraction.
"""

from __future__ import annotations

import re
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


_ORDER_BY = re.compile(r"\n\s*ORDER\s+BY\b[^\n]*\s*$", re.I)


def relations(
    store: GraphStore,
    *,
    entities: dict[str, EntityRecord] | None = None,
    ordered: bool = True,
) -> Iterator[RelationRecord]:
    """Every stored assertion, ordered by document and position.

    ``entities``: the result of :func:`entities` when the caller has already read it (it is
    read again otherwise). ``ordered=False`` drops the ordering: the query then streams its
    first rows at once instead of sorting every assertion first (the Neo4j loader writes
    while it reads and needs no order).
    """
    ents = _all_entities(store) if entities is None else entities
    query = sparql("assertions")
    if not ordered:
        query = _ORDER_BY.sub("\n", query)
    names, rows = store.select_tuples(query)
    col = {name: i for i, name in enumerate(names)}
    (
        i_g,
        i_doc,
        i_lang,
        i_pub,
        i_a,
        i_s,
        i_p,
        i_o,
        i_plover,
        i_pol,
        i_mod,
        i_speaker,
        i_date,
        i_conf,
        i_rule,
        i_sent,
        i_start,
        i_end,
        i_extr,
        i_ver,
    ) = (
        col[n]
        for n in (
            "g",
            "doc",
            "lang",
            "published",
            "a",
            "s",
            "p",
            "o",
            "plover",
            "polarity",
            "modality",
            "speaker",
            "date",
            "confidence",
            "rule",
            "sentence",
            "start",
            "end",
            "extractor",
            "version",
        )
    )
    # Predicate and PLOVER IRIs repeat across rows: shorten each distinct one once.
    short: dict[str, str] = {}

    def name_of(iri: str) -> str:
        value = short.get(iri)
        if value is None:
            value = short[iri] = local_name(iri)
        return value

    get_entity = ents.get
    for row in rows:
        speaker = row[i_speaker]
        plover = row[i_plover]
        yield RelationRecord(
            iri=row[i_a],
            article=row[i_g],
            doc=row[i_doc],
            lang=row[i_lang],
            published=row[i_pub],
            subject=ents[row[i_s]],
            predicate=name_of(row[i_p]),
            object=ents[row[i_o]],
            plover=name_of(plover) if plover else None,
            polarity=row[i_pol],
            modality=row[i_mod],
            speaker=get_entity(speaker) if speaker else None,
            date=row[i_date],
            confidence=float(row[i_conf]),
            rule=row[i_rule],
            extractor=row[i_extr],
            extractor_version=row[i_ver],
            sentence=row[i_sent],
            start=int(row[i_start]),
            end=int(row[i_end]),
        )


# relations() has a keyword named ``entities``; it reads them through this alias.
_all_entities = entities
