"""The kg command line: exit codes, messages, bad input, atomic writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg_builder import pipeline
from kg_builder.cli import cli
from kg_builder.errors import StoreError
from kg_builder.rdf.store import GraphStore

GOOD = (
    "Russia attacks Ukraine again\n\n"
    "Russia attacked Ukraine on Monday. The Kremlin said the operation would continue.\n"
)


def run(*args: str, input: str | None = None):
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result


def articles_in(path: Path) -> int:
    with GraphStore(path, read_only=True) as store:
        return len(store.article_graphs())


def test_help_lists_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("build", "stats", "export", "eval", "explain", "neo4j", "analyze", "viz"):
        assert command in result.output


def test_bad_inputs_are_reported_and_the_rest_is_processed(tmp_path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 cr\xe8me".encode("latin-1"))
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"id": "a1", "text": "Poland criticised Hungary over the vote in Brussels."}) + "\n"
        "{not json\n" + json.dumps({"title": "no text"}) + "\n",
        encoding="utf-8",
    )
    store = tmp_path / "store"
    result = run("build", str(tmp_path), str(tmp_path / "missing.txt"), "--store", str(store))
    assert result.exit_code == 1, result.output
    out = result.output
    for fragment in (
        "empty.txt",
        "binary.txt",
        "latin1.txt",
        "feed.jsonl:2",
        "feed.jsonl:3",
        "missing.txt",
    ):
        assert fragment in out, f"{fragment} not reported:\n{out}"
    assert articles_in(store) == 2  # good.txt and the valid JSONL line


def test_clean_build_exits_zero_and_is_idempotent(tmp_path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    store = tmp_path / "store"
    assert run("build", str(tmp_path / "a.txt"), "--store", str(store)).exit_code == 0
    again = run("build", str(tmp_path / "a.txt"), "--store", str(store))
    assert again.exit_code == 0
    assert "1 unchanged" in again.output


def test_stdin_jsonl(tmp_path) -> None:
    store = tmp_path / "store"
    line = json.dumps({"id": "s1", "text": GOOD, "lang": "en"})
    result = run("build", "-", "--store", str(store), input=line + "\n")
    assert result.exit_code == 0, result.output
    assert articles_in(store) == 1


def test_unsupported_language_is_stored_without_extraction(tmp_path) -> None:
    dutch = (
        "Nederland en België\n\nDe regering in Den Haag heeft woensdag besloten om de "
        "samenwerking met België op het gebied van energie verder uit te breiden.\n"
    )
    (tmp_path / "nl.txt").write_text(dutch, encoding="utf-8")
    store = tmp_path / "store"
    result = run("build", str(tmp_path / "nl.txt"), "--store", str(store))
    assert result.exit_code == 0, result.output
    assert "not supported" in result.output
    data = json.loads(run("stats", "--store", str(store), "--json").output)
    assert data["articles"] == 1 and data["relations"] == 0


def test_changed_article_replaces_the_old_one(tmp_path) -> None:
    path = tmp_path / "a.txt"
    store = tmp_path / "store"
    path.write_text(GOOD, encoding="utf-8")
    run("build", str(path), "--store", str(store))
    path.write_text(GOOD.replace("Ukraine", "Georgia"), encoding="utf-8")
    result = run("build", str(path), "--store", str(store))
    assert result.exit_code == 0, result.output
    assert articles_in(store) == 1
    rows = run("export", "--store", str(store), "--format", "jsonl").output
    objects = {json.loads(line)["object"]["label"] for line in rows.splitlines() if line.startswith("{")}
    assert "Georgia" in objects and "Ukraine" not in objects


def test_shacl_violation_writes_nothing(tmp_path, monkeypatch) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    real = pipeline.article_triples

    def broken(result, entities):
        from kg_builder.rdf.namespaces import KG

        # ArticleShape needs one content hash.
        return [t for t in real(result, entities) if t[1] != KG.contentHash]

    monkeypatch.setattr(pipeline, "article_triples", broken)
    store = tmp_path / "store"
    result = run("build", str(tmp_path / "a.txt"), "--store", str(store))
    assert result.exit_code == 2
    assert "ArticleShape" in result.output and "nothing was written" in result.output
    assert not store.exists()  # a first build that wrote nothing leaves no store


def test_failure_midway_keeps_earlier_articles_whole(tmp_path, monkeypatch) -> None:
    for i, country in enumerate(("Georgia", "Ukraine", "Moldova")):
        (tmp_path / f"{i}.txt").write_text(GOOD.replace("Ukraine", country), encoding="utf-8")
    calls = {"n": 0}
    real = GraphStore.put_ntriples

    def flaky(self, name, body, **kw):
        calls["n"] += 1
        if calls["n"] == 3:
            raise StoreError("disk full (simulated)")
        return real(self, name, body, **kw)

    monkeypatch.setattr(GraphStore, "put_ntriples", flaky)
    store = tmp_path / "store"
    result = run("build", str(tmp_path), "--store", str(store))
    assert result.exit_code == 2
    assert "disk full" in result.output
    monkeypatch.undo()
    assert articles_in(store) == 2
    # The next build completes the batch: nothing half-written is in the way.
    assert run("build", str(tmp_path), "--store", str(store)).exit_code == 0
    assert articles_in(store) == 3


def test_eval_without_gold_directory_fails_cleanly(tmp_path) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    run("build", str(tmp_path / "a.txt"), "--store", str(tmp_path / "s"))
    result = run("eval", "--store", str(tmp_path / "s"), "--gold", str(tmp_path / "gold"))
    assert result.exit_code == 2
    assert "entities.jsonl" in result.output


def test_commands_on_a_missing_store_say_what_to_do(tmp_path) -> None:
    result = run("stats", "--store", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "kg build" in result.output


@pytest.mark.parametrize("fmt", ["ttl", "jsonl"])
def test_export_to_stdout(tmp_path, fmt) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    run("build", str(tmp_path / "a.txt"), "--store", str(tmp_path / "s"))
    result = run("export", "--store", str(tmp_path / "s"), "--format", fmt)
    assert result.exit_code == 0
    assert "Ukraine" in result.output


def test_module_entry_point() -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "kg_builder", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "build" in proc.stdout


def test_public_api_and_registries() -> None:
    import kg_builder
    from kg_builder.registry import exporters, extractors

    assert kg_builder.__all__ == sorted(kg_builder.__all__)
    for name in kg_builder.__all__:
        assert getattr(kg_builder, name) is not None
    assert exporters.names() == ["csv", "gexf", "graphml", "jsonl", "jsonld", "nq", "trig", "ttl"]
    assert extractors.names() == ["rule-based"]
    assert extractors.get("rule-based").version == "0.1.0"
