"""Neo4j URIs kg cannot use give one line and exit 2; a password in a URI is never printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kg_builder.cli import cli
from kg_builder.neo4j.connection import Neo4jSettings, redact_uri

SECRET = "s3cret-in-the-uri"


@pytest.mark.parametrize(
    ("uri", "shown"),
    [
        ("bolt://127.0.0.1:7687", "bolt://127.0.0.1:7687"),
        (f"bolt://neo4j:{SECRET}@127.0.0.1:7687", "bolt://***@127.0.0.1:7687"),
        (f"neo4j+s://{SECRET}@db.example.org", "neo4j+s://***@db.example.org"),
        (f"http://u:{SECRET}@h:7474/db?x=@y", "http://***@h:7474/db?x=@y"),
    ],
)
def test_redact_uri(uri: str, shown: str) -> None:
    assert redact_uri(uri) == shown


def test_settings_repr_hides_uri_password() -> None:
    settings = Neo4jSettings(uri=f"bolt://neo4j:{SECRET}@h:7687", password="other-secret")
    assert SECRET not in repr(settings) and "other-secret" not in repr(settings)
    assert settings.shown_uri == "bolt://***@h:7687"


def _run(args: list[str]) -> object:
    result = CliRunner().invoke(cli, args, env={"NEO4J_PASSWORD": "kg-test-password"})
    print(result.output)
    return result


@pytest.mark.parametrize(
    "uri",
    [
        "http://127.0.0.1:7474",
        "https://127.0.0.1:7473",
        "127.0.0.1:7687",
        f"bolt://neo4j:{SECRET}@127.0.0.1:7687",
        f"neo4j://neo4j:{SECRET}@127.0.0.1:7687",
    ],
)
@pytest.mark.parametrize("command", [["query", "top_actors"], ["load"]])
def test_unusable_uri_is_one_line_exit_2(uri: str, command: list[str], tmp_path: Path) -> None:
    """No traceback (the driver's HTTP API would need aiohttp), no password echoed, exit 2."""
    args = [*command, "--uri", uri]
    if command == ["load"]:
        # A real store, so the command gets as far as connecting.
        from kg_builder.models import Entity
        from kg_builder.testing import make_article, write_store

        ents = {"wd:Q159": Entity("wd:Q159", "Russia", "Country", "Q159")}
        doc = make_article("doc1", [("Russia spoke.", [])], entities=ents)
        store = write_store(tmp_path / "store", [doc], ents)
        args += ["--store", str(store)]
    result = _run(args)
    assert result.exit_code == 2  # type: ignore[attr-defined]
    output = result.output  # type: ignore[attr-defined]
    assert "Traceback" not in output and "aiohttp" not in output
    assert SECRET not in output
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), lines
    assert "Bolt" in output or "--user/--password" in output
