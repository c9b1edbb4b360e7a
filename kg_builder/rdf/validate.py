"""SHACL validation against ``schemas/shapes.ttl``: a fast conformance check, pyshacl for the report.

Every article graph is checked before it is written. pyshacl costs about as much as
the rest of the build's RDF work together (it builds its constraint objects again
for every focus node), so the shapes are first *compiled* into plain Python checks
(:func:`_compiled`) that decide, over the triples themselves, whether the data
conforms. Only the SHACL Core features the shapes use are compiled (class targets,
IRI paths, ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:pattern``,
``sh:minLength``, ``sh:minInclusive``, ``sh:maxInclusive``, ``sh:in``, ``sh:class``,
``sh:node``, ``sh:lessThan``); a shapes file with anything else is left to pyshacl
whole.

The fast check errs on one side only: where it is unsure (a value it cannot
compare, a datatype it does not know) it says "does not conform", and pyshacl then
validates the same data and has the last word, so a graph is never accepted that
pyshacl would reject, and every violation reported is pyshacl's
(``tests/unit/test_rdf.py`` checks that both agree, constraint by constraint).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD

from kg_builder.errors import ValidationError
from kg_builder.rdf.ontology import load_ontology
from kg_builder.resources import resource_dir

#: One RDF triple of rdflib terms.
Triple = tuple[Any, Any, Any]
#: What the checks take: rdflib graphs or plain sequences of triples.
GraphLike = Graph | Sequence[Triple]


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL result: which node broke which shape, and why."""

    focus_node: str
    shape: str
    path: str | None
    message: str

    def __str__(self) -> str:
        path = f" (path {self.path})" if self.path else ""
        return f"{self.focus_node} violates {self.shape}{path}: {self.message}"


@cache
def _shapes() -> Graph:
    shapes = Graph()
    shapes.parse(resource_dir("schemas") / "shapes.ttl", format="turtle")
    return shapes


# ---------------------------------------------------------------- the compiled shapes


