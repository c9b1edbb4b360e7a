"""``kg export --format neo4j-admin``: headers, escaping, counts and errors (no server).

That neo4j-admin reads the files into the graph ``kg load`` writes is shown against the
real server in tests/integration/test_bulk_import.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg_builder import testing
from kg_builder.cli import cli
from kg_builder.errors import ExportError
from kg_builder.export import neo4j_admin
from kg_builder.export.neo4j_admin import (
    ARRAY_DELIMITER,
    ARTICLE_COLUMNS,
    ASSERTION_COLUMNS,
    ENTITY_COLUMNS,
    CsvTable,
    export_neo4j_admin,
    import_arguments,
    read_manifest,
)
from kg_builder.models import Entity
from kg_builder.neo4j import loader
from kg_builder.rdf.read import AssertionRow, EntityRecord
from kg_builder.rdf.store import GraphStore

ENTITIES = {
    "wd:Q159": Entity("wd:Q159", "Russia", "Country", "Q159"),
    "Group:q": Entity("Group:q", 'The "Q", Brigade', "Group"),
    "Person:s": Entity("Person:s", "Anna; Kowalska", "Person"),
}


def _store(path: Path, *, forms: dict[str, tuple[str, ...]] | None = None, **kwargs) -> Path:
    forms = (
        forms
        if forms is not None
        else {"wd:Q159": ("Russia",), "Group:q": ('The "Q", Brigade',), "Person:s": ()}
    )
    doc = testing.make_article(
        "doc,1",
        [
            (
                'Russia opposes The "Q", Brigade,\nofficials said.',
                [
                    (
                        "wd:Q159",
                        "opposes",
                        "Group:q",
                        "negative",
                        {"speaker": "Person:s", "date": "2024-01-02"},
                    )
                ],
            )
        ],
        entities=ENTITIES,
        forms=forms,
        **kwargs,
    )
    return testing.write_store(path, [doc], ENTITIES)


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


# ------------------------------------------------------------------ headers


def test_headers_carry_every_property_kg_load_writes_with_its_type() -> None:
    article = loader._article_row(
        {"g": "g", "doc": "d", "hash": "h", "words": "3", "published": "2024-01-02", "key": "k"}
    )
    assert [name for name, _ in ARTICLE_COLUMNS] == list(article["props"])
    assert dict(ARTICLE_COLUMNS)["published"] == "date" and dict(ARTICLE_COLUMNS)["words"] == "long"
    entity = loader._entity_rows({"e": EntityRecord("e", "Person:x", "X", "Person", None)}, {})["Person"][0]
    assert [name for name, _ in ENTITY_COLUMNS] == list(entity["props"])
    row = AssertionRow(
        "g", "a", "s", "p", "o", None, "positive", "asserted", None, None, 0.5, "r", "t", 0, 1, "x"
    )
    rel = loader._relationship_row(row, {"p": "p"}, {"g": ("d", "en", None)}, {"x": ("ex", "1")})
    assert {name for name, _ in ASSERTION_COLUMNS} == set(rel["props"]) | {"uri"}
    kinds = dict(ASSERTION_COLUMNS)
    assert (kinds["confidence"], kinds["date"], kinds["start"], kinds["end"]) == (
        "double",
        "date",
        "long",
        "long",
    )


def test_header_files_name_ids_labels_types_and_typed_columns(tmp_path) -> None:
    with GraphStore(_store(tmp_path / "s"), read_only=True) as store:
        export_neo4j_admin(store, tmp_path / "out")
    out = tmp_path / "out"
    assert _rows(out / "articles.header.csv")[0][:2] == ["uri:ID", ":LABEL"]
    assert "published:date" in _rows(out / "articles.header.csv")[0]
    assert _rows(out / "entities.header.csv")[0][-1] == "aliases:string[]"
    header = _rows(out / "assertions.header.csv")[0]
    assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert {"confidence:double", "date:date", "start:long", "end:long", "uri"} <= set(header)
    for name in ("articles", "entities", "mentions", "assertions"):
        assert len(_rows(out / f"{name}.header.csv")[0]) == len(_rows(out / f"{name}.csv")[0])


# ------------------------------------------------------------------ escaping


def _write_one(props: dict, columns: tuple) -> str:
    buffer = io.StringIO()
    table = CsvTable("t", "nodes", ["uri:ID", *(n for n, _ in columns)], columns)
    table._writer = neo4j_admin._csv_writer(buffer)
    table.write(["id"], props, "test row")
    return buffer.getvalue()


def test_quotes_commas_newlines_and_semicolons_survive_and_missing_differs_from_empty() -> None:
    columns = (
        ("a", "string"),
        ("b", "string"),
        ("c", "string"),
        ("n", "long"),
        ("f", "double"),
        ("l", "string[]"),
    )
    value = 'say "hi", then\nleave; now'
    text = _write_one({"a": value, "b": "", "c": None, "n": 7, "f": 0.1, "l": ["x;y", 'z"']}, columns)
    assert text == f'"id","say ""hi"", then\nleave; now","",,7,0.1,"x;y{ARRAY_DELIMITER}z"""\n'
    parsed = next(csv.reader(io.StringIO(text)))
    assert parsed[1] == value and parsed[6].split(ARRAY_DELIMITER) == ["x;y", 'z"']


