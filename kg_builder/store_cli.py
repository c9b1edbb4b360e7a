"""``kg sparql``, ``kg remove`` and ``kg import``: the researcher's tools over the embedded store.

Thin click commands over :mod:`kg_builder.rdf.query` and :mod:`kg_builder.rdf.maintenance`;
the main CLI registers them and turns :class:`kg_builder.errors.KGBuilderError` into one
red line and exit code 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg_builder.errors import QueryError
from kg_builder.options import store_option

__all__ = ["import_", "remove", "sparql"]

console = Console(stderr=True)


@click.command()
@click.argument("query", required=False)
@click.option(
    "--file",
    "-f",
    "query_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Read the query from FILE (e.g. a .rq file) instead of the argument.",
)
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "ttl", "nt"]),
    help="SELECT/ASK: table (default), csv, json (SPARQL 1.1 results). "
    "CONSTRUCT/DESCRIBE: ttl (default), nt.",
)
def sparql(query: str | None, query_file: Path | None, store_path: Path, fmt: str | None) -> None:
    """Run a SPARQL QUERY (SELECT, ASK, CONSTRUCT, DESCRIBE) over the store.

    The default graph is the union of all article graphs (GRAPH ?g reaches each one), and
    the prefixes kg:, id:, rdf:, rdfs:, skos:, prov:, dcterms:, plover:, xsd:, owl:, schema:, wd:
    are declared.
    """
    from kg_builder.rdf.query import check_format, run_sparql, table_rows, write_result
    from kg_builder.rdf.store import GraphStore

    if (query is None) == (query_file is None):
        raise QueryError("give the SPARQL query either as an argument or with --file FILE, not both")
    if query_file is not None:
        try:
            query = query_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{query_file}: cannot read the query ({exc})") from None
    text = query or ""
    with GraphStore(store_path, read_only=True) as store:
        result = run_sparql(store, text)
        chosen = check_format(result, fmt)
        if chosen != "table":
            write_result(result, fmt=chosen, out=sys.stdout.buffer)
            sys.stdout.flush()
            return
        columns = result.variables if result.kind == "select" else ["answer"]
        rows = list(table_rows(result))
    out = Console()
    table = Table(title_justify="left", show_edge=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(escape(c) for c in row))
    out.print(table)
    if result.kind == "select":
        console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")


@click.command()
@click.argument("articles", nargs=-1, required=True)
@store_option
def remove(articles: tuple[str, ...], store_path: Path) -> None:
    """Retract ARTICLES from the store: source names (file stem or JSONL id), article IRIs or hashes.

    Each article's named graph goes, with everything it contributed (entities no other
    article mentions disappear with it), in one transaction. The next `kg load` deletes
    them from Neo4j too. Unknown articles are reported (exit code 1); the others are removed.
    """
    from kg_builder.rdf.maintenance import remove_articles
    from kg_builder.rdf.store import GraphStore

    if not store_path.exists():
        from kg_builder.errors import StoreError

        raise StoreError(f"no store at {store_path}: nothing to remove (pass --store PATH)")
    with GraphStore(store_path) as store:
        report = remove_articles(store, articles)
    for arg, graph, doc in report.removed:
        shown = doc if arg == doc else f"{doc} ({arg})"
        console.print(f"removed {escape(shown)} <{graph}>", highlight=False, soft_wrap=True)
    for arg in report.unknown:
        console.print(
            f"[red]unknown article:[/] {escape(arg)}: no article with this source name, IRI or hash "
            f"in {store_path}",
            highlight=False,
            soft_wrap=True,
        )
    console.print(
        f"{len(report.removed)} article(s) removed, {report.quads_before - report.quads_after} quads "
        f"retracted, {report.quads_after} left · run `kg load` to remove them from Neo4j too",
        highlight=False,
        soft_wrap=True,
    )
    if report.unknown:
        sys.exit(1)


@click.command(name="import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@store_option
@click.option("--quiet", is_flag=True, help="No progress bar or summary.")
def import_(file: Path, store_path: Path, quiet: bool) -> None:
    """Merge FILE (.nq or .trig, e.g. another store's `kg export`) into the store.

    One named graph per article: each article graph of FILE replaces the graph of the same
    IRI (an article's IRI is its content hash, an entity's its canonical key, so stores
    built apart join on the same articles and actors). Importing twice changes nothing.
    Graphs that are not article graphs or fail the SHACL shapes are skipped (exit code 1);
    a syntax error stops the import before anything is written (exit code 2).
    """
    from kg_builder.rdf.maintenance import import_file
    from kg_builder.rdf.store import GraphStore

    with GraphStore(store_path) as store:
        with Progress(
            TextColumn("[bold]importing[/]"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=quiet,
            transient=True,
        ) as bar:
            task = bar.add_task("import", total=None)
            report = import_file(
                store, file, progress=lambda done, total: bar.update(task, completed=done, total=total)
            )
    for line in report.skipped:
        console.print(f"[red]skipped:[/] {escape(line)}", highlight=False, soft_wrap=True)
    if not quiet:
        console.print(
            f"{len(report.added)} article graphs added, {len(report.replaced)} replaced, "
            f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped · "
            f"{report.quads_read} quads read · store: {report.quads_before} -> {report.quads_after} quads",
            highlight=False,
            soft_wrap=True,
        )
    if report.skipped:
        sys.exit(1)
