"""``kg neo4j start|stop|status|import``: a local Neo4j server for development and tests.

Thin commands: they parse options, call :mod:`kg_builder.neo4j.server` and print a
summary. Errors are raised as :class:`kg_builder.errors.KGBuilderError` subclasses for the
main CLI to report; ``python -m kg_builder.neo4j.cli`` reports them itself (exit 2).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kg_builder.errors import KGBuilderError
from kg_builder.neo4j import server

__all__ = ["main", "neo4j_group"]


def _size(num_bytes: int | None) -> str:
    return "-" if num_bytes is None else f"{num_bytes / 2**20:,.0f} MiB"


def _status_table(st: server.ServerStatus) -> Table:
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    state = "[green]running[/green]" if st.running else "[yellow]not running[/yellow]"
    table.add_row("state", state)
    if st.running:
        table.add_row("pid", str(st.pid))
        table.add_row("bolt", st.bolt_uri)
        table.add_row("browser", st.browser_url)
        table.add_row("memory (RSS)", _size(st.rss_bytes))
        table.add_row("started", st.started_at or "-")
    table.add_row("version", f"Neo4j {st.version} Community")
    table.add_row("home", escape(str(st.home)))
    table.add_row("log", escape(str(st.log_file)))
    return table


home_option = click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="KG_NEO4J_HOME",
    show_envvar=True,
    default=None,
    help="Server home (jars, config, data, logs). [default: ~/.cache/kg_builder/neo4j-VERSION]",
)


@click.group(name="neo4j")
def neo4j_group() -> None:
    """Run a local Neo4j 5.26 Community server (no Docker; needs Java 17+ and Maven)."""


@neo4j_group.command("start")
@click.option(
    "--password",
    envvar="NEO4J_PASSWORD",
    show_envvar=True,
    default=None,
    help="Password of user neo4j; required on the first start, checked on later ones.",
)
@click.option("--bolt-port", type=int, default=server.DEFAULT_BOLT_PORT, show_default=True)
@click.option("--http-port", type=int, default=server.DEFAULT_HTTP_PORT, show_default=True)
@click.option("--heap", default=server.DEFAULT_HEAP, show_default=True, help="JVM heap, e.g. 1g.")
@click.option("--pagecache", default=server.DEFAULT_PAGECACHE, show_default=True, help="Page cache size.")
@home_option
@click.option(
    "--timeout",
    type=float,
    default=server.DEFAULT_START_TIMEOUT,
    show_default=True,
    help="Seconds to wait for Bolt to answer.",
)
def start_cmd(
    password: str | None,
    bolt_port: int,
    http_port: int,
    heap: str,
    pagecache: str,
    home: Path | None,
    timeout: float,
) -> None:
    """Download (first time only) and start the server in the background."""
    console = Console()
    home = home.expanduser().resolve() if home else None
    if not server.status(home=home).provisioned:
        console.print("Provisioning Neo4j jars with Maven if needed (first time: a few minutes)…")
    result = server.start(
        password=password,
        bolt_port=bolt_port,
        http_port=http_port,
        heap=heap,
        pagecache=pagecache,
        home=home,
        timeout=timeout,
    )
    if result.already_running:
        console.print("Neo4j is already running; nothing to do.")
    else:
        prov = result.provision
        if prov is not None and prov.downloaded:
            console.print(
                f"Downloaded {prov.jar_count} jars (Neo4j {prov.neo4j_version}, Browser "
                f"{prov.browser_version}) in {prov.seconds:.1f} s."
            )
        if result.initial_password_set:
            console.print("Set the initial password of user neo4j.")
        console.print(f"Neo4j started; Bolt answered after {result.ready_seconds:.1f} s.")
    console.print(_status_table(result.status))


@neo4j_group.command("stop")
@home_option
@click.option(
    "--timeout",
    type=float,
    default=server.DEFAULT_STOP_TIMEOUT,
    show_default=True,
    help="Seconds to wait after SIGTERM before SIGKILL.",
)
def stop_cmd(home: Path | None, timeout: float) -> None:
    """Stop the server (SIGTERM, then SIGKILL after --timeout)."""
    console = Console()
    home = home.expanduser().resolve() if home else None
    result = server.stop(home=home, timeout=timeout)
    if not result.was_running:
        console.print("Neo4j was not running.")
    elif result.forced:
        console.print(f"Neo4j (pid {result.pid}) did not stop in time and was killed.")
    else:
        console.print(f"Neo4j (pid {result.pid}) stopped in {result.seconds:.1f} s.")


@neo4j_group.command("status")
@home_option
def status_cmd(home: Path | None) -> None:
    """Say whether the server runs, where, and which version."""
    home = home.expanduser().resolve() if home else None
    Console().print(_status_table(server.status(home=home)))


@neo4j_group.command("import")
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@home_option
@click.option(
    "--password",
    envvar="NEO4J_PASSWORD",
    show_envvar=True,
    default=None,
    help="Password of the server's user (to check it is empty and create the constraints).",
)
@click.option("--user", envvar="NEO4J_USERNAME", show_envvar=True, default="neo4j", show_default=True)
@click.option("--overwrite", is_flag=True, help="Replace the graph the database holds (default: refuse).")
@click.option("--bolt-port", type=int, default=None, help="[default: the port it runs on, else 7687]")
@click.option("--http-port", type=int, default=None, help="[default: the port it runs on, else 7474]")
@click.option(
    "--timeout",
    type=float,
    default=server.DEFAULT_START_TIMEOUT,
    show_default=True,
    help="Seconds to wait for Bolt after each start.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def import_cmd(
    directory: Path,
    home: Path | None,
    password: str | None,
    user: str,
    overwrite: bool,
    bolt_port: int | None,
    http_port: int | None,
    timeout: float,
    quiet: bool,
    as_json: bool,
) -> None:
    """Bulk-import DIR (from `kg export --format neo4j-admin DIR`) into the local server.

    Stops the server, runs `neo4j-admin database import full` into its database (which
    must be empty unless --overwrite), starts it again, creates the constraints and
    indexes `kg load` creates, and checks the node and relationship counts.
    """
    import json

    from kg_builder.neo4j.bulk import import_directory
    from kg_builder.progress import phase_progress

    console = Console(stderr=True)
    home = home.expanduser().resolve() if home else None
    with phase_progress(console, disable=quiet or as_json, width=8) as on_progress:
        report = import_directory(
            directory,
            password=password,
            user=user,
            home=home,
            overwrite=overwrite,
            bolt_port=bolt_port,
            http_port=http_port,
            timeout=timeout,
            progress=on_progress,
        )
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
        return
    phases = ", ".join(f"{name} {secs:.1f} s" for name, secs in report.seconds.items())
    console.print(
        f"Imported {report.nodes:,} nodes and {report.relationships:,} relationships into "
        f"{report.bolt_uri} (counts match the CSVs) in {report.total_seconds:.1f} s: {phases}.",
        highlight=False,
        soft_wrap=True,
    )
    if report.replaced_nodes:
        console.print(f"Replaced the {report.replaced_nodes:,} nodes the database held.")


def main() -> None:
    """Entry point for ``python -m kg_builder.neo4j.cli``: report errors, exit 2."""
    try:
        neo4j_group(standalone_mode=False)
    except click.exceptions.Abort:
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KGBuilderError as exc:
        Console(stderr=True).print(f"[red]Error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
