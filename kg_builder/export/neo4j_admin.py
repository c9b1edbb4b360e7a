"""``kg export --format neo4j-admin DIR``: the store as CSVs for ``neo4j-admin database import full``.

The files hold exactly the graph ``kg load`` writes (see :mod:`kg_builder.neo4j.loader`):
the same node labels, relationship types, property names and property types, built with
the loader's own row functions. ``kg neo4j import DIR`` (:mod:`kg_builder.neo4j.bulk`)
imports them into the local server; ``manifest.json`` names the files, their counts and
the ``neo4j-admin`` options they need, for anyone who runs the tool by hand.

Files (a header file and a data file per input group, as Neo4j documents)::

    articles.header.csv      uri:ID,:LABEL,doc,hash,lang,title,url,published:date,words:long,source_key
    entities.header.csv      uri:ID,:LABEL,key,label,type,qid,aliases:string[]
    mentions.header.csv      :START_ID,:END_ID,:TYPE,article,forms:string[]
    mentions_bare.header.csv :START_ID,:END_ID,:TYPE,article
    assertions.header.csv    :START_ID,:END_ID,:TYPE,uri,predicate,plover,..., confidence:double,
                             date:date, ..., start:long,end:long

Escaping: every string is quoted (``"`` doubled inside, newlines kept: the import needs
``--multiline-fields=true``); a missing value (a property ``kg load`` leaves unset) is an
unquoted empty field, which the importer skips, while an empty string is ``""``, which it
keeps. Array elements are separated by U+001F (unit separator): the importer cannot escape
its array delimiter, and ``;`` occurs in names; an element holding U+001F is refused.
The importer cannot write an empty list either: the MENTIONED_IN edges ``kg load`` writes
with ``forms: []`` (participants of an assertion without a surface form in that article)
go to ``mentions_bare.csv``, and ``kg neo4j import`` sets their ``forms`` to ``[]``.

Streaming: the assertions (the bulk of the store) go from the store's query to the file
row by row. What is kept in memory is what the loader keeps too: one small record per
article and per entity, and the (article, entity) pairs of the assertions' participants.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from kg_builder.errors import ExportError
from kg_builder.progress import ProgressCallback

__all__ = [
    "ARRAY_DELIMITER",
    "ARTICLE_COLUMNS",
    "ASSERTION_COLUMNS",
    "ENTITY_COLUMNS",
    "MANIFEST",
    "MENTION_COLUMNS",
    "AdminExport",
    "CsvTable",
    "export_neo4j_admin",
    "import_arguments",
    "read_manifest",
]

#: Between array elements: a control character no text of the store should hold.
ARRAY_DELIMITER = "\x1f"
#: How ``neo4j-admin`` is told (``--array-delimiter=U+001F``).
ARRAY_DELIMITER_OPTION = "U+001F"
MANIFEST = "manifest.json"
FORMAT_NAME = "kg_builder-neo4j-admin"
FORMAT_VERSION = 1

#: (property, neo4j-admin type) after the id/label columns; "string" columns get no suffix.
ARTICLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("doc", "string"),
    ("hash", "string"),
    ("lang", "string"),
    ("title", "string"),
    ("url", "string"),
    ("published", "date"),
    ("words", "long"),
    ("source_key", "string"),
)
ENTITY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("key", "string"),
    ("label", "string"),
    ("type", "string"),
    ("qid", "string"),
    ("aliases", "string[]"),
)
MENTION_COLUMNS: tuple[tuple[str, str], ...] = (("article", "string"), ("forms", "string[]"))
BARE_MENTION_COLUMNS: tuple[tuple[str, str], ...] = (("article", "string"),)
ASSERTION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("uri", "string"),
    ("predicate", "string"),
    ("plover", "string"),
    ("polarity", "string"),
    ("modality", "string"),
    ("confidence", "double"),
    ("date", "date"),
    ("speaker", "string"),
    ("speaker_uri", "string"),
    ("rule", "string"),
    ("extractor", "string"),
    ("extractor_version", "string"),
    ("article", "string"),
    ("doc", "string"),
    ("lang", "string"),
    ("published", "date"),
    ("sentence", "string"),
    ("start", "long"),
    ("end", "long"),
)


class _Null:
    """A missing value: written as an unquoted empty field, which neo4j-admin skips.

    The csv writer quotes every non-numeric field under ``QUOTE_NONNUMERIC``, so ``""``
    stays an empty string; this object counts as a number (``__float__``), so it is left
    unquoted, and prints as nothing. (Python 3.12's ``QUOTE_NOTNULL`` does the same.)
    """

    __slots__ = ()

    def __float__(self) -> float:
        return 0.0

    def __str__(self) -> str:
        return ""


NULL = _Null()


def _header(first: Sequence[str], columns: Iterable[tuple[str, str]]) -> list[str]:
    return [*first, *(name if kind == "string" else f"{name}:{kind}" for name, kind in columns)]


def _cell(value: Any, kind: str, where: str) -> Any:
    """One property value as the csv writer should see it for a column of ``kind``."""
    if value is None:
        return NULL
    if kind == "string":
        return value if isinstance(value, str) else str(value)
    if kind == "string[]":
        items = list(value)
        if not items:
            return NULL  # neo4j-admin cannot write an empty list; see mentions_bare
        for item in items:
            if ARRAY_DELIMITER in item:
                raise ExportError(
                    f"{where} holds a U+001F control character in {item!r}, the array delimiter "
                    "of the neo4j-admin files; remove it from the input, or load with `kg load`"
                )
        return ARRAY_DELIMITER.join(items)
    if kind == "date":
        if isinstance(value, dt.date):
            return value.isoformat()
        raise ExportError(
            f"{where} has the date {value!r}, which is not an ISO date (YYYY-MM-DD): a "
            "neo4j-admin date column cannot hold it; load this store with `kg load`"
        )
    if kind == "long":
        return int(value)
    if kind == "double":
        return float(value)
    raise AssertionError(f"unknown column type {kind}")


@dataclass
class CsvTable:
    """One input group of the import: a header file and a data file, written row by row."""

    name: str  # file stem: <name>.header.csv, <name>.csv
    kind: str  # "nodes" or "relationships"
    header: list[str]
    columns: tuple[tuple[str, str], ...]
    rows: int = 0
    _handle: IO[str] | None = field(default=None, repr=False)
    _writer: Any = field(default=None, repr=False)

    @property
    def header_file(self) -> str:
        """Name of the header file."""
        return f"{self.name}.header.csv"

    @property
    def data_file(self) -> str:
        """Name of the data file."""
        return f"{self.name}.csv"

    def open(self, directory: Path) -> None:
        """Write the header file and open the data file for writing."""
        with (directory / self.header_file).open("w", encoding="utf-8", newline="") as handle:
            _csv_writer(handle).writerow(self.header)
        self._handle = (directory / self.data_file).open("w", encoding="utf-8", newline="")
        self._writer = _csv_writer(self._handle)

    def write(self, first: Sequence[Any], props: dict[str, Any], where: str) -> None:
        """One row: the id/label (or start/end/type) cells, then the typed properties."""
        self._writer.writerow([*first, *(_cell(props.get(name), kind, where) for name, kind in self.columns)])
        self.rows += 1

    def close(self) -> None:
        """Close the data file."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def _csv_writer(handle: IO[str]) -> Any:
    # RFC 4180 quoting, as neo4j-admin reads by default ("" inside quotes is a quote).
    return csv.writer(handle, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n", doublequote=True)


def _tables() -> dict[str, CsvTable]:
    return {
        "articles": CsvTable(
            "articles", "nodes", _header(["uri:ID", ":LABEL"], ARTICLE_COLUMNS), ARTICLE_COLUMNS
        ),
        "entities": CsvTable(
            "entities", "nodes", _header(["uri:ID", ":LABEL"], ENTITY_COLUMNS), ENTITY_COLUMNS
        ),
        "mentions": CsvTable(
            "mentions",
            "relationships",
            _header([":START_ID", ":END_ID", ":TYPE"], MENTION_COLUMNS),
            MENTION_COLUMNS,
        ),
        "mentions_bare": CsvTable(
            "mentions_bare",
            "relationships",
            _header([":START_ID", ":END_ID", ":TYPE"], BARE_MENTION_COLUMNS),
            BARE_MENTION_COLUMNS,
        ),
        "assertions": CsvTable(
            "assertions",
            "relationships",
            _header([":START_ID", ":END_ID", ":TYPE"], ASSERTION_COLUMNS),
            ASSERTION_COLUMNS,
        ),
    }


@dataclass
class AdminExport:
    """What an export wrote."""

    directory: Path
    articles: int = 0
    entities: int = 0
    mentions: int = 0
    mentions_bare: int = 0
    assertions: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def nodes(self) -> int:
        """Nodes the import creates."""
        return self.articles + self.entities

    @property
    def relationships(self) -> int:
        """Relationships the import creates."""
        return self.mentions + self.mentions_bare + self.assertions


def import_arguments(manifest: dict[str, Any], directory: Path) -> list[str]:
    """The ``neo4j-admin database import full`` options for the files of ``directory``
    (without the database name)."""
    args = [
        f"--array-delimiter={manifest['array_delimiter']}",
        "--multiline-fields=true",
        "--id-type=string",
    ]
    for group in manifest["files"]:
        files = ",".join(str(directory / name) for name in (group["header"], group["data"]))
        args.append(f"--{group['kind']}={files}")
    return args


def read_manifest(directory: Path) -> dict[str, Any]:
    """The manifest of an export directory, checked: the format and every file present."""
    path = directory / MANIFEST
    if not directory.is_dir():
        raise ExportError(
            f"{directory} is not a directory; write one with `kg export --format neo4j-admin DIR`"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ExportError(
            f"{directory} holds no {MANIFEST}: it is not a `kg export --format neo4j-admin` directory"
        ) from None
    except (OSError, ValueError) as exc:
        raise ExportError(f"cannot read {path}: {exc}") from None
    if manifest.get("format") != FORMAT_NAME or manifest.get("version") != FORMAT_VERSION:
        raise ExportError(
            f"{path} is not a {FORMAT_NAME} v{FORMAT_VERSION} manifest; export again with this kg_builder"
        )
    for group in manifest["files"]:
        for name in (group["header"], group["data"]):
            if not (directory / name).is_file():
                raise ExportError(f"{directory / name}, named in {MANIFEST}, is missing; export again")
    return manifest


def _prepare(directory: Path, force: bool) -> Path:
    """Check ``directory`` may receive the export; return a scratch directory beside it."""
    if directory.exists() and not directory.is_dir():
        raise ExportError(f"{directory} exists and is not a directory; choose a directory for the CSVs")
    if directory.is_dir() and any(directory.iterdir()) and not force:
        raise ExportError(
            f"{directory} is not empty; choose an empty or new directory, or pass --force to "
            "replace the export files in it"
        )
    parent = directory.resolve().parent
    if not parent.is_dir():
        raise ExportError(f"the parent directory {parent} of {directory} does not exist")
    try:
        return Path(tempfile.mkdtemp(prefix=f".{directory.name}.partial-", dir=parent))
    except OSError as exc:
        raise ExportError(f"cannot write in {parent}: {exc}") from None


def _publish(scratch: Path, directory: Path) -> None:
    """Move the finished files into ``directory`` (the manifest last: it marks a complete set)."""
    directory.mkdir(parents=True, exist_ok=True)
    names = sorted(p.name for p in scratch.iterdir() if p.name != MANIFEST)
    (directory / MANIFEST).unlink(missing_ok=True)
    for name in [*names, MANIFEST]:
        os.replace(scratch / name, directory / name)
    scratch.rmdir()


def export_neo4j_admin(
    store: Any,
    directory: Path,
    *,
    force: bool = False,
    skip_bad: bool = False,
    progress: ProgressCallback | None = None,
) -> AdminExport:
    """Write the store as neo4j-admin import CSVs into ``directory``; return the counts.

    The graph is the one ``kg load`` writes into an empty database: same nodes (entities
    no article mentions are left out, as the loader deletes them), labels, relationships
    and typed properties. Articles Neo4j cannot hold stop the export, named, before
    anything is written; ``skip_bad`` leaves them out instead, as ``kg load --skip-bad``.
    ``directory`` must be new or empty unless ``force``; the files are written beside it
    and moved in at the end, so a failed export leaves it as it was.
    """
    scratch = _prepare(directory, force)
    try:
        result = _write(store, scratch, skip_bad=skip_bad, progress=progress)
        _publish(scratch, directory)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    result.directory = directory
    return result


def _write(store: Any, out: Path, *, skip_bad: bool, progress: ProgressCallback | None) -> AdminExport:
    # The loader's own row builders and checks: the same graph by construction.
    from kg_builder.neo4j import loader
    from kg_builder.neo4j.limits import describe, find_unloadable
    from kg_builder.neo4j.queries import relationship_types
    from kg_builder.rdf.namespaces import KG, local_name
    from kg_builder.rdf.read import (
        articles,
        assertion_count,
        assertion_rows,
        entities,
        extractors,
        surface_forms,
    )

    def tick(phase: str, done: int, total: int | None) -> None:
        if progress is not None:
            progress(phase, done, total)

    article_meta = articles(store)
    ents = entities(store)
    forms = surface_forms(store)
    bad, bad_entities = find_unloadable(article_meta, ents, forms)
    if bad and not skip_bad:
        raise ExportError(
            f"{len(bad)} article(s) of the store cannot be loaded into Neo4j, so nothing was "
            f"exported: {describe(bad)}. Pass --skip-bad to export every other article."
        )
    skip = {b.uri for b in bad}
    report = AdminExport(directory=out, skipped=[str(b) for b in bad])
    if skip or bad_entities:
        article_meta = [a for a in article_meta if a["g"] not in skip]
        ents = {iri: e for iri, e in ents.items() if iri not in bad_entities}
        forms = {(g, e): f for (g, e), f in forms.items() if g not in skip and e not in bad_entities}

    tables = _tables()
    for table in tables.values():
        table.open(out)
    try:
        # Articles.
        t = tables["articles"]
        tick("articles", 0, len(article_meta))
        docs: dict[str, tuple[str, str | None, Any]] = {}
        for meta in article_meta:
            row = loader._article_row(meta)
            t.write([row["uri"], "Article"], row["props"], f"article {meta['doc']!r}")
            docs[meta["g"]] = (meta["doc"], meta.get("lang"), row["props"]["published"])
            if t.rows % 1000 == 0:
                tick("articles", t.rows, len(article_meta))
        tick("articles", t.rows, len(article_meta))

        # Assertions, streamed from the store; their participants need MENTIONED_IN edges.
        types = {str(KG[name]): rel_type for name, rel_type in relationship_types().items()}
        agents = extractors(store)
        names: dict[str, str] = {}
        graph_of = {g: g for g in docs}  # one shared string per article and per entity
        entity_of = {e: e for e in ents}
        pairs: set[tuple[str, str]] = set()
        t = tables["assertions"]
        total = assertion_count(store)
        tick("assertions", 0, total)
        for assertion in assertion_rows(store):
            g = graph_of.get(assertion.graph)
            if g is None or assertion.subject not in ents or assertion.object not in ents:
                if assertion.graph in skip or {assertion.subject, assertion.object} & bad_entities.keys():
                    continue  # left out by skip_bad, as kg load --skip-bad does
                raise ExportError(
                    f"assertion {assertion.iri} refers to an article or entity the store does not "
                    "describe; rebuild the store"
                )
            rel_type = types.get(assertion.predicate)
            if rel_type is None:
                raise ExportError(
                    f"assertion {assertion.iri} uses predicate {assertion.predicate!r}, which the "
                    "ontology does not define; rebuild the store with this kg_builder version"
                )
            for iri in (assertion.predicate, assertion.plover):
                if iri and iri not in names:
                    names[iri] = local_name(iri)
            row = loader._relationship_row(assertion, names, docs, agents)
            props = row["props"]
            if props["speaker_uri"]:
                speaker = ents.get(props["speaker_uri"])
                props["speaker"] = speaker.label if speaker else None
                props["speaker_uri"] = speaker.iri if speaker else None
            props["uri"] = row["uri"]
            t.write([row["s"], row["o"], rel_type], props, f"assertion {assertion.iri}")
            pairs.add((g, entity_of[assertion.subject]))
            pairs.add((g, entity_of[assertion.object]))
            if props["speaker_uri"]:
                pairs.add((g, entity_of[props["speaker_uri"]]))
            if t.rows % 5000 == 0:
                tick("assertions", t.rows, total)
        tick("assertions", t.rows, total)

        # MENTIONED_IN: surface forms first, then participants without one (forms: []).
        bare = sorted(pair for pair in pairs if pair not in forms)
        del pairs
        mentioned = {entity for _g, entity in forms} | {entity for _g, entity in bare}
        t, tb = tables["mentions"], tables["mentions_bare"]
        total = len(forms) + len(bare)
        tick("mentions", 0, total)
        for (g, entity), names_of in sorted(forms.items()):
            t.write([entity, g, "MENTIONED_IN"], {"article": g, "forms": names_of}, f"entity {entity}")
        for g, entity in bare:
            tb.write([entity, g, "MENTIONED_IN"], {"article": g}, f"entity {entity}")
        tick("mentions", total, total)

        # Entities that some article mentions (kg load deletes the others).
        t = tables["entities"]
        by_label = loader._entity_rows(ents, forms)
        total = len(mentioned)
        tick("entities", 0, total)
        for label, rows in by_label.items():
            for row in rows:
                if row["uri"] in mentioned:
                    key = row["props"]["key"]
                    t.write(
                        [row["uri"], f"Entity{ARRAY_DELIMITER}{label}"],
                        row["props"],
                        f"entity {key!r}",
                    )
        tick("entities", t.rows, total)
    finally:
        for table in tables.values():
            table.close()

    report.articles = tables["articles"].rows
    report.entities = tables["entities"].rows
    report.mentions = tables["mentions"].rows
    report.mentions_bare = tables["mentions_bare"].rows
    report.assertions = tables["assertions"].rows
    manifest = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "array_delimiter": ARRAY_DELIMITER_OPTION,
        "files": [
            {"kind": t.kind, "name": t.name, "header": t.header_file, "data": t.data_file, "rows": t.rows}
            for t in tables.values()
        ],
        "counts": {
            "nodes": report.nodes,
            "relationships": report.relationships,
            "articles": report.articles,
            "entities": report.entities,
            "assertions": report.assertions,
            "mentions": report.mentions,
            "mentions_bare": report.mentions_bare,
        },
        "skipped": report.skipped,
        "after_import": "set forms = [] on the MENTIONED_IN edges of mentions_bare.csv; create the "
        "constraints and indexes of cypher/schema (kg neo4j import does both)",
    }
    manifest["command"] = " ".join(
        ["neo4j-admin database import full neo4j", *import_arguments(manifest, Path("."))]
    )
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return report
