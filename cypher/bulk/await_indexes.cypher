// name: await_indexes
// description: Wait until every index and constraint index is online (they populate in the background after a bulk import creates them on existing data), at most $seconds seconds.
// params: seconds (int) how long to wait before Neo4j raises an error
CALL db.awaitIndexes($seconds)
