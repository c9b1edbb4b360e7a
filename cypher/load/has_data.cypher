// name: has_data
// description: Whether the database holds any node the loader manages; when it holds none before a load, nothing can be stale and the sync deletions are skipped. Label counts come from Neo4j's count store, so this is cheap on any size.
// params: none
RETURN COUNT { MATCH (:Article) } + COUNT { MATCH (:Entity) } > 0 AS has_data
