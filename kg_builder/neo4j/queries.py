"""Cypher lives in ``cypher/*.cypher`` files, loaded by name; this module reads and runs them.

Every file starts with a header of ``// key: value`` comment lines::

    // name: actor_timeline
    // description: Everything one actor did or had done to it, over time.
    // params: actor (string) entity label, key, QID or surface form; limit (int, default 100) rows

``params`` lists the ``$parameters`` the statement uses, separated by ``;``, each as
``name (type[, default VALUE]) description`` with type ``string``, ``int``, ``float``,
``bool`` or ``list``; ``none`` when there are none. Loader statements may also declare
``// placeholders: label (...)``: ``{{label}}`` tokens that :func:`render` replaces with
a label or relationship type *from the ontology whitelist only* (Cypher cannot take a
label or type as a parameter). Everything else is a parameter, never spliced text.

Four folders: ``cypher/schema`` (constraints and indexes), ``cypher/load`` (the loader's
statements), ``cypher/queries`` (the curated analyst queries run by ``kg query``) and
``cypher/export`` (the reads of ``kg export --from-neo4j``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from kg_builder.errors import Neo4jError, Neo4jUnavailableError, QueryError
from kg_builder.resources import resource_dir

__all__ = [
    "CuratedQuery",
    "CypherFile",
    "QueryParam",
    "cypher_file",
    "cypher_files",
    "entity_labels",
    "list_queries",
    "node_labels",
    "relationship_types",
    "render",
    "run_query",
    "to_plain",
]

PARAM_TYPES: tuple[str, ...] = ("string", "int", "float", "bool", "list")

_HEADER = re.compile(r"^//\s*(\w+):\s?(.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*\((?P<type>\w+)(?:,\s*default\s+(?P<default>[^)]*))?\)\s*(?P<desc>.*)$"
)
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
# A Neo4j label or relationship type we are willing to splice into a statement: a plain
# identifier, and in addition it must be on the ontology whitelist (see render()).
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class QueryParam:
    """One declared ``$parameter`` of a Cypher file."""

    name: str
    type: str
    description: str
    default: Any = None
    required: bool = True


@dataclass(frozen=True, slots=True)
class CypherFile:
    """A parsed ``.cypher`` file: header fields and the statement text."""

    name: str
    path: Path
    description: str
    params: tuple[QueryParam, ...]
    placeholders: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class CuratedQuery:
    """A curated analyst query from ``cypher/queries/``."""

    name: str
    description: str
    params: tuple[QueryParam, ...]
    text: str


def _parse_default(raw: str, type_: str, where: str) -> Any:
    raw = raw.strip()
    try:
        if type_ == "string":
            return json.loads(raw) if raw.startswith('"') else raw
        return _coerce(raw, type_)
    except (ValueError, json.JSONDecodeError) as exc:
        raise QueryError(f"{where}: default {raw!r} is not a valid {type_}") from exc


def _parse_params(value: str, where: str) -> tuple[QueryParam, ...]:
    value = value.strip()
    if not value or value.lower() == "none":
        return ()
    params = []
    for item in (part.strip() for part in value.split(";")):
        if not item:
            continue
        match = _PARAM.match(item)
        if match is None or match["type"] not in PARAM_TYPES:
            raise QueryError(
                f"{where}: cannot read parameter {item!r}; write `name (type[, default V]) "
                f"description` with type one of {', '.join(PARAM_TYPES)}"
            )
        has_default = match["default"] is not None
        params.append(
            QueryParam(
                name=match["name"],
                type=match["type"],
                description=match["desc"].strip(),
                default=_parse_default(match["default"], match["type"], where) if has_default else None,
                required=not has_default,
            )
        )
    return tuple(params)


def parse_cypher(text: str, *, path: Path) -> CypherFile:
    """Parse one ``.cypher`` file's header and body; raise QueryError when the header is bad."""
    fields: dict[str, str] = {}
    body: list[str] = []
    in_header = True
    for line in text.splitlines():
        match = _HEADER.match(line.strip()) if in_header else None
        if match is not None:
            fields[match[1].lower()] = match[2].strip()
            continue
        if in_header and line.strip().startswith("//"):
            continue  # free comment lines inside the header
        in_header = False
        body.append(line)
    where = str(path)
    for required in ("name", "description", "params"):
        if required not in fields:
            raise QueryError(f"{where}: header line `// {required}: ...` is missing")
    placeholders = tuple(
        p.split("(")[0].strip() for p in fields.get("placeholders", "").split(";") if p.strip()
    )
    if placeholders == ("none",):
        placeholders = ()
    return CypherFile(
        name=fields["name"],
        path=path,
        description=fields["description"],
        params=_parse_params(fields["params"], where),
        placeholders=placeholders,
        text="\n".join(body).strip() + "\n",
    )