def test_dates_are_iso_and_text_in_a_date_column_is_refused() -> None:
    assert _write_one({"d": dt.date(2024, 2, 29)}, (("d", "date"),)) == '"id","2024-02-29"\n'
    with pytest.raises(ExportError, match="not an ISO date"):
        _write_one({"d": "last spring"}, (("d", "date"),))


def test_an_array_element_holding_the_delimiter_is_refused() -> None:
    with pytest.raises(ExportError, match="U\\+001F"):
        _write_one({"l": ["a\x1fb"]}, (("l", "string[]"),))


# ------------------------------------------------------------------ export


def test_export_counts_files_and_the_bare_mention_of_a_speaker(tmp_path) -> None:
    with GraphStore(_store(tmp_path / "s"), read_only=True) as store:
        result = export_neo4j_admin(store, tmp_path / "out")
    out = tmp_path / "out"
    manifest = read_manifest(out)
    assert (result.articles, result.entities, result.assertions) == (1, 3, 1)
    # Russia and the brigade have surface forms; the speaker only speaks (forms: [] in kg load).
    assert (result.mentions, result.mentions_bare) == (2, 1)
    assert manifest["counts"] == {
        "nodes": 4,
        "relationships": 4,
        "articles": 1,
        "entities": 3,
        "assertions": 1,
        "mentions": 2,
        "mentions_bare": 1,
    }
    for group in manifest["files"]:
        assert len(_rows(out / group["data"])) == group["rows"]
    article = _rows(out / "articles.csv")[0]
    assert article[1] == "Article" and article[2] == "doc,1"
    assert '"Article","doc,1","' in (out / "articles.csv").read_text()
    assertion = _rows(out / "assertions.csv")[0]
    assert assertion[2] == "OPPOSES" and "2024-01-02" in assertion
    assert any('The "Q", Brigade,' in cell and "officials said." in cell for cell in assertion)
    labels = {row[1] for row in _rows(out / "entities.csv")}
    assert labels == {f"Entity{ARRAY_DELIMITER}{t}" for t in ("Country", "Group", "Person")}
    args = import_arguments(manifest, out)
    assert "--array-delimiter=U+001F" in args and "--multiline-fields=true" in args
    assert f"--nodes={out / 'articles.header.csv'},{out / 'articles.csv'}" in args
    assert not list(tmp_path.glob(".out.partial-*"))


def test_a_non_empty_directory_needs_force_and_keeps_other_files(tmp_path) -> None:
    store_path = _store(tmp_path / "s")
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with GraphStore(store_path, read_only=True) as store:
        with pytest.raises(ExportError, match="not empty.*--force"):
            export_neo4j_admin(store, out)
        assert [p.name for p in out.iterdir()] == ["notes.txt"]
        export_neo4j_admin(store, out, force=True)
    assert (out / "notes.txt").read_text() == "mine"
    assert json.loads((out / "manifest.json").read_text())["counts"]["assertions"] == 1


def test_a_failed_export_leaves_no_file_behind(tmp_path) -> None:
    bad = {"wd:Q159": ENTITIES["wd:Q159"], "Group:b": Entity("Group:b", "bad\x1fname", "Group")}
    doc = testing.make_article(
        "doc",
        [("Russia opposes bad\x1fname.", [("wd:Q159", "opposes", "Group:b", "positive", {})])],
        entities=bad,
    )
    store_path = testing.write_store(tmp_path / "s", [doc], bad)
    with GraphStore(store_path, read_only=True) as store, pytest.raises(ExportError, match="U\\+001F"):
        export_neo4j_admin(store, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]


def test_read_manifest_says_what_is_wrong(tmp_path) -> None:
    with pytest.raises(ExportError, match="not a directory"):
        read_manifest(tmp_path / "missing")
    with pytest.raises(ExportError, match="no manifest.json"):
        read_manifest(tmp_path)
    with GraphStore(_store(tmp_path / "s"), read_only=True) as store:
        export_neo4j_admin(store, tmp_path / "out")
    (tmp_path / "out" / "entities.csv").unlink()
    with pytest.raises(ExportError, match="entities.csv.*missing"):
        read_manifest(tmp_path / "out")


# ------------------------------------------------------------------ CLI


def test_cli_writes_the_directory_and_refuses_misuse_in_one_line(tmp_path) -> None:
    store = str(_store(tmp_path / "s"))
    runner = CliRunner()
    ok = runner.invoke(cli, ["export", "--store", store, "--format", "neo4j-admin", str(tmp_path / "o")])
    assert ok.exit_code == 0, ok.output
    assert "kg neo4j import" in ok.output
    for args, message in (
        (["--format", "neo4j-admin"], "DIR"),
        (["--format", "neo4j-admin", str(tmp_path / "o")], "not empty"),
        (["--format", "csv", str(tmp_path / "p")], "neo4j-admin only"),
    ):
        result = runner.invoke(cli, ["export", "--store", store, *args])
        assert result.exit_code == 2, result.output
        assert message in result.output and "Traceback" not in result.output
    missing = runner.invoke(
        cli, ["export", "--store", str(tmp_path / "none"), "--format", "neo4j-admin", str(tmp_path / "q")]
    )
    assert missing.exit_code == 2 and "no store" in missing.output
    assert not (tmp_path / "q").exists()
