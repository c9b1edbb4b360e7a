"""Load the normalized graph from the store into Neo4j, n10s style, and keep it in sync.

The graph in Neo4j (see "Neo4j" in the README):

* ``(:Entity:<Type> {uri, key, label, type, qid, aliases})`` — one node per canonical
  entity, ``<Type>`` from ``models.ENTITY_TYPES``;
* ``(:Article {uri, doc, hash, lang, title, url, published, words})``;
* ``(:Entity)-[:MENTIONED_IN {article, forms}]->(:Article)``;
* ``(:Entity)-[:<PREDICATE> {uri, predicate, plover, polarity, modality, confidence, date,
  speaker, speaker_uri, rule, extractor, extractor_version, article, doc, lang, published,
  sentence, start, end}]->(:Entity)`` — **one relationship per assertion per article**,
  keyed by the assertion IRI (which already names its article). An assertion reported by
  three articles is three relationships; Cypher aggregates them
  (``count(DISTINCT r.article)``, ``collect(DISTINCT r.lang)``).

Every write is a batch of at most ``batch_size`` rows in its own transaction
(``session.execute_write``): one or several ``UNWIND $rows`` + ``MERGE`` statements, each
with one fixed label or relationship type (the tails of several types share a
transaction); labels and types come from the ontology whitelist only
(:func:`kg_builder.neo4j.queries.render`). Properties are written only when they differ,
so loading the same store twice changes nothing. The store's assertions are read in a
second thread, from before the nodes are written, while the previous batch is written.
After writing, whatever Neo4j holds that the store no longer does (assertions, mentions,
articles, then entities nobody mentions) is deleted, in batches too.

A load into a database that held none of our nodes (a first load, or ``--wipe``) has
nothing to merge with: it creates the relationships and MENTIONED_IN edges without
looking for existing ones (``create_*`` statements, half of Neo4j's work per
relationship) and skips reading the database back for deletions.
"""

from __future__ import annotations

import datetime as dt
import queue
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from kg_builder.errors import Neo4jError, Neo4jUnavailableError
from kg_builder.neo4j.limits import describe, find_unloadable
from kg_builder.neo4j.lock import LoadLock
from kg_builder.neo4j.queries import (
    cypher_file,
    entity_labels,
    node_labels,
    relationship_types,
    render,
)
from kg_builder.rdf.namespaces import KG, local_name
from kg_builder.rdf.read import (
    AssertionRow,
    articles,
    assertion_count,
    assertion_rows,
    entities,
    extractors,
    surface_forms,
)
from kg_builder.rdf.store import GraphStore

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "dynamic_types",
    "LoadReport",
    "ProgressCallback",
    "ensure_schema",
    "load_store",
    "wipe_database",
]

DEFAULT_BATCH_SIZE = 1000

#: ``progress(phase, done, total)``: rows handled so far in a phase; total None when unknown.
ProgressCallback = Callable[[str, int, "int | None"], None]

PHASES: tuple[str, ...] = ("lock", "wipe", "articles", "entities", "mentions", "assertions", "deletions")