def _root() -> Path:
    return resource_dir("cypher")


@cache
def cypher_file(name: str) -> CypherFile:
    """Load ``cypher/<name>.cypher`` (e.g. ``"load/merge_entities"``) once."""
    path = _root() / f"{name}.cypher"
    if not path.is_file():
        raise QueryError(f"no Cypher file {name}.cypher under {_root()}")
    return parse_cypher(path.read_text(encoding="utf-8"), path=path)


def cypher_files(folder: str | None = None) -> list[CypherFile]:
    """Every ``.cypher`` file (under ``folder`` when given), sorted by path."""
    root = _root()
    base = root / folder if folder else root
    return [
        cypher_file(str(path.relative_to(root).with_suffix(""))) for path in sorted(base.rglob("*.cypher"))
    ]


# --------------------------------------------------------------------- whitelist


def entity_labels() -> tuple[str, ...]:
    """Entity type labels (``Person``, ``Country``, ...) from ``models.ENTITY_TYPES``."""
    from kg_builder.models import ENTITY_TYPES

    return ENTITY_TYPES


def node_labels() -> tuple[str, ...]:
    """Every node label the loader writes: ``Entity``, ``Article`` and the entity types."""
    return ("Entity", "Article", *entity_labels())


def relationship_types() -> dict[str, str]:
    """Neo4j relationship type per ontology predicate (``opposes`` -> ``OPPOSES``)."""
    from kg_builder.rdf.ontology import load_ontology

    return {name: p.neo4j_type for name, p in load_ontology().predicates.items()}


def _whitelist() -> frozenset[str]:
    return frozenset((*node_labels(), *relationship_types().values(), "MENTIONED_IN"))


def render(name: str, **placeholders: str | Sequence[str]) -> str:
    """The text of ``cypher/<name>.cypher`` with its ``{{placeholders}}`` filled in.

    A value is one label / relationship type, or a sequence of them (rendered ``A:B:C``
    for ``REMOVE n:{{labels}}``). Every value must be a plain identifier on the whitelist
    built from the ontology (node labels, ontology relationship types, ``MENTIONED_IN``):
    input text can never reach a statement this way.
    """
    cf = cypher_file(name)
    allowed = _whitelist()
    values: dict[str, str] = {}
    for key, value in placeholders.items():
        items = [value] if isinstance(value, str) else list(value)
        for item in items:
            if not isinstance(item, str) or not _IDENTIFIER.match(item) or item not in allowed:
                raise QueryError(
                    f"{item!r} is not a label or relationship type of the ontology; "
                    f"refusing to put it into {name}.cypher"
                )
        if not items:
            raise QueryError(f"placeholder {key!r} of {name}.cypher needs at least one value")
        values[key] = ":".join(items)
    used = set(_PLACEHOLDER.findall(cf.text))
    if used != set(values):
        raise QueryError(f"{name}.cypher takes placeholders {sorted(used)}, got {sorted(values)}")
    return _PLACEHOLDER.sub(lambda m: values[m[1]], cf.text)


# --------------------------------------------------------------------- curated queries


def list_queries() -> list[CuratedQuery]:
    """The curated analyst queries in ``cypher/queries/``, sorted by name."""
    return [
        CuratedQuery(name=cf.name, description=cf.description, params=cf.params, text=cf.text)
        for cf in cypher_files("queries")
    ]


def get_query(name: str) -> CuratedQuery:
    """The curated query ``name``; QueryError naming the available ones when unknown."""
    queries = {q.name: q for q in list_queries()}
    if name not in queries:
        raise QueryError(
            f"unknown query {name!r}; available: {', '.join(sorted(queries))} "
            "(`kg query --list` describes them)"
        )
    return queries[name]


def _coerce(value: Any, type_: str) -> Any:
    """Turn a CLI string (or an already typed value) into the declared type."""
    if type_ == "string":
        return value if isinstance(value, str) else str(value)
    if type_ == "int":
        if isinstance(value, bool):
            raise ValueError("a boolean is not an integer")
        if isinstance(value, int):
            return value
        return int(str(value).strip())
    if type_ == "float":
        return float(value) if not isinstance(value, str) else float(value.strip())
    if type_ == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "yes", "1", "on"):
            return True
        if text in ("false", "no", "0", "off"):
            return False
        raise ValueError("expected true or false")
    if type_ == "list":
        if isinstance(value, list | tuple):
            return list(value)
        return [part.strip() for part in str(value).split(",") if part.strip()]
    raise ValueError(f"unknown type {type_}")


