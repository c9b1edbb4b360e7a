"""Store maintenance: retract articles (``kg remove``) and merge another store's export
(``kg import``).

Every article graph describes everything the article contributes: its metadata, the
entities it mentions (type, labels, key, surface forms) and its assertions with their
evidence. Dropping an article's graph therefore retracts all of it, and an entity no
other article describes disappears with it; nothing else in the store refers to it.
The next ``kg load`` deletes from Neo4j what the store no longer holds (articles, their
assertions and mentions, entities no article mentions).

Entity IRIs are minted from canonical keys and article IRIs from content hashes, so
graphs built by two stores apart name the same actors and articles alike: importing one
store's TriG or N-Quads into another joins them on those IRIs, and importing the same
file twice changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg_builder.errors import StoreError
from kg_builder.rdf.namespaces import ID, KG
from kg_builder.rdf.read import sparql
from kg_builder.rdf.store import GraphStore

__all__ = ["ImportReport", "RemoveReport", "import_file", "remove_articles"]

_ARTICLE_NS = f"{ID}article/"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_ARTICLE = ox.NamedNode(f"{KG}Article")
_IMPORT_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG}


@dataclass
class RemoveReport:
    """What ``kg remove`` did: (argument, graph IRI, source name) per removed article."""

    removed: list[tuple[str, str, str]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    quads_before: int = 0
    quads_after: int = 0


def remove_articles(store: GraphStore, articles: Iterable[str]) -> RemoveReport:
    """Drop the graphs of ``articles`` (source names as in the JSONL ``doc`` field, article
    IRIs, or content hashes) in one transaction; unknown ones are listed in the report."""
    report = RemoveReport(quads_before=len(store))
    by_graph = {row["g"]: row["doc"] for row in store.select(sparql("source_articles"))}
    by_source: dict[str, list[str]] = defaultdict(list)
    for graph, doc in by_graph.items():
        by_source[doc].append(graph)
    chosen: dict[str, None] = {}
    for arg in articles:
        if arg in by_graph:
            graphs = [arg]
        elif arg in by_source:
            graphs = sorted(by_source[arg])  # one source name normally names one article
        elif f"{_ARTICLE_NS}{arg}" in by_graph:
            graphs = [f"{_ARTICLE_NS}{arg}"]
        else:
            report.unknown.append(arg)
            continue
        for graph in graphs:
            if graph not in chosen:
                chosen[graph] = None
                report.removed.append((arg, graph, by_graph[graph]))
    store.drop_graphs(list(chosen))
    report.quads_after = len(store)
    return report


@dataclass
class ImportReport:
    """What ``kg import`` did with the graphs of a file."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one line per graph or group of quads left out
    quads_read: int = 0
    quads_before: int = 0
    quads_after: int = 0


def _read_graphs(path: Path) -> tuple[dict[str, list[ox.Quad]], int, int]:
    """Quads of ``path`` grouped by named graph, the number read, and how many were in the
    default graph. A syntax error stops everything (nothing has been written yet)."""
    rdf_format = _IMPORT_FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        raise StoreError(f"{path}: kg import reads N-Quads (.nq) or TriG (.trig) files")
    if not path.is_file():
        raise StoreError(f"{path}: no such file")
    graphs: dict[str, list[ox.Quad]] = defaultdict(list)
    read = default = 0
    try:
        for quad in ox.parse(path=str(path), format=rdf_format):
            read += 1
            if isinstance(quad.graph_name, ox.NamedNode):
                graphs[quad.graph_name.value].append(quad)
            else:
                default += 1
    except SyntaxError as exc:
        raise StoreError(f"{path}: {' '.join(str(exc).split())}; nothing was imported") from None
    except (OSError, ValueError) as exc:
        raise StoreError(f"{path}: cannot be read ({exc}); nothing was imported") from None
    return graphs, read, default


def _ntriples(quads: list[ox.Quad]) -> str:
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def _rdflib_graph(name: str, quads: list[ox.Quad]) -> Any:
    from rdflib import Graph, URIRef

    graph = Graph(identifier=URIRef(name))
    graph.parse(data=_ntriples(quads), format="nt")
    return graph


_VALIDATION_BATCH = 100


def _problems(candidates: list[tuple[str, list[ox.Quad]]]) -> dict[str, str]:
    """The first SHACL violation of each invalid graph, by graph name.

    Graphs are checked in batches (one pyshacl run each, as ``kg build`` does); only a
    batch with a violation is checked again graph by graph, to name the culprits.
    """
    from kg_builder.rdf.validate import violations

    problems: dict[str, str] = {}
    for start in range(0, len(candidates), _VALIDATION_BATCH):
        batch = [
            (name, _rdflib_graph(name, quads))
            for name, quads in candidates[start : start + _VALIDATION_BATCH]
        ]
        if not violations([graph for _name, graph in batch]):
            continue
        for name, graph in batch:
            found = violations([graph])
            if found:
                problems[name] = str(found[0]) + (f" (and {len(found) - 1} more)" if len(found) > 1 else "")
    return problems


def import_file(
    store: GraphStore,
    path: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Merge the article graphs of a TriG or N-Quads file into ``store``.

    Each named graph that is an article graph (it types its own name ``kg:Article``) and
    passes the SHACL shapes replaces the graph of that name in one transaction (the same
    article built elsewhere has the same IRI, so importing twice changes nothing). Graphs
    that are not article graphs, invalid graphs and default-graph quads are skipped and
    listed in the report. The whole file is parsed and checked before the first write.
    """
    graphs, read, default = _read_graphs(path)
    report = ImportReport(quads_read=read, quads_before=len(store))
    if default:
        report.skipped.append(
            f"{path}: {default} quad(s) in the default graph; the store keeps every triple in "
            "its article's named graph"
        )
    candidates: list[tuple[str, list[ox.Quad]]] = []
    for name, quads in sorted(graphs.items()):
        if any(
            q.subject == q.graph_name and q.predicate == _RDF_TYPE and q.object == _ARTICLE for q in quads
        ):
            candidates.append((name, quads))
        else:
            report.skipped.append(
                f"{path}: graph <{name}> is not an article graph (no <{name}> a kg:Article); skipped"
            )
    problems = _problems(candidates)
    for name in sorted(problems):
        report.skipped.append(f"{path}: graph <{name}> is invalid, skipped: {problems[name]}")
    accepted = [(name, quads) for name, quads in candidates if name not in problems]
    total = len(accepted)
    for done, (name, quads) in enumerate(accepted, 1):
        existing = set(store.quads(name))
        if existing == set(quads):
            report.unchanged.append(name)
        else:
            store.put_ntriples(name, _ntriples(quads))
            (report.replaced if existing else report.added).append(name)
        if progress is not None:
            progress(done, total)
    report.quads_after = len(store)
    return report
