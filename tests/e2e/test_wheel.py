"""The wheel ships the data the package needs, and a fresh install builds a graph.

The fresh-install test is what a new user does: build the wheel, install it
into an empty virtual environment (its declared dependencies from the package
index, the spaCy models from requirements-models.txt), and build an HTML page
that takes trafilatura's fallback path (jusText, which needs lxml_html_clean).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FALLBACK_PAGE = ROOT / "tests" / "fixtures" / "ingest" / "html" / "fallback_justext.html"


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


@pytest.mark.timeout(1800)
def test_fresh_install_builds_an_html_page(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(wheels)],
        check=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("kg_builder-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True, clear=True)
    python = env_dir / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, str(wheel)], check=True, timeout=1200)
    subprocess.run(
        [*pip, "--no-deps", "--require-hashes", "-r", str(ROOT / "requirements-models.txt")],
        check=True,
        timeout=600,
    )
    work = tmp_path / "user"
    work.mkdir()
    shutil.copy(FALLBACK_PAGE, work / "page.html")
    # Nothing from the checkout or the test environment leaks in: no PYTHONPATH, cwd elsewhere.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["KG_BUILDER_CACHE_DIR"] = str(tmp_path / "cache")
    result = subprocess.run(
        [str(env_dir / "bin" / "kg"), "build", "page.html", "--quiet"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    print(result.stdout, result.stderr)
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    stats = subprocess.run(
        [str(env_dir / "bin" / "kg"), "stats"], cwd=work, env=env, capture_output=True, text=True, timeout=300
    )
    print(stats.stdout, stats.stderr)
    assert stats.returncode == 0
    assert stats.stdout.startswith("1 articles")
