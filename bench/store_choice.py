"""Choose the embedded RDF store by measurement.

Writes the same deterministic, realistically shaped dataset (one named graph
per article: article metadata, entities with labels, reified assertions with
evidence) into each candidate store, one article graph per transaction, then
measures in fresh processes what every ``kg`` command pays: reopening the store
and answering a COUNT, SPARQL over the union of the graphs, replacing one
article's graph, exporting everything to N-Quads, disk size and peak memory.

Candidates (each runs in its own subprocesses, one at a time):

* ``rdflib-nq``  -- baseline: rdflib ``Dataset`` in memory, the whole dataset
  re-serialized to an N-Quads file (temp file + atomic rename) after every
  article, parsed again on open.  Rewriting the whole file per article is
  quadratic, so its write total is *interpolated* from real full rewrites
  timed at five dataset sizes (see ``--exact-baseline`` to time every one).
* ``rdflib-bdb`` -- rdflib's persistent ``BerkeleyDB`` store (needs the
  ``berkeleydb`` package, which needs libdb headers to build).
* ``oxrdflib``   -- rdflib ``Dataset`` over the oxrdflib ``Oxigraph`` store.
* ``pyoxigraph`` -- ``pyoxigraph.Store(path)`` used directly, ``flush()`` every
  500 articles.
* ``pyoxigraph-noflush`` -- the same without the periodic ``flush()``, to show
  that RocksDB's memory then grows with the data.

Usage::

    python -m bench.store_choice             # 1,000,000 triples
    python -m bench.store_choice --quick     # 100,000 triples
    python -m bench.store_choice --triples 300000 --candidates pyoxigraph,oxrdflib

Every ratio printed is ``baseline / candidate`` for a cost (seconds, bytes) and
``candidate / baseline`` for a rate, so above 1 is always better than rdflib.
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import itertools
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

DEFAULT_TRIPLES = 1_000_000
QUICK_TRIPLES = 100_000
DEFAULT_SEED = 20240607
BASELINE = "rdflib-nq"
CANDIDATES: tuple[str, ...] = (
    "rdflib-nq",
    "rdflib-bdb",
    "oxrdflib",
    "pyoxigraph",
    "pyoxigraph-noflush",
)
#: The Oxigraph candidates call ``flush()`` after this many articles (see PyOxigraph).
FLUSH_EVERY = 500
#: Full rewrites of the baseline's file are timed at these fractions of the data.
BASELINE_CHECKPOINTS: tuple[float, ...] = (0.2, 0.4, 0.6, 0.8, 1.0)
RESULT_PREFIX = "RESULT-JSON "

# --- vocabulary (bench-only namespaces; the real ontology lives in schemas/) ---------------

BASE = "http://example.org/kg/"
KG = BASE + "ontology#"
PLOVER = BASE + "plover#"
WD = "http://www.wikidata.org/entity/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
OWL = "http://www.w3.org/2002/07/owl#"

RDF_TYPE = RDF + "type"
LANGS = ("en", "fr", "de", "it", "pl", "es", "ru", "uk")
ENTITY_TYPES = ("Person", "Country", "Organization", "Location", "Facility", "Group", "Concept")
#: Project predicate -> PLOVER type (None for structural relations).
PREDICATES: tuple[tuple[str, str | None], ...] = (
    ("opposes", "REJECT"),
    ("accuses", "ACCUSE"),
    ("meetsWith", "CONSULT"),
    ("supports", "SUPPORT"),
    ("sanctions", "SANCTION"),
    ("attacks", "ASSAULT"),
    ("threatens", "THREATEN"),
    ("agreesWith", "AGREE"),
    ("visits", "CONSULT"),
    ("requestsFrom", "REQUEST"),
    ("aids", "AID"),
    ("protestsAgainst", "PROTEST"),
    ("holdsRole", None),
    ("memberOf", None),
    ("partOf", None),
)
MODALITIES = ("asserted", "asserted", "asserted", "intended", "possible", "requested")
WORDS = (
    "government minister talks border agreement sanctions president army "
    "ministre gouvernement accord frontière négociations président armée "
    "Regierung Minister Grenze Abkommen Verhandlungen Präsident Armee "
    "governo ministro confine accordo negoziati presidente esercito "
    "rząd minister granica porozumienie negocjacje prezydent wojsko władze "
    "gobierno ministro frontera acuerdo negociaciones presidente ejército "
    "правительство министр граница соглашение переговоры президент армия "
    "уряд міністр кордон угода переговори президент армія said on Tuesday"
).split()
SYLLABLES = "ka lo mi ne ra to vi sa de an el or us ik ba zo li pe gra sto".split()


class Lit(NamedTuple):
    """A library-neutral literal: lexical form plus datatype IRI or language tag."""

    lex: str
    datatype: str | None = None
    lang: str | None = None


#: A library-neutral term: an IRI as ``str`` or a ``Lit``.
Term = str | Lit
Triple = tuple[str, str, Term]


@dataclass(frozen=True, slots=True)
class ArticleGraph:
    """One article's named graph, in library-neutral terms."""

    index: int
    graph: str
    triples: tuple[Triple, ...]