@dataclass
class LoadReport:
    """What a load did, from the driver's result counters and the statements' own counts."""

    articles: int = 0
    entities: int = 0
    assertions: int = 0
    mentions: int = 0
    nodes_created: int = 0
    nodes_updated: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_updated: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0
    labels_added: int = 0
    labels_removed: int = 0
    constraints_added: int = 0
    indexes_added: int = 0
    wiped_nodes: int = 0
    batches: int = 0
    seconds: float = 0.0
    nodes_total: int = 0
    relationships_total: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    #: Articles left out by ``skip_bad`` (Neo4j cannot hold them), each with the reason.
    skipped: list[str] = field(default_factory=list)

    @property
    def relationships_written(self) -> int:
        """Assertion and MENTIONED_IN relationships sent to Neo4j."""
        return self.assertions + self.mentions

    @property
    def relationships_per_second(self) -> float:
        """Relationships sent per second of the whole load."""
        return self.relationships_written / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly copy, with the derived rate."""
        data = {k: getattr(self, k) for k in self.__dataclass_fields__}
        data["relationships_per_second"] = round(self.relationships_per_second, 1)
        return data


# ------------------------------------------------------------------ transactions


def _driver_errors() -> tuple[type[BaseException], ...]:
    from neo4j.exceptions import DriverError
    from neo4j.exceptions import Neo4jError as DriverNeo4jError

    return DriverError, DriverNeo4jError


class _Writer:
    """Runs statements in one session: one transaction per batch, counters summed."""

    def __init__(self, driver: Any, database: str | None, report: LoadReport) -> None:
        self._session = driver.session(database=database, notifications_min_severity="OFF")
        self.report = report

    def close(self) -> None:
        self._session.close()

    def _call(self, work: Callable[[Any], Any], *, write: bool) -> Any:
        from neo4j.exceptions import ServiceUnavailable, SessionExpired

        try:
            if write:
                return self._session.execute_write(work)
            return self._session.execute_read(work)
        except (ServiceUnavailable, SessionExpired) as exc:
            raise Neo4jUnavailableError(
                f"Neo4j stopped answering during the load ({type(exc).__name__}); the batches "
                "written so far are committed. Run `kg load` again once the server is back: "
                "loading is idempotent and finishes the job."
            ) from exc
        except _driver_errors() as exc:
            code = getattr(exc, "code", None) or type(exc).__name__
            message = getattr(exc, "message", None) or str(exc)
            raise Neo4jError(f"Neo4j rejected a load statement: {code}: {message}") from exc

    def write(self, text: str, **params: Any) -> list[dict[str, Any]]:
        """Run one statement in one write transaction; add its counters to the report."""
        return self.write_many([(text, params)])[0][0]

    def write_many(
        self, statements: Sequence[tuple[str, dict[str, Any]]]
    ) -> list[tuple[list[dict[str, Any]], Any]]:
        """Run several statements in one write transaction (one batch); return each one's
        rows and counters, and add the counters to the report."""

        def work(tx: Any) -> list[tuple[list[dict[str, Any]], Any]]:
            out = []
            for text, params in statements:
                result = tx.run(text, params)
                rows = [record.data() for record in result]
                out.append((rows, result.consume().counters))
            return out

        results = self._call(work, write=True)
        r = self.report
        r.batches += 1
        for _rows, counters in results:
            r.nodes_created += counters.nodes_created
            r.nodes_deleted += counters.nodes_deleted
            r.relationships_created += counters.relationships_created
            r.relationships_deleted += counters.relationships_deleted
            r.properties_set += counters.properties_set
            r.labels_added += counters.labels_added
            r.labels_removed += counters.labels_removed
            r.constraints_added += counters.constraints_added
            r.indexes_added += counters.indexes_added
        return results

    def read(self, text: str, **params: Any) -> list[dict[str, Any]]:
        """Run one statement in a read transaction and return its rows."""

        def work(tx: Any) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(text, params)]

        return self._call(work, write=False)


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# ------------------------------------------------------------------ rows from the store


def _date(value: str | None) -> dt.date | str | None:
    """xsd:date text as a date (a Neo4j Date); anything else is kept as text."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return value


def _article_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "uri": row["g"],
        "props": {
            "doc": row["doc"],
            "hash": row["hash"],
            "lang": row.get("lang"),
            "title": row.get("title"),
            "url": row.get("url"),
            "published": _date(row.get("published")),
            "words": int(row["words"]) if row.get("words") is not None else None,
            "source_key": row.get("key"),
        },
    }


