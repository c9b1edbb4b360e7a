"""RDF mapping, SHACL validation, the pyoxigraph store, and the exporters."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from decimal import Decimal

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg_builder.errors import ValidationError
from kg_builder.export import export
from kg_builder.models import (
    Article,
    ArticleResult,
    Assertion,
    Entity,
    Evidence,
    Mention,
    content_hash,
)
from kg_builder.rdf.mapping import article_graph, article_triples, ntriples
from kg_builder.rdf.namespaces import KG, article_iri, entity_iri
from kg_builder.rdf.ontology import load_ontology
from kg_builder.rdf.read import relations
from kg_builder.rdf.store import GraphStore
from kg_builder.rdf.validate import _compiled, _pyshacl_violations, check, conforms_fast, violations

TEXT = "Russia invaded Ukraine. Putin did not meet Zelensky."
ENTITIES = {
    "wd:Q159": Entity("wd:Q159", "Russia", "Country", "Q159"),
    "wd:Q212": Entity("wd:Q212", "Ukraine", "Country", "Q212"),
    "Person:Putin": Entity("Person:Putin", "Vladimir Putin", "Person"),
    "Person:Zelensky": Entity("Person:Zelensky", "Volodymyr Zelensky", "Person"),
}


def make_result(text: str = TEXT, source: str = "doc1") -> ArticleResult:
    article = Article(
        id=content_hash(text),
        text=text,
        source=source,
        title="T",
        lang="en",
        published="2024-01-02",
    )

    def assertion(s: str, p: str, o: str, plover: str, polarity: str, start: int, end: int) -> Assertion:
        return Assertion(
            s,
            p,
            o,
            plover,
            polarity,
            "asserted",
            0.9,
            Evidence(text[start:end], start, end),
            "test",
            "test-extractor",
            "1.0",
        )

    return ArticleResult(
        article=article,
        mentions=(
            Mention("Russia", 0, 6, "Country", "wd:Q159", "Russia", "Q159", "dictionary"),
            Mention("Ukraine", 15, 22, "Country", "wd:Q212", "Ukraine", "Q212", "dictionary"),
            Mention("Putin", 24, 29, "Person", "Person:Putin", "Putin"),
            Mention("Zelensky", 43, 51, "Person", "Person:Zelensky", "Zelensky"),
        ),
        assertions=(
            assertion("wd:Q159", "invades", "wd:Q212", "ASSAULT", "positive", 0, 23),
            assertion("Person:Putin", "meets", "Person:Zelensky", "CONSULT", "negative", 24, 52),
        ),
    )


def test_ontology_predicates_have_plover_types_and_neo4j_names() -> None:
    predicates = load_ontology().predicates
    assert predicates["invades"].plover == "ASSAULT"
    assert predicates["holdsRole"].plover is None
    assert predicates["holdsRole"].neo4j_type == "HOLDS_ROLE"
    assert predicates["meets"].symmetric
    plover_types = {p.plover for p in predicates.values() if p.plover}
    assert len(plover_types) == 16


def test_article_graph_is_valid_and_carries_provenance() -> None:
    graph = article_graph(make_result(), ENTITIES)
    assert violations([graph]) == []
    a_iri = article_iri(content_hash(TEXT))
    assert graph.identifier == a_iri
    assertions = list(graph.subjects(RDF.type, KG.Assertion))
    assert len(assertions) == 2
    # Only the positive asserted relation becomes a direct edge.
    assert (entity_iri("wd:Q159"), KG.invades, entity_iri("wd:Q212")) in graph
    assert (entity_iri("Person:Putin"), KG.meets, entity_iri("Person:Zelensky")) not in graph


def test_shacl_violation_names_focus_node_and_shape() -> None:
    result = make_result()
    bad = replace(result, assertions=(replace(result.assertions[0], confidence=1.5),))
    graph = article_graph(bad, ENTITIES)
    found = violations([graph])
    assert found, "confidence 1.5 must violate the shape"
    assert "assertion/" in found[0].focus_node
    assert "AssertionShape" in found[0].shape
    with pytest.raises(ValidationError, match="AssertionShape"):
        check([graph])


def test_article_triples_are_the_graph_and_its_ntriples() -> None:
    result = make_result()
    triples = article_triples(result, ENTITIES)
    graph = article_graph(result, ENTITIES)
    assert len(triples) == len(set(triples)) == len(graph)
    assert set(triples) == set(graph)
    parsed = Graph().parse(data=ntriples(triples), format="nt")
    assert set(parsed) == set(Graph().parse(data=graph.serialize(format="nt"), format="nt"))


def test_the_shapes_compile_to_the_fast_check() -> None:
    # Else every build falls back to pyshacl alone (correct, but several times slower).
    assert _compiled() is not None


def _mutations() -> dict[str, list[tuple[object, object, object]]]:
    """One broken variant of a valid article graph per constraint the shapes state."""
    # Imported here: pytest probes module globals, and XSD warns on unknown attributes.
    from rdflib.namespace import DCTERMS, RDFS, SKOS, XSD

    result = make_result()
    triples = article_triples(result, ENTITIES)
    a_iri = article_iri(result.article.id)
    x_iri = next(s for s, p, o in triples if o == KG.Assertion)
    ev_iri = next(o for s, p, o in triples if s == x_iri and p == KG.evidence)
    e_iri = entity_iri("wd:Q159")

    def without(s: object, p: object) -> list[tuple[object, object, object]]:
        return [t for t in triples if not (t[0] == s and t[1] == p)]

    def setting(s: object, p: object, o: object) -> list[tuple[object, object, object]]:
        return [*without(s, p), (s, p, o)]

    def adding(*extra: tuple[object, object, object]) -> list[tuple[object, object, object]]:
        return [*triples, *extra]

    return {
        "no contentHash": without(a_iri, KG.contentHash),
        "two contentHashes": adding((a_iri, KG.contentHash, Literal("0123456789abcdef"))),
        "contentHash pattern": setting(a_iri, KG.contentHash, Literal("XYZ")),
        "contentHash typed": setting(a_iri, KG.contentHash, Literal("0123456789abcdef", lang="en")),
        "contentHash a blank node": setting(a_iri, KG.contentHash, BNode()),
        "empty sourceName": setting(a_iri, KG.sourceName, Literal("")),
        "wordCount 0": setting(a_iri, KG.wordCount, Literal(0, datatype=XSD.integer)),
        "wordCount a string": setting(a_iri, KG.wordCount, Literal("12")),
        "wordCount ill-typed": setting(a_iri, KG.wordCount, Literal("many", datatype=XSD.integer)),
        "language pattern": setting(a_iri, DCTERMS.language, Literal("English")),
        "issued not a date": setting(a_iri, DCTERMS.issued, Literal("2024-13-45", datatype=XSD.date)),
        "two titles": adding((a_iri, DCTERMS.title, Literal("Other"))),
        "entity without prefLabel": without(e_iri, SKOS.prefLabel),
        "entity with a third type": adding((e_iri, RDF.type, KG.Person)),
        "entity of an unknown type": setting(e_iri, RDF.type, KG.Weapon),
        "entity mentioned in a non-article": setting(e_iri, KG.mentionedIn, URIRef("urn:x")),
        "assertion subject not an entity": setting(x_iri, RDF.subject, URIRef("urn:x")),
        "assertion predicate outside the ontology": setting(x_iri, RDF.predicate, KG.likes),
        "plover not a concept": setting(x_iri, KG.plover, KG.Article),
        "polarity maybe": setting(x_iri, KG.polarity, Literal("maybe")),
        "modality typed": setting(x_iri, KG.modality, Literal("asserted", lang="en")),
        "confidence 1.5": setting(x_iri, KG.confidence, Literal(Decimal("1.5"), datatype=XSD.decimal)),
        "confidence a double": setting(x_iri, KG.confidence, Literal(0.5, datatype=XSD.double)),
        "no rule": without(x_iri, KG.rule),
        "speaker a literal": adding((x_iri, KG.speaker, Literal("Putin"))),
        "no evidence": without(x_iri, KG.evidence),
        "evidence without sentence": without(ev_iri, KG.sentence),
        "evidence start after end": setting(ev_iri, KG.start, Literal(100, datatype=XSD.integer)),
        "evidence start negative": setting(ev_iri, KG.start, Literal(-1, datatype=XSD.integer)),
        "evidence end a string": setting(ev_iri, KG.end, Literal("9")),
        "extractor without version": [t for t in triples if t[1] != KG.version],
        "a class hierarchy in the data": adding((KG.Weapon, RDFS.subClassOf, KG.Entity)),
    }


def test_fast_check_accepts_what_pyshacl_accepts() -> None:
    other = make_result(TEXT.replace(".", "!"), "d2")  # the same entities in two articles
    graphs = [article_triples(make_result(), ENTITIES), article_triples(other, ENTITIES)]
    assert conforms_fast(graphs)
    assert _pyshacl_violations(graphs) == []


@pytest.mark.parametrize("name", sorted(_mutations()))
def test_fast_check_never_accepts_what_pyshacl_rejects(name: str) -> None:
    broken = _mutations()[name]
    found = _pyshacl_violations([broken])
    if name == "a class hierarchy in the data":
        assert not found and not conforms_fast([broken])  # valid, but left to pyshacl
        return
    assert found, f"{name}: pyshacl should find a violation"
    assert not conforms_fast([broken]), f"{name}: the fast check accepted what pyshacl rejects"
    assert violations([broken]) == found  # the report is pyshacl's


def test_unknown_predicate_is_rejected() -> None:
    result = make_result()
    bad = replace(result, assertions=(replace(result.assertions[0], predicate="likes"),))
    with pytest.raises(ValidationError, match="not in the ontology"):
        article_graph(bad, ENTITIES)


def test_store_put_replace_remove(tmp_path) -> None:
    result = make_result()
    graph = article_graph(result, ENTITIES)
    with GraphStore(tmp_path / "s") as store:
        assert not store.has_article(result.article.id)
        store.put_article(graph)
        size = len(store)
        store.put_article(graph)  # same graph again: nothing changes
        assert len(store) == size
        smaller = replace(result, assertions=result.assertions[:1])
        store.put_article(article_graph(smaller, ENTITIES))
        assert 0 < len(store) < size
        assert store.remove_article(result.article.id)
        assert len(store) == 0


def test_store_persists_and_reads_relations(tmp_path) -> None:
    result = make_result()
    with GraphStore(tmp_path / "s") as store:
        store.put_article(article_graph(result, ENTITIES))
    with GraphStore(tmp_path / "s", read_only=True) as store:
        rels = list(relations(store))
    assert [(r.subject.label, r.predicate, r.object.label, r.polarity) for r in rels] == [
        ("Russia", "invades", "Ukraine", "positive"),
        ("Vladimir Putin", "meets", "Volodymyr Zelensky", "negative"),
    ]
    assert rels[0].sentence == "Russia invaded Ukraine."
    assert (rels[0].start, rels[0].end) == (0, 23)


@pytest.fixture
def filled_store(tmp_path):
    with GraphStore(tmp_path / "s") as store:
        store.put_article(article_graph(make_result(), ENTITIES))
        store.put_article(article_graph(make_result("Ukraine accused Russia.", "doc2"), ENTITIES))
    store = GraphStore(tmp_path / "s", read_only=True)
    yield store
    store.close()


@pytest.mark.parametrize(
    ("fmt", "rdflib_format"), [("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")]
)
def test_quad_exports_keep_one_graph_per_article(filled_store, fmt, rdflib_format) -> None:
    buffer = io.BytesIO()
    count = export(filled_store, fmt=fmt, out=buffer)
    assert count == len(filled_store)
    dataset = Dataset()
    dataset.parse(data=buffer.getvalue().decode("utf-8"), format=rdflib_format)
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert {
        str(article_iri(content_hash(TEXT))),
        str(article_iri(content_hash("Ukraine accused Russia."))),
    } <= names


def test_turtle_export_is_the_union(filled_store) -> None:
    buffer = io.BytesIO()
    export(filled_store, fmt="ttl", out=buffer)
    graph = Graph().parse(data=buffer.getvalue().decode("utf-8"), format="turtle")
    assert (entity_iri("wd:Q159"), RDF.type, KG.Country) in graph


def test_jsonl_export_fields(filled_store) -> None:
    buffer = io.BytesIO()
    export(filled_store, fmt="jsonl", out=buffer)
    lines = [json.loads(line) for line in buffer.getvalue().decode("utf-8").splitlines()]
    first = next(r for r in lines if r["predicate"] == "invades" and r["doc"] == "doc1")
    assert first["subject"] == {
        "id": "wd:Q159",
        "label": "Russia",
        "type": "Country",
        "mentions": ["Russia"],
    }
    assert first["object"]["mentions"] == ["Ukraine"]
    assert first["plover"] == "ASSAULT"
    assert first["polarity"] == "positive" and first["modality"] == "asserted"
    assert first["speaker"] is None and first["date"] is None
    assert first["evidence"] == {"text": "Russia invaded Ukraine.", "start": 0, "end": 23}
    assert first["confidence"] == pytest.approx(0.9)


def test_csv_export_has_header_and_rows(filled_store) -> None:
    buffer = io.BytesIO()
    count = export(filled_store, fmt="csv", out=buffer)
    rows = buffer.getvalue().decode("utf-8").splitlines()
    assert rows[0].startswith("doc,lang,subject_id")
    assert count == 4  # two relations in each of the two articles
    assert len(rows) == count + 1


def test_ontology_and_lexicon_name_the_same_predicates() -> None:
    from kg_builder.extract.lexicon import load_lexicon

    lexicon = load_lexicon().predicates
    ontology = load_ontology().predicates
    assert set(lexicon) == set(ontology)
    for name, pdef in ontology.items():
        assert (lexicon[name].plover, lexicon[name].symmetric) == (pdef.plover, pdef.symmetric), name


def _quads(data: bytes, rdflib_format: str) -> set[tuple[str, ...]]:
    dataset = Dataset()
    dataset.parse(data=data.decode("utf-8"), format=rdflib_format)
    return {(s.n3(), p.n3(), o.n3(), g.n3()) for s, p, o, g in dataset.quads((None, None, None, None))}


def test_jsonld_export_reads_back_to_the_same_quads(filled_store) -> None:
    nquads, jsonld = io.BytesIO(), io.BytesIO()
    export(filled_store, fmt="nq", out=nquads)
    export(filled_store, fmt="jsonld", out=jsonld)
    document = json.loads(jsonld.getvalue())
    assert document["@context"]["kg"] == str(KG)
    expected = _quads(nquads.getvalue(), "nquads")
    assert len(expected) == len(filled_store)
    # Language tags, datatypes (decimal, integer, date) and graph names all survive.
    assert _quads(jsonld.getvalue(), "json-ld") == expected
