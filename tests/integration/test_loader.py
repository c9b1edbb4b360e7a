"""``kg load`` against the real Neo4j test server: graph model, idempotency, sync, errors.

Each test wipes the (dedicated) test database first, builds a small store by hand from
ArticleResult records, loads it and reads the graph back with Cypher.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import neo4j
import pytest

from kg_builder import testing
from kg_builder.errors import Neo4jError
from kg_builder.models import (
    ArticleResult,
    Entity,
)
from kg_builder.neo4j.connection import Neo4jSettings
from kg_builder.neo4j.loader import load_store, wipe_database
from kg_builder.neo4j.queries import relationship_types, run_query, to_plain
from kg_builder.rdf.namespaces import article_iri, entity_iri
from kg_builder.rdf.store import GraphStore
from kg_builder.testing import Fact

pytestmark = pytest.mark.neo4j

ENTITIES = {
    "wd:Q159": Entity("wd:Q159", "Russia", "Country", "Q159"),
    "wd:Q212": Entity("wd:Q212", "Ukraine", "Country", "Q212"),
    "wd:Q7747": Entity("wd:Q7747", "Vladimir Putin", "Person", "Q7747"),
    "wd:Q3874799": Entity("wd:Q3874799", "Volodymyr Zelensky", "Person", "Q3874799"),
    "wd:Q7184": Entity("wd:Q7184", "NATO", "Organization", "Q7184"),
}
FORMS = {
    "wd:Q159": ("Russia", "Russie", "Moscow"),
    "wd:Q212": ("Ukraine", "Kyiv"),
    "wd:Q7747": ("Putin", "Poutine"),
    "wd:Q3874799": ("Zelensky",),
    "wd:Q7184": ("NATO", "OTAN"),
}


def make_article(
    source: str,
    sentences: list[tuple[str, list[Fact]]],
    *,
    entities: dict[str, Entity] = ENTITIES,
    forms: dict[str, tuple[str, ...]] = FORMS,
    **kwargs: Any,
) -> ArticleResult:
    return testing.make_article(
        source, sentences, entities=entities, forms=forms, url=f"https://news.example/{source}", **kwargs
    )


def write_store(
    path: Path,
    results: list[ArticleResult],
    entities: dict[str, Entity] = ENTITIES,
    *,
    remove: list[str] = (),
) -> None:
    testing.write_store(path, results, entities, remove=remove)


DOC1 = make_article(
    "doc1",
    [
        (
            "Russia invaded Ukraine on 24 February.",
            [("wd:Q159", "invades", "wd:Q212", "positive", {"date": "2022-02-24"})],
        ),
        (
            "Putin did not meet Zelensky, NATO said.",
            [("wd:Q7747", "meets", "wd:Q3874799", "negative", {"speaker": "wd:Q7184"})],
        ),
    ],
)
DOC2 = make_article(
    "doc2",
    [
        ("La Russie a envahi l'Ukraine.", [("wd:Q159", "invades", "wd:Q212", "positive", {})]),
        ("L'OTAN critique Poutine.", [("wd:Q7184", "criticizes", "wd:Q7747", "positive", {})]),
    ],
    lang="fr",
    published="2024-03-02",
)


@pytest.fixture
def db(neo4j_driver: neo4j.Driver, neo4j_settings: Neo4jSettings) -> Iterator[str]:
    """The test database, wiped: every test starts from an empty graph."""
    wipe_database(neo4j_driver, database=neo4j_settings.database)
    yield neo4j_settings.database


def do_load(driver: neo4j.Driver, database: str, path: Path, **kwargs: Any) -> Any:
    with GraphStore(path, read_only=True) as store:
        return load_store(store, driver, database=database, **kwargs)


def cypher(driver: neo4j.Driver, database: str, text: str, **params: Any) -> list[dict[str, Any]]:
    records = driver.execute_query(text, params, database_=database).records
    return [{k: to_plain(v) for k, v in r.items()} for r in records]


def snapshot(driver: neo4j.Driver, database: str) -> tuple[dict[str, Any], list[tuple[str, ...]]]:
    """Every node (labels, properties) by uri and every relationship with its properties."""
    nodes = {
        r["uri"]: (sorted(r["labels"]), r["props"])
        for r in cypher(
            driver,
            database,
            "MATCH (n) RETURN n.uri AS uri, labels(n) AS labels, properties(n) AS props",
        )
    }
    rels = sorted(
        (r["type"], r["s"], r["o"], json.dumps(r["props"], sort_keys=True))
        for r in cypher(
            driver,
            database,
            "MATCH (s)-[r]->(o) RETURN type(r) AS type, s.uri AS s, o.uri AS o, properties(r) AS props",
        )
    )
    return nodes, rels


# ---------------------------------------------------------------------------- graph model


def test_load_writes_entities_articles_assertions_and_mentions(neo4j_driver, db, tmp_path) -> None:
    write_store(tmp_path / "s", [DOC1, DOC2])
    report = do_load(neo4j_driver, db, tmp_path / "s")

    assert (report.articles, report.entities, report.assertions) == (2, 5, 4)
    nodes, rels = snapshot(neo4j_driver, db)
    assert report.nodes_created == len(nodes) == 7
    assert report.relationships_created == len(rels)
    assert (report.nodes_deleted, report.relationships_deleted, report.nodes_updated) == (0, 0, 0)

    russia = nodes[str(entity_iri("wd:Q159"))]
    assert russia[0] == ["Country", "Entity"]
    assert russia[1] == {
        "uri": str(entity_iri("wd:Q159")),
        "key": "wd:Q159",
        "label": "Russia",
        "type": "Country",
        "qid": "Q159",
        "aliases": ["Russia", "Russie"],
    }
    assert nodes[str(entity_iri("wd:Q7184"))][0] == ["Entity", "Organization"]
    a1 = str(article_iri(DOC1.article.id))
    assert nodes[a1] == (
        ["Article"],
        {
            "uri": a1,
            "doc": "doc1",
            "hash": DOC1.article.id,
            "lang": "en",
            "title": "Title of doc1",
            "url": "https://news.example/doc1",
            "published": "2024-03-01",
            "words": DOC1.article.word_count,
        },
    )

    invades = cypher(
        neo4j_driver,
        db,
        "MATCH (s:Country)-[r:INVADES]->(o:Country) RETURN s.label AS s, o.label AS o, r ORDER BY r.doc",
    )
    assert [(row["s"], row["o"]) for row in invades] == [("Russia", "Ukraine")] * 2
    first = invades[0]["r"]
    assert first["type"] == "INVADES"
    sentence = "Russia invaded Ukraine on 24 February."
    assert {
        k: first[k]
        for k in (
            "predicate",
            "plover",
            "polarity",
            "modality",
            "confidence",
            "date",
            "rule",
            "article",
            "doc",
            "lang",
            "sentence",
            "start",
            "end",
            "published",
            "extractor",
            "extractor_version",
        )
    } == {
        "predicate": "invades",
        "plover": "ASSAULT",
        "polarity": "positive",
        "modality": "asserted",
        "confidence": 0.9,
        "date": "2022-02-24",
        "rule": "test-rule",
        "article": a1,
        "doc": "doc1",
        "lang": "en",
        "sentence": sentence,
        "start": 0,
        "end": len(sentence),
        "published": "2024-03-01",
        "extractor": "test-extractor",
        "extractor_version": "1.0",
    }
    assert first["uri"].startswith(f"https://w3id.org/kg-builder/id/assertion/{DOC1.article.id}/")
    assert "speaker" not in first  # absent values are not stored as empty strings

    meets = cypher(neo4j_driver, db, "MATCH (:Person)-[r:MEETS]->(:Person) RETURN r")[0]["r"]
    assert (meets["polarity"], meets["plover"], meets["speaker"], meets["speaker_uri"]) == (
        "negative",
        "CONSULT",
        "NATO",
        str(entity_iri("wd:Q7184")),
    )

    # One relationship per assertion per article: the invasion has two sources, two languages.
    sources = cypher(
        neo4j_driver,
        db,
        "MATCH (:Entity {key: 'wd:Q159'})-[r:INVADES]->() "
        "RETURN count(DISTINCT r.article) AS n, "
        "collect(DISTINCT r.lang) AS langs",
    )[0]
    assert sources["n"] == 2 and sorted(sources["langs"]) == ["en", "fr"]

    mentions = {
        (r["e"], r["doc"]): r["forms"]
        for r in cypher(
            neo4j_driver,
            db,
            "MATCH (e:Entity)-[m:MENTIONED_IN]->(a:Article) WHERE m.article = a.uri "
            "RETURN e.key AS e, a.doc AS doc, m.forms AS forms",
        )
    }
    assert mentions[("wd:Q159", "doc2")] == ["Russie"]
    assert mentions[("wd:Q7747", "doc2")] == ["Poutine"]
    assert mentions[("wd:Q7184", "doc1")] == ["NATO"]  # the speaker is mentioned too
    assert len(mentions) == 9


def test_schema_has_uri_constraints_for_every_label_and_type(neo4j_driver, db, tmp_path) -> None:
    write_store(tmp_path / "s", [DOC1])
    do_load(neo4j_driver, db, tmp_path / "s")
    rows = cypher(
        neo4j_driver,
        db,
        "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties "
        "WHERE properties = ['uri'] "
        "RETURN type, labelsOrTypes[0] AS lt",
    )
    unique = {(r["type"], r["lt"]) for r in rows}
    for label in ("Entity", "Article", "Person", "Country", "Organization", "Concept"):
        assert ("UNIQUENESS", label) in unique
    for rel_type in set(relationship_types().values()):
        assert ("RELATIONSHIP_UNIQUENESS", rel_type) in unique
    indexes = {r["name"] for r in cypher(neo4j_driver, db, "SHOW INDEXES YIELD name RETURN name")}
    assert {"kg_entity_key", "kg_entity_label", "kg_article_doc", "kg_article_lang"} <= indexes


# ---------------------------------------------------------------------------- idempotency


def test_progress_reports_every_phase_with_its_total(neo4j_driver, db, tmp_path) -> None:
    write_store(tmp_path / "s", [DOC1, DOC2])
    calls: list[tuple[str, int, int | None]] = []
    with GraphStore(tmp_path / "s", read_only=True) as store:
        report = load_store(
            store, neo4j_driver, database=db, batch_size=2, progress=lambda *c: calls.append(c)
        )
    phases = list(dict.fromkeys(phase for phase, _, _ in calls))
    assert phases == ["lock", "articles", "entities", "mentions", "assertions", "deletions"]
    last = {phase: (done, total) for phase, done, total in calls}
    assert last["lock"] == (1, 1)
    assert last["articles"] == (2, 2) and last["entities"] == (5, 5)
    assert last["assertions"] == (report.assertions, report.assertions) == (4, 4)
    assert last["mentions"] == (report.mentions, report.mentions) == (9, 9)
    for phase in ("articles", "entities", "mentions", "assertions"):
        done = [d for p, d, _ in calls if p == phase]
        assert done == sorted(done), f"{phase} went backwards: {done}"


def test_loading_twice_changes_nothing(neo4j_driver, db, tmp_path) -> None:
    write_store(tmp_path / "s", [DOC1, DOC2])
    do_load(neo4j_driver, db, tmp_path / "s")
    before = snapshot(neo4j_driver, db)
    again = do_load(neo4j_driver, db, tmp_path / "s")
    assert snapshot(neo4j_driver, db) == before
    assert (again.nodes_created, again.nodes_updated, again.nodes_deleted) == (0, 0, 0)
    assert (
        again.relationships_created,
        again.relationships_updated,
        again.relationships_deleted,
    ) == (0, 0, 0)
    assert again.properties_set == 0 and again.labels_added == 0
    assert (again.nodes_total, again.relationships_total) == (len(before[0]), len(before[1]))


def test_batch_size_does_not_change_the_result(neo4j_driver, db, tmp_path) -> None:
    write_store(tmp_path / "s", [DOC1, DOC2])
    small = do_load(neo4j_driver, db, tmp_path / "s", batch_size=1)
    one_by_one = snapshot(neo4j_driver, db)
    wipe_database(neo4j_driver, database=db)
    big = do_load(neo4j_driver, db, tmp_path / "s")
    assert snapshot(neo4j_driver, db) == one_by_one
    # batch size 1: one transaction per row; 1000: one per phase (articles, entities of 3
    # types, assertions of 3 relationship types, mentions): types share a transaction.
    # Schema and sync statements are the same in both.
    rows = small.articles + small.entities + small.assertions + small.mentions
    assert rows == 2 + 5 + 4 + 9
    assert small.batches - big.batches == rows - 4


def test_user_properties_survive_a_reload(neo4j_driver, db, tmp_path) -> None:
    """The loader owns its keys only: an analyst's own property is kept."""
    write_store(tmp_path / "s", [DOC1])
    do_load(neo4j_driver, db, tmp_path / "s")
    cypher(neo4j_driver, db, "MATCH (e:Entity {key: 'wd:Q159'}) SET e.note = 'checked'")
    do_load(neo4j_driver, db, tmp_path / "s")
    assert cypher(neo4j_driver, db, "MATCH (e:Entity {key: 'wd:Q159'}) RETURN e.note AS n") == [
        {"n": "checked"}
    ]