@dataclass(frozen=True, slots=True)
class _Property:
    path: URIRef
    min_count: int = 0
    max_count: int | None = None
    datatypes: tuple[URIRef, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()
    min_length: int | None = None
    min_inclusive: tuple[Literal, ...] = ()
    max_inclusive: tuple[Literal, ...] = ()
    one_of: tuple[frozenset[Any], ...] = ()
    classes: tuple[URIRef, ...] = ()
    nodes: tuple[Any, ...] = ()
    less_than: tuple[URIRef, ...] = ()


@dataclass(frozen=True, slots=True)
class _NodeShape:
    targets: tuple[URIRef, ...]
    properties: tuple[_Property, ...]


class _Unsupported(Exception):
    """The shapes use a feature the fast check does not compile: pyshacl validates alone."""


_NODE_SHAPE_KEYS = frozenset({RDF.type, SH.targetClass, SH.property})
_PROPERTY_KEYS = frozenset(
    {
        SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.pattern, SH.minLength,
        SH.minInclusive, SH.maxInclusive, SH["in"], SH["class"], SH.node, SH.lessThan,
    }
)  # fmt: skip


def _int(value: Any) -> int:
    if not isinstance(value, Literal) or not isinstance(value.value, int) or isinstance(value.value, bool):
        raise _Unsupported(f"not an integer: {value!r}")
    return value.value


def _compile_property(shapes: Graph, node: Any) -> _Property:
    keys = set(shapes.predicates(node))
    if not keys <= _PROPERTY_KEYS:
        raise _Unsupported(f"property shape keys {sorted(keys - _PROPERTY_KEYS)}")
    paths = list(shapes.objects(node, SH.path))
    if len(paths) != 1 or not isinstance(paths[0], URIRef):
        raise _Unsupported("only one IRI path per property shape")
    max_counts = [_int(v) for v in shapes.objects(node, SH.maxCount)]

    def iris(key: URIRef) -> tuple[URIRef, ...]:
        values = tuple(shapes.objects(node, key))
        if not all(isinstance(v, URIRef) for v in values):
            raise _Unsupported(f"{key} with a value that is not an IRI")
        return values  # type: ignore[return-value]

    def literals(key: URIRef) -> tuple[Literal, ...]:
        values = tuple(shapes.objects(node, key))
        if not all(isinstance(v, Literal) for v in values):
            raise _Unsupported(f"{key} with a value that is not a literal")
        return values  # type: ignore[return-value]

    if list(shapes.objects(node, SH.flags)):
        raise _Unsupported("sh:flags")
    min_lengths = [_int(v) for v in shapes.objects(node, SH.minLength)]
    return _Property(
        path=paths[0],
        min_count=max((_int(v) for v in shapes.objects(node, SH.minCount)), default=0),
        max_count=min(max_counts) if max_counts else None,
        datatypes=iris(SH.datatype),
        patterns=tuple(re.compile(str(p)) for p in literals(SH.pattern)),
        min_length=max(min_lengths) if min_lengths else None,
        min_inclusive=literals(SH.minInclusive),
        max_inclusive=literals(SH.maxInclusive),
        one_of=tuple(frozenset(Collection(shapes, lst)) for lst in shapes.objects(node, SH["in"])),
        classes=iris(SH["class"]),
        nodes=tuple(shapes.objects(node, SH.node)),
        less_than=iris(SH.lessThan),
    )


@cache
def _compiled() -> dict[Any, _NodeShape] | None:
    """The node shapes of ``shapes.ttl`` as plain checks; None when it uses anything else."""
    shapes = _shapes()
    try:
        compiled: dict[Any, _NodeShape] = {}
        for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
            keys = set(shapes.predicates(shape))
            if not keys <= _NODE_SHAPE_KEYS or set(shapes.objects(shape, RDF.type)) != {SH.NodeShape}:
                raise _Unsupported(f"node shape keys {sorted(keys - _NODE_SHAPE_KEYS)}")
            compiled[shape] = _NodeShape(
                targets=tuple(shapes.objects(shape, SH.targetClass)),
                properties=tuple(_compile_property(shapes, p) for p in shapes.objects(shape, SH.property)),
            )
        # Shapes that are not sh:NodeShape subjects but carry constraints (implicit shapes,
        # property shapes at the top, sh:targetNode ...) are not compiled.
        described = {s for s in shapes.subjects() if not isinstance(s, BNode)}
        if described - set(compiled):
            raise _Unsupported(f"other shapes: {sorted(described - set(compiled))}")
        for node_shape in compiled.values():
            for prop in node_shape.properties:
                if any(n not in compiled for n in prop.nodes):
                    raise _Unsupported("sh:node naming a shape that is not compiled")
        return compiled
    except _Unsupported:
        return None


_Index = dict[Any, dict[Any, set[Any]]]


def _index(triples: Iterable[Triple], into: _Index | None = None) -> _Index:
    index: _Index = {} if into is None else into
    for s, p, o in triples:
        by_p = index.get(s)
        if by_p is None:
            by_p = index[s] = {}
        values = by_p.get(p)
        if values is None:
            by_p[p] = {o}
        else:
            values.add(o)
    return index


@cache
def _ontology() -> tuple[_Index, dict[Any, frozenset[Any]]]:
    """The ontology's triples indexed, and each class with itself and all its superclasses."""
    graph = load_ontology().graph
    index = _index(graph)
    supers: dict[Any, frozenset[Any]] = {}
    for cls in set(graph.subjects(RDFS.subClassOf)) | set(graph.objects(RDFS.subClassOf)):
        supers[cls] = frozenset(graph.transitive_objects(cls, RDFS.subClassOf))
    return index, supers


_NUMBER_TYPES = (int, Decimal, float)
#: Python value type of each datatype the check knows (pyshacl's own test, the literal well typed).
_DATATYPE_VALUES: dict[Any, type | tuple[type, ...]] = {
    XSD.string: str,
    XSD.integer: int,
    XSD.decimal: Decimal,
    XSD.date: date,
}


def _number(value: Any) -> Any:
    if isinstance(value, Literal) and not value.ill_typed:
        number = value.value
        if isinstance(number, _NUMBER_TYPES) and not isinstance(number, bool):
            return number
    return None


def _datatype_ok(value: Any, datatype: Any) -> bool:
    if not isinstance(value, Literal) or value.ill_typed:
        return False
    expected = _DATATYPE_VALUES.get(datatype)
    if expected is None:
        return False  # unknown here: pyshacl decides
    plain = value.datatype is None and not value.language
    if value.datatype == datatype or (datatype == XSD.string and plain):
        return isinstance(value.value, expected) and not isinstance(value.value, bool)
    return False


class _Checker:
    def __init__(self, data: _Index) -> None:
        self.data = data
        self.ontology, self.supers = _ontology()
        self.shapes = _compiled() or {}

    def values(self, node: Any, path: Any) -> set[Any]:
        found = self.data.get(node, {}).get(path, set())
        more = self.ontology.get(node, {}).get(path)
        return found | more if more else found

    def is_instance(self, node: Any, cls: Any) -> bool:
        if isinstance(node, Literal):
            return False
        return any(t == cls or cls in self.supers.get(t, ()) for t in self.values(node, RDF.type))

    def focus_nodes(self, targets: tuple[Any, ...]) -> Iterable[Any]:
        for index in (self.data, self.ontology):
            for node, by_p in index.items():
                types = by_p.get(RDF.type)
                if types and any(t == c or c in self.supers.get(t, ()) for t in types for c in targets):
                    yield node

    def conforms(self, node: Any, shape: _NodeShape, depth: int = 0) -> bool:
        if depth > 8:
            return False  # a deep sh:node chain: leave it to pyshacl
        for prop in shape.properties:
            values = self.values(node, prop.path)
            if len(values) < prop.min_count:
                return False
            if prop.max_count is not None and len(values) > prop.max_count:
                return False
            for value in values:
                if not self.value_ok(node, value, prop, depth):
                    return False
        return True

    def value_ok(self, node: Any, value: Any, prop: _Property, depth: int) -> bool:
        if any(not _datatype_ok(value, d) for d in prop.datatypes):
            return False
        if prop.patterns or prop.min_length is not None:
            if isinstance(value, BNode):
                return False
            text = str(value)
            if any(not p.search(text) for p in prop.patterns):
                return False
            if prop.min_length is not None and len(text) < prop.min_length:
                return False
        if prop.min_inclusive or prop.max_inclusive:
            number = _number(value)
            if number is None:
                return False
            for bound in prop.min_inclusive:
                limit = _number(bound)
                if limit is None or not number >= limit:
                    return False
            for bound in prop.max_inclusive:
                limit = _number(bound)
                if limit is None or not number <= limit:
                    return False
        if any(value not in allowed for allowed in prop.one_of):
            return False
        if any(not self.is_instance(value, c) for c in prop.classes):
            return False
        if any(not self.conforms(value, self.shapes[n], depth + 1) for n in prop.nodes):
            return False
        for other in prop.less_than:
            number = _number(value)
            for bound in self.values(node, other):
                limit = _number(bound)
                if number is None or limit is None or not number < limit:
                    return False
        return True


def conforms_fast(graphs: Iterable[GraphLike]) -> bool:
    """True when the union of ``graphs`` (with the ontology) surely conforms to the shapes.

    False means "not sure": pyshacl must validate it (:func:`violations` does).
    """
    shapes = _compiled()
    if shapes is None:
        return False
    data: _Index = {}
    for graph in graphs:
        _index(graph, data)
    if any(RDFS.subClassOf in by_p for by_p in data.values()):
        return False  # class hierarchy in the data itself: not compiled
    checker = _Checker(data)
    for shape in shapes.values():
        if shape.targets:
            for node in checker.focus_nodes(shape.targets):
                if not checker.conforms(node, shape):
                    return False
    return True


# ---------------------------------------------------------------- pyshacl


def violations(graphs: Iterable[GraphLike]) -> list[Violation]:
    """Validate the union of ``graphs`` (with the ontology mixed in) and list violations.

    Validating a batch of article graphs at once costs one check, not one per
    article; every violation still names its focus node. Data the fast check
    accepts has none; anything else is validated by pyshacl.
    """
    graphs = list(graphs)
    if conforms_fast(graphs):
        return []
    return _pyshacl_violations(graphs)


def _pyshacl_violations(graphs: Iterable[GraphLike]) -> list[Violation]:
    # Imported here: the fast check decides most batches, and importing pyshacl costs
    # about 0.2 s of every build's start-up.
    from pyshacl import validate

    # The ontology is mixed in so sh:class can see predicates and PLOVER concepts.
    data = Graph()
    data += load_ontology().graph
    for graph in graphs:
        if isinstance(graph, Graph):
            data += graph
        else:
            data.addN((s, p, o, data) for s, p, o in graph)
    conforms, report, _ = validate(
        data,
        shacl_graph=_shapes(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    if conforms:
        return []
    found = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        shape = report.value(result, SH.sourceShape)
        # Property shapes are blank nodes: name the node shape that holds them.
        shape_name = _shapes().value(predicate=SH.property, object=shape) or shape
        found.append(
            Violation(
                focus_node=str(report.value(result, SH.focusNode)),
                shape=str(shape_name),
                path=str(report.value(result, SH.resultPath) or "") or None,
                message=str(report.value(result, SH.resultMessage) or "constraint violated"),
            )
        )
    return sorted(found, key=lambda v: (v.focus_node, v.shape, v.path or ""))


def check(graphs: Iterable[GraphLike]) -> None:
    """Raise :class:`ValidationError` listing every violation, or return quietly."""
    found = violations(graphs)
    if found:
        shown = "\n  ".join(str(v) for v in found[:20])
        more = f"\n  … and {len(found) - 20} more" if len(found) > 20 else ""
        raise ValidationError(
            f"SHACL validation failed ({len(found)} violations); nothing was written:\n  {shown}{more}"
        )
