"""The embedded RDF store: one named graph per article, persisted with pyoxigraph.

pyoxigraph (RocksDB underneath) was chosen by measurement against rdflib's
own persistence; the figures are in the README ("Embedded store").
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import Graph

from kg_builder.errors import StoreError
from kg_builder.rdf.namespaces import ID, KG, article_iri

DEFAULT_STORE = Path("kg-store")

_FORMATS: dict[str, ox.RdfFormat] = {
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}

_PREFIXES = "\n".join(
    f"PREFIX {p}: <{ns}>"
    for p, ns in {
        "kg": KG,
        "id": ID,
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "prov": "http://www.w3.org/ns/prov#",
        "dcterms": "http://purl.org/dc/terms/",
        "plover": "https://w3id.org/kg-builder/plover#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "owl": "http://www.w3.org/2002/07/owl#",
        "schema": "https://schema.org/",
        "wd": "http://www.wikidata.org/entity/",
    }.items()
)
#: The same declarations on one line, for queries users write (parser line numbers shift by one).
SPARQL_PREFIXES = " ".join(_PREFIXES.splitlines())


#: Converter per literal datatype IRI seen so far (False: keep the text). A store holds a
#: handful of datatypes; a dict hit is cheaper than suffix tests on every literal.
_CONVERTERS: dict[str, Any] = {}
_Literal = ox.Literal


def _converter(datatype: str) -> Any:
    """int for xsd:integer, float for xsd:decimal and xsd:double, else False; cached."""
    conv: Any = False
    if datatype.endswith("#integer"):
        conv = int
    elif datatype.endswith("#decimal") or datatype.endswith("#double"):
        conv = float
    _CONVERTERS[datatype] = conv
    return conv


def _term(value: Any) -> Any:
    """Turn a pyoxigraph term into a plain Python value."""
    if value is None:
        return None
    if type(value) is _Literal:
        text = value.value
        datatype = value.datatype.value
        conv = _CONVERTERS.get(datatype)
        if conv is None:
            conv = _converter(datatype)
        return conv(text) if conv else text
    return value.value


def _os_reason(exc: OSError) -> str:
    """``the disk is full`` for ENOSPC/EDQUOT, else the system's own words."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT) or "No space left" in str(exc):
        return "the disk is full"
    return str(exc)


