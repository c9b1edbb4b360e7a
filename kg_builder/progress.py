"""One progress bar per phase, for commands whose library function reports
``progress(phase, done, total)`` (``kg load``, ``kg export --format neo4j-admin``,
``kg neo4j import``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

__all__ = ["ProgressCallback", "phase_progress"]

#: ``progress(phase, done, total)``: rows handled so far in a phase; total None when unknown.
ProgressCallback = Callable[[str, int, "int | None"], None]


@contextmanager
def phase_progress(console: Console, *, disable: bool = False, width: int = 10) -> Iterator[ProgressCallback]:
    """Yield a ``progress(phase, done, total)`` callback that draws one bar per phase
    (done of total, elapsed time) on ``console``; the bars vanish at the end."""
    with Progress(
        TextColumn(f"[bold]{{task.description:<{width}}}[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=disable,
        transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}

        def on_progress(phase: str, done: int, total: int | None) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done, total=total)

        yield on_progress
