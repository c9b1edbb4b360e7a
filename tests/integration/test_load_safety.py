"""``kg load`` against the real Neo4j test server: articles Neo4j cannot hold are named and
can be skipped; two concurrent first loads do not duplicate edges (issue 11, items 13, 14)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest

from kg_builder.models import ArticleResult, Entity
from kg_builder.neo4j.connection import Neo4jSettings
from kg_builder.neo4j.loader import wipe_database
from kg_builder.testing import make_article, write_store

pytestmark = pytest.mark.neo4j

ENTITIES = {
    "wd:Q159": Entity("wd:Q159", "Russia", "Country", "Q159"),
    "wd:Q212": Entity("wd:Q212", "Ukraine", "Country", "Q212"),
}
HUGE = "Huge " + "name " * 8000  # a 40 kB "name", as an old store or another extractor may hold


@pytest.fixture
def db(neo4j_driver: neo4j.Driver, neo4j_settings: Neo4jSettings) -> Iterator[str]:
    """The test database, wiped."""
    wipe_database(neo4j_driver, database=neo4j_settings.database)
    yield neo4j_settings.database


def cypher(driver: neo4j.Driver, database: str, text: str) -> list[dict[str, Any]]:
    return [dict(r) for r in driver.execute_query(text, database_=database).records]


def _store_with_a_bad_article(path: Path) -> None:
    good = make_article(
        "good-article",
        [("Russia invaded Ukraine.", [("wd:Q159", "invades", "wd:Q212", "positive", {})])],
        entities=ENTITIES,
    )
    entities = {**ENTITIES, "Group:huge": Entity("Group:huge", HUGE, "Group")}
    bad = make_article(
        "bad-article",
        [(f"Russia opposes {HUGE}.", [("wd:Q159", "opposes", "Group:huge", "positive", {})])],
        entities=entities,
    )
    write_store(path, [good, bad], entities)


def test_a_bad_article_is_named_and_nothing_is_loaded(kg, neo4j_driver, db, tmp_path) -> None:
    _store_with_a_bad_article(tmp_path / "s")
    result = kg(["load", "--store", str(tmp_path / "s"), "--quiet"])
    assert result.exit_code == 2
    assert "bad-article: the label of entity 'Group:huge'" in result.output
    assert "40,00" in result.output and "--skip-bad" in result.output
    assert "good-article" not in result.output
    assert cypher(neo4j_driver, db, "MATCH (n) RETURN count(n) AS n") == [{"n": 0}]


def test_skip_bad_loads_the_rest_and_exits_1(kg, neo4j_driver, db, tmp_path) -> None:
    _store_with_a_bad_article(tmp_path / "s")
    result = kg(["load", "--store", str(tmp_path / "s"), "--skip-bad", "--json"])
    assert result.exit_code == 1
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped:")]
    assert len(skipped) == 1 and skipped[0].startswith("skipped: bad-article: the label of entity")
    docs = cypher(neo4j_driver, db, "MATCH (a:Article) RETURN a.doc AS doc")
    assert docs == [{"doc": "good-article"}]
    assert cypher(neo4j_driver, db, "MATCH (e:Group) RETURN count(e) AS n") == [{"n": 0}]
    rels = cypher(neo4j_driver, db, "MATCH ()-[r]->() WHERE r.uri IS NOT NULL RETURN r.predicate AS p")
    assert rels == [{"p": "invades"}]
    # Loading again with --skip-bad changes nothing; the skipped article stays out.
    again = kg(["load", "--store", str(tmp_path / "s"), "--skip-bad", "--json"])
    assert again.exit_code == 1
    data = json.loads(again.output[again.output.index("{") :])
    assert (data["nodes_created"], data["relationships_created"], data["properties_set"]) == (0, 0, 0)
    assert data["skipped"] and data["articles"] == 1


def _many_articles(count: int) -> tuple[list[ArticleResult], dict[str, Entity]]:
    """Articles that share entities, so MENTIONED_IN edges and entities overlap between them."""
    entities = dict(ENTITIES)
    results = []
    for i in range(count):
        a, b = f"Person:p{i % 50}", f"Person:q{i % 37}"
        entities[a] = Entity(a, f"Pat Person{i % 50}", "Person")
        entities[b] = Entity(b, f"Quin Person{i % 37}", "Person")
        sentences = [
            (
                f"Pat Person{i % 50} met Quin Person{i % 37} in Ukraine ({i}).",
                [(a, "meets", b, "positive", {})],
            ),
            (f"Russia criticized Pat Person{i % 50} ({i}).", [("wd:Q159", "criticizes", a, "positive", {})]),
        ]
        results.append(make_article(f"doc{i:04d}", sentences, entities=entities))
    return results, entities


def test_two_concurrent_first_loads_do_not_duplicate_edges(
    neo4j_driver, db, neo4j_settings: Neo4jSettings, tmp_path: Path
) -> None:
    """Two real `kg load` processes into an empty database at once: the second waits for the
    first (load lock) and then merges, so every edge exists once."""
    results, entities = _many_articles(600)
    write_store(tmp_path / "s", results, entities)
    env = {
        **os.environ,
        "NEO4J_URI": neo4j_settings.uri,
        "NEO4J_USERNAME": neo4j_settings.user,
        "NEO4J_PASSWORD": neo4j_settings.password or "",
        "NEO4J_DATABASE": neo4j_settings.database,
    }
    command = [sys.executable, "-m", "kg_builder", "load", "--store", str(tmp_path / "s"), "--json"]
    procs = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=600) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, out + err
    reports = [json.loads(out) for out, _ in outputs]
    # Exactly one of them created the graph; the other found it and changed nothing.
    created = sorted(r["relationships_created"] for r in reports)
    assert created[0] == 0 and created[1] > 0, created

    mentions = cypher(
        neo4j_driver,
        db,
        "MATCH (e)-[m:MENTIONED_IN]->(a) WITH e, a, count(m) AS n RETURN max(n) AS most, count(*) AS pairs",
    )[0]
    assert mentions["most"] == 1, mentions
    assert mentions["pairs"] == reports[0]["mentions"]
    assertions = cypher(
        neo4j_driver,
        db,
        "MATCH ()-[r]->() WHERE r.uri IS NOT NULL WITH r.uri AS uri, count(*) AS n "
        "RETURN max(n) AS most, count(*) AS uris",
    )[0]
    assert assertions == {"most": 1, "uris": reports[0]["assertions"]}
    nodes = cypher(neo4j_driver, db, "MATCH (n) WITH n.uri AS uri, count(*) AS c RETURN max(c) AS most")
    assert nodes == [{"most": 1}]
    assert cypher(neo4j_driver, db, "MATCH (l:KgLoadLock) RETURN count(l) AS n") == [{"n": 0}]
