"""The bulk path into Neo4j against ``kg load``, end to end, at several sizes, in one run.

For each size (``--sizes``, assertions; default 10,000, 100,000 and 1,000,000) the
generated store of ``bench.neo4j_load`` (same generator and cache: ~50 assertions per
article, Zipf-distributed actors of every type, evidence sentences) goes into the same
local Neo4j server twice, each time into an empty database without schema:

* ``kg load``  -- :func:`kg_builder.neo4j.loader.load_store` (constraints and indexes
  first, then batched ``UNWIND`` transactions);
* ``bulk``     -- :func:`kg_builder.export.neo4j_admin.export_neo4j_admin` (store to CSVs)
  then :func:`kg_builder.neo4j.bulk.import_directory` (check, stop the server,
  ``neo4j-admin database import full``, start it, ``forms: []`` for bare mentions,
  constraints and indexes, wait until they are online, counts checked).

Reported per path: wall seconds, assertions/s, and CPU seconds (this process, the
importer JVM, and the Neo4j server: its CPU during ``kg load``; for the bulk path the
restarted server's CPU from its start to the end). Then the ratio bulk/kg load per size
and where the crossover lies, from a least-squares line ``seconds = fixed + per
assertion * n`` fitted to each path's sizes. Both paths must end with the same node and
relationship counts (checked).

The bench runs its own server (``--home``, default ``<workdir>/neo4j-bulk-home``; Bolt
``--bolt-port`` 27687, HTTP 27474; password ``KG_BENCH_NEO4J_PASSWORD`` or
``kg-bench-password``), started if needed and left running; its database is replaced.

    python -m bench.neo4j_bulk --sizes 10000,100000          # a few minutes
    python -m bench.neo4j_bulk                               # with 1,000,000: long
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.neo4j_load import DEFAULT_SEED, _counts, _wipe, build_store

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
DEFAULT_BOLT_PORT = 27687
DEFAULT_HTTP_PORT = 27474
DEFAULT_PASSWORD = "kg-bench-password"

# Bench-only housekeeping (not product Cypher): an empty database without schema, as a
# first `kg load` into a new database finds it.
SCHEMA_NAMES = "SHOW CONSTRAINTS YIELD name RETURN name"
INDEX_NAMES = "SHOW INDEXES YIELD name, owningConstraint WHERE owningConstraint IS NULL RETURN name"


@dataclass
class Run:
    """One path at one size."""

    path: str
    assertions: int
    seconds: float
    cpu_client: float
    cpu_importer: float
    cpu_server: float
    nodes: int
    relationships: int
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        """Assertions per wall second."""
        return self.assertions / self.seconds if self.seconds else 0.0

    @property
    def cpu(self) -> float:
        """CPU seconds of every process involved."""
        return self.cpu_client + self.cpu_importer + self.cpu_server


def _cpu_of(pid: int | None) -> float:
    """User + system CPU seconds of a live process (0 when unknown)."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _empty(driver: Any, database: str) -> None:
    """No node, no relationship, no constraint or index: a new database."""
    _wipe(driver, database)
    for query, kind in ((SCHEMA_NAMES, "CONSTRAINT"), (INDEX_NAMES, "INDEX")):
        records, _, _ = driver.execute_query(query, database_=database)
        for record in records:
            # Names come from the server's own schema listing, quoted as identifiers.
            driver.execute_query(
                f"DROP {kind} `{record['name'].replace('`', '``')}` IF EXISTS", database_=database
            )


def _start(home: Path, password: str, bolt: int, http: int) -> Any:
    from kg_builder.neo4j import server

    return server.start(password=password, home=home, bolt_port=bolt, http_port=http).status


def _driver(status: Any, password: str) -> Any:
    from kg_builder.neo4j.connection import Neo4jSettings, connect

    return connect(Neo4jSettings(uri=status.bolt_uri, password=password))


def run_load(store_path: Path, status: Any, password: str, n: int) -> Run:
    """``kg load`` into the empty database, timed from the store on disk to the graph."""
    from kg_builder.neo4j.loader import load_store
    from kg_builder.rdf.store import GraphStore

    with _driver(status, password) as driver:
        _empty(driver, "neo4j")
        server_before = _cpu_of(status.pid)
        cpu_before = time.process_time()
        began = time.perf_counter()
        with GraphStore(store_path, read_only=True) as store:
            report = load_store(store, driver, database="neo4j")
        seconds = time.perf_counter() - began
        cpu_client = time.process_time() - cpu_before
        cpu_server = _cpu_of(status.pid) - server_before
        nodes, rels = _counts(driver, "neo4j")
    return Run("kg load", report.assertions, seconds, cpu_client, 0.0, cpu_server, nodes, rels)


def run_bulk(store_path: Path, home: Path, password: str, bolt: int, http: int, workdir: Path, n: int) -> Run:
    """Export, then ``kg neo4j import`` (stop, import, start, schema, counts), timed end to end."""
    from kg_builder.export.neo4j_admin import export_neo4j_admin
    from kg_builder.neo4j import server
    from kg_builder.neo4j.bulk import import_directory
    from kg_builder.rdf.store import GraphStore

    csvs = Path(tempfile.mkdtemp(prefix="neo4j-bulk-csv-", dir=workdir))
    try:
        cpu_before, children_before = time.process_time(), _children_cpu()
        began = time.perf_counter()
        with GraphStore(store_path, read_only=True) as store:
            exported = export_neo4j_admin(store, csvs / "out")
        export_seconds = time.perf_counter() - began
        report = import_directory(
            csvs / "out", password=password, home=home, overwrite=True, bolt_port=bolt, http_port=http
        )
        seconds = time.perf_counter() - began
        cpu_client = time.process_time() - cpu_before
        cpu_importer = _children_cpu() - children_before
        cpu_server = _cpu_of(server.status(home=home).pid)  # the restarted server, from its start
        size = sum(p.stat().st_size for p in (csvs / "out").iterdir())
    finally:
        shutil.rmtree(csvs, ignore_errors=True)
    phases = {"export": round(export_seconds, 2), **{k: round(v, 2) for k, v in report.seconds.items()}}
    phases["csv MB"] = round(size / 1e6, 1)
    return Run(
        "bulk", exported.assertions, seconds, cpu_client, cpu_importer, cpu_server,
        report.nodes, report.relationships, phases,
    )  # fmt: skip


