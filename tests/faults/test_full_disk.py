"""A full disk during ``kg build``: one line, exit 2, no traceback, a consistent store, and a
later build (with room again) ends exactly as an uninterrupted one (issue 11, item 12).

The disk is a small tmpfs mounted for the test, which needs root (CI runs as root); as
another user the tests are skipped, saying so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg_builder.journal import JOURNAL_NAME
from kg_builder.testing import sorted_nquads

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "articles"
ORDER = ROOT / "tests" / "fixtures" / "resolve-order"


def run(*args: str, patch: str = "") -> subprocess.CompletedProcess[str]:
    """``kg ARGS`` in a real process; ``patch`` is Python run before the CLI (test setup)."""
    code = f"import sys\n{patch}\nfrom kg_builder.cli import main\nsys.argv = ['kg', *sys.argv[1:]]\nmain()\n"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MiB tmpfs, unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip(f"mounting a small tmpfs needs root; running as uid {os.geteuid()}")
    if shutil.which("mount") is None:
        pytest.skip("no `mount` command to make a small tmpfs")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (no CAP_SYS_ADMIN?): {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Fill ``disk`` up to ``leave`` free bytes with one file; return it."""
    filler = disk / "filler"
    free = shutil.disk_usage(disk).free
    with filler.open("wb") as handle:
        handle.truncate(0)
        os.posix_fallocate(handle.fileno(), 0, max(free - leave, 1))
    return filler


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    store = tmp_path_factory.mktemp("baseline") / "store"
    assert run("build", str(ORDER), "--store", str(store), "--quiet").returncode == 0
    assert run("build", str(EXAMPLES), "--store", str(store), "--quiet").returncode == 0
    return sorted_nquads(store)


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output, output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), lines
    return lines[0]


def test_nearly_full_disk_stops_before_the_first_write(small_disk: Path, uninterrupted: list[str]) -> None:
    store = small_disk / "store"
    assert run("build", str(ORDER), "--store", str(store), "--quiet").returncode == 0
    before = sorted_nquads(store)
    filler = fill(small_disk, leave=1_500_000)

    line = one_error_line(run("build", str(EXAMPLES), "--store", str(store), "--quiet"))
    assert "disk" in line and "nothing was written to the store" in line, line
    assert sorted_nquads(store) == before  # the store as it was
    assert not (store / JOURNAL_NAME).exists()

    filler.unlink()
    assert run("build", str(EXAMPLES), "--store", str(store), "--quiet").returncode == 0
    assert sorted_nquads(store) == uninterrupted


def test_disk_full_at_the_final_flush(small_disk: Path, uninterrupted: list[str]) -> None:
    """The room check is switched off so that the disk fills while the store is written."""
    store = small_disk / "store"
    assert run("build", str(ORDER), "--store", str(store), "--quiet").returncode == 0
    filler = fill(small_disk, leave=900_000)
    no_check = "import kg_builder.journal as j\nj.ROOM_FACTOR = 0\nj.ROOM_MARGIN = 0"

    line = one_error_line(run("build", str(EXAMPLES), "--store", str(store), "--quiet", patch=no_check))
    assert "the disk is full" in line and "Every article in" in line and "run " in line, line

    filler.unlink()
    # Every article in the store is complete: each graph equals the uninterrupted build's.
    expected = set(uninterrupted)
    assert set(sorted_nquads(store)) <= expected
    rerun = run("build", str(EXAMPLES), "--store", str(store), "--quiet")
    assert rerun.returncode == 0, rerun.stderr
    assert not (store / JOURNAL_NAME).exists()
    assert sorted_nquads(store) == uninterrupted
