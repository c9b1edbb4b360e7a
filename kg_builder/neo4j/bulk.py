"""``kg neo4j import DIR``: the bulk path into the local server of ``kg neo4j start``.

The CSVs of ``kg export --format neo4j-admin DIR`` (:mod:`kg_builder.export.neo4j_admin`)
go into the server's database through ``neo4j-admin database import full``, which writes
the store files directly instead of running one transaction per batch:

1. check the directory's manifest and that the database is empty (or ``overwrite``);
2. stop the server (the importer needs the database offline);
3. run the importer from the server's own jars, progress read from its output;
4. start the server again with the same ports and memory settings;
5. give the bare MENTIONED_IN edges ``forms: []``, create the constraints and indexes
   ``kg load`` creates (:func:`kg_builder.neo4j.loader.ensure_schema`), wait until they
   are online;
6. compare the node and relationship counts with the manifest's.

When the importer fails (or is interrupted), the database is re-created empty and the
server started again, so no half-imported graph is ever served. The password reaches
the driver and the server's start only, never a command line.
"""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg_builder.errors import Neo4jError
from kg_builder.neo4j import server
from kg_builder.progress import ProgressCallback

__all__ = ["DATABASE", "ImportReport", "import_directory"]

#: The one user database of Neo4j Community.
DATABASE = "neo4j"
#: Seconds to wait for the indexes to come online after the import.
INDEX_TIMEOUT = 3600

_SETTINGS_FILE = "kg-import-settings.json"
_STAGE = re.compile(r"^\((\d+)/(\d+)\)\s")
_PERCENT = re.compile(r"\s(\d{1,3})%\s")
_CAUSE = re.compile(r"^Caused by: [\w.$]+: (.+)$")