# ---------------------------------------------------------------------------- sync


def test_a_changed_article_replaces_its_assertions(neo4j_driver, db, tmp_path) -> None:
    write_store(tmp_path / "s", [DOC1, DOC2])
    do_load(neo4j_driver, db, tmp_path / "s")
    a1 = str(article_iri(DOC1.article.id))
    old_uris = {
        r["uri"]
        for r in cypher(
            neo4j_driver,
            db,
            "MATCH (:Entity)-[r]->(:Entity) WHERE r.article = $a RETURN r.uri AS uri",
            a=a1,
        )
    }
    assert len(old_uris) == 2
    doc2_before = cypher(
        neo4j_driver,
        db,
        "MATCH ()-[r]->() WHERE r.doc = 'doc2' RETURN r.uri AS uri, properties(r) AS p ORDER BY uri",
    )

    # What `kg build` does for a changed file: same source name, new content, new hash.
    new_doc1 = make_article(
        "doc1",
        [
            ("Russia threatened NATO.", [("wd:Q159", "threatens", "wd:Q7184", "positive", {})]),
        ],
    )
    write_store(tmp_path / "s", [new_doc1], remove=[DOC1.article.id])
    report = do_load(neo4j_driver, db, tmp_path / "s")

    docs = cypher(neo4j_driver, db, "MATCH (a:Article) RETURN a.doc AS doc, a.hash AS hash ORDER BY doc")
    assert docs == [
        {"doc": "doc1", "hash": new_doc1.article.id},
        {"doc": "doc2", "hash": DOC2.article.id},
    ]
    remaining = {r["uri"] for r in cypher(neo4j_driver, db, "MATCH ()-[r]->() RETURN r.uri AS uri")}
    assert not old_uris & remaining
    assert cypher(
        neo4j_driver,
        db,
        "MATCH ()-[r]->() WHERE r.article = $a RETURN count(r) AS n",
        a=str(article_iri(DOC1.article.id)),
    ) == [{"n": 0}]
    doc1_rels = cypher(
        neo4j_driver,
        db,
        "MATCH (s)-[r]->(o) WHERE r.doc = 'doc1' RETURN s.label AS s, type(r) AS t, o.label AS o",
    )
    assert doc1_rels == [{"s": "Russia", "t": "THREATENS", "o": "NATO"}]
    # Zelensky was only in the old doc1: no article mentions him any more.
    assert cypher(neo4j_driver, db, "MATCH (e:Entity) RETURN e.label AS l ORDER BY l") == [
        {"l": "NATO"},
        {"l": "Russia"},
        {"l": "Ukraine"},
        {"l": "Vladimir Putin"},
    ]
    # doc2 is untouched.
    doc2_after = cypher(
        neo4j_driver,
        db,
        "MATCH ()-[r]->() WHERE r.doc = 'doc2' RETURN r.uri AS uri, properties(r) AS p ORDER BY uri",
    )
    assert doc2_after == doc2_before
    assert report.nodes_deleted == 2  # the old Article and Zelensky
    assert report.relationships_deleted == 2 + 5  # two assertions, the old article's mentions


