"""The build: sources -> ingest -> nlp -> extract -> resolve -> RDF (validated) -> store.

Extraction results are spooled to a temporary file so that memory stays
bounded however many articles come in; entity resolution then sees every
mention of the batch (and the entities already stored) before anything is
written; every article graph is SHACL-validated before the first write. The
validated graphs of the batch go to a journal (:mod:`kg_builder.journal`),
committed before the first write, then each article's graph is written in its
own transaction; a build interrupted while writing is finished from the journal
by the next build, so it ends exactly as an uninterrupted one. A build that
wrote nothing into a new store leaves no store behind.
"""

from __future__ import annotations

import pickle
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, Protocol

from spacy.tokens import Doc

from kg_builder.actors import ActorDictionary
from kg_builder.errors import IngestError, LanguageError, StoreError
from kg_builder.ingest import iter_articles
from kg_builder.journal import (
    JournalEntry,
    JournalWriter,
    check_room,
    fault_point,
    pending_journal,
    replay,
)
from kg_builder.models import SUPPORTED_LANGUAGES, Article, ArticleResult
from kg_builder.nlp.startup import paused_gc
from kg_builder.parallel import ExtractorSpec, WorkerUsage, extract_parallel
from kg_builder.rdf.mapping import article_triples, ntriples
from kg_builder.rdf.namespaces import article_iri
from kg_builder.rdf.read import entities as stored_entities
from kg_builder.rdf.read import sparql
from kg_builder.rdf.store import GraphStore
from kg_builder.rdf.validate import Triple, check
from kg_builder.registry import extractors
from kg_builder.resolve import Resolver

#: Articles per language batch (parsed in tasks of kg_builder.parallel.TASK_SIZE) and per SHACL check.
BATCH_SIZE = 64
#: Articles written between two flushes of the store.
FLUSH_EVERY = 500


@dataclass
class BuildReport:
    """What a build did, for the summary table and the exit code."""

    articles_seen: int = 0
    articles_written: int = 0
    articles_unchanged: int = 0
    articles_replaced: int = 0
    #: Articles of an interrupted build's journal written first (see kg_builder.journal).
    articles_recovered: int = 0
    words: int = 0
    by_language: Counter[str] = field(default_factory=Counter)
    entities_by_type: Counter[str] = field(default_factory=Counter)
    relations_by_plover: Counter[str] = field(default_factory=Counter)
    relations_dropped_low_confidence: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    workers: dict[int, WorkerUsage] = field(default_factory=dict)  # pid -> usage (--workers, --dask)

    @property
    def skipped(self) -> int:
        """Inputs that could not be read (the exit code is 1 when > 0)."""
        return len(self.errors)

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0


ProgressCallback = Callable[[int, int | None, str], None]


class Extractor(Protocol):
    """What an extractor plugin provides (see ``kg_builder.registry``)."""

    name: str
    version: str

    def extract(self, doc: Doc, article: Article) -> ArticleResult: ...


def extract_articles(
    articles: Iterator[Article],
    *,
    extractor: Extractor,
    report: BuildReport,
    on_article: Callable[[Article], None] = lambda a: None,
) -> Iterator[ArticleResult]:
    """Run NLP and extraction in this process, batched per language, yielding one result per article."""
    return extract_parallel(
        articles, extractor=extractor, report=report, batch_size=BATCH_SIZE, on_article=on_article
    )