# --- deterministic data -------------------------------------------------------------------


def entity_iri(rank: int) -> str:
    """IRI of the entity with popularity ``rank`` (0 = mentioned most often)."""
    return f"{BASE}entity/E{rank:06d}"


class DataGenerator:
    """Seeded generator of article graphs with a realistic shape.

    Entities come from a shared pool with Zipf-like popularity, so the same
    entity appears in many graphs (as in a real archive) and the union of the
    graphs repeats its type and label triples.
    """

    def __init__(self, *, seed: int, entity_pool: int) -> None:
        self.seed = seed
        rng = random.Random(seed)
        self.entities: list[tuple[str, str, str, str | None]] = []
        for rank in range(entity_pool):
            label = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).title()
            if rng.random() < 0.5:
                label += " " + "".join(rng.choice(SYLLABLES) for _ in range(3)).title()
            qid = f"Q{rng.randint(1, 90_000_000)}" if rng.random() < 0.4 else None
            etype = ENTITY_TYPES[rng.randrange(len(ENTITY_TYPES))]
            self.entities.append((entity_iri(rank), etype, label, qid))
        self.cum_weights = list(itertools.accumulate(1.0 / (r + 1) for r in range(entity_pool)))

    def _entity_sample(self, rng: random.Random, k: int) -> list[int]:
        chosen: list[int] = []
        total = self.cum_weights[-1]
        while len(chosen) < k:
            rank = bisect.bisect_left(self.cum_weights, rng.random() * total)
            if rank not in chosen:
                chosen.append(rank)
        return chosen

    def article(self, index: int, *, version: int = 0) -> ArticleGraph:
        """Article graph number ``index``; another ``version`` gives a revised graph."""
        rng = random.Random(f"{self.seed}:{index}:{version}")
        key = hashlib.sha256(f"{self.seed}:{index}".encode()).hexdigest()[:16]
        article = f"{BASE}article/{key}"
        lang = LANGS[rng.randrange(len(LANGS))]
        day = f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12))).capitalize()
        triples: list[Triple] = [
            (article, RDF_TYPE, KG + "Article"),
            (article, DCT + "title", Lit(title, lang=lang)),
            (article, DCT + "language", Lit(lang, XSD + "language")),
            (article, DCT + "date", Lit(day, XSD + "date")),
            (article, DCT + "source", f"{BASE}source/{key}.html"),
            (article, KG + "wordCount", Lit(str(rng.randint(150, 2500)), XSD + "integer")),
        ]
        ranks = self._entity_sample(rng, rng.randint(4, 8))
        for rank in ranks:
            iri, etype, label, qid = self.entities[rank]
            triples += [
                (iri, RDF_TYPE, KG + etype),
                (iri, SKOS + "prefLabel", Lit(label, lang="en")),
                (iri, SKOS + "altLabel", Lit(label.upper() if lang == "en" else label, lang=lang)),
                (article, KG + "mentions", iri),
            ]
            if qid is not None:
                triples.append((iri, OWL + "sameAs", WD + qid))
        offset = 0
        for j in range(rng.randint(6, 16)):
            subj, obj = rng.sample(ranks, 2)
            predicate, plover = PREDICATES[rng.randrange(len(PREDICATES))]
            node = f"{BASE}assertion/{key}-{j}"
            evidence = f"{BASE}evidence/{key}-{j}"
            words: list[str] = []
            while sum(len(w) + 1 for w in words) < 150:
                words.append(rng.choice(WORDS))
            sentence = " ".join(words).capitalize() + "."
            start = offset + rng.randint(0, 400)
            offset = start + len(sentence)
            triples += [
                (node, RDF_TYPE, KG + "Assertion"),
                (node, RDF + "subject", self.entities[subj][0]),
                (node, RDF + "predicate", KG + predicate),
                (node, RDF + "object", self.entities[obj][0]),
                (node, KG + "polarity", Lit("negative" if rng.random() < 0.12 else "positive")),
                (node, KG + "modality", Lit(MODALITIES[rng.randrange(len(MODALITIES))])),
                (node, KG + "confidence", Lit(f"{rng.uniform(0.3, 0.99):.2f}", XSD + "decimal")),
                (node, KG + "evidence", evidence),
                (node, PROV + "wasGeneratedBy", KG + "extractor/rules-0.1.0"),
                (node, PROV + "wasDerivedFrom", article),
                (evidence, RDF_TYPE, KG + "Evidence"),
                (evidence, KG + "sentence", Lit(sentence)),
                (evidence, KG + "start", Lit(str(start), XSD + "integer")),
                (evidence, KG + "end", Lit(str(offset), XSD + "integer")),
            ]
            if plover is not None:
                triples.append((node, KG + "ploverType", PLOVER + plover))
            if rng.random() < 0.5:
                triples.append((node, KG + "eventDate", Lit(day, XSD + "date")))
            if rng.random() < 0.2:
                triples.append((node, KG + "speaker", self.entities[rng.choice(ranks)][0]))
        # Sets in the store: duplicates inside one graph collapse, so count them away here.
        unique = tuple(dict.fromkeys(triples))
        return ArticleGraph(index=index, graph=f"{BASE}graph/{key}", triples=unique)


