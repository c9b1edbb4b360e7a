"""Map one article's resolved extraction result to its named graph."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.plugins.serializers.nt import _nt_row

from kg_builder.errors import ValidationError
from kg_builder.models import ArticleResult, Entity
from kg_builder.rdf.namespaces import (
    KG,
    PLOVER,
    PREFIXES,
    WD,
    article_iri,
    assertion_iri,
    entity_iri,
    extractor_iri,
    predicate_iri,
)
from kg_builder.rdf.ontology import load_ontology
from kg_builder.rdf.validate import Triple


def new_graph(identifier: URIRef | None = None) -> Graph:
    """An rdflib graph with the project's prefixes bound."""
    graph = Graph(identifier=identifier)
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph


def _lang_literal(text: str, lang: str | None) -> Literal:
    return Literal(text, lang=lang) if lang else Literal(text)


def article_graph(result: ArticleResult, entities: Mapping[str, Entity]) -> Graph:
    """Build the named graph of one article.

    ``entities`` maps every key used by the result's mentions and assertions
    to its canonical :class:`Entity`. The graph holds the article's metadata,
    a description of each entity it mentions (so the graph stands alone and
    replacing the article replaces all it contributed), and one reified
    ``kg:Assertion`` per relation with its provenance and evidence.
    """
    g = new_graph(article_iri(result.article.id))
    g.addN((s, p, o, g) for s, p, o in article_triples(result, entities))
    return g


def article_triples(result: ArticleResult, entities: Mapping[str, Entity]) -> list[Triple]:
    """The triples of :func:`article_graph`, each once, in a list (no rdflib graph).

    What ``kg build`` validates and writes: building an rdflib graph costs more than
    the mapping itself and the build needs only the triples and their N-Triples.
    """
    article = result.article
    a_iri = article_iri(article.id)
    out: dict[Triple, None] = {}  # ordered and without repeats, like a graph

    def add(triple: Triple) -> None:
        out[triple] = None

    add((a_iri, RDF.type, KG.Article))
    add((a_iri, KG.contentHash, Literal(article.id)))
    add((a_iri, KG.sourceName, Literal(article.source)))
    if article.key:
        add((a_iri, KG.sourceKey, Literal(article.key)))
    add((a_iri, KG.wordCount, Literal(article.word_count, datatype=XSD.integer)))
    if article.lang:
        add((a_iri, DCTERMS.language, Literal(article.lang)))
    if article.title:
        add((a_iri, DCTERMS.title, _lang_literal(article.title, article.lang)))
    if article.url:
        add((a_iri, DCTERMS.source, Literal(article.url, datatype=XSD.anyURI)))
    if article.published:
        add((a_iri, DCTERMS.issued, Literal(article.published, datatype=XSD.date)))

    used = {m.key for m in result.mentions}
    for assertion in result.assertions:
        used.update(k for k in (assertion.subject, assertion.object, assertion.speaker) if k)
    for key in sorted(used):
        entity = entities.get(key)
        if entity is None:
            raise ValidationError(f"article {article.source}: entity key {key!r} was never resolved")
        e_iri = entity_iri(entity.key)
        add((e_iri, RDF.type, KG.Entity))
        add((e_iri, RDF.type, KG[entity.type]))
        add((e_iri, SKOS.prefLabel, Literal(entity.label)))
        add((e_iri, RDFS.label, Literal(entity.label)))
        add((e_iri, KG.key, Literal(entity.key)))
        add((e_iri, KG.mentionedIn, a_iri))
        if entity.qid:
            add((e_iri, KG.wikidata, Literal(entity.qid)))
            add((e_iri, OWL.sameAs, WD[entity.qid]))
    for mention in result.mentions:
        e_iri = entity_iri(mention.key)
        surface = _lang_literal(mention.text, article.lang)
        add((e_iri, KG.surfaceForm, surface))
        if mention.text != entities[mention.key].label:
            add((e_iri, SKOS.altLabel, surface))

    predicates = load_ontology().predicates
    for assertion in result.assertions:
        pdef = predicates.get(assertion.predicate)
        if pdef is None:
            raise ValidationError(
                f"article {article.source}: predicate {assertion.predicate!r} is not in the ontology"
            )
        ev = assertion.evidence
        s_iri, o_iri = entity_iri(assertion.subject), entity_iri(assertion.object)
        x_iri = assertion_iri(
            article.id,
            assertion.subject,
            assertion.predicate,
            assertion.object,
            assertion.polarity,
            assertion.modality,
            ev.start,
            ev.end,
        )
        ev_iri = URIRef(f"{x_iri}/evidence")
        agent = extractor_iri(assertion.extractor, assertion.extractor_version)
        add((x_iri, RDF.type, KG.Assertion))
        add((x_iri, RDF.subject, s_iri))
        add((x_iri, RDF.predicate, predicate_iri(assertion.predicate)))
        add((x_iri, RDF.object, o_iri))
        if assertion.plover:
            add((x_iri, KG.plover, PLOVER[assertion.plover]))
        add((x_iri, KG.polarity, Literal(assertion.polarity)))
        add((x_iri, KG.modality, Literal(assertion.modality)))
        confidence = Decimal(str(round(assertion.confidence, 3)))
        add((x_iri, KG.confidence, Literal(confidence, datatype=XSD.decimal)))
        add((x_iri, KG.rule, Literal(assertion.rule)))
        if assertion.speaker:
            add((x_iri, KG.speaker, entity_iri(assertion.speaker)))
        if assertion.date:
            add((x_iri, KG.eventDate, Literal(assertion.date, datatype=XSD.date)))
        add((x_iri, PROV.wasDerivedFrom, a_iri))
        add((x_iri, PROV.wasAttributedTo, agent))
        add((x_iri, KG.evidence, ev_iri))
        add((ev_iri, RDF.type, KG.Evidence))
        add((ev_iri, KG.sentence, _lang_literal(ev.text, article.lang)))
        add((ev_iri, KG.start, Literal(ev.start, datatype=XSD.integer)))
        add((ev_iri, KG.end, Literal(ev.end, datatype=XSD.integer)))
        add((agent, RDF.type, KG.Extractor))
        add((agent, RDFS.label, Literal(assertion.extractor)))
        add((agent, KG.version, Literal(assertion.extractor_version)))
        # A fact the article states plainly also gets the direct edge, so plain
        # RDF consumers see "Russia invades Ukraine" without reading reification.
        if assertion.polarity == "positive" and assertion.modality == "asserted":
            add((s_iri, predicate_iri(assertion.predicate), o_iri))
    return list(out)


def ntriples(triples: Iterable[Triple]) -> str:
    """N-Triples of ``triples``, as rdflib serializes a graph (one line each)."""
    return "".join(map(_nt_row, triples))
