"""The relations analytics work on: read from the store, filtered, with the actors they join.

Reads the store through :mod:`kg_builder.rdf.read` (the rows ``kg export --format jsonl``
writes); never re-runs extraction and needs no server.

Polarity and modality: an assertion *happened* when it is positive and asserted. Negated
ones ("did not attack") and merely intended, possible or requested ones are not events
that took place; :class:`Filters` leaves them out unless ``include_negated`` /
``include_unasserted`` asks for them. Structural relations (holdsRole, memberOf, partOf)
are not interactions and are left out unless ``include_structural``.

Dates: ``since``/``until`` compare the assertion's event date when the text states one,
otherwise the article's publication date; an assertion with neither is dropped as soon as
either bound is given. Partial dates compare on the part they have.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from kg_builder.analytics.plover import QUAD_CLASS, quad_class
from kg_builder.errors import AnalyticsError
from kg_builder.eval import norm
from kg_builder.rdf.namespaces import local_name
from kg_builder.rdf.read import articles, assertion_edges, assertion_rows, entities, surface_forms
from kg_builder.rdf.store import GraphStore

_NO_EVIDENCE = ("", 0.0, 0)

#: Where a relation's date comes from.
EVENT_DATE = "event"
ARTICLE_DATE = "article"


@dataclass(frozen=True, slots=True)
class Filters:
    """Which stored assertions an analysis uses (see the module docstring for the defaults)."""

    since: date | None = None
    until: date | None = None
    langs: tuple[str, ...] = ()
    plover: tuple[str, ...] = ()
    min_sources: int = 1
    include_negated: bool = False
    include_unasserted: bool = False
    include_structural: bool = False

    def __post_init__(self) -> None:
        unknown = sorted({p.upper() for p in self.plover} - set(QUAD_CLASS))
        if unknown:
            raise AnalyticsError(
                f"unknown PLOVER type {', '.join(unknown)} in --plover; known: {', '.join(QUAD_CLASS)}"
            )
        if self.since and self.until and self.since > self.until:
            raise AnalyticsError(f"--since {self.since} is after --until {self.until}")
        if self.min_sources < 1:
            raise AnalyticsError("--min-sources must be at least 1")

    def describe(self) -> dict[str, object]:
        """The filters and the polarity/modality policy, for reports."""
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "date_used": "event date, else the article's publication date",
            "langs": list(self.langs),
            "plover": [p.upper() for p in self.plover],
            "min_sources": self.min_sources,
            "include_negated": self.include_negated,
            "include_unasserted": self.include_unasserted,
            "include_structural": self.include_structural,
        }


class Relation(NamedTuple):
    """One stored assertion, reduced to what the analyses need."""

    subject: str  # entity key, e.g. wd:Q159
    object: str
    predicate: str
    plover: str | None
    quad: str  # quad class, or "structural"
    polarity: str
    modality: str
    date: str | None  # event date, else the article's publication date (ISO text)
    date_source: str | None  # EVENT_DATE, ARTICLE_DATE or None
    lang: str | None
    doc: str
    sentence: str
    confidence: float
    start: int

    @property
    def happened(self) -> bool:
        """Positive and asserted: an event that took place (as far as the text says)."""
        return self.polarity == "positive" and self.modality == "asserted"


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical entity that relations can join."""

    key: str
    label: str
    type: str


@dataclass
class Selection:
    """The filtered relations and every actor of the store (by key)."""

    relations: list[Relation]
    actors: dict[str, Actor]
    filters: Filters
    dropped_undated: int = 0  # relations left out because --since/--until had no date to compare


def _in_range(value: str, since: str | None, until: str | None) -> bool:
    # "2024-03" against "2024-03-15": compare on the part the stored value has.
    if since and value < since[: len(value)]:
        return False
    return not (until and value > until[: len(value)])