def build(
    sources: Sequence[str],
    *,
    store_path: Path,
    lang: str | None = None,
    actor_files: Sequence[Path] = (),
    min_confidence: float = 0.0,
    extractor_name: str = "rule-based",
    stdin: IO[str] | None = None,
    source_name: str | None = None,
    progress: ProgressCallback | None = None,
    workers: int = 1,
    dask_address: str | None = None,
) -> BuildReport:
    """Build (or extend) the store from ``sources``; see the module docstring.

    ``workers`` > 1 runs NLP and extraction in that many processes, ``dask_address``
    on a Dask cluster (:mod:`kg_builder.parallel`); the store is the same either way.
    ``source_name`` names standard input: its article replaces the one last
    built under the same name (see ``kg_builder.ingest.iter_articles``).
    """
    started = time.perf_counter()
    report = BuildReport()
    if lang is not None and lang not in SUPPORTED_LANGUAGES:
        raise LanguageError(f"--lang {lang!r} is not supported; supported: {', '.join(SUPPORTED_LANGUAGES)}")
    with paused_gc():  # long-lived tables: see kg_builder.nlp.startup
        actors = ActorDictionary.load(actor_files)
        extractor = extractors.get(extractor_name).factory(actors=actors)
    existed = store_path.exists()
    store = GraphStore(store_path)
    try:
        done = 0

        def tick(article: Article) -> None:
            nonlocal done
            done += 1
            if progress:
                progress(done, None, article.source)
            fault_point("extract", done)

        def count_written(entry: JournalEntry) -> None:
            report.articles_written += 1
            report.articles_replaced += entry.replaces is not None

        # An interrupted build's batch is finished first, so the store ends exactly as
        # after an uninterrupted build (see kg_builder.journal).
        journal = pending_journal(store_path)
        if journal is not None:
            report.articles_recovered = replay(store, journal, flush_every=FLUSH_EVERY)

        def fresh_articles() -> Iterator[Article]:
            for item in iter_articles(
                sources, lang=lang, stdin=stdin, stdin_name=source_name, known=store.has_article
            ):
                if isinstance(item, IngestError):  # duplicates too: each gets its line
                    report.errors.append(str(item))
                    continue
                report.articles_seen += 1
                if store.has_article(item.id):
                    report.articles_unchanged += 1
                    tick(item)
                    continue
                report.words += item.word_count
                report.by_language[item.lang or "und"] += 1
                yield item

        with tempfile.TemporaryFile(prefix="kg-build-") as spool:
            resolver = Resolver(actors=actors, known=stored_entities(store).values())
            count = 0
            spec = ExtractorSpec(extractor_name, tuple(str(p) for p in actor_files))
            results = extract_parallel(
                fresh_articles(), extractor=extractor, spec=spec, report=report, batch_size=BATCH_SIZE,
                workers=workers, dask_address=dask_address, on_article=tick,
            )  # fmt: skip
            with closing(results):  # workers stop even if this loop fails
                for result in results:
                    result = _filter_confidence(result, min_confidence, report)
                    resolver.add(result)
                    pickle.dump(result, spool, protocol=pickle.HIGHEST_PROTOCOL)
                    count += 1
            entities = resolver.resolve()
            # A changed article replaces the graph with the same identity key (never the same name).
            by_key = {row["key"]: row["g"] for row in store.select(sparql("article_keys"))}
            # Every graph is validated before the first write; the validated graphs go to
            # the journal, which is committed before the first write.
            with JournalWriter(store_path) as writer:
                batch: list[list[Triple]] = []
                seen: set[str] = set()  # entities are counted once, however many articles name them
                for result in _read_spool(spool, count):
                    result = resolver.rewrite(result)
                    triples = article_triples(result, entities)
                    batch.append(triples)
                    writer.add(
                        str(article_iri(result.article.id)),
                        ntriples(triples),
                        replaces=by_key.get(result.article.key) if result.article.key else None,
                    )
                    if len(batch) >= BATCH_SIZE:
                        check(batch)
                        batch = []
                    for key in {m.key for m in result.mentions} - seen:
                        seen.add(key)
                        report.entities_by_type[entities[key].type] += 1
                    for assertion in result.assertions:
                        report.relations_by_plover[assertion.plover or assertion.predicate] += 1
                if batch:
                    check(batch)
                if writer.count:
                    journal = writer.commit()
                    fault_point("journal")
                    try:
                        check_room(store_path, journal)
                    except StoreError:
                        journal.unlink()  # nothing written: the store stays as it was
                        raise
                    replay(store, journal, on_written=count_written, flush_every=FLUSH_EVERY)
                else:
                    writer.discard()
        store.flush()
    finally:
        empty = not existed and len(store) == 0
        try:
            store.close()
        finally:
            if empty and pending_journal(store_path) is None:
                # A build that wrote nothing (missing inputs, an error, Ctrl-C before the
                # first write) leaves no store behind.
                shutil.rmtree(store_path, ignore_errors=True)
    report.seconds = time.perf_counter() - started
    return report


def _filter_confidence(result: ArticleResult, minimum: float, report: BuildReport) -> ArticleResult:
    if minimum <= 0:
        return result
    kept = tuple(a for a in result.assertions if a.confidence >= minimum)
    report.relations_dropped_low_confidence += len(result.assertions) - len(kept)
    return replace(result, assertions=kept)


def _read_spool(spool: IO[bytes], count: int) -> Iterator[Any]:
    spool.seek(0)
    for _ in range(count):
        yield pickle.load(spool)


__all__ = ["BuildReport", "build", "extract_articles"]
