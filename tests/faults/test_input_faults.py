"""Hostile inputs through a real ``kg build`` process: FIFOs, same names in two folders, stdin.

Each case runs ``python -m kg_builder build`` as a user would (a subprocess
with no terminal), then reads the store back. A FIFO used to hang the build
forever; the subprocess timeout turns a hang into a failure instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg_builder.rdf.store import GraphStore

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")

REPO = Path(__file__).resolve().parents[2]
#: A hang is a failure, not a wait: a build of a few small files takes seconds.
TIMEOUT = 300

ONE = "Talks in Warsaw\n\nPoland and Germany signed a border agreement in Warsaw on Monday.\n"
TWO = "Protest in Paris\n\nFrance accused China of dumping steel in Europe, officials said on Tuesday.\n"


def kg_build(
    *args: str, store: Path, cwd: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``kg build`` in a fresh process; its output is printed for pytest to show on failure."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "KG_SKIP_NEO4J": "1", "COLUMNS": "200"}
    result = subprocess.run(
        [sys.executable, "-m", "kg_builder", "build", "--quiet", "--store", str(store), *args],
        cwd=cwd,
        env=env,
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    print(result.stdout, result.stderr)
    return result


def stored(store: Path) -> dict[str, tuple[str, str | None]]:
    """Content hash -> (source name, identity key) of every article in the store."""
    with GraphStore(store, read_only=True) as graphs:
        rows = list(graphs.select(ARTICLES))
    return {_value(row["hash"]): (_value(row["doc"]), row["key"] and _value(row["key"])) for row in rows}


ARTICLES = """
SELECT ?hash ?doc ?key WHERE {
  GRAPH ?g { ?g a kg:Article ; kg:contentHash ?hash ; kg:sourceName ?doc . OPTIONAL { ?g kg:sourceKey ?key } }
}"""


def _value(term: object) -> str:
    return str(getattr(term, "value", term))


def skip_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in (result.stdout + result.stderr).splitlines() if line.startswith("skipped:")]


def test_fifo_on_the_command_line_and_in_a_folder_is_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(ONE, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")  # nobody ever writes to it: opening it for reading would block
    os.mkfifo(tmp_path / "named.jsonl")
    (tmp_path / "b.txt").write_text(TWO, encoding="utf-8")

    result = kg_build("named.jsonl", "news", "b.txt", store=tmp_path / "store", cwd=tmp_path)

    assert result.returncode == 1  # some inputs skipped, the rest built
    lines = skip_lines(result)
    assert len(lines) == 2, lines
    assert "named.jsonl: a FIFO (named pipe), not a regular file" in lines[0]
    assert "pipe.txt: a FIFO (named pipe), not a regular file" in lines[1]
    assert "Traceback" not in result.stderr
    assert sorted(name for name, _ in stored(tmp_path / "store").values()) == ["a", "b"]


def test_same_file_name_in_two_folders_is_two_articles(tmp_path: Path) -> None:
    for folder, text in (("b", ONE), ("c", TWO)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(text, encoding="utf-8")
    store = tmp_path / "store"

    assert kg_build("b/report.txt", store=store, cwd=tmp_path).returncode == 0
    assert kg_build("c/report.txt", store=store, cwd=tmp_path).returncode == 0

    articles = stored(store)
    assert len(articles) == 2, articles  # the second build used to delete the first article
    keys = sorted(key for _, key in articles.values())
    assert keys == [f"file:{os.path.realpath(tmp_path / d / 'report.txt')}" for d in ("b", "c")]
    # The name stays readable (the file stem); the key tells the two apart.
    assert {name for name, _ in articles.values()} == {"report"}


def test_a_changed_file_replaces_its_article(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(ONE, encoding="utf-8")
    store = tmp_path / "store"
    assert kg_build("report.txt", store=store, cwd=tmp_path).returncode == 0
    first = set(stored(store))
    path.write_text(ONE.replace("Monday", "Friday"), encoding="utf-8")
    assert (
        kg_build(str(path), store=store, cwd=tmp_path / "..").returncode == 0
    )  # another spelling of the path
    articles = stored(store)
    assert len(articles) == 1 and not first & set(articles)


def test_jsonl_without_ids_sharing_a_name_in_two_folders(tmp_path: Path) -> None:
    for folder, text in (("x", ONE), ("y", TWO)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "feed.jsonl").write_text(json.dumps({"text": text}) + "\n", encoding="utf-8")
    store = tmp_path / "store"
    assert kg_build("x/feed.jsonl", store=store, cwd=tmp_path).returncode == 0
    assert kg_build("y/feed.jsonl", store=store, cwd=tmp_path).returncode == 0
    assert sorted(name for name, _ in stored(store).values()) == ["feed:1", "feed:1"]


def test_stdin_never_replaces_without_source_name(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert kg_build("-", store=store, cwd=tmp_path, stdin=ONE).returncode == 0
    assert kg_build("-", store=store, cwd=tmp_path, stdin=TWO).returncode == 0
    assert len(stored(store)) == 2  # two runs, two different texts: two articles

    assert (
        kg_build("--source", "wire-7", "-", store=store, cwd=tmp_path, stdin=ONE + "Update.\n").returncode
        == 0
    )
    assert (
        kg_build("--source", "wire-7", "-", store=store, cwd=tmp_path, stdin=TWO + "Update.\n").returncode
        == 0
    )
    articles = stored(store)
    # The second wire-7 replaced the first wire-7, and nothing else.
    assert len(articles) == 3
    assert sorted(key or "" for _, key in articles.values()) == ["", "", "stdin:wire-7"]


def test_the_same_path_and_the_same_text_twice_get_one_line_each(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ONE, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(ONE, encoding="utf-8")
    result = kg_build("a.txt", "a.txt", "copy.txt", store=tmp_path / "store", cwd=tmp_path)
    assert result.returncode == 1
    lines = skip_lines(result)
    assert len(lines) == 2, lines
    assert lines[0].startswith("skipped: a.txt: same file as a.txt")
    assert lines[1].startswith("skipped: copy.txt: same text as a.txt (article ")
    assert len(stored(tmp_path / "store")) == 1
