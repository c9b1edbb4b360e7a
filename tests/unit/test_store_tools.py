"""kg sparql, kg remove and kg import over hand-made stores (no server)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Dataset

from kg_builder.cli import cli
from kg_builder.models import Entity
from kg_builder.rdf.namespaces import article_iri, entity_iri
from kg_builder.rdf.store import GraphStore
from kg_builder.testing import make_article, write_store

ENTITIES = {
    "wd:Q159": Entity("wd:Q159", "Russia", "Country", "Q159"),
    "wd:Q212": Entity("wd:Q212", "Ukraine", "Country", "Q212"),
    "wd:Q184": Entity("wd:Q184", "Belarus", "Country", "Q184"),
    "Person:Jan Kowalski": Entity("Person:Jan Kowalski", "Jan Kowalski", "Person"),
}
FORMS = {
    "wd:Q159": ("Russia", "Kremlin"),
    "wd:Q212": ("Ukraine",),
    "wd:Q184": ("Belarus",),
    "Person:Jan Kowalski": ("Kowalski",),
}

DOC1 = make_article(
    "doc1",
    [
        ("Russia invaded Ukraine.", [("wd:Q159", "invades", "wd:Q212", "positive", {})]),
        (
            "Belarus did not attack Ukraine, Kowalski said.",
            [("wd:Q184", "attacks", "wd:Q212", "negative", {"speaker": "Person:Jan Kowalski"})],
        ),
    ],
    entities=ENTITIES,
    forms=FORMS,
    published="2024-03-01",
)
DOC2 = make_article(
    "doc2",
    [("Le Kremlin accuse Ukraine.", [("wd:Q159", "accuses", "wd:Q212", "positive", {"date": "2024-02-28"})])],
    entities=ENTITIES,
    forms=FORMS,
    lang="fr",
    published="2024-03-02",
)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return write_store(tmp_path / "store", [DOC1, DOC2], ENTITIES)


def kg(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    print(result.output)
    return result


def _quads(path: Path) -> set[tuple[str, ...]]:
    with GraphStore(path, read_only=True) as s:
        return {tuple(str(term) for term in quad) for quad in s.quads()}


# ---------------------------------------------------------------- kg sparql


def test_sparql_select_table_csv_and_json(store: Path) -> None:
    query = (
        "SELECT ?doc (COUNT(?x) AS ?n) WHERE { GRAPH ?g { ?g kg:sourceName ?doc . ?x a kg:Assertion } } "
        "GROUP BY ?doc ORDER BY ?doc"
    )
    table = kg("sparql", "--store", str(store), query)
    assert table.exit_code == 0
    assert "doc1" in table.stdout and "doc2" in table.stdout and "2 rows" in table.stderr
    as_csv = kg("sparql", "--store", str(store), "--format", "csv", query)
    assert as_csv.exit_code == 0
    assert list(csv.reader(io.StringIO(as_csv.stdout))) == [["doc", "n"], ["doc1", "2"], ["doc2", "1"]]
    as_json = kg("sparql", "--store", str(store), "--format", "json", query)
    data = json.loads(as_json.stdout)
    assert data["head"]["vars"] == ["doc", "n"]
    assert [b["doc"]["value"] for b in data["results"]["bindings"]] == ["doc1", "doc2"]


def test_sparql_ask_and_query_file(store: Path, tmp_path: Path) -> None:
    yes = kg("sparql", "--store", str(store), 'ASK { ?x kg:plover plover:ASSAULT ; kg:polarity "negative" }')
    assert yes.exit_code == 0 and "true" in yes.stdout
    query = tmp_path / "q.rq"
    query.write_text('ASK { ?x kg:polarity "negative" ; kg:plover plover:AGREE }', encoding="utf-8")
    no = kg("sparql", "--store", str(store), "--file", str(query), "--format", "json")
    assert no.exit_code == 0 and json.loads(no.stdout)["boolean"] is False


def test_sparql_construct_as_turtle_and_ntriples(store: Path) -> None:
    query = 'CONSTRUCT { ?e skos:prefLabel ?l } WHERE { ?e kg:key "wd:Q159" ; skos:prefLabel ?l }'
    for fmt, rdflib_format in (("ttl", "turtle"), ("nt", "nt")):
        result = kg("sparql", "--store", str(store), "--format", fmt, query)
        assert result.exit_code == 0
        graph = Dataset().parse(data=result.stdout, format=rdflib_format)
        assert {(str(s), str(o)) for s, _p, o in graph.triples((None, None, None))} == {
            (str(entity_iri("wd:Q159")), "Russia")
        }
    # Turtle is the default for CONSTRUCT.
    assert "@prefix skos:" in kg("sparql", "--store", str(store), query).stdout


def test_sparql_named_graphs_are_reachable(store: Path) -> None:
    query = "SELECT ?g WHERE { GRAPH ?g { ?x kg:plover plover:ACCUSE } }"
    result = kg("sparql", "--store", str(store), "--format", "csv", query)
    assert result.stdout.split()[1:] == [str(article_iri(DOC2.article.id))]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT ?s WHERE {\n  ?s foo:bar ?o }", "line 2, column"),
        ("SELECT ?s WHERE { ?s ?p }", "line 1, column"),
        ("INSERT DATA { <http://a> <http://b> <http://c> }", "not updates"),
        ("   ", "empty"),
    ],
)
def test_sparql_bad_query_is_one_line_and_exit_2(store: Path, query: str, message: str) -> None:
    result = kg("sparql", "--store", str(store), query)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0]
    assert "Traceback" not in result.output


def test_sparql_format_must_fit_the_query(store: Path) -> None:
    result = kg("sparql", "--store", str(store), "--format", "ttl", "SELECT * { ?s ?p ?o }")
    assert result.exit_code == 2 and "use one of table, csv, json" in result.stderr


# ---------------------------------------------------------------- kg remove


def test_remove_by_source_name_and_iri_and_report_unknown(store: Path) -> None:
    kept = _quads(store)
    result = kg("remove", "--store", str(store), "doc2", "nonexistent-doc")
    assert result.exit_code == 1
    assert "removed doc2" in result.stderr and "unknown article: nonexistent-doc" in result.stderr
    after = _quads(store)
    doc2 = f"<{article_iri(DOC2.article.id)}>"
    assert after and after == {q for q in kept if q[3] != doc2}
    result = kg("remove", "--store", str(store), str(article_iri(DOC1.article.id)))
    assert result.exit_code == 0
    assert _quads(store) == set()


def test_remove_retracts_entities_no_other_article_mentions(store: Path) -> None:
    count = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e kg:key {key} }}"
    assert kg("remove", "--store", str(store), "doc1").exit_code == 0
    with GraphStore(store, read_only=True) as s:
        for key, expected in (('"wd:Q184"', 0), ('"Person:Jan Kowalski"', 0), ('"wd:Q159"', 1)):
            assert next(s.select(count.format(key=key)))["n"] == expected, key
        # What is left still holds the French surface form of Russia, and only that article.
        assert s.article_graphs() == [str(article_iri(DOC2.article.id))]


def test_remove_by_content_hash(store: Path) -> None:
    assert kg("remove", "--store", str(store), DOC1.article.id).exit_code == 0
    with GraphStore(store, read_only=True) as s:
        assert s.article_graphs() == [str(article_iri(DOC2.article.id))]


# ---------------------------------------------------------------- kg import


@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_import_into_an_empty_store_exports_the_same_quads(store: Path, tmp_path: Path, fmt: str) -> None:
    exported = tmp_path / f"kg.{fmt}"
    assert kg("export", "--store", str(store), "--format", fmt, "-o", str(exported)).exit_code == 0
    target = tmp_path / "imported"
    result = kg("import", str(exported), "--store", str(target))
    assert result.exit_code == 0, result.output
    assert "2 article graphs added" in result.stderr
    again = tmp_path / f"again.{fmt}"
    assert kg("export", "--store", str(target), "--format", fmt, "-o", str(again)).exit_code == 0
    assert _quads(target) == _quads(store)
    rdflib_format = "trig" if fmt == "trig" else "nquads"
    first, second = Dataset(), Dataset()
    first.parse(exported, format=rdflib_format)
    second.parse(again, format=rdflib_format)
    assert set(first.quads((None, None, None, None))) == set(second.quads((None, None, None, None)))


def test_import_is_idempotent_and_joins_stores_built_apart(store: Path, tmp_path: Path) -> None:
    # A second store, built apart, shares Russia and Ukraine with the first.
    doc3 = make_article(
        "doc3",
        [("Russia attacked Ukraine again.", [("wd:Q159", "attacks", "wd:Q212", "positive", {})])],
        entities=ENTITIES,
        forms=FORMS,
    )
    other = write_store(tmp_path / "other", [doc3, DOC2], ENTITIES)
    exported = tmp_path / "other.trig"
    kg("export", "--store", str(other), "--format", "trig", "-o", str(exported))
    first = kg("import", str(exported), "--store", str(store))
    assert first.exit_code == 0
    assert "1 article graphs added, 0 replaced, 1 unchanged" in " ".join(first.stderr.split())
    merged = _quads(store)
    second = kg("import", str(exported), "--store", str(store))
    assert second.exit_code == 0 and "0 article graphs added, 0 replaced, 2 unchanged" in " ".join(
        second.stderr.split()
    )
    assert _quads(store) == merged
    with GraphStore(store, read_only=True) as s:
        assert len(s.article_graphs()) == 3
        # One Russia: the same entity IRI in the three article graphs.
        rows = list(s.select('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?e kg:key "wd:Q159" } }'))
        assert len(rows) == 3
        assert len(list(s.select('SELECT DISTINCT ?e WHERE { ?e kg:key "wd:Q159" }'))) == 1


def test_import_syntax_error_stops_before_writing(store: Path, tmp_path: Path) -> None:
    before = _quads(store)
    bad = tmp_path / "bad.nq"
    bad.write_text(
        f'<{article_iri("x")}> <http://b> <http://c> <{article_iri("x")}> .\n<http://a> <http://b> "x .\n',
        encoding="utf-8",
    )
    result = kg("import", str(bad), "--store", str(store))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert (
        len(lines) == 1
        and "bad.nq" in lines[0]
        and "line 2" in lines[0]
        and "nothing was imported" in lines[0]
    )
    assert _quads(store) == before


def test_import_skips_foreign_and_invalid_graphs_and_imports_the_rest(store: Path, tmp_path: Path) -> None:
    exported = tmp_path / "kg.nq"
    kg("export", "--store", str(store), "--format", "nq", "-o", str(exported))
    lines = exported.read_text(encoding="utf-8").splitlines()
    doc1 = str(article_iri(DOC1.article.id))
    # doc1 made invalid: its assertions lose their confidence (the shapes require one).
    broken = [line for line in lines if not (doc1 in line.split()[-2] and "#confidence>" in line)]
    broken.append(
        "<http://example.org/a> <http://example.org/b> <http://example.org/c> <http://example.org/g> ."
    )
    broken.append("<http://example.org/a> <http://example.org/b> <http://example.org/c> .")
    source = tmp_path / "broken.nq"
    source.write_text("\n".join(broken) + "\n", encoding="utf-8")
    target = tmp_path / "target"
    result = kg("import", str(source), "--store", str(target))
    assert result.exit_code == 1
    err = " ".join(result.stderr.split())
    assert "default graph" in err
    assert "<http://example.org/g> is not an article graph" in err
    assert f"<{doc1}> is invalid" in err and "confidence" in err
    with GraphStore(target, read_only=True) as s:
        assert s.article_graphs() == [str(article_iri(DOC2.article.id))]


def test_import_wants_nq_or_trig(tmp_path: Path) -> None:
    source = tmp_path / "kg.ttl"
    source.write_text("<http://a> <http://b> <http://c> .\n", encoding="utf-8")
    result = kg("import", str(source), "--store", str(tmp_path / "s"))
    assert result.exit_code == 2 and "N-Quads (.nq) or TriG (.trig)" in result.stderr


def test_sparql_describe_prints_each_triple_once(store: Path) -> None:
    # Russia is described in both article graphs; over their union each triple comes once.
    result = kg(
        "sparql", "--store", str(store), "--format", "nt", 'DESCRIBE ?e WHERE { ?e kg:key "wd:Q159" }'
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines and len(lines) == len(set(lines))
    assert sum('#prefLabel> "Russia"' in line for line in lines) == 1