def read_relations(store: GraphStore, filters: Filters, *, evidence: bool = True) -> Selection:
    """The store's relations that pass ``filters``, with all actors.

    ``evidence=False`` reads no sentence, confidence or position (they are left empty):
    enough for centrality and communities, and half the reading cost.
    """
    ents = entities(store)
    actors = {e.key: Actor(e.key, e.label, e.type) for e in ents.values()}
    key_of = {iri: e.key for iri, e in ents.items()}
    docs = {row["g"]: (row["doc"], row.get("lang"), row.get("published")) for row in articles(store)}
    langs = set(filters.langs)
    plovers = {p.upper() for p in filters.plover}
    since = filters.since.isoformat() if filters.since else None
    until = filters.until.isoformat() if filters.until else None
    short: dict[str, str] = {}
    out: list[Relation] = []
    undated = 0
    if evidence:
        rows: Iterable[Any] = assertion_rows(store)
    else:
        # The query reads only what the policy keeps (bound in SPARQL, not filtered here).
        bound = {}
        if not filters.include_negated:
            bound["polarity"] = "positive"
        if not filters.include_unasserted:
            bound["modality"] = "asserted"
        rows = assertion_edges(store, **bound)
    for row in rows:
        doc, lang, published = docs[row.graph]
        if langs and lang not in langs:
            continue
        if row.polarity != "positive" and not filters.include_negated:
            continue
        if row.modality != "asserted" and not filters.include_unasserted:
            continue
        plover = short.get(row.plover) if row.plover else None
        if row.plover and plover is None:
            plover = short[row.plover] = local_name(row.plover)
        if plover is None and not filters.include_structural:
            continue
        if plovers and plover not in plovers:
            continue
        when, source = (row.date, EVENT_DATE) if row.date else (published, ARTICLE_DATE)
        if not when:
            source = None
        if since or until:
            if not when:
                undated += 1
                continue
            if not _in_range(str(when), since, until):
                continue
        predicate = ""  # not read without evidence
        if evidence:
            predicate = short.get(row.predicate)
            if predicate is None:
                predicate = short[row.predicate] = local_name(row.predicate)
        out.append(
            Relation(
                key_of[row.subject],
                key_of[row.object],
                predicate,
                plover,
                quad_class(plover),
                row.polarity,
                row.modality,
                str(when) if when else None,
                source,
                lang,
                doc,
                *((row.sentence, float(row.confidence), int(row.start)) if evidence else _NO_EVIDENCE),
            )
        )
    if filters.min_sources > 1:
        out = _min_sources(out, filters.min_sources)
    return Selection(out, actors, filters, undated)


def _min_sources(relations: list[Relation], minimum: int) -> list[Relation]:
    """Keep the relations whose directed actor pair has at least ``minimum`` source articles."""
    docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in relations:
        docs[(r.subject, r.object)].add(r.doc)
    return [r for r in relations if len(docs[(r.subject, r.object)]) >= minimum]


def load(store_path: Path, filters: Filters, *, evidence: bool = True) -> tuple[GraphStore, Selection]:
    """Open the store read-only and read the selection (the caller closes the store)."""
    store = GraphStore(store_path, read_only=True)
    try:
        return store, read_relations(store, filters, evidence=evidence)
    except BaseException:
        store.close()
        raise


def resolve_actor(store: GraphStore, actors: dict[str, Actor], wanted: str) -> Actor:
    """The actor whose key, label or a surface form is ``wanted`` (case-insensitive).

    A key or label match wins over a surface form; two actors matching at the same level
    are an error that lists them, as is no match at all.
    """
    target = norm(wanted)
    for level in (
        [a for a in actors.values() if norm(a.key) == target],
        [a for a in actors.values() if norm(a.label) == target],
    ):
        if len(level) == 1:
            return level[0]
        if level:
            raise _ambiguous(wanted, level)
    by_forms: dict[str, Actor] = {}
    iri_key = {iri: e.key for iri, e in entities(store).items()}
    for (_, iri), forms in surface_forms(store).items():
        if any(norm(f) == target for f in forms):
            actor = actors[iri_key[iri]]
            by_forms[actor.key] = actor
    if len(by_forms) == 1:
        return next(iter(by_forms.values()))
    if by_forms:
        raise _ambiguous(wanted, list(by_forms.values()))
    raise AnalyticsError(
        f"unknown actor {wanted!r}: no entity has this label, key or surface form "
        "(see `kg explain` or `kg export --format jsonl` for the actors in the store)"
    )


def _ambiguous(wanted: str, actors: Iterable[Actor]) -> AnalyticsError:
    names = "; ".join(f"{a.label} ({a.key})" for a in sorted(actors, key=lambda a: a.key))
    return AnalyticsError(f"actor {wanted!r} is ambiguous: {names}. Pass the key instead.")
