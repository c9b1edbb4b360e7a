"""``kg load`` and ``kg query``: thin click commands over the loader and the query runner.

They are standalone ``@click.command()`` functions; the main CLI registers them with
``cli.add_command(load)`` / ``cli.add_command(query)`` and turns the
:class:`kg_builder.errors.KGBuilderError` they raise into a red line and exit code 2.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kg_builder.errors import Neo4jError, QueryError
from kg_builder.neo4j.connection import Neo4jSettings, connect, neo4j_options
from kg_builder.neo4j.loader import DEFAULT_BATCH_SIZE, LoadReport
from kg_builder.options import store_option

__all__ = ["load", "query"]

console = Console(stderr=True)


def _confirm_wipe(settings: Neo4jSettings, yes: bool) -> None:
    """Ask before --wipe; refuse in non-interactive use without --yes."""
    if yes:
        return
    target = f"database {settings.database!r} at {settings.shown_uri}"
    if not sys.stdin.isatty():
        raise Neo4jError(
            f"--wipe deletes every node and relationship of {target}; "
            "nothing was deleted. Add --yes to confirm when not running interactively."
        )
    if not click.confirm(f"Delete every node and relationship of {target}?", default=False, err=True):
        raise Neo4jError("--wipe not confirmed; nothing was loaded or deleted.")


def _summary(report: LoadReport, settings: Neo4jSettings) -> Table:
    table = Table(
        title=f"Loaded into {settings.database} at {settings.shown_uri}",
        title_justify="left",
        show_edge=False,
    )
    for column in ("", "created", "updated", "deleted", "in database"):
        table.add_column(column, justify="left" if not column else "right")
    table.add_row(
        "nodes",
        f"{report.nodes_created:,}",
        f"{report.nodes_updated:,}",
        f"{report.nodes_deleted:,}",
        f"{report.nodes_total:,}",
    )
    table.add_row(
        "relationships",
        f"{report.relationships_created:,}",
        f"{report.relationships_updated:,}",
        f"{report.relationships_deleted:,}",
        f"{report.relationships_total:,}",
    )
    return table


@click.command()
@store_option
@neo4j_options
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Rows per UNWIND batch; each batch is one transaction.",
)
@click.option(
    "--wipe",
    is_flag=True,
    help="Delete everything in the target database first (asks unless --yes).",
)
@click.option("--yes", "-y", is_flag=True, help="Do not ask before --wipe.")
@click.option(
    "--skip-bad",
    is_flag=True,
    help="Leave out articles Neo4j cannot hold (a line each, exit 1) instead of loading nothing.",
)
@click.option("--quiet", is_flag=True, help="No progress bar or summary.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def load(
    store_path: Path,
    neo4j_settings: Neo4jSettings,
    batch_size: int,
    wipe: bool,
    yes: bool,
    skip_bad: bool,
    quiet: bool,
    as_json: bool,
) -> None:
    """Load the store into Neo4j and keep it in sync (n10s-style: nodes keyed by uri).

    Nodes and relationships are merged in batches; properties are written only when they
    changed, so loading twice changes nothing. One load at a time per database (a second
    one waits). Articles Neo4j cannot hold stop the load, named, before anything is
    written; --skip-bad leaves them out instead (exit 1). Articles, assertions, mentions and entities
    that are no longer in the store are deleted from Neo4j. The store is only read.
    """
    from kg_builder.neo4j.loader import load_store
    from kg_builder.progress import phase_progress
    from kg_builder.rdf.store import GraphStore

    with GraphStore(store_path, read_only=True) as store:
        with connect(neo4j_settings) as driver:
            if wipe:
                _confirm_wipe(neo4j_settings, yes)
            with phase_progress(console, disable=quiet or as_json) as on_progress:
                report = load_store(
                    store,
                    driver,
                    database=neo4j_settings.database,
                    batch_size=batch_size,
                    wipe=wipe,
                    skip_bad=skip_bad,
                    progress=on_progress,
                )
    for line in report.skipped:
        console.print(f"[red]skipped:[/] {escape(line)}", highlight=False, soft_wrap=True)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, default=str))
    elif not quiet:
        _print_load_summary(report, neo4j_settings)
    if report.skipped:
        sys.exit(1)


def _print_load_summary(report: LoadReport, neo4j_settings: Neo4jSettings) -> None:
    out = Console()
    out.print(_summary(report, neo4j_settings))
    out.print(
        f"[bold]{report.articles:,}[/] articles · [bold]{report.entities:,}[/] entities · "
        f"[bold]{report.assertions:,}[/] assertions · {report.mentions:,} mentions"
        + (f" · {report.wiped_nodes:,} nodes wiped first" if report.wiped_nodes else "")
        + f" · {report.batches:,} transactions in {report.seconds:.1f} s "
        f"({report.relationships_per_second:,.0f} relationships/s)",
        highlight=False,
    )


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param {pair!r} is not KEY=VALUE, e.g. --param actor=Russia")
        params[key.strip()] = value
    return params


def _path_text(path: dict[str, Any]) -> str:
    """A path as ``Russia -attacks-> Ukraine <-accuses- …`` for tables and CSV."""
    labels = {n.get("uri"): n.get("label", n.get("doc", "?")) for n in path["nodes"]}
    if not path["relationships"]:
        return " ".join(str(label) for label in labels.values())
    here = path["nodes"][0].get("uri")  # the nodes are in walking order
    parts = [str(labels.get(here))]
    for rel in path["relationships"]:
        name = ("NOT " if rel.get("polarity") == "negative" else "") + str(rel.get("predicate", rel["type"]))
        forward = rel["from"] == here
        here = rel["to"] if forward else rel["from"]
        parts.append(f"-{name}->" if forward else f"<-{name}-")
        parts.append(str(labels.get(here)))
    return " ".join(parts)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict) and set(value) == {"nodes", "relationships"}:
        return _path_text(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ", ".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False)


def _print_list() -> None:
    from kg_builder.neo4j.queries import list_queries

    out = Console()
    table = Table(title="Curated queries (kg query NAME --param key=value)", title_justify="left")
    table.add_column("name", style="bold", no_wrap=True)
    table.add_column("description")
    table.add_column("parameters")
    for q in list_queries():
        params = "\n".join(
            f"{p.name} ({p.type}{'' if p.required else f', default {p.default!r}'})" for p in q.params
        )
        table.add_row(q.name, escape(q.description), escape(params) or "-")
    out.print(table)


@click.command()
@click.argument("name", required=False)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A query parameter; repeat for several (typed as the query declares).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option("--list", "list_only", is_flag=True, help="List the curated queries and exit.")
@neo4j_options
def query(
    name: str | None,
    params: tuple[str, ...],
    fmt: str,
    list_only: bool,
    neo4j_settings: Neo4jSettings,
) -> None:
    """Run the curated Cypher query NAME against Neo4j (see --list)."""
    from kg_builder.neo4j.queries import bind_params, get_query, list_queries, run_query

    if list_only:
        _print_list()
        return
    if not name:
        names = ", ".join(q.name for q in list_queries())
        raise QueryError(f"name a query to run; available: {names} (`kg query --list` describes them)")
    # Check the name and parameters before connecting: a typo should not need a server.
    values = _parse_params(params)
    bind_params(get_query(name), values)
    with connect(neo4j_settings) as driver:
        rows = run_query(driver, name, values, neo4j_settings.database)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    columns = list(rows[0]) if rows else []
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row[c]) for c in columns])
        click.echo(buffer.getvalue(), nl=False)
        return
    out = Console()
    if not rows:
        console.print(f"query {name!r}: no rows")
        return
    table = Table(title=f"{name} ({len(rows)} rows)", title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(escape(_cell(row[c])) for c in columns))
    out.print(table)