def test_a_re_extracted_article_loses_stale_assertions(neo4j_driver, db, tmp_path) -> None:
    """Same article (same hash), re-extracted with fewer results: Neo4j drops exactly those."""
    write_store(tmp_path / "s", [DOC1])
    do_load(neo4j_driver, db, tmp_path / "s")
    without_nato = tuple(m for m in DOC1.mentions if m.key != "wd:Q7184")
    write_store(tmp_path / "s", [replace(DOC1, assertions=DOC1.assertions[:1], mentions=without_nato)])
    report = do_load(neo4j_driver, db, tmp_path / "s")
    assert cypher(neo4j_driver, db, "MATCH ()-[r]->(:Entity) RETURN type(r) AS t") == [{"t": "INVADES"}]
    assert report.relationships_deleted == 1 + 1  # MEETS, and NATO's mention (only the speaker)
    assert cypher(neo4j_driver, db, "MATCH (:Entity {key: 'wd:Q7184'}) RETURN count(*) AS n") == [{"n": 0}]


def test_an_entity_whose_type_changed_is_relabelled(neo4j_driver, db, tmp_path) -> None:
    write_store(tmp_path / "s", [DOC1])
    do_load(neo4j_driver, db, tmp_path / "s")
    regrouped = {**ENTITIES, "wd:Q7184": Entity("wd:Q7184", "NATO", "Group", "Q7184")}
    write_store(tmp_path / "s", [DOC1], regrouped)
    report = do_load(neo4j_driver, db, tmp_path / "s")
    assert cypher(
        neo4j_driver, db, "MATCH (e:Entity {key: 'wd:Q7184'}) RETURN labels(e) AS l, e.type AS t"
    ) == [{"l": ["Entity", "Group"], "t": "Group"}]
    assert (report.nodes_updated, report.labels_added, report.labels_removed) == (1, 1, 1)


