// name: server_version
// description: The Neo4j version the loader writes to (e.g. 5.26.30 or 2025.10.1); a first load takes relationship types from values only from 5.26 on.
// params: none
CALL dbms.components() YIELD name, versions
WHERE name = 'Neo4j Kernel'
RETURN versions[0] AS version