def _relationship_row(
    row: AssertionRow,
    names: dict[str, str],
    docs: dict[str, tuple[str, str | None, dt.date | str | None]],
    agents: dict[str, tuple[str, str]],
) -> dict[str, Any]:
    """One row of ``merge_relationships`` from one stored assertion. ``names``: local names
    of the predicate and PLOVER IRIs; ``docs``: (doc, lang, published) per article graph;
    ``agents``: (name, version) per extractor. The speaker's label is filled in by the
    writer, which holds the entities."""
    doc, lang, published = docs[row.graph]
    extractor, version = agents[row.extractor]
    return {
        "uri": row.iri,
        "s": row.subject,
        "o": row.object,
        "props": {
            "predicate": names[row.predicate],
            "plover": names[row.plover] if row.plover else None,
            "polarity": row.polarity,
            "modality": row.modality,
            "confidence": float(row.confidence),
            "date": _date(row.date),
            "speaker": None,
            "speaker_uri": row.speaker,
            "rule": row.rule,
            "extractor": extractor,
            "extractor_version": version,
            "article": row.graph,
            "doc": doc,
            "lang": lang,
            "published": published,
            "sentence": row.sentence,
            "start": int(row.start),
            "end": int(row.end),
        },
    }


# ------------------------------------------------------------------ public API


def dynamic_types(version: str) -> bool:
    """Whether a Neo4j of ``version`` takes relationship types from values
    (``-[:$(expr)]->``): 5.26 and the calendar versions after it (2025.01 ...). Older
    servers get one statement per relationship type."""
    match = re.match(r"(\d+)\.(\d+)", version or "")
    return bool(match) and (int(match[1]), int(match[2])) >= (5, 26)


def ensure_schema(driver: Any, *, database: str | None = None) -> LoadReport:
    """Create (if missing) the uri uniqueness constraints and the indexes the queries use.

    One constraint per node label the loader writes (``Entity``, ``Article``, each entity
    type) and per ontology relationship type; the fixed indexes are the
    ``cypher/schema/index_*.cypher`` files. Safe to run again (``IF NOT EXISTS``).
    """
    report = LoadReport()
    writer = _Writer(driver, database, report)
    try:
        _schema(writer)
    finally:
        writer.close()
    return report


_SCHEMA_NAME = re.compile(r"^\s*CREATE\s+(?:\w+\s+)?(?:CONSTRAINT|INDEX)\s+(\w+)", re.I | re.M)


def _schema(writer: _Writer) -> None:
    from kg_builder.neo4j.queries import cypher_files

    statements = [render("schema/node_uri_unique", label=label) for label in node_labels()]
    statements += [
        render("schema/relationship_uri_unique", type=rel_type)
        for rel_type in sorted(set(relationship_types().values()))
    ]
    statements += [cf.text for cf in cypher_files("schema") if cf.name.startswith("index_")]
    # Creating ~80 schema items one transaction each costs a second even when they all
    # exist; look the names up once and create only what is missing.
    existing = {row["name"] for row in writer.read(cypher_file("load/constraint_names").text)}
    existing |= {row["name"] for row in writer.read(cypher_file("load/index_names").text)}
    for text in statements:
        match = _SCHEMA_NAME.search(text)
        if match is None or match[1] not in existing:
            writer.write(text)


def wipe_database(
    driver: Any,
    *,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressCallback | None = None,
) -> int:
    """Delete every node and relationship of ``database`` in batches; return nodes deleted.

    Relationships go first, ``batch_size`` per transaction, then the nodes. Constraints
    and indexes stay (the next load would create them again anyway).
    """
    report = LoadReport()
    writer = _Writer(driver, database, report)
    try:
        return _wipe(writer, batch_size, progress)
    finally:
        writer.close()


