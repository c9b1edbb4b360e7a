"""Loading the store into Neo4j: our loader against two baselines, in one run, one server.

Loaders, each into a wiped database of the same server:

* ``ours``          -- :func:`kg_builder.neo4j.loader.load_store` (batched ``UNWIND``,
  one transaction per batch; articles, entities, assertions, MENTIONED_IN edges);
* ``naive``         -- the same graph, written the way a first attempt looks: article by
  article, one ``MERGE`` statement per write transaction (the article node, each entity
  it involves with its label, each MENTIONED_IN edge, each assertion relationship with
  its properties), with the same uniqueness constraints in place (so every MERGE is an
  index lookup). At 100,000 assertions it would run for a long while, so it writes the
  first articles that hold a sample of assertions (``--naive-sample``, 5,000) and its
  rate is *extrapolated* to the full size (marked ``*``). Its rows are read from the
  store before the clock starts, which favours it;
* ``rdflib-neo4j``  -- the Neo4j Labs RDFLib store (``rdflib-neo4j==1.1``, batched
  ``UNWIND``, ``HANDLE_VOCAB_URI_STRATEGY.IGNORE``), fed every triple of the store (its
  union of article graphs, as N-Triples) through ``Graph.parse``: the documented way to
  use it. It writes the RDF as is (assertions become nodes), so it is the same content
  in n10s shape.

The common measure is **assertions/s**: the store's assertion count divided by the
seconds from the store on disk to the data in Neo4j (for the naive loader, from its rows
in memory). The raw relationships each loader created in Neo4j are shown beside it.

Before the timed runs an untimed warm-up loads a small store (a freshly started server
runs its first loads slowly while the JVM compiles); each loader then runs ``--repeat``
times (3) and the median run is reported, with every run's rate.

The dataset (``--relationships`` assertions, default 100,000: ~2,000 articles of 50
assertions; ~5,000 entities of all types, Zipf-distributed, 15-35 of them per article;
every assertion with PLOVER type, polarity, modality, confidence, event date for 40%,
speaker for 20%, a ~150-character evidence sentence and offsets) is generated with the
product's own mapping (``article_graph`` + ``GraphStore.put_article``), untimed, and
cached in ``$TMPDIR/kg_builder-bench/`` for the next run.

    python -m bench.neo4j_load                      # 100,000 assertions (~9 min)
    python -m bench.neo4j_load --quick              # 10,000
    python -m bench.neo4j_load --only ours --breakdown --profile

The target database is wiped before each loader and left empty; when it holds data
at the start the benchmark refuses to run without ``--yes``. Connection: ``--uri``
(``NEO4J_URI``, bolt://127.0.0.1:7687), ``--user`` (``NEO4J_USERNAME``), password from
``NEO4J_PASSWORD`` or ``KG_TEST_NEO4J_PASSWORD`` (kg-test-password, the test server's).

Targets (issue "Real Neo4j"): ours >= 20x naive, >= 3x rdflib-neo4j.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import random
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from kg_builder.models import (
    ENTITY_TYPES,
    SUPPORTED_LANGUAGES,
    Article,
    ArticleResult,
    Assertion,
    Entity,
    Evidence,
    Mention,
    content_hash,
)
from kg_builder.neo4j.connection import Neo4jSettings, connect

DEFAULT_RELATIONSHIPS = 100_000
QUICK_RELATIONSHIPS = 10_000
DEFAULT_NAIVE_SAMPLE = 5_000
WARMUP_RELATIONSHIPS = 5_000
QUICK_NAIVE_SAMPLE = 1_000
ASSERTIONS_PER_ARTICLE = 50
ENTITIES_PER_ASSERTION = 0.05  # 5,000 entities for 100,000 assertions
DEFAULT_SEED = 20240607
# Bump when the generated data changes shape, so a stale cached store is not reused.
DATASET_VERSION = 2
LOADERS: tuple[str, ...] = ("ours", "naive", "rdflib-neo4j")
TARGETS: dict[str, float] = {"naive": 20.0, "rdflib-neo4j": 3.0}
WIPE_BATCH = 10_000

# Bench-only housekeeping statements (not product Cypher, hence not in cypher/).
WIPE_RELATIONSHIPS = "MATCH ()-[r]->() WITH r LIMIT $limit DELETE r RETURN count(*) AS deleted"
WIPE_NODES = "MATCH (n) WITH n LIMIT $limit DELETE n RETURN count(*) AS deleted"

# The naive baseline, written the way a first attempt looks: the same graph as ours, one
# MERGE per transaction, article by article. Labels and types are ontology names.
NAIVE_ARTICLE = "MERGE (a:Article {uri: $uri}) SET a += $props"
NAIVE_ENTITY = "MERGE (e:Entity {uri: $uri}) SET e += $props, e:%s"
NAIVE_MENTION = """
MATCH (e:Entity {uri: $entity})
MATCH (a:Article {uri: $article})
MERGE (e)-[m:MENTIONED_IN]->(a)
SET m += $props
"""
NAIVE_ASSERTION = """
MATCH (s:Entity {uri: $s})
MATCH (o:Entity {uri: $o})
MERGE (s)-[r:%s {uri: $uri}]->(o)
SET r += $props
"""


# --------------------------------------------------------------------------- dataset

_SYLLABLES = (
    "an",
    "bel",
    "cor",
    "dan",
    "el",
    "fra",
    "gor",
    "hal",
    "is",
    "jan",
    "kor",
    "lev",
    "mar",
    "nov",
    "or",
    "pet",
    "ros",
    "sar",
    "tam",
    "ul",
    "vla",
    "zel",
    "bor",
    "kyr",
    "mik",
    "ol",
)
_SUFFIX = {
    "Organization": ("Ministry", "Party", "Council", "Agency", "Union", "Front"),
    "Location": ("City", "Oblast", "Valley", "Region", "Port"),
    "Facility": ("Airport", "Power Plant", "Bridge", "Base"),
    "Group": ("Brigade", "Movement", "Battalion"),
    "Concept": ("Treaty", "Sanctions", "Ceasefire"),
}
_TYPE_WEIGHTS = {
    "Person": 0.36,
    "Country": 0.04,
    "Organization": 0.25,
    "Location": 0.18,
    "Facility": 0.06,
    "Group": 0.08,
    "Concept": 0.03,
}
_FILLER = (
    "according to officials",
    "on Tuesday",
    "despite warnings",
    "in a statement",
    "after weeks of talks",
    "near the border",
    "late on Sunday",
    "as tensions rose",
    "in the capital",
    "said a spokesperson",
    "amid protests",
    "for the second time",
)
_MODALITIES = (("asserted", 0.75), ("intended", 0.1), ("possible", 0.1), ("requested", 0.05))


def _name(rng: random.Random, words: int) -> str:
    parts = []
    for _ in range(words):
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))
        parts.append(word.capitalize())
    return " ".join(parts)


def make_entities(count: int, rng: random.Random) -> list[Entity]:
    """``count`` entities of every ontology type, with unique labels and keys."""
    assert set(_TYPE_WEIGHTS) == set(ENTITY_TYPES)
    entities: list[Entity] = []
    seen: set[str] = set()
    types = list(_TYPE_WEIGHTS)
    weights = [_TYPE_WEIGHTS[t] for t in types]
    while len(entities) < count:
        etype = rng.choices(types, weights)[0]
        if etype == "Person":
            label = _name(rng, 2)
        elif etype == "Country":
            label = _name(rng, 1) + "ia"
        else:
            label = f"{_name(rng, 1)} {rng.choice(_SUFFIX[etype])}"
        if label in seen:
            continue
        seen.add(label)
        n = len(entities)
        if etype in ("Country", "Organization") or n % 3 == 0:
            qid = f"Q{1_000_000 + n}"
            entities.append(Entity(f"wd:{qid}", label, etype, qid))
        else:
            entities.append(Entity(f"{etype}:{label}", label, etype))
    return entities


def _predicates() -> list[tuple[str, str | None]]:
    from kg_builder.rdf.ontology import load_ontology

    return sorted((name, getattr(p, "plover", None)) for name, p in load_ontology().predicates.items())


def make_articles(n_assertions: int, entities: list[Entity], rng: random.Random) -> Iterator[ArticleResult]:
    """Articles of ``ASSERTIONS_PER_ARTICLE`` assertions until ``n_assertions`` are made."""
    predicates = _predicates()
    plover_preds = [p for p in predicates if p[1]]
    structural = [p for p in predicates if not p[1]]
    persons = [e for e in entities if e.type == "Person"]
    # Zipf-like popularity: a few actors are in many assertions, as in real news.
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(entities))]
    cum: list[float] = []
    total = 0.0
    for w in weights:
        total += w
        cum.append(total)
    start_day = date(2022, 1, 1)
    made = 0
    number = 0
    while made < n_assertions:
        count = min(ASSERTIONS_PER_ARTICLE, n_assertions - made)
        lang = rng.choice(SUPPORTED_LANGUAGES)
        published = start_day + timedelta(days=rng.randrange(900))
        sentences = [f"Report {number} of the benchmark archive, filed in {lang}."]
        facts = []
        offset = len(sentences[0]) + 1
        # An article is about a cast of 15-35 actors, popular ones more often.
        cast = list(
            {e.key: e for e in rng.choices(entities, cum_weights=cum, k=rng.randint(15, 35))}.values()
        )
        if len(cast) < 2:
            cast = entities[:2]
        for _ in range(count):
            s, o = rng.sample(cast, 2)
            predicate, plover = rng.choice(structural) if rng.random() < 0.05 else rng.choice(plover_preds)
            speaker = rng.choice(persons) if rng.random() < 0.2 else None
            polarity = "negative" if rng.random() < 0.12 else "positive"
            verb = ("did not " if polarity == "negative" else "") + predicate
            text = f"{s.label} {verb} {o.label}"
            while len(text) < 140:
                text += f" {rng.choice(_FILLER)}"
            if speaker:
                text += f", {speaker.label} said"
            text += "."
            start, end = offset, offset + len(text)
            sentences.append(text)
            offset = end + 1
            modality = rng.choices([m for m, _ in _MODALITIES], [w for _, w in _MODALITIES])[0]
            event_date = None
            if rng.random() < 0.4:
                event_date = (published - timedelta(days=rng.randrange(30))).isoformat()
            facts.append((s, predicate, o, plover, polarity, modality, speaker, event_date, start, end, text))
        body = " ".join(sentences)
        article = Article(
            id=content_hash(body),
            text=body,
            source=f"bench-{number:05d}",
            title=f"Benchmark report {number}",
            url=f"https://news.example/{number}",
            published=published.isoformat(),
            lang=lang,
        )
        mentions: dict[str, Mention] = {}
        assertions = []
        for (
            s,
            predicate,
            o,
            plover,
            polarity,
            modality,
            speaker,
            event_date,
            start,
            end,
            text,
        ) in facts:
            for ent in (s, o, speaker):
                if ent is not None and ent.key not in mentions:
                    at = body.find(ent.label, start)
                    mentions[ent.key] = Mention(
                        ent.label,
                        at,
                        at + len(ent.label),
                        ent.type,
                        ent.key,
                        ent.label,
                        ent.qid,
                        "dictionary",
                    )
            assertions.append(
                Assertion(
                    subject=s.key,
                    predicate=predicate,
                    object=o.key,
                    plover=plover,
                    polarity=polarity,
                    modality=modality,
                    confidence=round(rng.uniform(0.5, 0.99), 3),
                    evidence=Evidence(text, start, end),
                    rule=f"bench-rule-{rng.randrange(40)}",
                    extractor="rule-based",
                    extractor_version="0.1.0",
                    speaker=speaker.key if speaker else None,
                    date=event_date,
                )
            )
        yield ArticleResult(article=article, mentions=tuple(mentions.values()), assertions=tuple(assertions))
        made += count
        number += 1


@dataclass
class Dataset:
    """A generated store and what it holds."""

    path: Path
    assertions: int
    articles: int
    entities: int
    triples: int
    seconds: float
    cached: bool


def build_store(n_assertions: int, seed: int, workdir: Path) -> Dataset:
    """Generate (or reuse) the store of ``n_assertions`` assertions under ``workdir``."""
    from kg_builder.rdf.mapping import article_graph
    from kg_builder.rdf.store import GraphStore

    path = workdir / f"neo4j_load-{n_assertions}-seed{seed}-v{DATASET_VERSION}"
    marker = path / "bench-complete.json"
    if marker.is_file():
        info = json.loads(marker.read_text())
        return Dataset(path=path / "store", cached=True, **info)
    began = time.perf_counter()
    rng = random.Random(seed)
    entities = make_entities(max(50, int(n_assertions * ENTITIES_PER_ASSERTION)), rng)
    by_key = {e.key: e for e in entities}
    store_path = path / "store"
    if store_path.exists():
        import shutil

        shutil.rmtree(store_path)
    articles = 0
    used: set[str] = set()
    with GraphStore(store_path) as store:
        for result in make_articles(n_assertions, entities, rng):
            store.put_article(article_graph(result, by_key))
            used.update(m.key for m in result.mentions)
            articles += 1
            if articles % 200 == 0:
                print(f"  generated {articles:,} articles", file=sys.stderr, flush=True)
        triples = len(store)
    info = {
        "assertions": n_assertions,
        "articles": articles,
        "entities": len(used),
        "triples": triples,
        "seconds": round(time.perf_counter() - began, 1),
    }
    marker.write_text(json.dumps(info, indent=2) + "\n")
    return Dataset(path=store_path, cached=False, **info)


# --------------------------------------------------------------------------- loaders


@dataclass
class Result:
    """One loader's run."""

    loader: str
    assertions: int  # assertions written (the sample for the naive loader)
    seconds: float
    relationships_created: int
    nodes_created: int
    extrapolated: bool = False
    phases: dict[str, float] = field(default_factory=dict)
    note: str = ""
    runs: list[float] = field(default_factory=list)  # assertions/s of every run

    @property
    def rate(self) -> float:
        """Assertions per second."""
        return self.assertions / self.seconds if self.seconds > 0 else 0.0


