"""The build journal (kg_builder.journal) and what a build leaves behind when it writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg_builder.cli import cli
from kg_builder.errors import StoreError
from kg_builder.journal import JOURNAL_NAME, JournalWriter, pending_journal, read_journal, replay
from kg_builder.rdf.store import GraphStore

G1, G2 = "https://w3id.org/kg-builder/id/article/aaa", "https://w3id.org/kg-builder/id/article/bbb"
NT1 = '<http://e/x> <http://e/p> "one" .'
NT2 = '<http://e/y> <http://e/p> "two" .'


def write_journal(store: Path) -> Path:
    writer = JournalWriter(store)
    writer.add(G1, NT1)
    writer.add(G2, NT2, replaces=G1 + "-old")
    return writer.commit()


def test_nothing_counts_before_commit(tmp_path: Path) -> None:
    with JournalWriter(tmp_path) as writer:
        writer.add(G1, NT1)
        assert (tmp_path / (JOURNAL_NAME + ".part")).exists()
        assert pending_journal(tmp_path) is None
    assert not list(tmp_path.iterdir())  # an uncommitted journal is discarded


def test_replay_writes_every_article_then_deletes_the_journal(tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    with GraphStore(store_path) as store:
        store.put_ntriples(G1 + "-old", '<http://e/z> <http://e/p> "old" .')
        journal = write_journal(store_path)
        assert pending_journal(store_path) == journal
        seen = []
        assert replay(store, journal, on_written=lambda e: seen.append(e.graph)) == 2
        assert seen == [G1, G2]
        assert store.article_graphs() == [G1, G2]  # the replaced graph is gone
        assert pending_journal(store_path) is None
        # Replaying the same batch again (an interrupted replay) gives the same store.
        journal = write_journal(store_path)
        replay(store, journal)
        assert store.article_graphs() == [G1, G2] and len(store) == 2


@pytest.mark.parametrize("damage", ["truncate", "header", "garbage"])
def test_a_damaged_journal_is_refused_before_any_write(tmp_path: Path, damage: str) -> None:
    store_path = tmp_path / "store"
    with GraphStore(store_path) as store:
        journal = write_journal(store_path)
        lines = journal.read_text(encoding="utf-8").splitlines()
        if damage == "truncate":
            lines = lines[:-1]  # no trailer: the journal was never committed whole
        elif damage == "header":
            lines[0] = json.dumps({"kg_builder_journal": 99})
        else:
            lines[2] = "{not json"
        journal.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with pytest.raises(StoreError, match=JOURNAL_NAME):
            replay(store, journal)
        assert store.article_graphs() == []


def test_read_journal_streams_entries(tmp_path: Path) -> None:
    journal = write_journal(tmp_path)
    entries = list(read_journal(journal))
    assert [(e.graph, e.replaces, e.nt) for e in entries] == [(G1, None, NT1), (G2, G1 + "-old", NT2)]


def test_a_build_that_wrote_nothing_leaves_no_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    runner = CliRunner()
    built = runner.invoke(cli, ["build", str(tmp_path / "missing.txt"), "--store", str(store), "--quiet"])
    assert built.exit_code == 1, built.output
    assert "missing.txt" in built.output
    assert not store.exists()
    stats = runner.invoke(cli, ["stats", "--store", str(store)])
    assert stats.exit_code == 2 and f"no store at {store}" in stats.output