def _wipe(writer: _Writer, batch_size: int, progress: ProgressCallback | None) -> int:
    """Relationships first, then nodes, ``batch_size`` of them per transaction.

    Detaching nodes directly would put all of a hub entity's relationships (tens of
    thousands) into one transaction and exhaust a small server's transaction memory.
    """
    counts = writer.read(cypher_file("load/graph_counts").text)[0]
    total = counts["nodes"] + counts["relationships"]
    done = 0
    nodes = 0
    for name in ("load/wipe_relationships", "load/wipe_batch"):
        text = cypher_file(name).text
        while True:
            deleted = writer.write(text, limit=batch_size)[0]["deleted"]
            done += deleted
            if name == "load/wipe_batch":
                nodes += deleted
            if progress:
                progress("wipe", done, max(total, done))
            if deleted == 0:
                break
    return nodes


def load_store(
    store: GraphStore,
    driver: Any,
    *,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    wipe: bool = False,
    skip_bad: bool = False,
    progress: ProgressCallback | None = None,
) -> LoadReport:
    """Make the Neo4j database reflect the store; return what changed.

    One load at a time per database: the load first takes a lock in Neo4j
    (:mod:`kg_builder.neo4j.lock`) and waits for any other load to finish. Articles Neo4j
    cannot hold (:mod:`kg_builder.neo4j.limits`) stop the load before anything is written,
    naming them; with ``skip_bad`` they are left out (listed in ``report.skipped``) and
    the rest is loaded.

    Schema first, then (with ``wipe``) an empty database, then articles, entities,
    assertion relationships and MENTIONED_IN edges in batches of ``batch_size`` rows (one
    write transaction each), then the deletion of everything the store no longer holds:
    assertions by uri, articles with their mentions, mentions, and entities no article
    mentions (when the database held no Article or Entity node before the load, only the
    last, computed from the store). The store is only read (open it with
    ``read_only=True``).
    """
    if batch_size < 1:
        raise Neo4jError(f"--batch-size must be at least 1, got {batch_size}")
    began = time.perf_counter()
    report = LoadReport()
    writer = _Writer(driver, database, report)
    reader: _AssertionReader | None = None

    def tick(phase: str, done: int, total: int | None) -> None:
        if progress is not None:
            progress(phase, done, total)

    lock = LoadLock(driver, database)
    try:
        # The nodes are read and checked before the lock and before any write: a store
        # Neo4j cannot hold fails with nothing written, naming the articles.
        article_meta = articles(store)
        with ThreadPoolExecutor(max_workers=2) as pool:
            read_entities = pool.submit(entities, store)
            read_forms = pool.submit(surface_forms, store)
            ents, forms = read_entities.result(), read_forms.result()
        bad, bad_entities = find_unloadable(article_meta, ents, forms)
        if bad and not skip_bad:
            raise Neo4jError(
                f"{len(bad)} article(s) of the store cannot be loaded into Neo4j, so nothing was "
                f"loaded: {describe(bad)}. Pass --skip-bad to load every other article."
            )
        skip = {b.uri for b in bad}
        if skip or bad_entities:
            report.skipped = [str(b) for b in bad]
            article_meta = [a for a in article_meta if a["g"] not in skip]
            ents = {iri: e for iri, e in ents.items() if iri not in bad_entities}
            forms = {(g, e): f for (g, e), f in forms.items() if g not in skip and e not in bad_entities}
        article_rows = [_article_row(a) for a in article_meta]
        entity_rows = _entity_rows(ents, forms)
        tick("lock", 0, 1)
        lock.acquire()  # waits while another kg load writes into this database
        tick("lock", 1, 1)
        # Nothing can be stale in a database that held none of our nodes before the load:
        # relationships are created without looking for existing ones, and the sync
        # deletions would only read back everything just written.
        fresh = wipe or not writer.read(cypher_file("load/has_data").text)[0]["has_data"]
        create = fresh and dynamic_types(writer.read(cypher_file("load/server_version").text)[0]["version"])
        # The assertions, by far the largest read, are read from now on, in a thread, while
        # the nodes are written (pyoxigraph evaluates queries without the GIL).
        reader = _AssertionReader(
            store, article_meta, batch_size, by_type=not create, skip=(skip, set(bad_entities))
        )
        _schema(writer)  # constraints and indexes only; no graph data
        if wipe:
            report.wiped_nodes = _wipe(writer, batch_size, progress)
        _load_articles(writer, article_rows, batch_size, tick)
        _load_entities(writer, entity_rows, batch_size, tick)
        # Mentions with surface forms go before the assertions, while the reader is still
        # ahead; the participants of assertions without a surface form follow them.
        _load_mentions(writer, forms, batch_size, fresh, tick)
        _load_assertions(writer, reader, ents, create, assertion_count(store), tick)
        pairs = {pair: [] for pair in reader.pairs if pair not in forms and pair[1] in ents}
        _load_mentions(writer, pairs, batch_size, fresh, tick)
        pairs.update(forms)
        if fresh:
            _delete_unmentioned(writer, entity_rows, pairs, batch_size, tick)
        else:
            _delete_stale(writer, store, reader.keep, pairs, batch_size, tick, skip=skip)
        counts = writer.read(cypher_file("load/graph_counts").text)[0]
        report.nodes_total = counts["nodes"]
        report.relationships_total = counts["relationships"]
    finally:
        if reader is not None:
            reader.close()
        writer.close()
        lock.release()
    report.seconds = time.perf_counter() - began
    return report