class GraphStore:
    """A persistent quad store where each article owns one named graph.

    Writing an article replaces its graph in one transaction, so a failure
    leaves the store as it was before that article.
    """

    def __init__(self, path: Path | str = DEFAULT_STORE, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"no store at {self.path}: run `kg build <articles>` first or pass --store PATH")
        try:
            if read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(
                f"cannot open the store at {self.path}: {exc}. Is another kg command using it?"
            ) from exc

    # ------------------------------------------------------------ writing

    def has_article(self, article_id: str) -> bool:
        """True when the article's graph is already stored."""
        return self._store.contains_named_graph(ox.NamedNode(str(article_iri(article_id))))

    def put_article(self, graph: Graph, *, replaces: str | None = None) -> None:
        """Write the article graph named ``graph.identifier`` atomically.

        ``replaces`` names an older graph of the same source (a changed
        article) that is dropped in the same transaction.
        """
        self.put_ntriples(str(graph.identifier), graph.serialize(format="nt"), replaces=replaces)

    def put_ntriples(self, name: str, body: str, *, replaces: str | None = None) -> None:
        """Write the graph ``name`` from N-Triples text atomically (see :meth:`put_article`)."""
        try:
            graph = ox.NamedNode(name)
            if replaces is None and not self._store.contains_named_graph(graph):
                # A new graph: one load, itself a transaction, parses N-Triples faster
                # than the same triples inside a SPARQL update.
                self._store.load(body, ox.RdfFormat.N_TRIPLES, to_graph=graph)
                return
            drops = "".join(f"DROP SILENT GRAPH <{g}> ;\n" for g in {name, replaces} if g)
            self._store.update(f"{drops}INSERT DATA {{ GRAPH <{name}> {{\n{body}\n}} }}")
        except (OSError, SyntaxError, ValueError) as exc:
            reason = _os_reason(exc) if isinstance(exc, OSError) else str(exc)
            raise StoreError(f"writing graph {name} failed, the store is unchanged: {reason}") from exc

    def remove_article(self, article_id: str) -> bool:
        """Drop one article's graph; True when it existed."""
        name = ox.NamedNode(str(article_iri(article_id)))
        if not self._store.contains_named_graph(name):
            return False
        self._store.remove_graph(name)
        return True

    def flush(self) -> None:
        """Make sure everything written is on disk."""
        try:
            self._store.flush()
        except OSError as exc:
            raise StoreError(
                f"cannot flush the store at {self.path}: {_os_reason(exc)}. Every article in it is "
                "complete (each is written in one transaction); once there is room, run the command "
                "again (an interrupted `kg build` finishes its batch from its journal)."
            ) from exc

    # ------------------------------------------------------------ reading

    def article_graphs(self) -> list[str]:
        """IRIs of all article graphs, sorted."""
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self._store)

    def select(self, query: str, **bindings: str) -> Iterator[dict[str, Any]]:
        """Run a SPARQL SELECT over the union of all graphs; yield rows as dicts.

        ``bindings`` substitute ``?name`` variables with IRIs or plain strings
        through SPARQL ``VALUES``-free substitution done by pyoxigraph, never
        by string formatting.
        """
        names, rows = self.select_tuples(query, **bindings)
        for row in rows:
            yield dict(zip(names, row, strict=True))

    def select_tuples(self, query: str, **bindings: str) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
        """:meth:`select` as (variable names, rows as tuples in that order).

        For readers of large results (``read.relations``) that index columns by position
        and need no dict per row.
        """
        subs = {
            ox.Variable(k): (ox.NamedNode(v) if v.startswith("http") else ox.Literal(v))
            for k, v in bindings.items()
        }
        results = self._store.query(
            f"{_PREFIXES}\n{query}", use_default_graph_as_union=True, substitutions=subs
        )
        names = [v.value for v in results.variables]
        term = _term
        return names, (tuple(map(term, solution)) for solution in results)

    def raw_query(self, query: str) -> Any:
        """Run a SPARQL query over the union of all graphs; pyoxigraph's result object.

        Raises pyoxigraph's ``SyntaxError`` for a bad query (see :mod:`kg_builder.rdf.query`).
        """
        return self._store.query(query, use_default_graph_as_union=True)

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """The quads of one named graph, or of the whole dataset."""
        name = ox.NamedNode(graph) if graph else None
        return iter(self._store.quads_for_pattern(None, None, None, name))

    def drop_graphs(self, names: list[str]) -> None:
        """Drop the named graphs ``names`` in one transaction (all or none)."""
        if not names:
            return
        for name in names:
            ox.NamedNode(name)  # ValueError on an invalid IRI, before anything is dropped
        update = " ;\n".join(f"DROP SILENT GRAPH <{name}>" for name in names)
        try:
            self._store.update(update)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"removing {len(names)} graph(s) failed, the store is unchanged: {exc}") from exc

    def dump(self, out: IO[bytes], fmt: str) -> None:
        """Serialize the whole dataset (``trig``, ``nq``, ``jsonld``) or its union (``ttl``, ``nt``)."""
        rdf_format = _FORMATS[fmt]
        if fmt in ("trig", "nq", "jsonld"):
            self._store.dump(out, rdf_format)
            return
        # Triple formats get the union of all article graphs without duplicates.
        seen: set[tuple[Any, Any, Any]] = set()
        triples: list[ox.Triple] = []
        for quad in self._store.quads_for_pattern(None, None, None, None):
            key = (quad.subject, quad.predicate, quad.object)
            if key not in seen:
                seen.add(key)
                triples.append(ox.Triple(*key))
        ox.serialize(triples, out, rdf_format, prefixes={"kg": str(KG), "id": str(ID)})

    def graph(self, iri: str) -> Graph:
        """Return one named graph as an rdflib graph (for exports and tests)."""
        from rdflib import URIRef

        from kg_builder.rdf.mapping import new_graph

        g = new_graph(URIRef(iri))
        data = ox.serialize(
            (
                ox.Triple(q.subject, q.predicate, q.object)
                for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(iri))
            ),
            format=ox.RdfFormat.N_TRIPLES,
        )
        g.parse(data=data.decode("utf-8"), format="nt")
        return g

    def close(self) -> None:
        """Flush and release the store (its RocksDB lock), even when the flush fails."""
        if not hasattr(self, "_store"):
            return
        try:
            if not self.read_only:
                self.flush()
        finally:
            del self._store

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
