"""``kg analyze ...`` and ``kg viz``: thin commands over :mod:`kg_builder.analytics`.

Errors are :class:`kg_builder.errors.KGBuilderError` subclasses that the main CLI turns
into one line and exit code 2.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kg_builder.models import SUPPORTED_LANGUAGES
from kg_builder.options import store_option

__all__ = ["analyze_group", "viz_command"]

console = Console(stderr=True)
out = Console()


def _date(ctx: click.Context, param: click.Parameter, value: datetime | None) -> Any:
    return value.date() if value else None


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The filters every analysis and picture takes."""
    options = [
        click.option(
            "--since",
            type=click.DateTime(["%Y-%m-%d"]),
            callback=_date,
            help="Only relations dated on or after this day (event date, else the article's date).",
        ),
        click.option("--until", type=click.DateTime(["%Y-%m-%d"]), callback=_date, help="... on or before."),
        click.option(
            "--lang",
            "langs",
            multiple=True,
            type=click.Choice(SUPPORTED_LANGUAGES),
            help="Only articles in LANG (repeatable).",
        ),
        click.option(
            "--plover",
            multiple=True,
            help="Only relations of this PLOVER type, e.g. ASSAULT (repeatable).",
        ),
        click.option(
            "--min-sources",
            type=click.IntRange(1),
            default=1,
            show_default=True,
            help="Only actor pairs (subject -> object) reported by at least N articles.",
        ),
        click.option(
            "--include-negated", is_flag=True, help="Also count negated relations ('did not attack')."
        ),
        click.option(
            "--include-unasserted",
            is_flag=True,
            help="Also count intended, possible and requested relations.",
        ),
        click.option("--include-structural", is_flag=True, help="Also use holdsRole, memberOf and partOf."),
        store_option,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _filters(kwargs: dict[str, Any]) -> Any:
    from kg_builder.analytics.data import Filters

    return Filters(
        since=kwargs.pop("since"),
        until=kwargs.pop("until"),
        langs=tuple(kwargs.pop("langs")),
        plover=tuple(kwargs.pop("plover")),
        min_sources=kwargs.pop("min_sources"),
        include_negated=kwargs.pop("include_negated"),
        include_unasserted=kwargs.pop("include_unasserted"),
        include_structural=kwargs.pop("include_structural"),
    )


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="table, json (every section with notes and filters) or csv (the main section).",
)


def _print(report: Any, fmt: str) -> None:
    from kg_builder.analytics.report import cell_text

    if fmt == "json":
        sys.stdout.write(report.to_json() + "\n")
        return
    if fmt == "csv":
        sys.stdout.write(report.to_csv())
        return
    for section in report.sections:
        table = Table(title=section.title, title_justify="left")
        for col in section.columns:
            table.add_column(col, overflow="fold")
        for row in section.rows:
            table.add_row(*(escape(cell_text(row.get(col))) for col in section.columns))
        out.print(table)
    for note in report.notes:
        console.print(f"[dim]{escape(note)}[/]", highlight=False, soft_wrap=True)


@click.group(name="analyze")
def analyze_group() -> None:
    """Network analysis of the store with networkx (no server needed)."""


@analyze_group.command("centrality")
@filter_options
@format_option
@click.option("--top", type=click.IntRange(0), default=20, show_default=True, help="Rows to show (0: all).")
def centrality_cmd(fmt: str, top: int, **kwargs: Any) -> None:
    """Central actors: weighted degree, PageRank and betweenness."""
    from kg_builder.analytics.metrics import centrality

    store_path = kwargs.pop("store_path")
    _print(centrality(store_path=store_path, filters=_filters(kwargs), top=top or None), fmt)


@analyze_group.command("communities")
@filter_options
@format_option
@click.option(
    "--members", type=click.IntRange(0), default=10, show_default=True, help="Members to list (0: all)."
)
def communities_cmd(fmt: str, members: int, **kwargs: Any) -> None:
    """Louvain communities with their members and dominant relation types."""
    from kg_builder.analytics.metrics import communities

    store_path = kwargs.pop("store_path")
    _print(communities(store_path=store_path, filters=_filters(kwargs), members=members or None), fmt)


@analyze_group.command("dyad")
@click.argument("a")
@click.argument("b")
@filter_options
@format_option
def dyad_cmd(a: str, b: str, fmt: str, **kwargs: Any) -> None:
    """Relations between actors A and B by month, in PLOVER's four quad classes.

    A and B: a label, key (wd:Q159) or surface form, any case.
    """
    from kg_builder.analytics.dyad import dyad

    store_path = kwargs.pop("store_path")
    _print(dyad(store_path=store_path, filters=_filters(kwargs), a=a, b=b), fmt)


@analyze_group.command("path")
@click.argument("a")
@click.argument("b")
@filter_options
@format_option
@click.option("--limit", type=click.IntRange(1), default=3, show_default=True, help="Chains to show.")
def path_cmd(a: str, b: str, fmt: str, limit: int, **kwargs: Any) -> None:
    """Shortest evidence chains from actor A to actor B, each hop with its sentence."""
    from kg_builder.analytics.path import path

    store_path = kwargs.pop("store_path")
    _print(path(store_path=store_path, filters=_filters(kwargs), a=a, b=b, limit=limit), fmt)


@click.command(name="viz")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Picture file: .png, .svg (matplotlib) or .html (interactive, self-contained).",
)
@click.option("--around", help="Ego network of this actor (label, key or surface form).")
@click.option("--depth", type=click.IntRange(1), default=2, show_default=True, help="Hops for --around.")
@click.option("--community", type=click.IntRange(1), help="Community N of `kg analyze communities`.")
@click.option("--dyad", nargs=2, metavar="A B", help="Timeline of the A-B dyad.")
@click.option(
    "--max-nodes",
    type=click.IntRange(2),
    default=150,
    show_default=True,
    help="Draw at most N actors, the best supported (whole graph and community).",
)
@filter_options
def viz_command(
    output: Path,
    around: str | None,
    depth: int,
    community: int | None,
    dyad: tuple[str, str] | None,
    max_nodes: int,
    **kwargs: Any,
) -> None:
    """Draw the actor graph, an ego network, a community or a dyad timeline.

    Nodes are coloured by entity type, edges by PLOVER quad class, edge width by support.
    """
    from kg_builder.analytics.viz import visualize

    store_path = kwargs.pop("store_path")
    summary = visualize(
        store_path=store_path,
        filters=_filters(kwargs),
        output=output,
        around=around,
        depth=depth,
        community=community,
        dyad=dyad,
        max_nodes=max_nodes,
    )
    console.print(escape(summary), highlight=False, soft_wrap=True)