def _counts(driver: Any, database: str) -> tuple[int, int]:
    from kg_builder.neo4j.queries import cypher_file

    records, _, _ = driver.execute_query(cypher_file("load/graph_counts").text, database_=database)
    return records[0]["nodes"], records[0]["relationships"]


def _wipe(driver: Any, database: str) -> None:
    """Empty the database: relationships first, then nodes, in bounded transactions.

    (The loader's ``wipe_database`` detaches nodes in batches; an entity with tens of
    thousands of relationships then overflows a 1 GB server's transaction memory.)
    """
    for statement in (WIPE_RELATIONSHIPS, WIPE_NODES):
        while True:
            records, _, _ = driver.execute_query(statement, limit=WIPE_BATCH, database_=database)
            if records[0]["deleted"] == 0:
                break


def run_ours(store_path: Path, driver: Any, database: str, *, batch_size: int, profile: bool) -> Result:
    """Time :func:`load_store` from the store on disk to the graph in Neo4j."""
    from kg_builder.neo4j.loader import DEFAULT_BATCH_SIZE, load_store
    from kg_builder.rdf.store import GraphStore

    _wipe(driver, database)
    marks: dict[str, float] = {}

    def progress(phase: str, done: int, total: int | None) -> None:
        marks.setdefault(phase, time.perf_counter())

    profiler = cProfile.Profile() if profile else None
    began = time.perf_counter()
    if profiler:
        profiler.enable()
    with GraphStore(store_path, read_only=True) as store:
        report = load_store(
            store,
            driver,
            database=database,
            batch_size=batch_size or DEFAULT_BATCH_SIZE,
            progress=progress,
        )
    ended = time.perf_counter()
    if profiler:
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
        print("\n--- cProfile of our loader (cumulative, top 35) ---", file=sys.stderr)
        print(_trim_profile(out.getvalue()), file=sys.stderr)
    # Phase durations from the progress callback's first call of each phase.
    points = [("read store + schema", began)] + sorted(marks.items(), key=lambda kv: kv[1])
    points.append(("end", ended))
    phases = {name: round(points[i + 1][1] - at, 2) for i, (name, at) in enumerate(points[:-1])}
    return Result(
        loader="ours",
        assertions=report.assertions,
        seconds=ended - began,
        relationships_created=report.relationships_created,
        nodes_created=report.nodes_created,
        phases=phases,
        note=f"{report.batches:,} transactions; also {report.mentions:,} MENTIONED_IN edges",
    )


