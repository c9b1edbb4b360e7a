"""The wheel ships the data the package needs: schemas, Cypher, SPARQL, lexicon, actors, pom."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_contains_schemas_and_cypher(tmp_path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        check=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("kg_builder-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "kg_builder/schemas/kg.ttl",
        "kg_builder/schemas/shapes.ttl",
        "kg_builder/schemas/context.jsonld",
        "kg_builder/cypher/queries/who_assaults.cypher",
        "kg_builder/cypher/load/merge_relationships.cypher",
        "kg_builder/neo4j/pom.xml",
        "kg_builder/rdf/sparql/assertions.rq",
        "kg_builder/rdf/sparql/assertion_edges.rq",
        "kg_builder/analytics/page/page.js",
        "kg_builder/analytics/page/page.css",
        "kg_builder/analytics/page/graph.js",
        "kg_builder/analytics/page/timeline.js",
        "kg_builder/extract/data/lexicon/predicates.json",
        "kg_builder/actors/data/countries.jsonl",
    ):
        assert required in names, required
    # Exporters register through the wheel's entry points, the built-ins like plugins.
    (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points).decode("utf-8")
    for exporter in (
        "graphml = kg_builder.export.graph:export_graphml",
        "gexf = kg_builder.export.graph:export_gexf",
    ):
        assert exporter in text, exporter
