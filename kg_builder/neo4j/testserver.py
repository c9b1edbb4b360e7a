"""The Neo4j test server: its own home, ports and password, never a user's server.

``scripts/neo4j-test-server`` (and so ``make test``) runs ``kg neo4j start`` with these, and
the test fixtures (tests/conftest.py, tests/browser/conftest.py) connect to them; the tests
wipe that server's database, so it must never be the one ``kg neo4j start`` gives a user
(home ``~/.cache/kg_builder/neo4j-<version>``, ports 7687/7474). Each value can be
overridden: ``KG_TEST_NEO4J_HOME``, ``KG_TEST_NEO4J_BOLT_PORT``, ``KG_TEST_NEO4J_HTTP_PORT``,
``KG_TEST_NEO4J_PASSWORD``. ``KG_NEO4J_HOME`` and ``NEO4J_URI`` (a user's) are not read.

``python -m kg_builder.neo4j.testserver`` prints them as shell assignments.
"""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass
from pathlib import Path

__all__ = ["TEST_BOLT_PORT", "TEST_HTTP_PORT", "TEST_PASSWORD", "Neo4jTestServer", "configured"]

TEST_BOLT_PORT = 17687
TEST_HTTP_PORT = 17474
TEST_PASSWORD = "kg-test-password"


@dataclass(frozen=True)
class Neo4jTestServer:
    """Where the test server lives and listens."""

    home: Path
    bolt_port: int
    http_port: int

    @property
    def uri(self) -> str:
        """Its Bolt URI."""
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        """Its Neo4j Browser."""
        return f"http://127.0.0.1:{self.http_port}/browser/"


def _port(name: str, default: int) -> int:
    value = os.environ.get(name)
    try:
        return int(value) if value else default
    except ValueError:
        raise SystemExit(f"{name}={value!r} is not a port number") from None


def configured() -> Neo4jTestServer:
    """The test server's settings, from the environment or the defaults."""
    override = os.environ.get("KG_TEST_NEO4J_HOME")
    if override:
        home = Path(override).expanduser().resolve()
    else:
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        home = (cache / "kg_builder" / "neo4j-test").resolve()
    return Neo4jTestServer(
        home=home,
        bolt_port=_port("KG_TEST_NEO4J_BOLT_PORT", TEST_BOLT_PORT),
        http_port=_port("KG_TEST_NEO4J_HTTP_PORT", TEST_HTTP_PORT),
    )


def main() -> None:
    """Print the settings as shell assignments (for scripts/neo4j-test-server)."""
    ts = configured()
    for key, value in (
        ("home", str(ts.home)),
        ("bolt_port", str(ts.bolt_port)),
        ("http_port", str(ts.http_port)),
        ("uri", ts.uri),
    ):
        print(f"{key}={shlex.quote(value)}")


if __name__ == "__main__":
    main()
