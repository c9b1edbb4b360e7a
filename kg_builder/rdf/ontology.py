"""The ontology in ``schemas/kg.ttl``: the single list of predicates and entity types."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from kg_builder.models import ENTITY_TYPES
from kg_builder.rdf.namespaces import KG, local_name
from kg_builder.resources import resource_dir

STRUCTURAL_PREDICATES: tuple[str, ...] = ("holdsRole", "memberOf", "partOf")


@dataclass(frozen=True, slots=True)
class PredicateDef:
    """One relation predicate of the ontology."""

    name: str
    plover: str | None
    symmetric: bool
    label: str

    @property
    def neo4j_type(self) -> str:
        """Relationship type in Neo4j: ``opposes`` -> ``OPPOSES``, ``holdsRole`` -> ``HOLDS_ROLE``."""
        out = []
        for i, ch in enumerate(self.name):
            if ch.isupper() and i:
                out.append("_")
            out.append(ch.upper())
        return "".join(out)


@dataclass(frozen=True)
class Ontology:
    """Parsed ontology: the RDF graph and the predicates extraction may assert."""

    graph: Graph
    predicates: dict[str, PredicateDef]
    entity_types: tuple[str, ...] = ENTITY_TYPES


@cache
def load_ontology() -> Ontology:
    """Parse ``schemas/kg.ttl`` once."""
    graph = Graph()
    graph.parse(resource_dir("schemas") / "kg.ttl", format="turtle")
    predicates: dict[str, PredicateDef] = {}
    for prop in graph.subjects(RDF.type, KG.RelationPredicate):
        name = local_name(prop)
        plover = graph.value(prop, KG.ploverType)
        predicates[name] = PredicateDef(
            name=name,
            plover=local_name(plover) if plover is not None else None,
            symmetric=(prop, RDF.type, OWL.SymmetricProperty) in graph,
            label=str(graph.value(prop, RDFS.label) or name),
        )
    return Ontology(graph=graph, predicates=dict(sorted(predicates.items())))