#: One part of a write transaction: (merge_* statement, its rows, what they are for errors).
_Part = tuple[str, list[dict[str, Any]], str]


def _pack(groups: Iterable[tuple[str, list[Any], str]], batch_size: int) -> Iterator[list[_Part]]:
    """Cut groups of rows (one statement each) into transactions of ``batch_size`` rows.

    A transaction may hold the tail of one group and the head of the next (several UNWIND
    statements in one transaction), so ~70 relationship types do not end in ~70 small
    transactions; each statement still has one fixed label or relationship type.
    """
    tx: list[_Part] = []
    room = batch_size
    for text, rows, what in groups:
        start = 0
        while start < len(rows):
            part = rows[start : start + room]
            start += len(part)
            tx.append((text, part, what))
            room -= len(part)
            if room == 0:
                yield tx
                tx, room = [], batch_size
    if tx:
        yield tx


def _write_transaction(
    writer: _Writer, parts: Sequence[_Part], *, nodes: bool, on_batch: Callable[[int], None]
) -> None:
    """Write the parts in one transaction with merge_* statements; count updates; check all
    rows landed."""
    r = writer.report
    results = writer.write_many([(text, {"rows": rows}) for text, rows, _ in parts])
    for (_text, rows, what), (out_rows, counters) in zip(parts, results, strict=True):
        out = out_rows[0]
        created = counters.nodes_created if nodes else counters.relationships_created
        updated = max(out["changed"] - created, 0)
        if nodes:
            r.nodes_updated += updated
        else:
            r.relationships_updated += updated
        if out["written"] != len(rows):
            raise Neo4jError(
                f"only {out['written']} of {len(rows)} {what} could be written: their nodes are "
                "missing in Neo4j (was the database changed during the load?). Run `kg load` again."
            )
    on_batch(sum(len(rows) for _text, rows, _what in parts))


def _write_rows(
    writer: _Writer,
    groups: Iterable[tuple[str, list[dict[str, Any]], str]],
    batch_size: int,
    *,
    nodes: bool,
    on_batch: Callable[[int], None],
) -> None:
    """Write groups of rows (statement, rows, what) in transactions of ``batch_size`` rows."""
    for parts in _pack(groups, batch_size):
        _write_transaction(writer, parts, nodes=nodes, on_batch=on_batch)


def _load_articles(writer: _Writer, rows: list[dict[str, Any]], batch_size: int, tick: Any) -> None:
    writer.report.articles = len(rows)
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        tick("articles", done, len(rows))

    tick("articles", 0, len(rows))
    _write_rows(
        writer,
        [(cypher_file("load/merge_articles").text, rows, "articles")],
        batch_size,
        nodes=True,
        on_batch=step,
    )


