"""SPARQL over the embedded store: ``kg sparql``.

The query runs on pyoxigraph with the union of all article graphs as its default graph
(``GRAPH ?g { ... }`` still reaches each article's own graph) and with the project's
prefixes declared (``kg:``, ``id:``, ``skos:``, ``prov:``, ...; a query may redeclare
them). SELECT and ASK results print as a table, as SPARQL 1.1 CSV or as SPARQL 1.1 JSON
results; CONSTRUCT and DESCRIBE results as Turtle or N-Triples. Output streams, except the
table, which is built in memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import pyoxigraph as ox

from kg_builder.errors import QueryError
from kg_builder.rdf.store import SPARQL_PREFIXES, GraphStore

__all__ = ["FORMATS", "SparqlResult", "run_sparql", "write_result"]

#: Output formats by result kind; the first is the default.
FORMATS: dict[str, tuple[str, ...]] = {
    "select": ("table", "csv", "json"),
    "ask": ("table", "csv", "json"),
    "graph": ("ttl", "nt"),
}

_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>|#[^\n]*)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_WHERE = re.compile(r"error at (\d+):(\d+)")


@dataclass
class SparqlResult:
    """A query's answer: ``kind`` is ``select``, ``ask`` or ``graph`` (CONSTRUCT, DESCRIBE)."""

    kind: str
    raw: Any  # pyoxigraph QuerySolutions, QueryBoolean or QueryTriples

    @property
    def variables(self) -> list[str]:
        """Column names of a SELECT, in projection order."""
        return [v.value for v in self.raw.variables] if self.kind == "select" else []


def _one_line(message: str, limit: int = 300) -> str:
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _syntax_message(message: str) -> str:
    """The parser's message on one line, its position in the user's query (the prefixes'
    line removed) and without the character classes it lists for an undeclared prefix."""
    message = _WHERE.sub(lambda m: f"line {int(m[1]) - 1}, column {m[2]}", message)
    if "Prefix not found" in message:
        where = message.split(":", 1)[0].replace("error at ", "")
        declared = ", ".join(p.rstrip(":") for p in _SHORT.values())
        return f"{where}: undeclared prefix (declare it with PREFIX name: <IRI>; predeclared: {declared})"
    return _one_line(message)


def run_sparql(store: GraphStore, query: str) -> SparqlResult:
    """Parse and start ``query`` over the store; raise :class:`QueryError` on a bad query.

    Rows are produced lazily: iterate (or :func:`write_result`) while the store is open.
    """
    if not query.strip():
        raise QueryError("the SPARQL query is empty; pass it as an argument or with --file FILE")
    if _UPDATE.match(query):
        raise QueryError(
            "kg sparql runs queries (SELECT, ASK, CONSTRUCT, DESCRIBE), not updates; the store "
            "changes only through kg build, kg remove and kg import"
        )
    try:
        # The prefixes take one line of their own, so the parser's line numbers are the
        # query's own plus one (corrected below).
        raw = store.raw_query(SPARQL_PREFIXES + "\n" + query)
    except SyntaxError as exc:
        raise QueryError(f"bad SPARQL query: {_syntax_message(str(exc))}") from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"the SPARQL query failed: {_one_line(str(exc))}") from None
    if isinstance(raw, ox.QueryBoolean):
        return SparqlResult("ask", raw)
    if isinstance(raw, ox.QueryTriples):
        return SparqlResult("graph", raw)
    return SparqlResult("select", raw)


def check_format(result: SparqlResult, fmt: str | None) -> str:
    """The output format to use: ``fmt`` when it fits the result's kind, else an error."""
    allowed = FORMATS[result.kind]
    if fmt is None:
        return allowed[0]
    if fmt not in allowed:
        what = {"select": "a SELECT", "ask": "an ASK", "graph": "a CONSTRUCT or DESCRIBE"}[result.kind]
        raise QueryError(f"--format {fmt} does not fit {what} query; use one of {', '.join(allowed)}")
    return fmt


_SHORT = {ns: f"{prefix}:" for prefix, ns in re.findall(r"PREFIX (\w+): <([^>]+)>", SPARQL_PREFIXES)}


def cell(term: Any) -> str:
    """A term as a table cell: IRIs shortened with the project's prefixes, literals as text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        for ns, prefix in _SHORT.items():
            if iri.startswith(ns):
                return prefix + iri[len(ns) :]
        return f"<{iri}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value + (f"@{term.language}" if term.language else "")
    return str(term)


def table_rows(result: SparqlResult) -> Iterator[tuple[str, ...]]:
    """SELECT rows (or the one ASK answer) as table cells."""
    try:
        if result.kind == "ask":
            yield (str(bool(result.raw)).lower(),)
            return
        for solution in result.raw:
            yield tuple(cell(term) for term in solution)
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"the SPARQL query failed: {_one_line(str(exc))}") from None


def _distinct(triples: Iterator[ox.Triple]) -> Iterator[ox.Triple]:
    """Each triple once: over the union of article graphs, CONSTRUCT and DESCRIBE yield a
    triple once per graph that holds it (an entity's label, say), and a graph is a set."""
    seen: set[ox.Triple] = set()
    for triple in triples:
        if triple not in seen:
            seen.add(triple)
            yield triple


def write_result(result: SparqlResult, *, fmt: str, out: IO[bytes]) -> None:
    """Stream the result to ``out`` as ``csv`` / ``json`` (SPARQL 1.1 results) or ``ttl`` / ``nt``."""
    try:
        if fmt in ("csv", "json"):
            kind = ox.QueryResultsFormat.CSV if fmt == "csv" else ox.QueryResultsFormat.JSON
            result.raw.serialize(out, kind)
            if fmt == "json" or result.kind == "ask":
                out.write(b"\n")  # pyoxigraph ends neither with a newline
        elif fmt in ("ttl", "nt"):
            rdf = ox.RdfFormat.TURTLE if fmt == "ttl" else ox.RdfFormat.N_TRIPLES
            # Not id: (its local names hold slashes, which Turtle would escape).
            prefixes = {p.rstrip(":"): ns for ns, p in _SHORT.items() if p != "id:"} if fmt == "ttl" else None
            ox.serialize(_distinct(result.raw), out, rdf, prefixes=prefixes)
        else:
            raise QueryError(f"unknown output format {fmt!r}")
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"the SPARQL query failed: {_one_line(str(exc))}") from None