def bind_params(query: CuratedQuery, params: Mapping[str, Any]) -> dict[str, Any]:
    """Check and type ``params`` against the query's declaration; fill in defaults."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(params) - set(declared))
    if unknown:
        takes = ", ".join(declared) or "no parameters"
        raise QueryError(f"query {query.name!r} has no parameter {', '.join(unknown)}; it takes {takes}")
    bound: dict[str, Any] = {}
    missing = []
    for p in query.params:
        if p.name in params:
            try:
                bound[p.name] = _coerce(params[p.name], p.type)
            except ValueError as exc:
                raise QueryError(
                    f"parameter {p.name} of query {query.name!r} must be {p.type}, "
                    f"got {params[p.name]!r} ({exc})"
                ) from None
        elif p.required:
            missing.append(p)
        else:
            bound[p.name] = p.default
    if missing:
        need = "; ".join(f"{p.name} ({p.type}) {p.description}".strip() for p in missing)
        raise QueryError(
            f"query {query.name!r} needs --param for: {need} (e.g. --param {missing[0].name}=...)"
        )
    return bound


def to_plain(value: Any) -> Any:
    """Neo4j result values as JSON-friendly Python: dates as ISO text, nodes as maps, paths
    as ``{"nodes": [...], "relationships": [...]}`` (each relationship with the uris of
    the nodes it goes ``from`` and ``to``)."""
    from neo4j.graph import Node, Path, Relationship

    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Node):
        return {"labels": sorted(value.labels), **{k: to_plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"type": value.type, **{k: to_plain(v) for k, v in value.items()}}
    if isinstance(value, Path):  # the graph queries' `p`: what Browser draws
        uris = {n.element_id: n.get("uri") for n in value.nodes}
        return {
            "nodes": [to_plain(n) for n in value.nodes],
            "relationships": [
                {
                    **to_plain(r),  # its own start and end are the evidence's offsets
                    "from": uris.get(r.start_node.element_id) if r.start_node else None,
                    "to": uris.get(r.end_node.element_id) if r.end_node else None,
                }
                for r in value.relationships
            ],
        }
    if isinstance(value, Mapping):  # Cypher maps are unordered: sort keys for stable output
        return {k: to_plain(value[k]) for k in sorted(value)}
    if isinstance(value, Iterable) and not isinstance(value, bytes):
        return [to_plain(v) for v in value]
    iso = getattr(value, "iso_format", None)
    if callable(iso):
        return iso()
    return str(value)


def run_query(
    driver: Any, name: str, params: Mapping[str, Any] | None = None, database: str | None = None
) -> list[dict[str, Any]]:
    """Run the curated query ``name`` with ``params`` (typed per its header) in a read transaction.

    String values are converted to the declared types (``"5"`` -> ``5`` for an ``int``
    parameter); defaults fill the optional ones. Raises QueryError for an unknown query,
    a missing or unknown parameter, or a value of the wrong type. Returns plain rows.
    """
    from neo4j.exceptions import DriverError, ServiceUnavailable, SessionExpired
    from neo4j.exceptions import Neo4jError as DriverNeo4jError

    query = get_query(name)
    bound = bind_params(query, params or {})

    def work(tx: Any) -> list[dict[str, Any]]:
        result = tx.run(query.text, bound)
        return [{k: to_plain(v) for k, v in record.items()} for record in result]

    try:
        # Notifications off: sparse data makes the server warn about property keys that no
        # relationship has yet (e.g. `date`), which is noise for an analyst.
        with driver.session(database=database, notifications_min_severity="OFF") as session:
            return session.execute_read(work)
    except (ServiceUnavailable, SessionExpired) as exc:
        raise Neo4jUnavailableError(
            f"Neo4j stopped answering while running query {name!r} ({type(exc).__name__}); "
            "check the server (`kg neo4j status`) and run the query again."
        ) from exc
    except DriverNeo4jError as exc:
        raise Neo4jError(f"query {name!r} failed in Neo4j: {exc.code}: {exc.message}") from exc
    except DriverError as exc:
        raise Neo4jError(f"query {name!r} failed: {type(exc).__name__}: {exc}") from exc