def test_removing_every_article_empties_the_graph(neo4j_driver, db, tmp_path) -> None:
    write_store(tmp_path / "s", [DOC1, DOC2])
    do_load(neo4j_driver, db, tmp_path / "s")
    write_store(tmp_path / "s", [], remove=[DOC1.article.id, DOC2.article.id])
    do_load(neo4j_driver, db, tmp_path / "s", batch_size=2)
    assert snapshot(neo4j_driver, db) == ({}, [])


# ---------------------------------------------------------------------------- hostile input

LONG_NAME = "Z" * 4000 + "'\"`})" + "Q" * 6300  # over 10 kB
HOSTILE = [
    "Robert'); MATCH (n) DETACH DELETE n; //",
    'He said "hello" \\ and left',
    "`})-[:OWNS]->(x) DETACH DELETE x //",
    "MERGE CREATE DELETE RETURN $rows {{label}}",
    "Ünïcödé — 北京 — عربى",
    LONG_NAME,
]


def hostile_store(path: Path, names: list[str], key_of: Any) -> None:
    entities = dict(ENTITIES)
    forms = {"wd:Q159": ("Russia",)}
    sentences = []
    for name in names:
        key = key_of(name)
        entities[key] = Entity(key, name, "Group")
        forms[key] = (name,)
        facts: list[Fact] = [("wd:Q159", "opposes", key, "positive", {})]
        sentences.append((f"Russia opposes {name} .", facts))
    result = make_article("hostile", sentences, entities=entities, forms=forms)
    write_store(path, [result], entities)


