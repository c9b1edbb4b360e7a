"""Map one article's resolved extraction result to its named graph."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

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
    article = result.article
    a_iri = article_iri(article.id)
    g = new_graph(a_iri)
    g.add((a_iri, RDF.type, KG.Article))
    g.add((a_iri, KG.contentHash, Literal(article.id)))
    g.add((a_iri, KG.sourceName, Literal(article.source)))
    if article.key:
        g.add((a_iri, KG.sourceKey, Literal(article.key)))
    g.add((a_iri, KG.wordCount, Literal(article.word_count, datatype=XSD.integer)))
    if article.lang:
        g.add((a_iri, DCTERMS.language, Literal(article.lang)))
    if article.title:
        g.add((a_iri, DCTERMS.title, _lang_literal(article.title, article.lang)))
    if article.url:
        g.add((a_iri, DCTERMS.source, Literal(article.url, datatype=XSD.anyURI)))
    if article.published:
        g.add((a_iri, DCTERMS.issued, Literal(article.published, datatype=XSD.date)))

    used = {m.key for m in result.mentions}
    for assertion in result.assertions:
        used.update(k for k in (assertion.subject, assertion.object, assertion.speaker) if k)
    for key in sorted(used):
        entity = entities.get(key)
        if entity is None:
            raise ValidationError(f"article {article.source}: entity key {key!r} was never resolved")
        e_iri = entity_iri(entity.key)
        g.add((e_iri, RDF.type, KG.Entity))
        g.add((e_iri, RDF.type, KG[entity.type]))
        g.add((e_iri, SKOS.prefLabel, Literal(entity.label)))
        g.add((e_iri, RDFS.label, Literal(entity.label)))
        g.add((e_iri, KG.key, Literal(entity.key)))
        g.add((e_iri, KG.mentionedIn, a_iri))
        if entity.qid:
            g.add((e_iri, KG.wikidata, Literal(entity.qid)))
            g.add((e_iri, OWL.sameAs, WD[entity.qid]))
    for mention in result.mentions:
        e_iri = entity_iri(mention.key)
        surface = _lang_literal(mention.text, article.lang)
        g.add((e_iri, KG.surfaceForm, surface))
        if mention.text != entities[mention.key].label:
            g.add((e_iri, SKOS.altLabel, surface))

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
        g.add((x_iri, RDF.type, KG.Assertion))
        g.add((x_iri, RDF.subject, s_iri))
        g.add((x_iri, RDF.predicate, predicate_iri(assertion.predicate)))
        g.add((x_iri, RDF.object, o_iri))
        if assertion.plover:
            g.add((x_iri, KG.plover, PLOVER[assertion.plover]))
        g.add((x_iri, KG.polarity, Literal(assertion.polarity)))
        g.add((x_iri, KG.modality, Literal(assertion.modality)))
        confidence = Decimal(str(round(assertion.confidence, 3)))
        g.add((x_iri, KG.confidence, Literal(confidence, datatype=XSD.decimal)))
        g.add((x_iri, KG.rule, Literal(assertion.rule)))
        if assertion.speaker:
            g.add((x_iri, KG.speaker, entity_iri(assertion.speaker)))
        if assertion.date:
            g.add((x_iri, KG.eventDate, Literal(assertion.date, datatype=XSD.date)))
        g.add((x_iri, PROV.wasDerivedFrom, a_iri))
        g.add((x_iri, PROV.wasAttributedTo, agent))
        g.add((x_iri, KG.evidence, ev_iri))
        g.add((ev_iri, RDF.type, KG.Evidence))
        g.add((ev_iri, KG.sentence, _lang_literal(ev.text, article.lang)))
        g.add((ev_iri, KG.start, Literal(ev.start, datatype=XSD.integer)))
        g.add((ev_iri, KG.end, Literal(ev.end, datatype=XSD.integer)))
        g.add((agent, RDF.type, KG.Extractor))
        g.add((agent, RDFS.label, Literal(assertion.extractor)))
        g.add((agent, KG.version, Literal(assertion.extractor_version)))
        # A fact the article states plainly also gets the direct edge, so plain
        # RDF consumers see "Russia invades Ukraine" without reading reification.
        if assertion.polarity == "positive" and assertion.modality == "asserted":
            g.add((s_iri, predicate_iri(assertion.predicate), o_iri))
    return g
