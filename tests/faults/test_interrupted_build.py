"""kill -9 and Ctrl-C (SIGINT) at several points of a real ``kg build`` process, then a
re-run: the store must be exactly that of an uninterrupted build (sorted N-Quads).

The fault is injected by the build itself through the testing hook ``KG_BUILD_FAULT``
(kg_builder.journal.fault_point), which sends the signal to the process at a named point:
``extract:N`` (N articles extracted), ``journal`` (batch journal committed, nothing written),
``write:N`` (N articles written). The signal is real: SIGKILL ends the process at once,
SIGINT goes through Python's KeyboardInterrupt as a Ctrl-C does.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kg_builder.journal import JOURNAL_NAME
from kg_builder.rdf.store import GraphStore
from kg_builder.testing import sorted_nquads

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "articles"
# Three English articles written first (one language batch, in file order): "Alnur Musaev",
# "Musaev", "Bolat Musaev". Resolved together, the surname is ambiguous and stays its own
# entity; a re-run that resolved only the articles not yet written (without the journal)
# would merge "Bolat Musaev" into the stored "Musaev" and give another store.
ORDER = ROOT / "tests" / "fixtures" / "resolve-order"
SOURCES = (str(ORDER), str(EXAMPLES))
ARTICLES = len(list(EXAMPLES.glob("*.txt"))) + len(list(ORDER.glob("*.txt")))


def _as_in_a_terminal() -> None:
    # A job started in the background by a shell without job control inherits SIGINT
    # ignored, and Python then never raises KeyboardInterrupt; a terminal's Ctrl-C reaches
    # a process whose SIGINT is at its default, so the child starts with it there.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def kg(*args: str, fault: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kg_builder`` as a real process (no stdin, as in CI)."""
    env = {k: v for k, v in os.environ.items() if k != "KG_BUILD_FAULT"}
    if fault:
        env["KG_BUILD_FAULT"] = fault
    return subprocess.run(
        [sys.executable, "-m", "kg_builder", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        preexec_fn=_as_in_a_terminal,
    )


def graphs(lines: list[str]) -> dict[str, set[str]]:
    """N-Quads lines grouped by their graph (the last term of the line)."""
    by_graph: dict[str, set[str]] = {}
    for line in lines:
        graph = line.rstrip(" .").rsplit(" ", 1)[-1]
        by_graph.setdefault(graph, set()).add(line)
    return by_graph


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    store = tmp_path_factory.mktemp("baseline") / "store"
    result = kg("build", *SOURCES, "--store", str(store), "--quiet")
    assert result.returncode == 0, result.stderr
    lines = sorted_nquads(store)
    assert len(graphs(lines)) == ARTICLES
    return lines


@pytest.mark.parametrize(
    ("action", "point"),
    [
        ("kill", "extract:2"),
        ("kill", "journal"),
        ("kill", "write:2"),
        ("kill", f"write:{ARTICLES - 1}"),
        ("int", "extract:3"),
        ("int", "write:2"),
    ],
)
def test_rerun_after_interruption_gives_the_uninterrupted_store(
    action: str, point: str, uninterrupted: list[str], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    first = kg("build", *SOURCES, "--store", str(store), "--quiet", fault=f"{action}@{point}")
    output = first.stdout + first.stderr
    assert "Traceback" not in output, output
    if action == "kill":
        assert first.returncode == -signal.SIGKILL, output
    else:
        assert first.returncode == 130, output  # Ctrl-C exits 130, with one line
        lines = [line for line in first.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("interrupted:"), lines

    written = int(point.split(":")[1]) if point.startswith("write:") else 0
    if store.exists():
        # The store holds only complete articles: those written before the signal.
        with GraphStore(store) as s:
            stored_graphs = s.article_graphs()
        before = graphs(sorted_nquads(store)) if stored_graphs else {}
        expected = graphs(uninterrupted)
        assert len(before) == written, sorted(before)
        for graph, quads in before.items():
            assert quads == expected[graph], f"{graph} is incomplete or different"
        assert (store / JOURNAL_NAME).exists() == (point == "journal" or written > 0)
        if written:
            stats = kg("stats", "--store", str(store))
            assert stats.returncode == 0 and "run `kg build` again to finish it" in stats.stderr
    else:
        # A Ctrl-C before the first write into a new store leaves no store at all.
        assert (action, written) == ("int", 0), output

    rerun = kg("build", *SOURCES, "--store", str(store), "--quiet")
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    if point == "journal" or written:
        assert "recovered:" in rerun.stderr
    assert not (store / JOURNAL_NAME).exists()
    assert sorted_nquads(store) == uninterrupted