def _fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least-squares (fixed seconds, seconds per assertion) through (n, seconds)."""
    if len(points) == 1:
        n, s = points[0]
        return 0.0, s / n
    mean_n = sum(n for n, _ in points) / len(points)
    mean_s = sum(s for _, s in points) / len(points)
    var = sum((n - mean_n) ** 2 for n, _ in points)
    slope = sum((n - mean_n) * (s - mean_s) for n, s in points) / var
    return mean_s - slope * mean_n, slope


def main(argv: list[str] | None = None) -> int:
    """Run the comparison and print the table, the ratios and the crossover."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default=",".join(str(s) for s in DEFAULT_SIZES), help="assertions, comma-separated"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "kg_builder-bench")
    parser.add_argument(
        "--home", type=Path, default=None, help="Neo4j home [default: <workdir>/neo4j-bulk-home]"
    )
    parser.add_argument("--bolt-port", type=int, default=DEFAULT_BOLT_PORT)
    parser.add_argument("--http-port", type=int, default=DEFAULT_HTTP_PORT)
    parser.add_argument("--json", type=Path, default=None, help="also write the runs as JSON here")
    args = parser.parse_args(argv)
    try:
        sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error(f"--sizes {args.sizes!r}: give whole numbers, e.g. 10000,100000")
    if not sizes or min(sizes) < 1:
        parser.error("--sizes needs at least one positive size")
    password = os.environ.get("KG_BENCH_NEO4J_PASSWORD", DEFAULT_PASSWORD)
    args.workdir.mkdir(parents=True, exist_ok=True)
    home = (args.home or args.workdir / "neo4j-bulk-home").resolve()
    status = _start(home, password, args.bolt_port, args.http_port)
    print(f"Neo4j {status.version} at {status.bolt_uri}, home {home}", file=sys.stderr)

    # Untimed warm-up: a freshly started JVM runs its first load slowly (bench.neo4j_load
    # does the same); each timed kg load then runs on a server that has loaded before.
    warm = build_store(min(sizes), args.seed, args.workdir)
    run_load(warm.path, status, password, min(sizes))
    runs: list[Run] = []
    for n in sizes:
        data = build_store(n, args.seed, args.workdir)
        print(
            f"\n{n:,} assertions: {data.articles:,} articles, {data.entities:,} entities"
            + (" (cached store)" if data.cached else f" (generated in {data.seconds:.0f} s)"),
            file=sys.stderr,
            flush=True,
        )
        status = _start(home, password, args.bolt_port, args.http_port)
        load = run_load(data.path, status, password, n)
        print(
            f"  kg load  {load.seconds:8.1f} s  {load.rate:9,.0f} assertions/s", file=sys.stderr, flush=True
        )
        bulk = run_bulk(data.path, home, password, args.bolt_port, args.http_port, args.workdir, n)
        print(
            f"  bulk     {bulk.seconds:8.1f} s  {bulk.rate:9,.0f} assertions/s  {bulk.phases}",
            file=sys.stderr,
        )
        if (load.nodes, load.relationships) != (bulk.nodes, bulk.relationships):
            print(
                f"MISMATCH: kg load gave {load.nodes:,} nodes / {load.relationships:,} relationships, "
                f"bulk {bulk.nodes:,} / {bulk.relationships:,}",
                file=sys.stderr,
            )
            return 1
        runs += [load, bulk]

    print(
        "\n| assertions | path | wall s | assertions/s | CPU s (client + importer + server) "
        "| bulk/kg load wall |"
    )
    print("|---:|---|---:|---:|---|---:|")
    for n in sizes:
        load, bulk = (r for r in runs if r.assertions == n)
        for r in (load, bulk):
            ratio = f"{bulk.seconds / load.seconds:.2f}x" if r is bulk else ""
            print(
                f"| {n:,} | {r.path} | {r.seconds:.1f} | {r.rate:,.0f} | {r.cpu:.1f} "
                f"({r.cpu_client:.1f} + {r.cpu_importer:.1f} + {r.cpu_server:.1f}) | {ratio} |"
            )
    fixed_l, per_l = _fit([(r.assertions, r.seconds) for r in runs if r.path == "kg load"])
    fixed_b, per_b = _fit([(r.assertions, r.seconds) for r in runs if r.path == "bulk"])
    print(
        f"\nkg load: {fixed_l:.1f} s + {per_l * 1e6:.1f} s per million assertions; "
        f"bulk: {fixed_b:.1f} s + {per_b * 1e6:.1f} s per million"
    )
    if per_b < per_l and fixed_b > fixed_l:
        cross = (fixed_b - fixed_l) / (per_l - per_b)
        print(f"crossover: the bulk path is faster above ~{cross:,.0f} assertions")
    elif per_b < per_l:
        print("the bulk path is faster at every size measured")
    else:
        print("no crossover: kg load is faster at every size (per assertion too)")
    if args.json:
        args.json.write_text(
            json.dumps([asdict(r) | {"rate": r.rate, "cpu": r.cpu} for r in runs], indent=2) + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