def _entity_rows(
    ents: dict[str, Any], forms: dict[tuple[str, str], list[str]]
) -> dict[str, list[dict[str, Any]]]:
    """Entity rows grouped by type label, checked against the ontology and Neo4j's index limits."""
    aliases: dict[str, set[str]] = defaultdict(set)
    for (_article, entity), names in forms.items():
        aliases[entity].update(names)
    labels = entity_labels()
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for iri, ent in sorted(ents.items()):
        if ent.type not in labels:
            raise Neo4jError(
                f"entity {ent.key!r} has type {ent.type!r}, which is not an entity type of the "
                f"ontology ({', '.join(labels)}); rebuild the store with this kg_builder version"
            )
        by_label[ent.type].append(
            {
                "uri": iri,
                "props": {
                    "key": ent.key,
                    "label": ent.label,
                    "type": ent.type,
                    "qid": ent.qid,
                    "aliases": sorted(aliases[iri] | {ent.label}),
                },
            }
        )
    return by_label


def _load_entities(
    writer: _Writer, by_label: dict[str, list[dict[str, Any]]], batch_size: int, tick: Any
) -> None:
    labels = entity_labels()
    total = sum(len(rows) for rows in by_label.values())
    writer.report.entities = total
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        tick("entities", done, total)

    tick("entities", 0, total)
    groups = [
        (
            render(
                "load/merge_entities",
                label=label,
                other_labels=[other for other in labels if other != label],
            ),
            by_label[label],
            f"{label} entities",
        )
        for label in labels
        if by_label.get(label)
    ]
    _write_rows(writer, groups, batch_size, nodes=True, on_batch=step)


#: Rows the store reader may prepare ahead of the writer (1-2 kB each).
_READ_AHEAD_ROWS = 32_000
_END = object()


def _parts(rows: list[dict[str, Any]], by_type: bool) -> list[tuple[str, list[dict[str, Any]]]]:
    """One transaction's rows as (relationship type, rows) parts: one part of all of them
    when the statement takes the type from each row, else one per type."""
    if not by_type:
        return [("", rows)]
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row["type"]].append(row)
    return sorted(groups.items())