def _trim_profile(text: str) -> str:
    lines = text.splitlines()
    keep = [ln for ln in lines if ln.strip() and not ln.startswith("   Ordered by")]
    return "\n".join(re.sub(r"/\S*/site-packages/", "", ln) for ln in keep)


def run_naive(store_path: Path, driver: Any, database: str, *, sample: int) -> Result:
    """The same graph as ours, one MERGE statement per write transaction, article by article,
    for the first articles that hold ``sample`` assertions."""
    from kg_builder.neo4j.loader import _article_row, _entity_rows, ensure_schema
    from kg_builder.neo4j.queries import relationship_types
    from kg_builder.rdf.read import articles, entities, relations, surface_forms
    from kg_builder.rdf.store import GraphStore

    _wipe(driver, database)
    ensure_schema(driver, database=database)  # constraints: MERGE by uri is an index seek
    types = relationship_types()
    with GraphStore(store_path, read_only=True) as store:
        meta = {a["g"]: _article_row(a) for a in articles(store)}
        forms = surface_forms(store)
        ents = entities(store)
        by_article: dict[str, list[Any]] = {}
        count = 0
        for rel in relations(store, entities=ents):  # by document
            if rel.article not in by_article:
                if count >= sample:
                    break
                by_article[rel.article] = []
            by_article[rel.article].append(rel)
            count += 1
    entity_rows = {row["uri"]: row for rows in _entity_rows(ents, forms).values() for row in rows}

    # Every statement of the load, in order: (Cypher, parameters).
    work: list[tuple[str, dict[str, Any]]] = []
    for article, rels in by_article.items():
        work.append((NAIVE_ARTICLE, meta[article]))
        pairs = {(a, e): names for (a, e), names in forms.items() if a == article}
        for rel in rels:
            for ent in (rel.subject, rel.object, rel.speaker):
                if ent is not None:
                    pairs.setdefault((article, ent.iri), [])
        for _, entity in pairs:
            row = entity_rows[entity]
            work.append((NAIVE_ENTITY % row["props"]["type"], row))
        for (_, entity), names in sorted(pairs.items()):
            work.append(
                (
                    NAIVE_MENTION,
                    {"entity": entity, "article": article, "props": {"article": article, "forms": names}},
                )
            )
        for rel in rels:
            work.append((NAIVE_ASSERTION % types[rel.predicate], _naive_assertion(rel)))
    created = 0
    began = time.perf_counter()
    with driver.session(database=database, notifications_min_severity="OFF") as session:
        for text, params in work:

            def write(tx: Any, text: str = text, params: dict[str, Any] = params) -> int:
                return tx.run(text, params).consume().counters.relationships_created

            created += session.execute_write(write)
    seconds = time.perf_counter() - began
    nodes, _ = _counts(driver, database)
    return Result(
        loader="naive",
        assertions=count,
        seconds=seconds,
        relationships_created=created,
        nodes_created=nodes,
        extrapolated=True,
        note=f"{len(by_article):,} articles, {len(work):,} transactions",
    )