def test_hostile_entity_names_are_stored_verbatim_and_harmless(neo4j_driver, db, tmp_path) -> None:
    # The names are the keys too (as for NER mentions, key = "Type:text"), except the 10 kB
    # one, whose key stays short here (see the next test for a 10 kB key).
    hostile_store(
        tmp_path / "s", HOSTILE, lambda name: "Group:long" if name == LONG_NAME else f"Group:{name}"
    )
    # A bystander node that a spliced statement could have deleted.
    cypher(neo4j_driver, db, "CREATE (:Bystander {name: 'still here'})")
    do_load(neo4j_driver, db, tmp_path / "s")

    labels = {
        r["label"]: r
        for r in cypher(
            neo4j_driver,
            db,
            "MATCH (e:Group) RETURN e.label AS label, e.key AS key, "
            "e.aliases AS aliases, labels(e) AS labels",
        )
    }
    assert set(labels) == set(HOSTILE)
    for name in HOSTILE:
        assert labels[name]["key"] == ("Group:long" if name == LONG_NAME else f"Group:{name}")
        assert labels[name]["aliases"] == [name]
        assert labels[name]["labels"] == ["Entity", "Group"]
    sentences = {r["s"] for r in cypher(neo4j_driver, db, "MATCH ()-[r:OPPOSES]->() RETURN r.sentence AS s")}
    assert sentences == {f"Russia opposes {name} ." for name in HOSTILE}
    assert cypher(neo4j_driver, db, "MATCH (n:Bystander) RETURN n.name AS n") == [{"n": "still here"}]
    assert not cypher(neo4j_driver, db, "MATCH ()-[r:OWNS]->() RETURN r")
    # The curated queries take them as parameters and find them, case-insensitively.
    for name in HOSTILE:
        rows = run_query(neo4j_driver, "entity_mentions", {"actor": name.upper()}, db)
        assert [r["actor"] for r in rows] == [name]
    opposed = run_query(neo4j_driver, "opposition", {"actor": "Russia", "limit": "100"}, db)
    assert sorted(r["target"] for r in opposed) == sorted(HOSTILE)
    # Loading again is still a no-op with such values.
    assert do_load(neo4j_driver, db, tmp_path / "s").properties_set == 0