def entity_pool_size(triples: int) -> int:
    """Pool of distinct entities, scaled to the data (20,000 at one million triples)."""
    return max(500, triples // 50)


def articles(gen: DataGenerator, *, triples: int) -> Iterator[ArticleGraph]:
    """Article graphs until at least ``triples`` quads have been produced."""
    produced = 0
    for index in itertools.count():
        if produced >= triples:
            return
        art = gen.article(index)
        produced += len(art.triples)
        yield art


# --- queries: the same SPARQL text for every candidate --------------------------------------

Q_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
Q_TYPES = "SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY ?type"
Q_ENTITY = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX kg: <%(kg)s>
SELECT ?a ?role ?pred ?other ?plover ?polarity ?confidence ?sentence WHERE {
  { ?a rdf:subject <%(e)s> ; rdf:object ?other . BIND("subject" AS ?role) }
  UNION
  { ?a rdf:object <%(e)s> ; rdf:subject ?other . BIND("object" AS ?role) }
  ?a rdf:predicate ?pred ; kg:polarity ?polarity ; kg:confidence ?confidence ;
     kg:evidence ?ev .
  ?ev kg:sentence ?sentence .
  OPTIONAL { ?a kg:ploverType ?plover }
}"""
Q_GRAPH_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <%s> { ?s ?p ?o } }"
#: Popularity rank of the entity whose assertions are queried (a few hundred rows at 1M).
QUERY_ENTITY_RANK = 20


# --- candidates ---------------------------------------------------------------------------


class Candidate:
    """One store under test.  Library imports happen in ``import_lib`` so they can be timed."""

    name = ""
    label = ""
    atomic_write = ""
    atomic_replace = ""

    def import_lib(self) -> None:
        """Import the store's libraries."""
        raise NotImplementedError

    def create(self, path: Path) -> None:
        """Create a new, empty store at ``path``."""
        raise NotImplementedError

    def open(self, path: Path) -> None:
        """Open the existing store at ``path``."""
        raise NotImplementedError

    def write_graph(self, art: ArticleGraph) -> None:
        """Write one article's graph in one transaction."""
        raise NotImplementedError

    def close(self) -> None:
        """Flush and close the store."""
        raise NotImplementedError

    def select(self, query: str) -> list[tuple[str, ...]]:
        """Run SPARQL SELECT with the union of all graphs as default graph; rows as strings."""
        raise NotImplementedError

    def graph_names(self) -> list[str]:
        """Names of all named graphs."""
        raise NotImplementedError

    def replace_graph(self, art: ArticleGraph) -> None:
        """Replace one article's graph by a new version."""
        raise NotImplementedError

    def export_nquads(self, path: Path) -> None:
        """Write every quad to ``path`` as N-Quads."""
        raise NotImplementedError

    def extras(self, workdir: Path, export: Path, art: ArticleGraph) -> dict[str, float]:
        """Optional extra measurements (seconds), after the standard ones."""
        return {}

    def disk_path(self, path: Path) -> Path:
        """What to measure for disk size."""
        return path


class RdflibBase(Candidate):
    """Shared code for the candidates that go through an rdflib ``Dataset``."""

    def import_lib(self) -> None:
        import rdflib

        self.rdflib = rdflib
        self._iri_cache: dict[str, Any] = {}

    def iri(self, value: str) -> Any:
        """The library's IRI term for ``value``."""
        node = self._iri_cache.get(value)
        if node is None:
            node = self.rdflib.URIRef(value)
            if len(self._iri_cache) < 4096:  # vocabulary constants, as real code has
                self._iri_cache[value] = node
        return node

    def term(self, t: Term) -> Any:
        """The library's term for a neutral IRI or literal."""
        if isinstance(t, str):
            return self.iri(t)
        if t.lang is not None:
            return self.rdflib.Literal(t.lex, lang=t.lang)
        if t.datatype is not None:
            return self.rdflib.Literal(t.lex, datatype=self.iri(t.datatype))
        return self.rdflib.Literal(t.lex)

    def quads(self, art: ArticleGraph) -> list[tuple[Any, Any, Any, Any]]:
        """The article's quads as rdflib terms, in its named graph."""
        g = self.ds.graph(self.rdflib.URIRef(art.graph))
        return [(self.iri(s), self.iri(p), self.term(o), g) for s, p, o in art.triples]

    def select(self, query: str) -> list[tuple[str, ...]]:
        return [tuple(str(v) for v in row) for row in self.ds.query(query)]

    def graph_names(self) -> list[str]:
        default = "urn:x-rdflib:default"
        return [str(g.identifier) for g in self.ds.contexts() if str(g.identifier) != default]


class RdflibNQuads(RdflibBase):
    """Baseline: rdflib Dataset in memory, whole file rewritten after every article."""

    name = "rdflib-nq"
    label = "rdflib Dataset in memory + N-Quads file"
    atomic_write = "yes (temp file + rename)"
    atomic_replace = "yes (temp file + rename)"

    def __init__(self, *, total_triples: int = 0, exact: bool = False) -> None:
        self.total_triples = total_triples
        self.exact = exact
        self.samples: list[tuple[int, float]] = []
        self.written = 0
        self.graphs_written = 0
        self.cum_quads: list[int] = []
        self.next_checkpoint = 0

    def _file(self) -> Path:
        return self.path / "store.nq"

    def save(self) -> float:
        """Rewrite the whole file atomically; return the seconds it took."""
        t0 = time.perf_counter()
        tmp = self.path / "store.nq.tmp"
        self.ds.serialize(destination=str(tmp), format="nquads", encoding="utf-8")
        os.replace(tmp, self._file())
        return time.perf_counter() - t0

    def create(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True)
        self.ds = self.rdflib.Dataset(default_union=True)

    def open(self, path: Path) -> None:
        self.path = path
        self.ds = self.rdflib.Dataset(default_union=True)
        self.ds.parse(str(self._file()), format="nquads")

    def write_graph(self, art: ArticleGraph) -> None:
        self.ds.addN(self.quads(art))
        self.written += len(art.triples)
        self.graphs_written += 1
        self.cum_quads.append(self.written)
        if self.exact:
            self.samples.append((self.written, self.save()))
            return
        # The per-article rewrite is only timed at a few sizes (see interpolate_total).
        marks = [f * self.total_triples for f in BASELINE_CHECKPOINTS]
        if self.next_checkpoint < len(marks) and self.written >= marks[self.next_checkpoint]:
            self.samples.append((self.written, self.save()))
            while self.next_checkpoint < len(marks) and self.written >= marks[self.next_checkpoint]:
                self.next_checkpoint += 1

    def close(self) -> None:
        if not self._file().exists() or (self.samples and self.samples[-1][0] != self.written):
            self.samples.append((self.written, self.save()))

    def interpolate_total(self) -> float:
        """Seconds all per-article rewrites take: fit ``a + b * quads`` to the timed ones."""
        if self.exact:
            return sum(s for _, s in self.samples)
        xs = [float(x) for x, _ in self.samples]
        ys = [y for _, y in self.samples]
        n = len(xs)
        mean_x, mean_y = sum(xs) / n, sum(ys) / n
        var = sum((x - mean_x) ** 2 for x in xs)
        if var:
            b = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / var
        else:
            b = mean_y / mean_x
        a = mean_y - b * mean_x
        return sum(max(0.0, a + b * q) for q in self.cum_quads)

    def replace_graph(self, art: ArticleGraph) -> None:
        self.ds.remove_graph(self.rdflib.URIRef(art.graph))
        self.ds.addN(self.quads(art))
        self.save()

    def export_nquads(self, path: Path) -> None:
        self.ds.serialize(destination=str(path), format="nquads", encoding="utf-8")

    def disk_path(self, path: Path) -> Path:
        return path / "store.nq"


class RdflibBerkeleyDB(RdflibBase):
    """rdflib's persistent BerkeleyDB store (Concurrent Data Store mode, no transactions)."""

    name = "rdflib-bdb"
    label = "rdflib BerkeleyDB store"
    atomic_write = "no (no transactions)"
    atomic_replace = "no"

    def import_lib(self) -> None:
        super().import_lib()
        import berkeleydb  # noqa: F401  # fails early and clearly when not installed

    def _open(self, path: Path, *, create: bool) -> None:
        from rdflib.plugins.stores.berkeleydb import BerkeleyDB

        self.store = BerkeleyDB()
        self.store.open(str(path), create=create)
        self.ds = self.rdflib.Dataset(store=self.store, default_union=True)

    def create(self, path: Path) -> None:
        self._open(path, create=True)

    def open(self, path: Path) -> None:
        self._open(path, create=False)

    def write_graph(self, art: ArticleGraph) -> None:
        self.ds.addN(self.quads(art))
        self.store.sync()  # flush each article, as a durable write would

    def close(self) -> None:
        self.ds.close()

    def replace_graph(self, art: ArticleGraph) -> None:
        self.ds.remove_graph(self.rdflib.URIRef(art.graph))
        self.ds.addN(self.quads(art))
        self.store.sync()

    def export_nquads(self, path: Path) -> None:
        self.ds.serialize(destination=str(path), format="nquads", encoding="utf-8")


class OxRdflib(RdflibBase):
    """rdflib Dataset over the oxrdflib ``Oxigraph`` store plugin."""

    name = "oxrdflib"
    label = f"rdflib Dataset over oxrdflib (Oxigraph), flush() every {FLUSH_EVERY} articles"
    atomic_write = "yes (addN -> Store.extend)"
    atomic_replace = "no (remove_graph, then addN)"

    def _open(self, path: Path) -> None:
        from oxrdflib import OxigraphStore

        self.articles = 0
        self.store = OxigraphStore()
        self.store.open(str(path))
        self.ds = self.rdflib.Dataset(store=self.store, default_union=True)

    def create(self, path: Path) -> None:
        self._open(path)

    def open(self, path: Path) -> None:
        self._open(path)

    def write_graph(self, art: ArticleGraph) -> None:
        self.ds.addN(self.quads(art))
        self.articles += 1
        if self.articles % FLUSH_EVERY == 0:
            self.store._inner.flush()  # no public API for it in oxrdflib (see PyOxigraph)

    def close(self) -> None:
        self.store._inner.flush()
        self.ds.close()

    def replace_graph(self, art: ArticleGraph) -> None:
        self.ds.remove_graph(self.rdflib.URIRef(art.graph))
        self.ds.addN(self.quads(art))

    def export_nquads(self, path: Path) -> None:
        # oxrdflib's serializer dumps straight from the Oxigraph store.
        self.ds.serialize(destination=str(path), format="ox-nquads")


class PyOxigraph(Candidate):
    """``pyoxigraph.Store(path)``, RocksDB on disk, used directly."""

    name = "pyoxigraph"
    label = f"pyoxigraph Store(path), flush() every {FLUSH_EVERY} articles"
    flush_every = FLUSH_EVERY
    atomic_write = "yes (Store.extend)"
    atomic_replace = "yes (one SPARQL UPDATE: DROP + INSERT DATA)"

    def import_lib(self) -> None:
        import pyoxigraph

        self.ox = pyoxigraph
        self._iri_cache: dict[str, Any] = {}

    def iri(self, value: str) -> Any:
        """The library's IRI term for ``value``."""
        node = self._iri_cache.get(value)
        if node is None:
            node = self.ox.NamedNode(value)
            if len(self._iri_cache) < 4096:  # vocabulary constants, as real code has
                self._iri_cache[value] = node
        return node

    def term(self, t: Term) -> Any:
        """The library's term for a neutral IRI or literal."""
        if isinstance(t, str):
            return self.iri(t)
        if t.lang is not None:
            return self.ox.Literal(t.lex, language=t.lang)
        if t.datatype is not None:
            return self.ox.Literal(t.lex, datatype=self.iri(t.datatype))
        return self.ox.Literal(t.lex)

    def quads(self, art: ArticleGraph) -> list[Any]:
        """The article's quads as pyoxigraph ``Quad`` objects."""
        g = self.ox.NamedNode(art.graph)
        quad = self.ox.Quad
        return [quad(self.iri(s), self.iri(p), self.term(o), g) for s, p, o in art.triples]

    def create(self, path: Path) -> None:
        self.store = self.ox.Store(str(path))
        self.articles = 0

    def open(self, path: Path) -> None:
        self.store = self.ox.Store(str(path))

    def write_graph(self, art: ArticleGraph) -> None:
        self.store.extend(self.quads(art))  # one RocksDB write batch: all or nothing
        self.articles += 1
        if self.flush_every and self.articles % self.flush_every == 0:
            # Without this RocksDB keeps every write in memtables until the process ends:
            # memory grows with the data (see pyoxigraph-noflush) and the next open replays
            # a write-ahead log as large as the data.
            self.store.flush()

    def close(self) -> None:
        self.store.flush()
        del self.store

    def select(self, query: str) -> list[tuple[str, ...]]:
        result = self.store.query(query, use_default_graph_as_union=True)
        return [tuple(_ox_str(v) for v in row) for row in result]

    def graph_names(self) -> list[str]:
        return [g.value for g in self.store.named_graphs()]

    def replace_graph(self, art: ArticleGraph) -> None:
        # One UPDATE request is one transaction, so the swap is all or nothing.
        body = " .\n".join(str(q.triple) for q in self.quads(art))
        self.store.update(
            f"DROP SILENT GRAPH <{art.graph}> ;\nINSERT DATA {{ GRAPH <{art.graph}> {{\n{body} .\n}} }}"
        )

    def export_nquads(self, path: Path) -> None:
        self.store.dump(str(path), self.ox.RdfFormat.N_QUADS)

    def extras(self, workdir: Path, export: Path, art: ArticleGraph) -> dict[str, float]:
        out: dict[str, float] = {}
        t0 = time.perf_counter()
        self.store.remove_graph(self.ox.NamedNode(art.graph))
        self.store.extend(self.quads(art))
        out["replace, two transactions (remove_graph + extend) s"] = time.perf_counter() - t0
        trig = workdir / "export.trig"
        t0 = time.perf_counter()
        self.store.dump(str(trig), self.ox.RdfFormat.TRIG)
        out["export TriG s"] = time.perf_counter() - t0
        out["export TriG MB"] = trig.stat().st_size / 1e6
        trig.unlink()
        t0 = time.perf_counter()
        fresh = self.ox.Store(str(workdir / "bulk"))
        fresh.bulk_load(path=str(export), format=self.ox.RdfFormat.N_QUADS)
        fresh.flush()
        out["bulk_load of the N-Quads export into a new store s"] = time.perf_counter() - t0
        del fresh
        shutil.rmtree(workdir / "bulk")
        return out


class PyOxigraphNoFlush(PyOxigraph):
    """The same, without the periodic ``flush()``: shows why the flush is needed."""

    name = "pyoxigraph-noflush"
    label = "pyoxigraph Store(path), no periodic flush()"
    flush_every = 0

    def extras(self, workdir: Path, export: Path, art: ArticleGraph) -> dict[str, float]:
        return {}


def _ox_str(value: Any) -> str:
    return "" if value is None else str(value.value)


def make_candidate(name: str, *, total_triples: int, exact_baseline: bool) -> Candidate:
    """Build the candidate object for ``name``."""
    if name == "rdflib-nq":
        return RdflibNQuads(total_triples=total_triples, exact=exact_baseline)
    factories: dict[str, Callable[[], Candidate]] = {
        "rdflib-bdb": RdflibBerkeleyDB,
        "oxrdflib": OxRdflib,
        "pyoxigraph": PyOxigraph,
        "pyoxigraph-noflush": PyOxigraphNoFlush,
    }
    return factories[name]()


# --- worker phases (run in subprocesses) ---------------------------------------------------


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_write(cand: Candidate, *, store: Path, triples: int, seed: int) -> dict[str, Any]:
    """Write every article graph, one transaction each; only the store calls are timed."""
    cand.import_lib()
    gen = DataGenerator(seed=seed, entity_pool=entity_pool_size(triples))
    cand.create(store)
    spent = 0.0
    quads = graphs = 0
    for art in articles(gen, triples=triples):
        t0 = time.perf_counter()
        cand.write_graph(art)
        spent += time.perf_counter() - t0
        quads += len(art.triples)
        graphs += 1
    t0 = time.perf_counter()
    cand.close()
    spent += time.perf_counter() - t0
    out: dict[str, Any] = {"write_s": spent, "quads": quads, "graphs": graphs}
    if isinstance(cand, RdflibNQuads):
        # Measured: in-memory adds + the timed full rewrites.  Total: adds + every rewrite.
        rewrites = sum(s for _, s in cand.samples)
        out["write_measured_s"] = spent
        out["write_s"] = spent - rewrites + cand.interpolate_total()
        out["write_extrapolated"] = not cand.exact
        out["rewrite_samples"] = cand.samples if not cand.exact else cand.samples[-5:]
    out["peak_rss_write_mb"] = peak_rss_mb()
    return out


def phase_read(
    cand: Candidate, *, store: Path, work: Path, triples: int, seed: int, graphs: int
) -> dict[str, Any]:
    """Reopen, query, replace one graph and export, timing each step."""
    out: dict[str, Any] = {}
    t0 = time.perf_counter()
    cand.import_lib()
    t1 = time.perf_counter()
    cand.open(store)
    t2 = time.perf_counter()
    count = int(cand.select(Q_COUNT)[0][0])
    t3 = time.perf_counter()
    out.update(import_s=t1 - t0, open_s=t2 - t1, count_s=t3 - t2, reopen_count_s=t3 - t0, count=count)

    t0 = time.perf_counter()
    out["graph_names"] = len(cand.graph_names())
    out["list_graphs_s"] = time.perf_counter() - t0

    def timed(query: str) -> tuple[list[tuple[str, ...]], float, float]:
        """Rows, first-run seconds (what a one-shot CLI pays) and median of three more runs."""
        t0 = time.perf_counter()
        rows = cand.select(query)
        first = time.perf_counter() - t0
        again = []
        for _ in range(3):
            t0 = time.perf_counter()
            cand.select(query)
            again.append(time.perf_counter() - t0)
        return rows, first, sorted(again)[1]

    types, out["types_s"], out["types_warm_s"] = timed(Q_TYPES)
    out["types"] = {row[0].rsplit("#", 1)[-1]: int(row[1]) for row in types}
    query = Q_ENTITY % {"kg": KG, "e": entity_iri(QUERY_ENTITY_RANK)}
    rows, out["entity_s"], out["entity_warm_s"] = timed(query)
    out["entity_rows"] = len(rows)

    gen = DataGenerator(seed=seed, entity_pool=entity_pool_size(triples))
    revised = gen.article(graphs // 2, version=1)
    out["original_graph_quads"] = int(cand.select(Q_GRAPH_COUNT % revised.graph)[0][0])
    t0 = time.perf_counter()
    cand.replace_graph(revised)
    out["replace_s"] = time.perf_counter() - t0
    out["replaced_graph_quads"] = int(cand.select(Q_GRAPH_COUNT % revised.graph)[0][0])
    out["replacement_quads"] = len(revised.triples)

    export = work / "export.nq"
    t0 = time.perf_counter()
    cand.export_nquads(export)
    out["export_s"] = time.perf_counter() - t0
    out["export_mb"] = export.stat().st_size / 1e6
    with export.open("rb") as fh:  # rdflib ends N-Quads with an empty line: count quads only
        out["export_lines"] = sum(1 for line in fh if line.strip())
    out["peak_rss_read_mb"] = peak_rss_mb()  # before the extras, which load a second store
    out["extras"] = cand.extras(work, export, revised)
    export.unlink()
    cand.close()
    return out


def worker_main(args: argparse.Namespace) -> None:
    """Entry point of a measuring subprocess: run one phase, print its JSON result."""
    cand = make_candidate(args.candidate, total_triples=args.triples, exact_baseline=args.exact_baseline)
    store, work = Path(args.store), Path(args.work)
    if args.worker == "write":
        out = phase_write(cand, store=store, triples=args.triples, seed=args.seed)
    else:
        out = phase_read(
            cand, store=store, work=work, triples=args.triples, seed=args.seed, graphs=args.graphs
        )
    print(RESULT_PREFIX + json.dumps(out), flush=True)


# --- orchestration ------------------------------------------------------------------------


def dir_size(path: Path) -> int:
    """Bytes in a file or directory tree (apparent size)."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run_worker(argv: Sequence[str], *, timeout: float) -> dict[str, Any]:
    """Run one measuring subprocess and return its JSON result."""
    cmd = [sys.executable, "-m", "bench.store_choice", *argv]
    cwd = Path(__file__).resolve().parent.parent
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    wall = time.perf_counter() - t0
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            result: dict[str, Any] = json.loads(line[len(RESULT_PREFIX) :])
            result["process_wall_s"] = wall
            return result
    raise RuntimeError(f"worker {' '.join(argv)} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")


def measure(
    name: str, *, triples: int, seed: int, tmp: Path, timeout: float, exact_baseline: bool
) -> dict[str, Any]:
    """All measurements for one candidate, in two fresh subprocesses."""
    store, work = tmp / f"{name}-store", tmp / f"{name}-work"
    work.mkdir()
    common = [
        "--candidate",
        name,
        "--store",
        str(store),
        "--work",
        str(work),
        "--triples",
        str(triples),
        "--seed",
        str(seed),
    ]
    if exact_baseline:
        common.append("--exact-baseline")
    try:
        res = run_worker(["--worker", "write", *common], timeout=timeout)
        res["write_wall_s"] = res.pop("process_wall_s")
        target = make_candidate(name, total_triples=triples, exact_baseline=False).disk_path(store)
        # Right after writing, RocksDB still holds its write-ahead log; the next open folds it
        # into the sorted tables.  The table reports the size after the read phase reopened it.
        res["disk_after_write_mb"] = dir_size(target) / 1e6
        res.update(run_worker(["--worker", "read", *common, "--graphs", str(res["graphs"])], timeout=timeout))
        res["disk_mb"] = dir_size(target) / 1e6
        return res
    finally:
        shutil.rmtree(store, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


COLUMNS: tuple[tuple[str, str, str], ...] = (
    # key, header, "rate" (higher is better) or "cost" (lower is better)
    ("write_qps", "write quads/s", "rate"),
    ("write_s", "write all s", "cost"),
    ("reopen_count_s", "reopen+COUNT s", "cost"),
    ("types_s", "types query s", "cost"),
    ("entity_s", "entity query s", "cost"),
    ("replace_s", "replace graph s", "cost"),
    ("export_s", "export N-Quads s", "cost"),
    ("disk_mb", "disk MB", "cost"),
    ("peak_rss_write_mb", "RSS write MB", "cost"),
    ("peak_rss_read_mb", "RSS read MB", "cost"),
)


def fmt(value: float) -> str:
    """Compact number for the table."""
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 0.1:
        return f"{value:.2f}"
    return f"{value:.4f}"


def print_report(results: dict[str, dict[str, Any]], *, triples: int) -> None:
    """Print the measurements table, the ratios against the baseline and sanity checks."""
    names = list(results)
    width = max(len(n) for n in names) + 2
    print(f"\nstore_choice: target {triples:,} triples; one named graph per article; {os.cpu_count()} CPUs\n")
    header = "candidate".ljust(width) + "".join(h.rjust(17) for _, h, _ in COLUMNS)
    print(header)
    print("-" * len(header))
    for name in names:
        r = results[name]
        r["write_qps"] = r["quads"] / r["write_s"]
        mark = "*" if r.get("write_extrapolated") else ""
        cells = []
        for key, _, _ in COLUMNS:
            cell = fmt(r[key]) + (mark if key in ("write_qps", "write_s") else "")
            cells.append(cell.rjust(17))
        print(name.ljust(width) + "".join(cells))
    if any(r.get("write_extrapolated") for r in results.values()):
        print(
            "* interpolated: the baseline rewrites its whole file after every article; only "
            f"{len(BASELINE_CHECKPOINTS)} of those rewrites were timed (see notes below)."
        )

    if BASELINE in results:
        base = results[BASELINE]
        print(f"\nratios against {BASELINE} (above 1 = better than the baseline):\n")
        print(header)
        print("-" * len(header))
        for name in names:
            r = results[name]
            cells = []
            for key, _, kind in COLUMNS:
                ratio = r[key] / base[key] if kind == "rate" else base[key] / max(r[key], 1e-9)
                cells.append(f"{ratio:.1f}x".rjust(17))
            print(name.ljust(width) + "".join(cells))

    print("\ndetails:")
    for name in names:
        r = results[name]
        cand = make_candidate(name, total_triples=triples, exact_baseline=False)
        print(f"  {name}: {cand.label}")
        print(
            f"    quads {r['quads']:,} in {r['graphs']:,} graphs; COUNT after reopen "
            f"{r['count']:,}; named graphs listed {r['graph_names']:,} "
            f"({r['list_graphs_s']:.3f} s)"
        )
        print(
            f"    reopen = import {r['import_s']:.3f} s + open {r['open_s']:.3f} s + "
            f"COUNT {r['count_s']:.3f} s"
        )
        print(
            f"    disk right after writing {r['disk_after_write_mb']:.1f} MB, after reopening "
            f"{r['disk_mb']:.1f} MB; process wall times {r['write_wall_s']:.1f} s (write), "
            f"{r['process_wall_s']:.1f} s (read)"
        )
        print(f"    atomic article write: {cand.atomic_write}; atomic replace: {cand.atomic_replace}")
        print(
            f"    queries, median of 3 warm runs: types {r['types_warm_s']:.4f} s, entity "
            f"{r['entity_warm_s']:.4f} s (the table shows the first run in a fresh process)"
        )
        print(
            f"    entity query rows {r['entity_rows']}; replaced graph now "
            f"{r['replaced_graph_quads']} quads (expected {r['replacement_quads']}); "
            f"export {r['export_mb']:.1f} MB, {r['export_lines']:,} lines"
        )
        if "rewrite_samples" in r:
            samples = ", ".join(f"{q:,} quads {s:.2f} s" for q, s in r["rewrite_samples"])
            print(f"    timed full rewrites: {samples}; measured part of write {r['write_measured_s']:.1f} s")
        for key, value in r.get("extras", {}).items():
            print(f"    {key}: {fmt(value)}")

    problems = []
    ref = results[names[0]]
    for name in names:
        r = results[name]
        expected_export = r["count"] - r["original_graph_quads"] + r["replacement_quads"]
        if r["count"] != r["quads"] or r["export_lines"] != expected_export:
            problems.append(
                f"{name}: quad counts disagree (COUNT {r['count']:,}, written "
                f"{r['quads']:,}, export {r['export_lines']:,} lines, "
                f"expected {expected_export:,})"
            )
        if r["replaced_graph_quads"] != r["replacement_quads"]:
            problems.append(f"{name}: replaced graph has {r['replaced_graph_quads']} quads")
        for key in ("entity_rows", "types", "graph_names"):
            if r[key] != ref[key]:
                problems.append(f"{name}: {key} differs from {names[0]}")
    print("\nchecks: " + ("all candidates agree" if not problems else "; ".join(problems)))


def main(argv: Sequence[str] | None = None) -> None:
    """Parse options and either run the whole benchmark or one measuring phase."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--triples",
        type=int,
        default=DEFAULT_TRIPLES,
        help=f"quads to write (default {DEFAULT_TRIPLES:,})",
    )
    parser.add_argument("--quick", action="store_true", help=f"shorthand for --triples {QUICK_TRIPLES:,}")
    parser.add_argument(
        "--candidates",
        default=",".join(CANDIDATES),
        help="comma-separated subset of " + ", ".join(CANDIDATES),
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--timeout",
        type=float,
        default=1800.0,
        help="seconds allowed for each measuring subprocess",
    )
    parser.add_argument(
        "--exact-baseline",
        action="store_true",
        help="time every rewrite of the baseline (quadratic: small sizes only)",
    )
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="parent of the temporary directory (default: system temp)",
    )
    # Internal: one measuring phase in a fresh process.
    parser.add_argument("--worker", choices=("write", "read"), help=argparse.SUPPRESS)
    parser.add_argument("--candidate", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    parser.add_argument("--graphs", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.triples = QUICK_TRIPLES
    if args.worker:
        worker_main(args)
        return

    names = [n.strip() for n in args.candidates.split(",") if n.strip()]
    unknown = set(names) - set(CANDIDATES)
    if unknown:
        parser.error(f"unknown candidates {sorted(unknown)}; choose from {', '.join(CANDIDATES)}")
    results: dict[str, dict[str, Any]] = {}
    tmp = Path(tempfile.mkdtemp(prefix="kg-store-choice-", dir=args.workdir))
    try:
        for name in names:
            print(f"measuring {name} ...", file=sys.stderr, flush=True)
            t0 = time.perf_counter()
            try:
                results[name] = measure(
                    name,
                    triples=args.triples,
                    seed=args.seed,
                    tmp=tmp,
                    timeout=args.timeout,
                    exact_baseline=args.exact_baseline,
                )
            except (RuntimeError, subprocess.TimeoutExpired) as exc:
                print(f"  {name} skipped: {exc}", file=sys.stderr, flush=True)
                continue
            print(f"  done in {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if not results:
        sys.exit("no candidate could be measured")
    print_report(results, triples=args.triples)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