@dataclass
class ImportReport:
    """What ``kg neo4j import`` did, with the counts checked against the export's."""

    directory: Path
    home: Path
    bolt_uri: str = ""
    nodes: int = 0
    relationships: int = 0
    expected_nodes: int = 0
    expected_relationships: int = 0
    articles: int = 0
    entities: int = 0
    mentions: int = 0
    replaced_nodes: int = 0
    constraints_added: int = 0
    indexes_added: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    log_file: Path | None = None

    @property
    def total_seconds(self) -> float:
        """Wall seconds of every phase."""
        return sum(self.seconds.values())

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly copy."""
        data = {k: getattr(self, k) for k in self.__dataclass_fields__}
        for key in ("directory", "home", "log_file"):
            data[key] = str(data[key]) if data[key] is not None else None
        data["seconds"] = {k: round(v, 2) for k, v in self.seconds.items()}
        data["total_seconds"] = round(self.total_seconds, 2)
        return data


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _connect(uri: str, user: str, password: str) -> Any:
    from kg_builder.neo4j.connection import Neo4jSettings, connect

    return connect(Neo4jSettings(uri=uri, user=user, password=password, database=DATABASE))


def _read(driver: Any, name: str, **params: Any) -> dict[str, Any]:
    from kg_builder.neo4j.queries import cypher_file

    records, _, _ = driver.execute_query(cypher_file(name).text, params, database_=DATABASE)
    return records[0].data() if records else {}


def _admin_command(java: str, home: Path, arguments: list[str], report_file: Path) -> list[str]:
    return [
        java,
        "-cp",
        str(home / "lib" / "*"),
        "-Dfile.encoding=UTF-8",
        server.ADMIN_ENTRY_POINT,
        "database",
        "import",
        "full",
        DATABASE,  # before the file lists: --nodes/--relationships take every argument after them
        "--overwrite-destination=true",
        "--verbose",  # the cause of a failure, not only "Error importing csv file"
        f"--report-file={report_file}",
        *arguments,
    ]


def _run_importer(
    command: list[str], home: Path, log_file: Path, on_percent: Callable[[int], None]
) -> tuple[int, str]:
    """Run neo4j-admin, its output appended to ``log_file``; return (exit code, why it failed:
    the innermost cause of its stack trace, else its last line that is no progress line)."""
    cause = last = ""
    stage, stages = 1, 1
    with open(log_file, "a", encoding="utf-8") as log:
        log.write(f"--- kg_builder: {' '.join(command[4:])}\n")
        log.flush()
        proc = subprocess.Popen(
            command,
            cwd=home,
            env=server._child_env(home),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                log.write(line)
                if match := _STAGE.match(line):
                    stage, stages = int(match[1]), max(int(match[2]), 1)
                elif match := _PERCENT.search(line):
                    on_percent(((stage - 1) * 100 + min(int(match[1]), 100)) // stages)
                elif match := _CAUSE.match(line):
                    cause = match[1].strip()
                elif line.strip() and not line.startswith(("\t", " ")):
                    last = line.strip()
            return proc.wait(), cause or last
        except BaseException:
            proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=30)
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            raise


def import_directory(
    directory: Path,
    *,
    password: str | None,
    user: str = "neo4j",
    home: Path | None = None,
    overwrite: bool = False,
    bolt_port: int | None = None,
    http_port: int | None = None,
    timeout: float = server.DEFAULT_START_TIMEOUT,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import an export directory into the local server's database; return the checked counts.

    ``home``: the server home of ``kg neo4j start`` (default: its default home). The
    server may be running or stopped; it runs afterwards, on the ports it ran on (or
    ``bolt_port``/``http_port``, else the defaults). A database holding nodes is refused
    unless ``overwrite``. Raises :class:`Neo4jError` when the counts in Neo4j differ from
    the export's.
    """
    from kg_builder.export.neo4j_admin import import_arguments, read_manifest
    from kg_builder.neo4j.loader import ensure_schema

    def tick(phase: str, done: int, total: int | None) -> None:
        if progress is not None:
            progress(phase, done, total)

    directory = directory.expanduser().resolve()
    manifest = read_manifest(directory)
    if not password:
        raise Neo4jError(
            "kg neo4j import connects to the server to check it is empty and to create the "
            "constraints: pass --password or set NEO4J_PASSWORD."
        )
    home = (home or server.neo4j_home()).expanduser().resolve()
    current = server.status(home=home)
    if not current.provisioned:
        raise Neo4jError(f"no Neo4j server home at {home}: start one with `kg neo4j start` (or pass --home)")
    # The server forgets its ports when it stops: keep them beside its run files until it
    # runs again, so an import that failed half-way restarts it where it was.
    keep = home / "run" / _SETTINGS_FILE
    state = server._read_state(home) if current.running else _read_json(keep)
    settings = {
        "bolt_port": bolt_port or int(state.get("bolt_port") or server.DEFAULT_BOLT_PORT),
        "http_port": http_port or int(state.get("http_port") or server.DEFAULT_HTTP_PORT),
        "heap": str(state.get("heap") or server.DEFAULT_HEAP),
        "pagecache": str(state.get("pagecache") or server.DEFAULT_PAGECACHE),
    }
    report = ImportReport(directory=directory, home=home, log_file=home / "logs" / "kg-import.log")
    counts = manifest["counts"]
    report.expected_nodes, report.expected_relationships = counts["nodes"], counts["relationships"]

    def start() -> server.ServerStatus:
        keep.parent.mkdir(parents=True, exist_ok=True)
        keep.write_text(json.dumps(settings) + "\n", encoding="utf-8")
        status = server.start(password=password, home=home, timeout=timeout, **settings).status  # type: ignore[arg-type]
        keep.unlink(missing_ok=True)
        return status

    began = time.perf_counter()
    tick("check", 0, 1)
    st = start()
    report.bolt_uri = st.bolt_uri
    with _connect(st.bolt_uri, user, password) as driver:
        held = _read(driver, "load/graph_counts")
    if held["nodes"] and not overwrite:
        raise Neo4jError(
            f"database {DATABASE!r} at {st.bolt_uri} holds {held['nodes']:,} nodes and "
            f"{held['relationships']:,} relationships; nothing was changed. Pass --overwrite to "
            "replace them with the import, or use `kg load` to merge into them."
        )
    report.replaced_nodes = held["nodes"]
    tick("check", 1, 1)
    report.seconds["check"] = time.perf_counter() - began

    began = time.perf_counter()
    tick("stop", 0, 1)
    keep.write_text(json.dumps(settings) + "\n", encoding="utf-8")
    server.stop(home=home)
    tick("stop", 1, 1)
    report.seconds["stop"] = time.perf_counter() - began

    began = time.perf_counter()
    java = server.find_java()
    report_file = home / "logs" / "kg-import.report"
    tick("import", 0, 100)
    try:
        code, said = _run_importer(
            _admin_command(java, home, import_arguments(manifest, directory), report_file),
            home,
            report.log_file,
            lambda pct: tick("import", pct, 100),
        )
    except BaseException:
        _restore_empty(java, home, manifest, directory, report.log_file)
        start()
        raise
    if code != 0:
        _restore_empty(java, home, manifest, directory, report.log_file)
        start()
        raise Neo4jError(
            f"neo4j-admin import failed (exit {code}): {said}; the database {DATABASE!r} is empty "
            f"and the server runs again (the importer's output: {report.log_file})"
        )
    tick("import", 100, 100)
    report.seconds["import"] = time.perf_counter() - began

    began = time.perf_counter()
    tick("start", 0, 1)
    st = start()
    tick("start", 1, 1)
    report.seconds["start"] = time.perf_counter() - began

    with _connect(st.bolt_uri, user, password) as driver:
        began = time.perf_counter()
        tick("schema", 0, 3)
        if counts.get("mentions_bare"):
            from kg_builder.neo4j.queries import cypher_file

            with driver.session(database=DATABASE) as session:
                session.run(cypher_file("bulk/empty_forms").text).consume()
        tick("schema", 1, 3)
        schema = ensure_schema(driver, database=DATABASE)
        report.constraints_added, report.indexes_added = schema.constraints_added, schema.indexes_added
        tick("schema", 2, 3)
        _read(driver, "bulk/await_indexes", seconds=INDEX_TIMEOUT)
        tick("schema", 3, 3)
        report.seconds["schema"] = time.perf_counter() - began

        began = time.perf_counter()
        totals = _read(driver, "load/graph_counts")
        labels = _read(driver, "bulk/label_counts")
        report.seconds["verify"] = time.perf_counter() - began
    report.nodes, report.relationships = totals["nodes"], totals["relationships"]
    report.articles, report.entities, report.mentions = (
        labels["articles"],
        labels["entities"],
        labels["mentions"],
    )
    expected = {
        "nodes": (report.nodes, counts["nodes"]),
        "relationships": (report.relationships, counts["relationships"]),
        "articles": (report.articles, counts["articles"]),
        "entities": (report.entities, counts["entities"]),
        "MENTIONED_IN edges": (report.mentions, counts["mentions"] + counts["mentions_bare"]),
    }
    wrong = [f"{what} {got:,} (CSVs: {want:,})" for what, (got, want) in expected.items() if got != want]
    if wrong:
        raise Neo4jError(
            f"the import finished but Neo4j holds other counts than the CSVs: {', '.join(wrong)}; "
            f"see {report_file} for the entries neo4j-admin left out"
        )
    return report


def _restore_empty(java: str, home: Path, manifest: dict[str, Any], directory: Path, log_file: Path) -> None:
    """Re-create the database empty (header files only), after a failed or interrupted import."""
    headers = [f"--{group['kind']}={directory / group['header']}" for group in manifest["files"]]
    arguments = [f"--array-delimiter={manifest['array_delimiter']}", *headers]
    code, said = _run_importer(
        _admin_command(java, home, arguments, home / "logs" / "kg-import-restore.report"),
        home,
        log_file,
        lambda _pct: None,
    )
    if code != 0:
        raise Neo4jError(
            f"neo4j-admin import failed, and re-creating the database {DATABASE!r} empty failed "
            f"too (exit {code}: {said}); the server is stopped (the importer's output: {log_file})"
        )
