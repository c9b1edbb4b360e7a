"""Neo4j: a local server, connection settings, loader and queries."""
