"""Store -> Neo4j -> RDF (kg export --from-neo4j), and kg remove synced by the next kg load,
against the real Neo4j server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset
from rdflib.compare import graph_diff, isomorphic

from kg_builder.models import Entity
from kg_builder.rdf.namespaces import article_iri
from kg_builder.testing import make_article, write_store

pytestmark = pytest.mark.neo4j

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"

ENTITIES = {
    "wd:Q159": Entity("wd:Q159", "Russia", "Country", "Q159"),
    "wd:Q212": Entity("wd:Q212", "Ukraine", "Country", "Q212"),
    "wd:Q184": Entity("wd:Q184", "Belarus", "Country", "Q184"),
    "Person:Jan Kowalski": Entity("Person:Jan Kowalski", 'Jan "JK" Kowalski', "Person"),
    "Concept:talks": Entity("Concept:talks", "peace talks", "Concept"),
}
FORMS = {
    "wd:Q159": ("Russia", "Kremlin", "Rosja"),
    "wd:Q212": ("Ukraine", "Ukrainy"),
    "wd:Q184": ("Belarus",),
    "Person:Jan Kowalski": ("Kowalski",),
    "Concept:talks": ("peace talks",),
}


def _graphs(path: Path) -> dict[str, Any]:
    dataset = Dataset()
    dataset.parse(path, format="trig")
    return {str(g.identifier): g for g in dataset.graphs() if len(g)}


def assert_same_graphs(store_export: Path, neo4j_export: Path) -> None:
    """Same graph names, and each graph isomorphic (the diff shown when not)."""
    ours, back = _graphs(store_export), _graphs(neo4j_export)
    assert sorted(back) == sorted(ours)
    for name, graph in ours.items():
        if not isomorphic(graph, back[name]):
            _both, only_store, only_neo4j = graph_diff(graph, back[name])
            pytest.fail(
                f"graph {name} differs:\n only in the store: {sorted(only_store)[:10]}\n"
                f" only from Neo4j: {sorted(only_neo4j)[:10]}"
            )


def export_both(kg: Any, store: Path, tmp_path: Path, name: str) -> tuple[Path, Path]:
    from_store, from_neo4j = tmp_path / f"{name}-store.trig", tmp_path / f"{name}-neo4j.trig"
    result = kg(["export", "--store", str(store), "--format", "trig", "-o", str(from_store)])
    assert result.exit_code == 0
    result = kg(["export", "--from-neo4j", "--format", "trig", "-o", str(from_neo4j)])
    assert result.exit_code == 0
    return from_store, from_neo4j


def test_examples_come_back_from_neo4j_isomorphic(kg, tmp_path: Path) -> None:
    store = tmp_path / "store"
    built = kg(["build", str(EXAMPLES), "--store", str(store), "--quiet"])
    assert built.exit_code == 0
    assert kg(["load", "--store", str(store), "--wipe", "--yes", "--quiet"]).exit_code == 0
    from_store, from_neo4j = export_both(kg, store, tmp_path, "examples")
    assert len(_graphs(from_store)) == 5
    assert_same_graphs(from_store, from_neo4j)


def test_every_value_kind_survives_the_round_trip(kg, tmp_path: Path) -> None:
    doc1 = make_article(
        "doc1",
        [
            ("Russia invaded Ukraine.", [("wd:Q159", "invades", "wd:Q212", "positive", {"confidence": 1.0})]),
            (
                "Belarus did not attack Ukraine, Kowalski said on 2 March.",
                [
                    (
                        "wd:Q184",
                        "attacks",
                        "wd:Q212",
                        "negative",
                        {"speaker": "Person:Jan Kowalski", "date": "2024-03-02", "confidence": 0.456},
                    )
                ],
            ),
            (
                "Kowalski wants the Kremlin to join peace talks.",
                [("Person:Jan Kowalski", "holdsRole", "Concept:talks", "positive", {"modality": "intended"})],
            ),
        ],
        entities=ENTITIES,
        forms=FORMS,
        title='A "quoted" title',
        url="https://example.org/news?id=1&lang=en",
    )
    doc2 = make_article(
        "doc2",
        [("Rosja zaatakowała Ukrainy.", [("wd:Q159", "attacks", "wd:Q212", "positive", {})])],
        entities=ENTITIES,
        forms=FORMS,
        lang="pl",
        published=None,
        title="",
    )
    store = write_store(tmp_path / "store", [doc1, doc2], ENTITIES)
    assert kg(["load", "--store", str(store), "--wipe", "--yes", "--quiet"]).exit_code == 0
    from_store, from_neo4j = export_both(kg, store, tmp_path, "kinds")
    assert_same_graphs(from_store, from_neo4j)
    text = from_neo4j.read_text(encoding="utf-8")
    assert '"Rosja"@pl' in text and '"Russia"@en' in text  # surface forms keep their language


def test_kg_remove_is_synced_to_neo4j_by_the_next_load(kg, neo4j_driver, tmp_path: Path) -> None:
    doc1 = make_article(
        "doc1",
        [("Belarus attacked Ukraine.", [("wd:Q184", "attacks", "wd:Q212", "positive", {})])],
        entities=ENTITIES,
        forms=FORMS,
    )
    doc2 = make_article(
        "doc2",
        [("Russia attacked Ukraine.", [("wd:Q159", "attacks", "wd:Q212", "positive", {})])],
        entities=ENTITIES,
        forms=FORMS,
    )
    store = write_store(tmp_path / "store", [doc1, doc2], ENTITIES)
    assert kg(["load", "--store", str(store), "--wipe", "--yes", "--quiet"]).exit_code == 0
    removed = kg(["remove", "--store", str(store), "doc1"])
    assert removed.exit_code == 0
    assert kg(["load", "--store", str(store), "--quiet"]).exit_code == 0
    gone = str(article_iri(doc1.article.id))
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (a:Article) RETURN collect(a.uri) AS articles, "
        "COUNT { MATCH ()-[r]->() WHERE r.article = $gone } AS rels, "
        "COUNT { MATCH (e:Entity {key: 'wd:Q184'}) } AS belarus, "
        "COUNT { MATCH (e:Entity {key: 'wd:Q212'}) } AS ukraine",
        gone=gone,
    )
    row = records[0]
    assert row["articles"] == [str(article_iri(doc2.article.id))]
    assert (row["rels"], row["belarus"], row["ukraine"]) == (0, 0, 1)
    from_store, from_neo4j = export_both(kg, store, tmp_path, "removed")
    assert_same_graphs(from_store, from_neo4j)
