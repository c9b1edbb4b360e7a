"""The ``kg`` command line. Each command parses options, calls a library function, reports.

Exit codes: 0 success; 1 some inputs were skipped (the rest was processed);
2 an error stopped the command (bad option, unreachable Neo4j, invalid graph);
130 interrupted by Ctrl-C (SIGINT).
"""

from __future__ import annotations

import atexit
import gc
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg_builder.analytics.cli import analyze_group, viz_command
from kg_builder.errors import ExportError, KGBuilderError
from kg_builder.models import SUPPORTED_LANGUAGES
from kg_builder.neo4j.browser import guide_command
from kg_builder.neo4j.cli import neo4j_group
from kg_builder.neo4j.commands import load as load_command
from kg_builder.neo4j.commands import query as query_command
from kg_builder.neo4j.connection import Neo4jSettings, connect, neo4j_options
from kg_builder.options import store_option
from kg_builder.store_cli import import_, remove, sparql

console = Console(stderr=True)
out = Console()


class _Group(click.Group):
    """Turns kg_builder errors into one red line and exit code 2."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KGBuilderError as exc:
            console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            console.print("[bold red]interrupted[/]", highlight=False)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg_builder")
def cli() -> None:
    """kg_builder: multilingual news in, a knowledge graph of who did what to whom out."""


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@store_option
@click.option("--lang", type=click.Choice(SUPPORTED_LANGUAGES), help="Skip detection: all input is in LANG.")
@click.option(
    "--actors",
    "actor_files",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Extra actor dictionary file(s) extending the built-in one.",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Drop relations below this confidence.",
)
@click.option(
    "--extractor",
    "extractor_name",
    default="rule-based",
    show_default=True,
    help="Registered extractor to use (entry point group kg_builder.extractors).",
)
@click.option(
    "--workers",
    type=click.IntRange(1),
    default=None,
    help="Processes for NLP and extraction (default: the number of cores).",
)
@click.option(
    "--dask",
    "dask_address",
    envvar="KG_DASK_SCHEDULER",
    metavar="ADDRESS",
    help="Run NLP and extraction on this dask.distributed scheduler (env KG_DASK_SCHEDULER).",
)
@click.option(
    "--source",
    "source_name",
    metavar="NAME",
    help="Name standard input (-): a later build with the same NAME replaces its article.",
)
@click.option("--quiet", is_flag=True, help="No progress bar or summary.")
def build(
    sources: tuple[str, ...],
    store_path: Path,
    lang: str | None,
    actor_files: tuple[Path, ...],
    min_confidence: float,
    extractor_name: str,
    workers: int | None,
    dask_address: str | None,
    source_name: str | None,
    quiet: bool,
) -> None:
    """Ingest SOURCES (files, directories, globs, - for stdin) into the store.

    Articles already in the store are skipped; each article's graph is
    validated with SHACL and written atomically.
    """
    from kg_builder.nlp.startup import paused_gc

    with paused_gc():  # spaCy's import makes many long-lived objects: see kg_builder.nlp.startup
        from kg_builder.parallel import available_cores
        from kg_builder.pipeline import build as run_build

    if source_name is not None and ("-" not in sources or not source_name.strip()):
        raise click.UsageError("--source NAME names standard input: give a non-empty NAME and - as a source")

    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]building[/]"),
        BarColumn(),
        TextColumn("{task.completed} articles"),
        TextColumn("[dim]{task.fields[current]}"),
        TimeElapsedColumn(),
        console=console,
        disable=quiet,
        transient=True,
    ) as progress:
        task = progress.add_task("build", total=None, current="")

        def on_progress(done: int, total: int | None, current: str) -> None:
            progress.update(task, completed=done, total=total, current=current)

        try:
            report = run_build(
                sources,
                store_path=store_path,
                lang=lang,
                actor_files=actor_files,
                min_confidence=min_confidence,
                extractor_name=extractor_name,
                stdin=sys.stdin,
                source_name=source_name.strip() if source_name else None,
                progress=on_progress,
                workers=workers or available_cores(),
                dask_address=dask_address or None,
            )
        except KeyboardInterrupt:
            progress.stop()
            console.print(
                "[bold red]interrupted:[/] the store holds only complete articles; run the same "
                "`kg build` again to finish the interrupted batch exactly as one build would.",
                highlight=False,
                soft_wrap=True,
            )
            sys.exit(130)
    if report.articles_recovered:
        console.print(
            "[yellow]recovered:[/] finished an interrupted build first "
            f"(the {report.articles_recovered} articles of its journal)",
            highlight=False,
            soft_wrap=True,
        )
    for error in report.errors:
        console.print(f"[red]skipped:[/] {escape(error)}", highlight=False, soft_wrap=True)
    for warning in report.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False, soft_wrap=True)
    if not quiet:
        _print_build_summary(report, store_path)
    if report.skipped:
        sys.exit(1)


def _counter_table(title: str, counter: dict[str, int], column: str) -> Table:
    table = Table(title=title, title_justify="left", show_edge=False)
    table.add_column(column)
    table.add_column("count", justify="right")
    for key, value in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(key, str(value))
    return table


def _print_build_summary(report: object, store_path: Path) -> None:
    from rich.columns import Columns

    r = report  # BuildReport
    out.print(
        Columns(
            [
                _counter_table("Articles by language", dict(r.by_language), "language"),
                _counter_table("Entities by type", dict(r.entities_by_type), "type"),
                _counter_table("Relations by PLOVER type", dict(r.relations_by_plover), "type"),
            ],
            padding=(0, 4),
        )
    )
    out.print(
        f"[bold]{r.articles_written}[/] articles written, {r.articles_unchanged} unchanged, "
        f"{r.skipped} skipped, {len(r.warnings)} warnings · {r.words} words in {r.seconds:.1f} s "
        f"({r.words_per_second:,.0f} words/s) · store: {store_path}"
        + (
            f" · {r.relations_dropped_low_confidence} relations under --min-confidence dropped"
            if r.relations_dropped_low_confidence
            else ""
        )
        + (
            f" · {len(r.workers)} workers, peak RSS per worker "
            f"{max(w.peak_rss for w in r.workers.values()) / 2**20:,.0f} MB"
            if r.workers
            else ""
        )
    )


@cli.command()
@store_option
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats(store_path: Path, as_json: bool) -> None:
    """What is in the store: articles, entities, relations, by kind."""
    from kg_builder.journal import JOURNAL_NAME
    from kg_builder.stats import store_stats

    result = store_stats(store_path=store_path)
    if (store_path / JOURNAL_NAME).is_file():
        console.print(
            "[yellow]warning:[/] an interrupted `kg build` left its batch unfinished in this store; "
            "run `kg build` again to finish it",
            highlight=False,
            soft_wrap=True,
        )
    if as_json:
        out.print_json(json.dumps(result))
        return
    out.print(
        f"[bold]{result['articles']}[/] articles · [bold]{result['entities']}[/] entities · "
        f"[bold]{result['relations']}[/] relations · {result['quads']} quads in {store_path}"
    )
    from rich.columns import Columns

    out.print(
        Columns(
            [
                _counter_table("Articles by language", result["articles_by_language"], "language"),
                _counter_table("Entities by type", result["entities_by_type"], "type"),
                _counter_table("Relations by PLOVER type", result["relations_by_plover"], "type"),
            ],
            padding=(0, 4),
        )
    )


@cli.command()
@store_option
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(["ttl", "trig", "nq", "jsonld", "jsonl", "csv", "graphml", "gexf", "neo4j-admin"]),
    help="RDF (ttl, trig, nq, jsonld), tabular relations (jsonl, csv), the actor graph (graphml, "
    "gexf) or the CSVs of neo4j-admin's bulk import (neo4j-admin, into DIR).",
)
@click.argument("directory", metavar="[DIR]", required=False, type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="File (default stdout)."
)
@click.option(
    "--from-neo4j",
    is_flag=True,
    help="Read the graph back from Neo4j (what `kg load` wrote) instead of the store; trig or nq.",
)
@click.option("--force", is_flag=True, help="neo4j-admin: replace the export files in a non-empty DIR.")
@click.option(
    "--skip-bad",
    is_flag=True,
    help="neo4j-admin: leave out articles Neo4j cannot hold (as kg load --skip-bad) instead of failing.",
)
@neo4j_options
def export(
    store_path: Path,
    fmt: str,
    directory: Path | None,
    output: Path | None,
    from_neo4j: bool,
    force: bool,
    skip_bad: bool,
    neo4j_settings: Neo4jSettings,
) -> None:
    """Export the store (or, with --from-neo4j, the Neo4j graph) as RDF or as a table of relations.

    `--format neo4j-admin DIR` writes the graph `kg load` would write as the CSV files of
    `neo4j-admin database import full` into DIR; `kg neo4j import DIR` imports them.
    """
    from kg_builder.export import export as run_export
    from kg_builder.rdf.store import GraphStore

    if fmt == "neo4j-admin":
        _export_neo4j_admin(
            store_path, directory, output=output, from_neo4j=from_neo4j, force=force, skip_bad=skip_bad
        )
        return
    if directory is not None:
        raise ExportError(f"DIR is for --format neo4j-admin only; write {fmt} to a file with -o {directory}")
    if from_neo4j:
        from kg_builder.neo4j.rdf_export import FORMATS, export_from_neo4j

        if fmt not in FORMATS:
            raise ExportError(f"--from-neo4j writes {' or '.join(FORMATS)}, not {fmt}")
        with connect(neo4j_settings) as driver:
            count = _write_output(
                output,
                lambda out: export_from_neo4j(driver, database=neo4j_settings.database, fmt=fmt, out=out),
            )
        console.print(
            f"exported {count} quads as {fmt} from Neo4j at {neo4j_settings.uri}"
            + (f" to {output}" if output else "")
        )
        return
    with GraphStore(store_path, read_only=True) as store:
        count = _write_output(output, lambda out: run_export(store, fmt=fmt, out=out))
    what = {"jsonl": "relations", "csv": "relations", "graphml": "ties", "gexf": "ties"}.get(fmt, "quads")
    console.print(f"exported {count} {what} as {fmt}" + (f" to {output}" if output else ""))


def _export_neo4j_admin(
    store_path: Path,
    directory: Path | None,
    *,
    output: Path | None,
    from_neo4j: bool,
    force: bool,
    skip_bad: bool,
) -> None:
    """`kg export --format neo4j-admin DIR`, with a progress bar per phase."""
    from kg_builder.export.neo4j_admin import export_neo4j_admin
    from kg_builder.progress import phase_progress
    from kg_builder.rdf.store import GraphStore

    if directory is None or output is not None or from_neo4j:
        raise ExportError(
            "--format neo4j-admin writes a directory of CSVs from the store: "
            "`kg export --format neo4j-admin DIR`"
        )
    with GraphStore(store_path, read_only=True) as store, phase_progress(console) as on_progress:
        result = export_neo4j_admin(store, directory, force=force, skip_bad=skip_bad, progress=on_progress)
    for line in result.skipped:
        console.print(f"skipped: {escape(line)}", highlight=False, soft_wrap=True)
    console.print(
        f"exported {result.nodes:,} nodes ({result.articles:,} articles, {result.entities:,} entities) and "
        f"{result.relationships:,} relationships ({result.assertions:,} assertions, "
        f"{result.mentions + result.mentions_bare:,} MENTIONED_IN) to {escape(str(directory))}; "
        f"import them with `kg neo4j import {escape(str(directory))}`",
        highlight=False,
        soft_wrap=True,
    )
    if result.skipped:
        sys.exit(1)


def _write_output(output: Path | None, write: Callable[[IO[bytes]], int]) -> int:
    """Run ``write`` on stdout or on ``output``; a failed export leaves no file behind."""
    if output is None:
        count = write(sys.stdout.buffer)
        sys.stdout.flush()
        return count
    tmp = output.with_name(output.name + ".part")
    try:
        with tmp.open("wb") as handle:
            count = write(handle)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(output)  # no half-written export file is ever left behind
    return count


@cli.command(name="eval")
@store_option
@click.option(
    "--gold",
    "gold_dir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Directory with entities.jsonl and relations.jsonl (GUIDE.md format).",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--errors", "show_errors", is_flag=True, help="Also list missed and spurious relations.")
def eval_(store_path: Path, gold_dir: Path, as_json: bool, show_errors: bool) -> None:
    """Score the store against gold: relation P/R/F1 and entity-resolution B-cubed."""
    from kg_builder.eval import evaluate, load_gold
    from kg_builder.rdf.store import GraphStore

    gold = load_gold(gold_dir)
    with GraphStore(store_path, read_only=True) as store:
        report = evaluate(store, gold)
    data = report.as_dict()
    if as_json:
        out.print_json(json.dumps(data, ensure_ascii=False))
        return
    rel = data["relations"]
    for title, rows in (
        ("Relations overall", {"all": rel["overall"]}),
        ("By language", rel["by_language"]),
        ("By document", rel["by_document"]),
        ("By PLOVER type (gold type for recall, system type for precision)", rel["by_plover"]),
    ):
        table = Table(title=title, title_justify="left")
        for col in ("", "precision", "recall", "F1", "system", "gold"):
            table.add_column(col, justify="left" if not col else "right")
        for name, s in rows.items():
            table.add_row(
                name,
                f"{s['precision']:.3f}",
                f"{s['recall']:.3f}",
                f"{s['f1']:.3f}",
                str(s["system"]),
                str(s["gold"]),
            )
        out.print(table)
    er = data["entity_resolution"]
    out.print(
        f"Entity resolution B-cubed: P {er['bcubed_precision']:.3f} R {er['bcubed_recall']:.3f} "
        f"[bold]F1 {er['bcubed_f1']:.3f}[/] ({er['aliases_found']}/{er['aliases_total']} gold aliases found)"
    )
    if show_errors:
        for kind in ("missed", "spurious"):
            out.print(f"[bold]{kind}[/] ({len(data[kind])})")
            for item in data[kind]:
                # doc · subject –PLOVER (or structural predicate)→ object · evidence, one line each
                kind_of = item.get("plover") or item["predicate"]
                negated = "" if item["polarity"] == "positive" else " (negated)"
                evidence = " ".join(item["evidence"].split())
                out.print(
                    f"  {escape(item['doc'])}  {escape(item['subject'])} –{kind_of}→ {escape(item['object'])}"
                    f"{negated}  [dim]“{escape(evidence)}”[/]",
                    highlight=False,
                    soft_wrap=True,
                )


@cli.command(name="explain")
@store_option
@click.option("--subject", help="Subject label, key or surface form.")
@click.option("--object", "obj", help="Object label, key or surface form.")
@click.option("--predicate", help="Predicate (opposes) or PLOVER type (ASSAULT).")
@click.option("--doc", help="Document (source name or its prefix).")
@click.option("--limit", type=click.IntRange(1), default=50, show_default=True)
def explain_(
    store_path: Path,
    subject: str | None,
    obj: str | None,
    predicate: str | None,
    doc: str | None,
    limit: int,
) -> None:
    """Show relations with the rule that produced them and the evidence sentence."""
    from kg_builder.explain import explain

    count = 0
    for r in explain(
        store_path=store_path, subject=subject, obj=obj, predicate=predicate, doc=doc, limit=limit
    ):
        count += 1
        neg = " [red]NOT[/]" if r.polarity == "negative" else ""
        sentence = escape(r.sentence)
        out.print(
            f"[bold]{escape(r.subject.label)}[/]{neg} –{r.predicate}→ [bold]{escape(r.object.label)}[/]"
            f"  [cyan]{r.plover or 'structural'}[/] {r.modality} · confidence {r.confidence:.2f}\n"
            f"  rule [magenta]{escape(r.rule)}[/] ({r.extractor} {r.extractor_version})"
            + (f" · speaker {escape(r.speaker.label)}" if r.speaker else "")
            + (f" · date {r.date}" if r.date else "")
            + f"\n  {escape(r.doc)} \\[{r.lang}] chars {r.start}–{r.end}: [dim]“{sentence}”[/]\n"
        )
    if not count:
        console.print("no relation matches")


neo4j_group.add_command(guide_command)
cli.add_command(neo4j_group)
cli.add_command(load_command)
cli.add_command(query_command)
cli.add_command(sparql)
cli.add_command(remove)
cli.add_command(import_)
cli.add_command(analyze_group)
cli.add_command(viz_command)


def main() -> None:
    """Console-script entry point."""
    # Python's last collections at exit walk every object still alive: after a build,
    # every loaded model's (about 0.4 s of CPU for French). Frozen objects are skipped;
    # they are still freed by reference counting. Registered first, so it runs last.
    atexit.register(gc.freeze)
    cli(prog_name="kg")
