"""Every ``cypher/*.cypher`` file: header fields, declared parameters and placeholders.

No server needed; the queries themselves run against Neo4j in tests/integration.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg_builder.errors import QueryError
from kg_builder.neo4j.queries import (
    bind_params,
    cypher_file,
    get_query,
    list_queries,
    parse_cypher,
    relationship_types,
    render,
)
from kg_builder.resources import resource_dir

ROOT = resource_dir("cypher")
FILES = sorted(ROOT.rglob("*.cypher"))
# $name outside string literals and comments; the files have no `$` inside strings.
PARAM_USE = re.compile(r"\$([A-Za-z_]\w*)")
PLACEHOLDER_USE = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def _header(path: Path) -> dict[str, str]:
    fields = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^//\s*(\w+):\s?(.*)$", line)
        if not match:
            if line.startswith("//"):
                continue
            break
        fields[match[1]] = match[2]
    return fields


def test_there_are_schema_load_and_query_files() -> None:
    folders = {p.parent.name for p in FILES}
    assert {"schema", "load", "queries"} <= folders
    assert len(list(ROOT.glob("queries/*.cypher"))) >= 12


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_header_fields_and_declared_params_match_the_text(path: Path) -> None:
    fields = _header(path)
    for required in ("name", "description", "params"):
        assert fields.get(required, "").strip(), f"{path}: `// {required}:` header missing or empty"
    assert fields["name"] == path.stem, f"{path}: header name {fields['name']!r} != file name"
    assert len(fields["description"]) >= 30, f"{path}: description too short to help an analyst"
    cf = parse_cypher(path.read_text(encoding="utf-8"), path=path)
    body = "\n".join(line for line in cf.text.splitlines() if not line.lstrip().startswith("//"))
    used = set(PARAM_USE.findall(body))
    declared = {p.name for p in cf.params}
    assert declared == used, f"{path}: declared {sorted(declared)} but the text uses {sorted(used)}"
    placeholders = set(PLACEHOLDER_USE.findall(body))
    assert placeholders == set(cf.placeholders), (
        f"{path}: placeholders declared {cf.placeholders} but used {sorted(placeholders)}"
    )
    if placeholders:
        assert path.parent.name in ("schema", "load"), "curated queries take parameters only"


def test_curated_queries_cover_the_analyst_questions() -> None:
    names = {q.name for q in list_queries()}
    assert {
        "opposition",
        "actor_timeline",
        "negated_claims",
        "meetings",
        "hostile_dyads",
        "cooperative_dyads",
        "shortest_path",
        "actors_by_languages",
        "assertion_evidence",
        "assertions_by_sources",
        "who_assaults",
        "roles",
        "entity_mentions",
    } <= names
    for q in list_queries():
        assert q.text.strip() and not q.text.lstrip().startswith("//")


def test_actor_params_are_resolved_case_insensitively_by_label_key_or_surface_form() -> None:
    for q in list_queries():
        for p in q.params:
            if p.name in ("actor", "target"):
                assert f"toLower(${p.name})" in q.text, f"{q.name}: ${p.name} is case-sensitive"
                assert "aliases" in q.text and ".key" in q.text, q.name


def test_params_are_typed_and_defaulted() -> None:
    q = get_query("hostile_dyads")
    assert bind_params(q, {"limit": "5"}) == {"min_sources": 1, "limit": 5}
    assert bind_params(q, {"limit": 7}) == {"min_sources": 1, "limit": 7}
    with pytest.raises(QueryError, match="limit of query 'hostile_dyads' must be int"):
        bind_params(q, {"limit": "many"})
    # A string parameter stays a string even when it looks like a number.
    assert bind_params(get_query("article_assertions"), {"doc": "000"}) == {"doc": "000"}
    bound = bind_params(get_query("shortest_path"), {"actor": "a", "target": "b", "include_negated": "yes"})
    assert bound["include_negated"] is True


def test_unknown_query_and_missing_or_unknown_param_say_what_is_available() -> None:
    with pytest.raises(QueryError, match=r"unknown query 'nope'; available: .*hostile_dyads"):
        get_query("nope")
    with pytest.raises(QueryError, match=r"needs --param for: actor \(string\)"):
        bind_params(get_query("actor_timeline"), {})
    with pytest.raises(QueryError, match=r"has no parameter colour; it takes actor, limit"):
        bind_params(get_query("actor_timeline"), {"actor": "x", "colour": "red"})


def test_render_fills_placeholders_only_from_the_ontology_whitelist() -> None:
    text = render("load/merge_relationships", type="OPPOSES")
    assert "MERGE (s)-[r:OPPOSES {uri: row.uri}]->(o)" in text
    assert "{{" not in text
    entities = render("load/merge_entities", label="Person", other_labels=["Country", "Group"])
    assert "e:Person" in entities and "REMOVE e:Country:Group" in entities
    hostile_types = (
        "Person`) DETACH DELETE (x",
        "OPPOSES]->() DELETE r //",
        "opposes",
        "Likes",
        "",
    )
    for hostile in hostile_types:
        with pytest.raises(QueryError, match="not a label or relationship type of the ontology"):
            render("load/merge_relationships", type=hostile)
    with pytest.raises(QueryError, match="takes placeholders"):
        render("load/merge_relationships")


def test_every_ontology_predicate_has_a_valid_relationship_type() -> None:
    types = relationship_types()
    assert types["opposes"] == "OPPOSES" and types["holdsRole"] == "HOLDS_ROLE"
    for rel_type in types.values():
        assert re.fullmatch(r"[A-Z][A-Z_]*", rel_type)
        render("schema/relationship_uri_unique", type=rel_type)


def test_bad_header_is_reported_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.cypher"
    with pytest.raises(QueryError, match="bad.cypher: header line `// description: ...` is miss"):
        parse_cypher("// name: bad\n// params: none\nRETURN 1\n", path=path)
    with pytest.raises(QueryError, match="cannot read parameter"):
        parse_cypher(
            "// name: bad\n// description: d\n// params: limit (number) x\nRETURN $limit\n",
            path=path,
        )


def test_loader_statements_load_by_name() -> None:
    cf = cypher_file("load/wipe_batch")
    assert [p.name for p in cf.params] == ["limit"]
    with pytest.raises(QueryError, match="no Cypher file"):
        cypher_file("load/does_not_exist")


def test_dynamic_relationship_types_are_used_from_neo4j_5_26_on() -> None:
    from kg_builder.neo4j.loader import dynamic_types

    assert dynamic_types("5.26.30") and dynamic_types("5.26.0") and dynamic_types("2025.10.1")
    assert not dynamic_types("5.25.1") and not dynamic_types("5.3.0") and not dynamic_types("4.4.0")
    assert not dynamic_types("") and not dynamic_types("dev")
