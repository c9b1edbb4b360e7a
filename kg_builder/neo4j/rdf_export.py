"""Neo4j back to RDF: ``kg export --from-neo4j``.

Rebuilds, from the graph ``kg load`` wrote, one named graph per article exactly as the
mapping (:func:`kg_builder.rdf.mapping.article_graph`) writes it into the store:

* the ``(:Article)`` node gives the article's description (``kg:Article``, content hash,
  source name, word count, language, title tagged with the article's language, URL,
  publication date);
* each ``MENTIONED_IN`` edge gives one entity description in that article's graph (types,
  ``skos:prefLabel``/``rdfs:label``, key, Wikidata id and ``owl:sameAs``,
  ``kg:mentionedIn``) and its surface forms there (``kg:surfaceForm``, and
  ``skos:altLabel`` for those that differ from the label), tagged with the article's
  language, which is how the mapping tags them;
* each assertion relationship gives the reified ``kg:Assertion`` with its evidence
  (``<assertion>/evidence``), its extractor (``prov:SoftwareAgent`` minted from name and
  version), and the direct triple when it is positive and asserted.

What the Neo4j model cannot give back is listed in the README ("Neo4j back to RDF").
Three streaming reads (articles, mentions and assertions, each ordered by article), so
memory holds one article's graph at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import groupby
from operator import itemgetter
from typing import IO, Any

import pyoxigraph as ox

from kg_builder.errors import Neo4jError, Neo4jUnavailableError
from kg_builder.neo4j.queries import cypher_file, relationship_types
from kg_builder.rdf.namespaces import KG, PLOVER, PREFIXES, WD, extractor_iri

__all__ = ["FORMATS", "export_from_neo4j"]

FORMATS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS}

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_N = ox.NamedNode
_TYPE = _N(_RDF + "type")
_KG = {name: _N(f"{KG}{name}") for name in (
    "Article", "Entity", "Assertion", "Evidence", "Extractor", "contentHash", "sourceName", "sourceKey",
    "wordCount", "key", "wikidata", "mentionedIn", "surfaceForm", "plover", "polarity",
    "modality", "confidence", "rule", "speaker", "eventDate", "evidence", "sentence", "start",
    "end", "version",
)}  # fmt: skip
_DC_LANGUAGE = _N("http://purl.org/dc/terms/language")
_DC_TITLE = _N("http://purl.org/dc/terms/title")
_DC_SOURCE = _N("http://purl.org/dc/terms/source")
_DC_ISSUED = _N("http://purl.org/dc/terms/issued")
_PREF_LABEL = _N("http://www.w3.org/2004/02/skos/core#prefLabel")
_ALT_LABEL = _N("http://www.w3.org/2004/02/skos/core#altLabel")
_RDFS_LABEL = _N("http://www.w3.org/2000/01/rdf-schema#label")
_SAME_AS = _N("http://www.w3.org/2002/07/owl#sameAs")
_PROV_DERIVED = _N("http://www.w3.org/ns/prov#wasDerivedFrom")
_PROV_ATTRIBUTED = _N("http://www.w3.org/ns/prov#wasAttributedTo")
_SUBJECT, _PREDICATE, _OBJECT = _N(_RDF + "subject"), _N(_RDF + "predicate"), _N(_RDF + "object")
_INTEGER, _DECIMAL, _DATE, _ANY_URI = (_N(_XSD + t) for t in ("integer", "decimal", "date", "anyURI"))


def _text(value: str, lang: str | None) -> ox.Literal:
    return ox.Literal(value, language=lang) if lang else ox.Literal(value)


def _iso(value: Any) -> str:
    """A Neo4j Date (or the text the loader kept when a date did not parse) as text."""
    return value.iso_format() if hasattr(value, "iso_format") else str(value)


def _decimal(value: float) -> str:
    """xsd:decimal in the canonical form the store keeps (``1``, ``0.5``, ``0.456``): the
    mapping rounds confidence to 3 decimals, and ``repr`` of that float is its shortest text."""
    text = format(Decimal(repr(float(value))).normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _article_triples(a: dict[str, Any]) -> Iterator[tuple[Any, Any, Any]]:
    g = _N(a["article"])
    yield g, _TYPE, _KG["Article"]
    if a["hash"] is not None:
        yield g, _KG["contentHash"], ox.Literal(a["hash"])
    if a["doc"] is not None:
        yield g, _KG["sourceName"], ox.Literal(a["doc"])
    if a.get("key") is not None:
        yield g, _KG["sourceKey"], ox.Literal(a["key"])
    if a["words"] is not None:
        yield g, _KG["wordCount"], ox.Literal(str(int(a["words"])), datatype=_INTEGER)
    if a["lang"]:
        yield g, _DC_LANGUAGE, ox.Literal(a["lang"])
    if a["title"]:
        yield g, _DC_TITLE, _text(a["title"], a["lang"])
    if a["url"]:
        yield g, _DC_SOURCE, ox.Literal(a["url"], datatype=_ANY_URI)
    if a["published"] is not None:
        yield g, _DC_ISSUED, ox.Literal(_iso(a["published"]), datatype=_DATE)


def _entity_triples(m: dict[str, Any], g: ox.NamedNode, lang: str | None) -> Iterator[tuple[Any, Any, Any]]:
    e = _N(m["uri"])
    yield e, _TYPE, _KG["Entity"]
    if m["type"]:
        yield e, _TYPE, _N(f"{KG}{m['type']}")
    if m["label"] is not None:
        yield e, _PREF_LABEL, ox.Literal(m["label"])
        yield e, _RDFS_LABEL, ox.Literal(m["label"])
    if m["key"] is not None:
        yield e, _KG["key"], ox.Literal(m["key"])
    yield e, _KG["mentionedIn"], g
    if m["qid"]:
        yield e, _KG["wikidata"], ox.Literal(m["qid"])
        yield e, _SAME_AS, _N(f"{WD}{m['qid']}")
    for form in m["forms"] or ():
        surface = _text(form, lang)
        yield e, _KG["surfaceForm"], surface
        if form != m["label"]:
            yield e, _ALT_LABEL, surface


def _assertion_triples(r: dict[str, Any], lang: str | None) -> Iterator[tuple[Any, Any, Any]]:
    x, s, o = _N(r["uri"]), _N(r["s"]), _N(r["o"])
    predicate = _N(f"{KG}{r['predicate']}")
    evidence = _N(f"{r['uri']}/evidence")
    agent = _N(str(extractor_iri(r["extractor"], r["extractor_version"])))
    yield x, _TYPE, _KG["Assertion"]
    yield x, _SUBJECT, s
    yield x, _PREDICATE, predicate
    yield x, _OBJECT, o
    if r["plover"]:
        yield x, _KG["plover"], _N(f"{PLOVER}{r['plover']}")
    yield x, _KG["polarity"], ox.Literal(r["polarity"])
    yield x, _KG["modality"], ox.Literal(r["modality"])
    yield x, _KG["confidence"], ox.Literal(_decimal(r["confidence"]), datatype=_DECIMAL)
    yield x, _KG["rule"], ox.Literal(r["rule"])
    if r["speaker"]:
        yield x, _KG["speaker"], _N(r["speaker"])
    if r["date"] is not None:
        yield x, _KG["eventDate"], ox.Literal(_iso(r["date"]), datatype=_DATE)
    yield x, _PROV_DERIVED, _N(r["article"])
    yield x, _PROV_ATTRIBUTED, agent
    yield x, _KG["evidence"], evidence
    yield evidence, _TYPE, _KG["Evidence"]
    yield evidence, _KG["sentence"], _text(r["sentence"], lang)
    yield evidence, _KG["start"], ox.Literal(str(int(r["start"])), datatype=_INTEGER)
    yield evidence, _KG["end"], ox.Literal(str(int(r["end"])), datatype=_INTEGER)
    yield agent, _TYPE, _KG["Extractor"]
    yield agent, _RDFS_LABEL, ox.Literal(r["extractor"])
    yield agent, _KG["version"], ox.Literal(r["extractor_version"])
    if r["polarity"] == "positive" and r["modality"] == "asserted":
        yield s, predicate, o


def _graphs(
    article_rows: list[dict[str, Any]],
    mention_rows: Iterable[dict[str, Any]],
    assertion_rows: Iterable[dict[str, Any]],
) -> Iterator[ox.Quad]:
    """Quads article by article; the three inputs are ordered by article uri."""
    by_article = itemgetter("article")
    articles = iter(article_rows)
    mentions = groupby(mention_rows, key=by_article)
    assertions = groupby(assertion_rows, key=by_article)
    end = object()
    a, m, r = next(articles, end), next(mentions, end), next(assertions, end)
    while a is not end or m is not end or r is not end:
        keys = [row["article"] for row in (a,) if row is not end]
        keys += [group[0] for group in (m, r) if group is not end]
        current = min(keys)
        name = _N(current)
        lang = a["lang"] if a is not end and a["article"] == current else None
        triples: dict[tuple[Any, Any, Any], None] = {}  # an ordered set: agents repeat
        if a is not end and a["article"] == current:
            triples.update(dict.fromkeys(_article_triples(a)))
            a = next(articles, end)
        if m is not end and m[0] == current:
            for row in m[1]:
                triples.update(dict.fromkeys(_entity_triples(row, name, lang)))
            m = next(mentions, end)
        if r is not end and r[0] == current:
            for row in r[1]:
                triples.update(dict.fromkeys(_assertion_triples(row, lang)))
            r = next(assertions, end)
        for s, p, o in triples:
            yield ox.Quad(s, p, o, name)


def _stream(driver: Any, database: str | None, name: str, **params: Any) -> Iterator[dict[str, Any]]:
    """Records of one export statement, streamed in their own read session."""
    import neo4j

    with driver.session(
        database=database, default_access_mode=neo4j.READ_ACCESS, notifications_min_severity="OFF"
    ) as session:
        for record in session.run(cypher_file(name).text, params):
            yield record.data()


def export_from_neo4j(driver: Any, *, database: str | None, fmt: str, out: IO[bytes]) -> int:
    """Write the graph loaded into Neo4j as RDF (``trig`` or ``nq``); return the quad count."""
    from neo4j.exceptions import DriverError, ServiceUnavailable
    from neo4j.exceptions import Neo4jError as DriverNeo4jError

    if fmt not in FORMATS:
        raise Neo4jError(f"--from-neo4j writes {' or '.join(FORMATS)}, not {fmt}")
    count = 0

    def counted(quads: Iterator[ox.Quad]) -> Iterator[ox.Quad]:
        nonlocal count
        for quad in quads:
            count += 1
            yield quad

    try:
        article_rows = list(_stream(driver, database, "export/articles"))
        types = sorted(set(relationship_types().values()))
        quads = _graphs(
            article_rows,
            _stream(driver, database, "export/mentions"),
            _stream(driver, database, "export/assertions", types=types),
        )
        prefixes = {p: str(ns) for p, ns in PREFIXES.items() if p != "id"} if fmt == "trig" else None
        ox.serialize(counted(quads), out, FORMATS[fmt], prefixes=prefixes)
    except ServiceUnavailable as exc:
        raise Neo4jUnavailableError(f"Neo4j stopped answering during the export: {exc}") from exc
    except (DriverError, DriverNeo4jError) as exc:
        raise Neo4jError(f"reading the graph from Neo4j failed: {exc}") from exc
    return count