def _naive_assertion(rel: Any) -> dict[str, Any]:
    return {
        "s": rel.subject.iri,
        "o": rel.object.iri,
        "uri": rel.iri,
        "props": {
            "predicate": rel.predicate,
            "plover": rel.plover,
            "polarity": rel.polarity,
            "modality": rel.modality,
            "confidence": rel.confidence,
            "date": date.fromisoformat(rel.date) if rel.date else None,
            "speaker": rel.speaker.label if rel.speaker else None,
            "speaker_uri": rel.speaker.iri if rel.speaker else None,
            "rule": rel.rule,
            "extractor": rel.extractor,
            "extractor_version": rel.extractor_version,
            "article": rel.article,
            "doc": rel.doc,
            "lang": rel.lang,
            "published": date.fromisoformat(rel.published) if rel.published else None,
            "sentence": rel.sentence,
            "start": rel.start,
            "end": rel.end,
        },
    }


def run_rdflib_neo4j(
    store_path: Path, driver: Any, database: str, *, batch_size: int, assertions: int
) -> Result:
    """rdflib-neo4j's Neo4jStore fed the store's triples through ``Graph.parse``."""
    from rdflib import Graph
    from rdflib_neo4j import HANDLE_VOCAB_URI_STRATEGY, Neo4jStore, Neo4jStoreConfig

    from kg_builder.rdf.store import GraphStore

    _wipe(driver, database)
    before = _constraint_names(driver, database)
    chatter = io.StringIO()  # it prints "The store is now: Open" and "IMPORTED n TRIPLES"
    began = time.perf_counter()
    with GraphStore(store_path, read_only=True) as store:
        data = io.BytesIO()
        store.dump(data, "nt")
    config = Neo4jStoreConfig(
        handle_vocab_uri_strategy=HANDLE_VOCAB_URI_STRATEGY.IGNORE,
        batching=True,
        batch_size=batch_size,
    )
    with contextlib.redirect_stdout(chatter):
        graph = Graph(store=Neo4jStore(config=config, neo4j_driver=driver))
        graph.parse(data=data.getvalue().decode("utf-8"), format="nt")
        graph.close(True)
    seconds = time.perf_counter() - began
    nodes, rels = _counts(driver, database)
    imported = re.search(r"IMPORTED (\d+) TRIPLES", chatter.getvalue())
    # Leave the schema as we found it: rdflib-neo4j adds a :Resource(uri) constraint.
    for name in sorted(_constraint_names(driver, database) - before):
        driver.execute_query(f"DROP CONSTRAINT {name} IF EXISTS", database_=database)
    return Result(
        loader="rdflib-neo4j",
        assertions=assertions,
        seconds=seconds,
        relationships_created=rels,
        nodes_created=nodes,
        note=f"{int(imported[1]) if imported else 0:,} triples, batch {batch_size:,}",
    )