def test_an_entity_key_too_long_for_neo4j_fails_cleanly(neo4j_driver, db, tmp_path) -> None:
    """A 10 kB key: stored verbatim when its IRI fits the uri index, else refused up front."""
    write_store(tmp_path / "first", [DOC1])
    do_load(neo4j_driver, db, tmp_path / "first")
    before = snapshot(neo4j_driver, db)
    hostile_store(tmp_path / "s", [LONG_NAME], lambda name: f"Group:{name}")
    iri = str(entity_iri(f"Group:{LONG_NAME}"))
    if len(iri.encode("utf-8")) <= 8000:
        do_load(neo4j_driver, db, tmp_path / "s")
        assert cypher(neo4j_driver, db, "MATCH (e:Group) RETURN e.key AS k") == [{"k": f"Group:{LONG_NAME}"}]
        return
    with pytest.raises(
        Neo4jError,
        match=r"1 article\(s\) of the store cannot be loaded into Neo4j, so nothing was loaded: "
        r"hostile: the IRI of entity 'Group:ZZZ.*' is [\d,]+ bytes long.*--skip-bad",
    ):
        do_load(neo4j_driver, db, tmp_path / "s")
    assert snapshot(neo4j_driver, db) == before  # the previous graph is intact


# ---------------------------------------------------------------------------- CLI


def test_cli_load_prints_a_summary(kg, neo4j_driver, db, neo4j_settings, tmp_path) -> None:
    write_store(tmp_path / "s", [DOC1, DOC2])
    result = kg(["load", "--store", str(tmp_path / "s")])
    assert result.exit_code == 0
    assert re.search(r"nodes\W+7\W+0\W+0\W+7", result.stdout)
    assert "relationships/s" in result.stdout and "4 assertions" in result.stdout
    again = kg(["load", "--store", str(tmp_path / "s"), "--json"])
    data = json.loads(again.stdout)
    assert (data["nodes_created"], data["relationships_created"]) == (0, 0)
    assert data["properties_set"] == 0
    assert data["nodes_total"] == 7 and data["assertions"] == 4


def test_cli_wipe_needs_yes_when_not_interactive(kg, neo4j_driver, db, neo4j_settings, tmp_path) -> None:
    write_store(tmp_path / "s", [DOC1])
    cypher(neo4j_driver, db, "CREATE (:Foreign {x: 1})")
    refused = kg(["load", "--store", str(tmp_path / "s"), "--wipe"])
    assert refused.exit_code == 2
    assert "--yes" in refused.stderr and "nothing was deleted" in refused.stderr
    assert cypher(neo4j_driver, db, "MATCH (n) RETURN count(n) AS n") == [{"n": 1}]
    wiped = kg(["load", "--store", str(tmp_path / "s"), "--wipe", "--yes"])
    assert wiped.exit_code == 0
    assert cypher(neo4j_driver, db, "MATCH (n:Foreign) RETURN count(n) AS n") == [{"n": 0}]
    assert cypher(neo4j_driver, db, "MATCH (n:Article) RETURN count(n) AS n") == [{"n": 1}]


def test_cli_wrong_password_exits_2_without_showing_it(kg, db, neo4j_settings, tmp_path) -> None:
    write_store(tmp_path / "s", [DOC1])
    secret = "not-the-Password-4711"
    result = kg(["load", "--store", str(tmp_path / "s")], NEO4J_PASSWORD=secret)
    assert result.exit_code == 2
    assert "refused the credentials" in result.stderr
    assert secret not in result.output


def _store_bytes(path: Path) -> bytes:
    buffer = io.BytesIO()
    with GraphStore(path, read_only=True) as store:
        store.dump(buffer, "nq")
    return buffer.getvalue()


