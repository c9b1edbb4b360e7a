"""The bundled examples, built and loaded into the real Neo4j server, answer analyst questions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg_builder.cli import cli

pytestmark = pytest.mark.neo4j

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, neo4j_settings):
    store = tmp_path_factory.mktemp("examples") / "store"
    runner = CliRunner()
    built = runner.invoke(cli, ["build", str(EXAMPLES), "--store", str(store), "--quiet"])
    assert built.exit_code == 0, built.output
    env = {
        "NEO4J_URI": neo4j_settings.uri,
        "NEO4J_USERNAME": neo4j_settings.user,
        "NEO4J_PASSWORD": neo4j_settings.password,
        "NEO4J_DATABASE": neo4j_settings.database,
    }
    result = runner.invoke(cli, ["load", "--store", str(store), "--wipe", "--yes", "--quiet"], env=env)
    assert result.exit_code == 0, result.output
    return runner, env, store


def query(loaded, name: str, **params: str) -> list[dict]:
    runner, env, _ = loaded
    args = ["query", name, "--format", "json"]
    for key, value in params.items():
        args += ["--param", f"{key}={value}"]
    result = runner.invoke(cli, args, env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_russia_assaults_ukraine_in_several_articles_and_languages(loaded) -> None:
    rows = query(loaded, "who_assaults", target="Ukraine")
    russia = next(r for r in rows if r["attacker"] == "Russia")
    assert russia["sources"] >= 2
    assert len(set(russia["languages"])) >= 2


def test_tokayev_opposes_putin_or_russia(loaded) -> None:
    rows = query(loaded, "actor_timeline", actor="Tokajew")  # any spelling finds him
    assert any(
        r["predicate"] in ("opposes", "defies", "criticizes") and r["target"] in ("Vladimir Putin", "Russia")
        for r in rows
    ), rows
    assert all(r["sentence"] for r in rows)


def test_loading_the_examples_again_changes_nothing(loaded) -> None:
    runner, env, store = loaded
    result = runner.invoke(cli, ["load", "--store", str(store), "--json"], env=env)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output[result.output.index("{") :])
    assert {"nodes_created", "relationships_created", "relationships_deleted"} <= set(summary)
    changed = {
        k: v
        for k, v in summary.items()
        if any(w in k for w in ("created", "deleted", "properties_set", "updated")) and v
    }
    assert not changed, summary