def _constraint_names(driver: Any, database: str) -> set[str]:
    records, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name", database_=database)
    return {r["name"] for r in records}


# --------------------------------------------------------------------------- report


def read_breakdown(store_path: Path) -> dict[str, float]:
    """Seconds each store read of ``load_store`` takes on its own (no Neo4j involved)."""
    from kg_builder.rdf.read import articles, entities, relations, surface_forms
    from kg_builder.rdf.store import GraphStore

    timings: dict[str, float] = {}
    with GraphStore(store_path, read_only=True) as store:
        for name, read in (
            ("articles()", lambda: articles(store)),
            ("entities()", lambda: entities(store)),
            ("surface_forms()", lambda: surface_forms(store)),
            ("relations() (calls entities() again)", lambda: list(relations(store))),
        ):
            began = time.perf_counter()
            read()
            timings[name] = round(time.perf_counter() - began, 2)
    return timings


def _table(results: list[Result], total: int) -> str:
    header = (
        f"{'loader':<14}{'assertions':>12}{'seconds':>10}{'assertions/s':>15}"
        f"{'rels created':>14}{'nodes':>10}  note"
    )
    lines = [header, "-" * len(header)]
    for r in results:
        star = "*" if r.extrapolated else " "
        seconds = r.seconds if not r.extrapolated else total / r.rate
        runs = f"; median of {len(r.runs)} runs: " + ", ".join(f"{x:,.0f}/s" for x in r.runs)
        lines.append(
            f"{r.loader:<14}{r.assertions:>12,}{seconds:>9.1f}{star}{r.rate:>14,.0f}{star}"
            f"{r.relationships_created:>14,}{r.nodes_created:>10,}  {r.note}"
            + (runs if len(r.runs) > 1 else "")
        )
    if any(r.extrapolated for r in results):
        lines.append(f"* extrapolated to {total:,} assertions from the sample's rate")
    return "\n".join(lines)