def test_cli_unreachable_server_exits_2_and_leaves_the_store(kg, neo4j_settings, tmp_path) -> None:
    write_store(tmp_path / "s", [DOC1, DOC2])
    before = _store_bytes(tmp_path / "s")
    result = kg(["load", "--store", str(tmp_path / "s"), "--uri", "bolt://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "No Neo4j server answers at bolt://127.0.0.1:9" in result.stderr
    assert _store_bytes(tmp_path / "s") == before
    with GraphStore(tmp_path / "s") as store:  # not left locked either
        assert len(store.article_graphs()) == 2


def test_cli_missing_store_exits_2(kg, neo4j_settings, tmp_path) -> None:
    result = kg(["load", "--store", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "no store at" in result.stderr
    assert not (tmp_path / "nowhere").exists()


# ---------------------------------------------------------------------------- fast paths


class RecordingDriver:
    """Wraps the real driver and records, per transaction, the statements the loader runs."""

    def __init__(self, driver: neo4j.Driver) -> None:
        self.driver = driver
        self.transactions: list[tuple[str, list[str]]] = []  # ("read"|"write", statements)

    def session(self, **kwargs: Any) -> Any:
        return RecordingSession(self, self.driver.session(**kwargs))

    def statements(self) -> list[str]:
        return [text for _kind, texts in self.transactions for text in texts]


class RecordingSession:
    def __init__(self, owner: RecordingDriver, session: Any) -> None:
        self.owner, self.session = owner, session

    def _wrap(self, kind: str, work: Any) -> Any:
        def recorded(tx: Any) -> Any:
            texts: list[str] = []
            original_run = tx.run

            def run(text: str, *args: Any, **kwargs: Any) -> Any:
                texts.append(text)
                return original_run(text, *args, **kwargs)

            tx.run = run
            out = work(tx)
            self.owner.transactions.append((kind, texts))
            return out

        return recorded

    def execute_write(self, work: Any) -> Any:
        return self.session.execute_write(self._wrap("write", work))

    def execute_read(self, work: Any) -> Any:
        return self.session.execute_read(self._wrap("read", work))

    def begin_transaction(self, **kwargs: Any) -> Any:
        """The load lock's long transaction (kg_builder.neo4j.lock), recorded as "lock"."""
        tx = self.session.begin_transaction(**kwargs)
        texts: list[str] = []
        original_run = tx.run

        def run(text: str, *args: Any, **kw: Any) -> Any:
            texts.append(text)
            return original_run(text, *args, **kw)

        tx.run = run
        self.owner.transactions.append(("lock", texts))
        return tx

    def close(self) -> None:
        self.session.close()


def _is(text: str, name: str) -> bool:
    from kg_builder.neo4j.queries import cypher_file

    return text == cypher_file(name).text


def test_a_load_into_an_empty_database_skips_the_sync_reads(neo4j_driver, db, tmp_path) -> None:
    write_store(tmp_path / "s", [DOC1, DOC2])
    recorder = RecordingDriver(neo4j_driver)
    first = do_load(recorder, db, tmp_path / "s")
    statements = recorder.statements()
    assert not any(_is(t, f"load/existing_{what}") for t in statements for what in ("articles", "mentions"))
    assert not any(_is(t, "load/orphan_entities") for t in statements)
    # Nothing to merge with: relationships and mentions are created without a lookup.
    assert any(_is(t, "load/create_mentions") for t in statements)
    assert any(_is(t, "load/create_relationships") for t in statements)
    assert not any(_is(t, "load/merge_mentions") or "MERGE (s)-[r:" in t for t in statements)
    assert first.nodes_deleted == first.relationships_deleted == 0
    fresh = snapshot(neo4j_driver, db)
    assert len(fresh[0]) == 2 + 5 and len(fresh[1]) == first.assertions + first.mentions

    # The next load finds our nodes and runs the full sync, which finds nothing to delete:
    # the fast path left exactly what the full sync would have.
    recorder = RecordingDriver(neo4j_driver)
    again = do_load(recorder, db, tmp_path / "s")
    assert any(_is(t, "load/existing_articles") for t in recorder.statements())
    assert any(_is(t, "load/orphan_entities") for t in recorder.statements())
    assert any(_is(t, "load/merge_mentions") for t in recorder.statements())
    assert not any(_is(t, "load/create_relationships") for t in recorder.statements())
    assert any("MERGE (s)-[r:INVADES {uri: row.uri}]->(o)" in t for t in recorder.statements())
    assert (again.nodes_deleted, again.relationships_deleted, again.properties_set) == (0, 0, 0)
    assert snapshot(neo4j_driver, db) == fresh


def test_a_server_older_than_5_26_gets_one_statement_per_type(
    neo4j_driver, db, tmp_path, monkeypatch
) -> None:
    """Dynamic relationship types ($(row.type)) are new in Neo4j 5.26; before, a first load
    merges type by type, to the same graph."""
    write_store(tmp_path / "s", [DOC1, DOC2])
    do_load(neo4j_driver, db, tmp_path / "s")
    dynamic = snapshot(neo4j_driver, db)
    wipe_database(neo4j_driver, database=db)
    monkeypatch.setattr("kg_builder.neo4j.loader.dynamic_types", lambda version: False)
    recorder = RecordingDriver(neo4j_driver)
    do_load(recorder, db, tmp_path / "s")
    assert not any(_is(t, "load/create_relationships") for t in recorder.statements())
    assert any("MERGE (s)-[r:INVADES {uri: row.uri}]->(o)" in t for t in recorder.statements())
    assert snapshot(neo4j_driver, db) == dynamic


def test_an_incremental_load_ends_where_a_fresh_load_does(neo4j_driver, db, tmp_path) -> None:
    """Merging DOC2 into a graph that holds DOC1 gives the graph a first load of both gives."""
    write_store(tmp_path / "s", [DOC1, DOC2])
    do_load(neo4j_driver, db, tmp_path / "s")
    fresh = snapshot(neo4j_driver, db)
    wipe_database(neo4j_driver, database=db)
    write_store(tmp_path / "one", [DOC1])
    do_load(neo4j_driver, db, tmp_path / "one")
    # batch size 2: full per-type batches and the remainders packed together, merged
    report = do_load(neo4j_driver, db, tmp_path / "s", batch_size=2)
    assert report.relationships_created == 2 + 4  # DOC2's assertions and new mentions
    assert snapshot(neo4j_driver, db) == fresh


def test_foreign_nodes_alone_do_not_disable_the_fast_path(neo4j_driver, db, tmp_path) -> None:
    """Only Article and Entity nodes can be stale; an analyst's own nodes are left alone."""
    cypher(neo4j_driver, db, "CREATE (:Note {text: 'mine'})-[:ABOUT]->(:Note {text: 'other'})")
    write_store(tmp_path / "s", [DOC1])
    recorder = RecordingDriver(neo4j_driver)
    do_load(recorder, db, tmp_path / "s")
    assert not any(_is(t, "load/existing_articles") for t in recorder.statements())
    assert cypher(neo4j_driver, db, "MATCH (n:Note) RETURN n.text AS t ORDER BY t") == [
        {"t": "mine"},
        {"t": "other"},
    ]


def test_a_stale_database_still_gets_the_sync_deletions(neo4j_driver, db, tmp_path) -> None:
    write_store(tmp_path / "s", [DOC1, DOC2])
    do_load(neo4j_driver, db, tmp_path / "s")
    write_store(tmp_path / "s", [], remove=[DOC2.article.id])
    report = do_load(neo4j_driver, db, tmp_path / "s")
    assert cypher(neo4j_driver, db, "MATCH (a:Article) RETURN a.doc AS doc") == [{"doc": "doc1"}]
    assert report.nodes_deleted == 1  # doc2's article; all its entities are in doc1 too
    assert report.relationships_deleted == 2 + 4  # its two assertions and four mentions


def test_wipe_deletes_relationships_first_in_bounded_batches(neo4j_driver, db) -> None:
    # A hub with more relationships than a batch: detaching it would put them all in one
    # transaction.
    cypher(
        neo4j_driver,
        db,
        "CREATE (h:Hub) WITH h UNWIND range(1, 10) AS i CREATE (h)-[:LINKS {i: i}]->(:Leaf {i: i})",
    )
    recorder = RecordingDriver(neo4j_driver)
    assert wipe_database(recorder, database=db, batch_size=3) == 11
    assert cypher(neo4j_driver, db, "MATCH (n) RETURN count(n) AS n") == [{"n": 0}]
    writes = [texts for kind, texts in recorder.transactions if kind == "write"]
    assert all(len(texts) == 1 for texts in writes)
    kinds = [
        "rels"
        if _is(t[0], "load/wipe_relationships")
        else "nodes"
        if _is(t[0], "load/wipe_batch")
        else "other"
        for t in writes
    ]
    # ceil(10 / 3) batches of relationships and one that finds none, then the nodes.
    assert kinds == ["rels"] * 5 + ["nodes"] * 5


def test_wipe_then_load_reports_the_wiped_nodes(neo4j_driver, db, tmp_path) -> None:
    write_store(tmp_path / "s", [DOC1, DOC2])
    do_load(neo4j_driver, db, tmp_path / "s")
    before = snapshot(neo4j_driver, db)
    report = do_load(neo4j_driver, db, tmp_path / "s", wipe=True, batch_size=4)
    assert report.wiped_nodes == len(before[0])
    assert report.nodes_deleted == len(before[0])  # by the wipe; the load deleted nothing
    assert snapshot(neo4j_driver, db) == before