class _AssertionReader:
    """Reads the store's assertions in a thread and cuts them into transactions.

    It starts at once and reads while the nodes are read and written and while Neo4j
    executes a batch (pyoxigraph evaluates the query, and the driver waits for Neo4j,
    without the GIL). A transaction is the next ``batch_size`` rows in store order, as a
    list of (relationship type, rows) parts (see :func:`_parts`): one part when the
    statement takes the type from each row (a first load), else one per type (merging).

    Iterate to get the transactions; afterwards ``keep`` holds the assertion uris per
    relationship type (what Neo4j must keep), ``pairs`` the (article, entity) pairs every
    assertion involves (they need a MENTIONED_IN edge even when the entity has no surface
    form there, e.g. an attributed speaker), ``count`` and ``by_type`` the assertions read.
    """

    def __init__(
        self,
        store: GraphStore,
        article_meta: list[dict[str, Any]],
        batch_size: int,
        *,
        by_type: bool,
        skip: tuple[set[str], set[str]] = (set(), set()),
    ) -> None:
        self.count = 0
        self.keep: dict[str, set[str]] = defaultdict(set)
        self.pairs: set[tuple[str, str]] = set()
        self.by_type: dict[str, int] = defaultdict(int)
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=max(2, _READ_AHEAD_ROWS // batch_size))
        self._stop = threading.Event()
        docs = {a["g"]: (a["doc"], a.get("lang"), _date(a.get("published"))) for a in article_meta}
        self._thread = threading.Thread(
            target=self._read,
            args=(store, docs, extractors(store), batch_size, by_type, skip),
            name="kg-load-read-store",
            daemon=True,
        )
        self._thread.start()

    def _hand_over(self, item: Any) -> bool:
        """Queue ``item`` for the writer; False once the writer gave up."""
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _read(
        self,
        store: GraphStore,
        docs: dict[str, tuple[str, str | None, dt.date | str | None]],
        agents: dict[str, tuple[str, str]],
        batch_size: int,
        by_type: bool,
        skip: tuple[set[str], set[str]],
    ) -> None:
        skip_graphs, skip_entities = skip
        try:
            types = {str(KG[name]): rel_type for name, rel_type in relationship_types().items()}
            names: dict[str, str] = {}  # local names of predicate and PLOVER IRIs
            keep, pairs, counts = self.keep, self.pairs, self.by_type
            stream: list[dict[str, Any]] = []
            for assertion in assertion_rows(store):
                if (skip_graphs or skip_entities) and (
                    assertion.graph in skip_graphs
                    or assertion.subject in skip_entities
                    or assertion.object in skip_entities
                ):
                    continue  # an article left out by skip_bad, or an edge to an entity left out
                rel_type = types.get(assertion.predicate)
                if rel_type is None:
                    raise Neo4jError(
                        f"assertion {assertion.iri} uses predicate {assertion.predicate!r}, which "
                        "the ontology does not define; rebuild the store with this kg_builder version"
                    )
                for iri in (assertion.predicate, assertion.plover):
                    if iri and iri not in names:
                        names[iri] = local_name(iri)
                self.count += 1
                keep[rel_type].add(assertion.iri)
                counts[rel_type] += 1
                g = assertion.graph
                pairs.add((g, assertion.subject))
                pairs.add((g, assertion.object))
                if assertion.speaker:
                    pairs.add((g, assertion.speaker))
                row = _relationship_row(assertion, names, docs, agents)
                row["type"] = rel_type
                stream.append(row)
                if len(stream) == batch_size:
                    if not self._hand_over(_parts(stream, by_type)):
                        return
                    stream = []
            if stream and not self._hand_over(_parts(stream, by_type)):
                return
            self._hand_over(_END)
        except BaseException as exc:  # handed to the writer thread, which raises it
            self._hand_over(exc)

    def __iter__(self) -> Iterator[list[tuple[str, list[dict[str, Any]]]]]:
        while True:
            item = self._queue.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def close(self) -> None:
        """Stop reading (when the writer gave up) and wait for the thread."""
        self._stop.set()
        self._thread.join()


def _load_assertions(
    writer: _Writer, reader: _AssertionReader, ents: dict[str, Any], create: bool, total: int, tick: Any
) -> None:
    """Write the reader's transactions: created when ``create`` (one statement, each row
    naming its type), else merged (one statement per type). Each speaker's label is filled
    in here (an attributed speaker that is no entity is dropped)."""
    texts: dict[str, str] = {}
    done = 0

    def part(rel_type: str, rows: list[dict[str, Any]]) -> _Part:
        if rel_type not in texts:
            texts[rel_type] = (
                cypher_file("load/create_relationships").text
                if create
                else render("load/merge_relationships", type=rel_type)
            )
        for row in rows:
            props = row["props"]
            if props["speaker_uri"]:
                speaker = ents.get(props["speaker_uri"])
                props["speaker"] = speaker.label if speaker else None
                props["speaker_uri"] = speaker.iri if speaker else None
        return texts[rel_type], rows, f"{rel_type or 'assertion'} relationships"

    def step(n: int) -> None:
        nonlocal done
        done += n
        tick("assertions", done, total)

    tick("assertions", 0, total)
    for parts in reader:
        _write_transaction(writer, [part(t, rows) for t, rows in parts], nodes=False, on_batch=step)
    writer.report.assertions = reader.count
    writer.report.by_type = dict(sorted(reader.by_type.items()))


def _load_mentions(
    writer: _Writer,
    pairs: dict[tuple[str, str], list[str]],
    batch_size: int,
    fresh: bool,
    tick: Any,
) -> None:
    """Write MENTIONED_IN edges for ``pairs``; a second call adds to the first one's count."""
    rows = [
        {"entity": entity, "article": article, "props": {"article": article, "forms": list(names)}}
        for (article, entity), names in sorted(pairs.items())
    ]
    done = writer.report.mentions
    total = done + len(rows)
    writer.report.mentions = total

    def step(n: int) -> None:
        nonlocal done
        done += n
        tick("mentions", done, total)

    tick("mentions", done, total)
    _write_rows(
        writer,
        [
            (
                cypher_file("load/create_mentions" if fresh else "load/merge_mentions").text,
                rows,
                "MENTIONED_IN edges",
            )
        ],
        batch_size,
        nodes=False,
        on_batch=step,
    )


def _delete_unmentioned(
    writer: _Writer,
    entity_rows: dict[str, list[dict[str, Any]]],
    pairs: dict[tuple[str, str], list[str]],
    batch_size: int,
    tick: Any,
) -> None:
    """The sync deletions of a load into a database that held none of our nodes.

    Only what this load wrote can be there, all of it from the store, so the one thing
    :func:`_delete_stale` would still find is an entity of the store that no article
    mentions (no MENTIONED_IN edge); it is computed here without reading Neo4j back.
    """
    tick("deletions", 0, None)
    mentioned = {entity for _article, entity in pairs}
    orphans = sorted(
        row["uri"] for rows in entity_rows.values() for row in rows if row["uri"] not in mentioned
    )
    done = 0
    for batch in _batches(orphans, batch_size):
        writer.write(cypher_file("load/delete_entities").text, uris=batch)
        done += len(batch)
        tick("deletions", done, None)


def _delete_stale(
    writer: _Writer,
    store: GraphStore,
    keep_assertions: dict[str, set[str]],
    pairs: dict[tuple[str, str], list[str]],
    batch_size: int,
    tick: Any,
    *,
    skip: set[str] = frozenset(),  # type: ignore[assignment]
) -> None:
    """Delete what Neo4j holds and the store does not (or what ``skip`` leaves out), in
    batches (sync semantics)."""
    done = 0

    def run(statement: str, key: str, items: list[Any]) -> None:
        nonlocal done
        for batch in _batches(items, batch_size):
            writer.write(statement, **{key: batch})
            done += len(batch)
            tick("deletions", done, None)

    tick("deletions", 0, None)
    # 1. Assertions the store no longer has, per ontology relationship type present.
    ontology_types = set(relationship_types().values())
    present = {row["type"] for row in writer.read(cypher_file("load/relationship_types").text)}
    for rel_type in sorted(present & ontology_types):
        existing = writer.read(render("load/existing_relationships", type=rel_type))
        keep = keep_assertions.get(rel_type, set())
        stale = sorted({row["uri"] for row in existing if row["uri"] not in keep and row["uri"]})
        run(render("load/delete_relationships", type=rel_type), "uris", stale)
    # 2. Articles the store no longer has, with their MENTIONED_IN edges.
    stored = set(store.article_graphs()) - skip
    in_db = {row["uri"] for row in writer.read(cypher_file("load/existing_articles").text)}
    run(cypher_file("load/delete_articles").text, "uris", sorted(u for u in in_db - stored if u))
    # 3. Mentions of present articles that the store no longer has.
    existing_pairs = writer.read(cypher_file("load/existing_mentions").text)
    stale_pairs = sorted(
        {(row["entity"], row["article"]) for row in existing_pairs}
        - {(entity, article) for (article, entity) in pairs}
    )
    run(
        cypher_file("load/delete_mentions").text,
        "rows",
        [{"entity": e, "article": a} for e, a in stale_pairs],
    )
    # 4. Entities no article mentions any more.
    orphans = sorted(
        row["uri"] for row in writer.read(cypher_file("load/orphan_entities").text) if row["uri"]
    )
    run(cypher_file("load/delete_entities").text, "uris", orphans)