def _ratios(results: list[Result]) -> list[tuple[str, float, float, bool]]:
    by = {r.loader: r for r in results}
    out = []
    if "ours" in by:
        for other, target in TARGETS.items():
            if other in by and by[other].rate > 0:
                ratio = by["ours"].rate / by[other].rate
                out.append((other, ratio, target, ratio >= target))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--relationships",
        type=int,
        default=None,
        help=f"assertions in the store (default {DEFAULT_RELATIONSHIPS:,})",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK_RELATIONSHIPS:,} assertions, naive sample {QUICK_NAIVE_SAMPLE:,}",
    )
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=None,
        help=f"assertions the naive loader writes (default {DEFAULT_NAIVE_SAMPLE:,})",
    )
    parser.add_argument(
        "--only", default=",".join(LOADERS), help=f"comma-separated subset of {', '.join(LOADERS)}"
    )
    parser.add_argument(
        "--batch-size", type=int, default=0, help="our loader's batch size (default: the loader's)"
    )
    parser.add_argument(
        "--rdflib-batch-size",
        type=int,
        default=5000,
        help="rdflib-neo4j batch size (its default: 5000)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "kg_builder-bench",
        help="where the generated store is cached",
    )
    parser.add_argument("--uri", default=os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687"))
    parser.add_argument("--user", default=os.environ.get("NEO4J_USERNAME", "neo4j"))
    parser.add_argument("--database", default=os.environ.get("NEO4J_DATABASE", "neo4j"))
    parser.add_argument(
        "--yes", action="store_true", help="wipe the database even when it holds data at the start"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="run our loader under cProfile and print where time goes",
    )
    parser.add_argument(
        "--breakdown",
        action="store_true",
        help="also time the store reads our loader makes, on their own",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each loader; the median run is reported (default 3)",
    )
    parser.add_argument(
        "--no-warmup",
        dest="warmup",
        action="store_false",
        help=f"skip the untimed warm-up loads ({WARMUP_RELATIONSHIPS:,} assertions)",
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)

    n = args.relationships or (QUICK_RELATIONSHIPS if args.quick else DEFAULT_RELATIONSHIPS)
    sample = args.naive_sample or (QUICK_NAIVE_SAMPLE if args.quick else DEFAULT_NAIVE_SAMPLE)
    sample = min(sample, n)
    loaders = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(loaders) - set(LOADERS))
    if unknown:
        parser.error(f"unknown loader(s) {', '.join(unknown)}; choose from {', '.join(LOADERS)}")
    password = os.environ.get("NEO4J_PASSWORD") or os.environ.get(
        "KG_TEST_NEO4J_PASSWORD", "kg-test-password"
    )
    settings = Neo4jSettings(uri=args.uri, user=args.user, password=password, database=args.database)

    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"Store: {n:,} assertions (seed {args.seed}) ...", file=sys.stderr, flush=True)
    data = build_store(n, args.seed, args.workdir)
    how = "cached" if data.cached else f"generated in {data.seconds:.0f} s"
    print(
        f"Store {data.path} ({how}): {data.articles:,} articles, {data.entities:,} entities, "
        f"{data.assertions:,} assertions, {data.triples:,} quads",
        flush=True,
    )

    results: list[Result] = []
    with connect(settings) as driver:
        nodes, _ = _counts(driver, settings.database)
        if nodes and not args.yes:
            print(
                f"Database {settings.database!r} at {settings.uri} holds {nodes:,} nodes; "
                "the benchmark wipes it. Rerun with --yes, or point --uri at another "
                "server.",
                file=sys.stderr,
            )
            return 2

        def run_loader(name: str, path: Path, sample: int) -> Result:
            if name == "ours":
                return run_ours(
                    path, driver, settings.database, batch_size=args.batch_size, profile=args.profile
                )
            if name == "naive":
                return run_naive(path, driver, settings.database, sample=sample)
            return run_rdflib_neo4j(
                path,
                driver,
                settings.database,
                batch_size=args.rdflib_batch_size,
                assertions=data.assertions,
            )

        try:
            if args.warmup:
                # A freshly started server runs its first loads slowly while the JVM compiles
                # (26 s instead of 14 for ours here): whichever loader ran first would pay.
                print("Warming the server up (untimed) ...", file=sys.stderr, flush=True)
                warm = build_store(WARMUP_RELATIONSHIPS, args.seed + 1, args.workdir)
                for name in loaders:
                    if name != "rdflib-neo4j":  # 10x slower; it shares ours' Cypher paths
                        run_loader(name, warm.path, min(sample, 1_000))
            for name in loaders:
                runs = []
                for n_run in range(args.repeat):
                    print(f"Running {name} ({n_run + 1}/{args.repeat}) ...", file=sys.stderr, flush=True)
                    result = run_loader(name, data.path, sample)
                    runs.append(result)
                    print(
                        f"  {name}: {result.assertions:,} assertions in {result.seconds:.1f} s "
                        f"({result.rate:,.0f}/s)",
                        file=sys.stderr,
                        flush=True,
                    )
                result = sorted(runs, key=lambda r: r.rate)[len(runs) // 2]
                result.runs = [round(r.rate, 1) for r in runs]
                results.append(result)
        finally:
            _wipe(driver, settings.database)

    print()
    print(
        f"Neo4j load of {data.assertions:,} assertions ({data.articles:,} articles, "
        f"{data.entities:,} entities) into {settings.uri}"
    )
    print(_table(results, data.assertions))
    ours = next((r for r in results if r.loader == "ours"), None)
    if ours and ours.phases:
        print("our loader by phase (s): " + ", ".join(f"{k} {v:.1f}" for k, v in ours.phases.items()))
    if args.breakdown and ours:
        reads = read_breakdown(data.path)
        print(
            f"store reads alone, {sum(reads.values()):.1f} s of our {ours.seconds:.1f} s: "
            + ", ".join(f"{k} {v:.1f}" for k, v in reads.items())
        )
    ok = True
    for other, ratio, target, met in _ratios(results):
        ok &= met
        print(f"ours / {other}: {ratio:,.1f}x (target >= {target:.0f}x: {'met' if met else 'MISSED'})")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "dataset": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(data).items()},
                    "results": [asdict(r) | {"rate": r.rate} for r in results],
                    "ratios": {o: r for o, r, _, _ in _ratios(results)},
                },
                indent=2,
            )
            + "\n"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
