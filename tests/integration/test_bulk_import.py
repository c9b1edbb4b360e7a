"""The bulk path (``kg export --format neo4j-admin`` + ``kg neo4j import``) against ``kg load``.

Both write into the real test server: the examples (built with ``kg build``) plus one
hand-made article with hostile values (quotes, commas, semicolons, newlines, an empty
title, dates, a speaker with no surface form) are loaded with ``kg load``, the graph is
fingerprinted (counts and a checksum over every node's labels and typed properties and
every relationship's type, ends and typed properties), then the same store goes through
the bulk path into the same database and must give the same fingerprint. The import
stops and restarts the test server; it is left running.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import neo4j
import pytest
from click.testing import CliRunner

from kg_builder import testing
from kg_builder.cli import cli
from kg_builder.models import Entity
from kg_builder.neo4j import server
from kg_builder.neo4j.connection import Neo4jSettings, connect

pytestmark = pytest.mark.neo4j

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"

ENTITIES = {
    "wd:Q159": Entity("wd:Q159", "Russia", "Country", "Q159"),
    "Group:quoted": Entity("Group:quoted", 'The "Quoted", Brigade', "Group"),
    "Person:semi": Entity("Person:semi", "Anna; Maria Kowalska", "Person"),
    "Organization:speaker": Entity("Organization:speaker", "Back\\slash Agency", "Organization"),
}
FORMS = {
    "wd:Q159": ("Russia", "Moscow"),
    "Group:quoted": ('The "Quoted", Brigade',),
    "Person:semi": ("Anna; Maria Kowalska", "Kowalska"),
    # No surface form for the speaker: kg load gives its MENTIONED_IN edge forms: [].
    "Organization:speaker": (),
}
HOSTILE = testing.make_article(
    'hostile, "quoted"; name',
    [
        (
            'Russia opposes The "Quoted", Brigade,\nsaid the agency.',
            [
                (
                    "wd:Q159",
                    "opposes",
                    "Group:quoted",
                    "negative",
                    {"speaker": "Organization:speaker", "date": "2024-02-29", "modality": "possible"},
                )
            ],
        ),
        ("Moscow met Anna; Maria Kowalska.", [("wd:Q159", "meets", "Person:semi", "positive", {})]),
        ("Kowalska criticised Russia.", [("Person:semi", "criticizes", "wd:Q159", "positive", {})]),
    ],
    entities=ENTITIES,
    forms=FORMS,
    lang="pl",
    published="2024-03-01",
    title="",
    url="https://news.example/a,b;c",
)


def _value(value: Any) -> Any:
    """A property value as (type, text): a Date and a string of the same text differ."""
    if isinstance(value, list):
        return ["list", [_value(v) for v in value]]
    if hasattr(value, "iso_format"):
        return [type(value).__name__, value.iso_format()]
    return [type(value).__name__, value]


def _props(props: dict[str, Any]) -> list[Any]:
    return sorted([key, _value(value)] for key, value in props.items())


def fingerprint(driver: neo4j.Driver, database: str) -> tuple[dict[str, int], str]:
    """Counts and a SHA-256 over every node and relationship, sorted, with typed properties."""
    nodes = driver.execute_query(
        "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props", database_=database
    ).records
    rels = driver.execute_query(
        "MATCH (s)-[r]->(o) RETURN type(r) AS type, s.uri AS s, o.uri AS o, properties(r) AS props",
        database_=database,
    ).records
    lines = sorted(json.dumps(["node", sorted(r["labels"]), _props(r["props"])]) for r in nodes)
    lines += sorted(json.dumps(["rel", r["type"], r["s"], r["o"], _props(r["props"])]) for r in rels)
    by_label: dict[str, int] = {}
    for record in nodes:
        for label in record["labels"]:
            by_label[label] = by_label.get(label, 0) + 1
    counts = {"nodes": len(nodes), "relationships": len(rels), **dict(sorted(by_label.items()))}
    return counts, hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def schema_names(driver: neo4j.Driver, database: str) -> set[str]:
    names = {
        r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=database).records
    }
    names |= {r["name"] for r in driver.execute_query("SHOW INDEXES YIELD name", database_=database).records}
    return {n for n in names if n.startswith("kg_") and n != "kg_load_lock_name"}


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    built = CliRunner().invoke(cli, ["build", str(EXAMPLES), "--store", str(path), "--quiet"])
    assert built.exit_code == 0, built.output
    testing.write_store(path, [HOSTILE], ENTITIES)
    return path


def forget_replaced_bookmarks(driver: neo4j.Driver, settings: Neo4jSettings) -> None:
    """Point ``driver``'s bookmarks at the imported database.

    A driver remembers the last transaction it saw and waits for the database to reach
    it; an imported database starts over at a lower transaction id, so the session-wide
    test driver would wait in vain (BookmarkTimeout) in every later test.
    """
    with connect(settings) as fresh:
        fresh.execute_query("RETURN 1", database_=settings.database)
        current = fresh.execute_query_bookmark_manager.get_bookmarks()
    assert current
    manager = driver.execute_query_bookmark_manager
    manager.update_bookmarks(manager.get_bookmarks(), current)


@pytest.fixture
def running_afterwards(neo4j_test_server, neo4j_settings, neo4j_driver):
    """Whatever happens in the test, the test server runs at its end, and the session's
    driver can use it."""
    yield
    server.start(
        password=neo4j_settings.password,
        home=neo4j_test_server.home,
        bolt_port=neo4j_test_server.bolt_port,
        http_port=neo4j_test_server.http_port,
    )
    forget_replaced_bookmarks(neo4j_driver, neo4j_settings)


def test_the_bulk_path_gives_the_graph_kg_load_gives(
    kg, store, neo4j_driver, neo4j_settings, neo4j_test_server, running_afterwards, tmp_path
) -> None:
    db = neo4j_settings.database
    loaded = kg(["load", "--store", str(store), "--wipe", "--yes", "--quiet"])
    assert loaded.exit_code == 0
    want_counts, want_sum = fingerprint(neo4j_driver, db)
    want_schema = schema_names(neo4j_driver, db)
    assert want_counts["Article"] == 6 and want_counts["relationships"] > 100

    csvs = tmp_path / "csv"
    exported = kg(["export", "--store", str(store), "--format", "neo4j-admin", str(csvs)])
    assert exported.exit_code == 0
    assert (csvs / "manifest.json").is_file()
    manifest = json.loads((csvs / "manifest.json").read_text())
    assert manifest["counts"]["nodes"] == want_counts["nodes"]
    assert manifest["counts"]["relationships"] == want_counts["relationships"]
    assert manifest["counts"]["mentions_bare"] >= 1  # the speaker without a surface form

    home = ["--home", str(neo4j_test_server.home)]
    # The database holds kg load's graph: refused, one line, nothing changed, server running.
    refused = kg(["neo4j", "import", str(csvs), *home, "--quiet"])
    assert refused.exit_code == 2
    assert "--overwrite" in refused.output and "Traceback" not in refused.output
    assert fingerprint(neo4j_driver, db) == (want_counts, want_sum)

    imported = kg(["neo4j", "import", str(csvs), *home, "--overwrite", "--json"])
    assert imported.exit_code == 0
    report = json.loads(imported.output[imported.output.index("{") :])
    assert report["nodes"] == want_counts["nodes"] and report["relationships"] == want_counts["relationships"]
    assert report["bolt_uri"] == neo4j_test_server.uri
    assert neo4j_settings.password not in imported.output

    assert server.status(home=neo4j_test_server.home).running
    forget_replaced_bookmarks(neo4j_driver, neo4j_settings)
    got_counts, got_sum = fingerprint(neo4j_driver, db)
    assert got_counts == want_counts
    assert got_sum == want_sum
    assert schema_names(neo4j_driver, db) == want_schema
    # kg load takes over from a bulk-imported graph: loading the same store changes nothing.
    again = kg(["load", "--store", str(store), "--json"])
    assert again.exit_code == 0
    summary = json.loads(again.output[again.output.index("{") :])
    assert not any(summary[k] for k in ("nodes_created", "relationships_created", "properties_set"))
    assert not any(summary[k] for k in ("nodes_deleted", "relationships_deleted"))


def test_import_of_a_directory_that_is_no_export_fails_before_stopping_the_server(
    kg, neo4j_test_server, tmp_path
) -> None:
    (tmp_path / "x.csv").write_text("a,b\n")
    result = kg(["neo4j", "import", str(tmp_path), "--home", str(neo4j_test_server.home)])
    assert result.exit_code == 2
    assert "manifest.json" in result.output and "Traceback" not in result.output
    assert server.status(home=neo4j_test_server.home).running


def test_a_failed_import_leaves_an_empty_database_and_a_running_server(
    kg, neo4j_driver, neo4j_settings, neo4j_test_server, running_afterwards, tmp_path
) -> None:
    store = testing.write_store(tmp_path / "store", [HOSTILE], ENTITIES)
    csvs = tmp_path / "csv"
    assert kg(["export", "--store", str(store), "--format", "neo4j-admin", str(csvs)]).exit_code == 0
    with (csvs / "entities.csv").open("a", encoding="utf-8") as handle:  # a duplicate node id
        handle.write((csvs / "entities.csv").read_text(encoding="utf-8").splitlines(keepends=True)[0])
    assert kg(["load", "--store", str(store), "--wipe", "--yes", "--quiet"]).exit_code == 0

    result = kg(
        ["neo4j", "import", str(csvs), "--home", str(neo4j_test_server.home), "--overwrite", "--quiet"]
    )
    assert result.exit_code == 2
    assert "is defined more than once" in result.output and "is empty" in result.output
    assert "Traceback" not in result.output
    assert server.status(home=neo4j_test_server.home).running
    forget_replaced_bookmarks(neo4j_driver, neo4j_settings)
    counts, _ = fingerprint(neo4j_driver, neo4j_settings.database)
    assert counts == {"nodes": 0, "relationships": 0}
