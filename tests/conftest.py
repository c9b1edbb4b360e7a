"""Fixtures for the tests against a real Neo4j server (tests/integration, tests/browser).

They use the test server of ``scripts/neo4j-test-server`` (``make test`` starts it): its
own home, ports and password (kg_builder/neo4j/testserver.py: bolt://127.0.0.1:17687,
password kg-test-password), never a user's server, since the tests wipe its database.
``KG_TEST_NEO4J_BOLT_PORT``, ``KG_TEST_NEO4J_HOME`` and ``KG_TEST_NEO4J_PASSWORD`` override
them (user neo4j); a user's ``NEO4J_URI``, ``NEO4J_USERNAME`` and ``NEO4J_PASSWORD`` are
not read. Tests marked ``neo4j`` are skipped only when ``KG_SKIP_NEO4J=1``; otherwise an
unreachable server fails them, so CI cannot pass by silently skipping.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import neo4j
import pytest

from kg_builder.errors import Neo4jAuthError, Neo4jUnavailableError
from kg_builder.neo4j.connection import DEFAULT_USER, Neo4jSettings, connect
from kg_builder.neo4j.testserver import TEST_PASSWORD, Neo4jTestServer, configured

TEST_PASSWORD_DEFAULT = TEST_PASSWORD
_START_HINT = (
    "Start the test server with `scripts/neo4j-test-server` (needs Java 17+ and Maven), "
    "or set KG_SKIP_NEO4J=1 to skip the Neo4j tests deliberately."
)


def _skip_neo4j() -> bool:
    return os.environ.get("KG_SKIP_NEO4J") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip every ``neo4j``-marked test when, and only when, KG_SKIP_NEO4J=1."""
    if not _skip_neo4j():
        return
    marker = pytest.mark.skip(reason="KG_SKIP_NEO4J=1")
    for item in items:
        if "neo4j" in item.keywords:
            item.add_marker(marker)


@pytest.fixture(scope="session")
def neo4j_test_server() -> Neo4jTestServer:
    """Home, ports and URIs of the test server (see kg_builder.neo4j.testserver)."""
    return configured()


@pytest.fixture(scope="session")
def neo4j_settings(neo4j_test_server: Neo4jTestServer) -> Neo4jSettings:
    """Settings of the test server, checked to answer with the test password."""
    if _skip_neo4j():
        pytest.skip("KG_SKIP_NEO4J=1")
    settings = Neo4jSettings(
        uri=neo4j_test_server.uri,
        user=DEFAULT_USER,
        password=os.environ.get("KG_TEST_NEO4J_PASSWORD", TEST_PASSWORD_DEFAULT),
    )
    try:
        with connect(settings):
            pass
    except Neo4jUnavailableError as exc:
        pytest.fail(f"No Neo4j test server at {settings.uri}: {exc}\n{_START_HINT}", pytrace=False)
    except Neo4jAuthError as exc:
        pytest.fail(
            f"The Neo4j test server refused the test password: {exc}\n"
            "Set KG_TEST_NEO4J_PASSWORD to the password it was first started with.",
            pytrace=False,
        )
    return settings


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_settings: Neo4jSettings) -> Iterator[neo4j.Driver]:
    """A verified driver for the test server, closed at the end of the session."""
    driver = connect(neo4j_settings)
    try:
        yield driver
    finally:
        driver.close()


@pytest.fixture
def kg(neo4j_settings: Neo4jSettings) -> Callable[..., Any]:
    """Run the kg CLI against the test server: ``kg(["load", ...], NEO4J_PASSWORD="x")``.

    The connection comes from the environment (NEO4J_*), as a user's would; keyword
    arguments override it. Returns click's Result; its output is printed, so pytest shows
    it when an assertion fails.
    """
    from click.testing import CliRunner

    from kg_builder.cli import cli

    def run(args: list[str], **env: str) -> Any:
        environment = {
            "NEO4J_URI": neo4j_settings.uri,
            "NEO4J_USERNAME": neo4j_settings.user,
            "NEO4J_PASSWORD": neo4j_settings.password or "",
            "NEO4J_DATABASE": neo4j_settings.database,
            **env,
        }
        result = CliRunner().invoke(cli, args, env=environment, catch_exceptions=False)
        print(result.output)
        return result

    return run
