"""SHACL validation with pyshacl against ``schemas/shapes.ttl``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import SH

from kg_builder.errors import ValidationError
from kg_builder.rdf.ontology import load_ontology
from kg_builder.resources import resource_dir


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


def violations(graphs: Iterable[Graph]) -> list[Violation]:
    """Validate the union of ``graphs`` (with the ontology mixed in) and list violations.

    Validating a batch of article graphs at once costs one pyshacl run, not
    one per article; every violation still names its focus node.
    """
    # The ontology is mixed in so sh:class can see predicates and PLOVER concepts.
    data = Graph()
    data += load_ontology().graph
    for graph in graphs:
        data += graph
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


def check(graphs: Iterable[Graph]) -> None:
    """Raise :class:`ValidationError` listing every violation, or return quietly."""
    found = violations(graphs)
    if found:
        shown = "\n  ".join(str(v) for v in found[:20])
        more = f"\n  … and {len(found) - 20} more" if len(found) > 20 else ""
        raise ValidationError(
            f"SHACL validation failed ({len(found)} violations); nothing was written:\n  {shown}{more}"
        )
