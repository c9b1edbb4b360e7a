// name: index_entity_key
// description: Range index on Entity.key, for lookups by key in the curated queries and in Neo4j Browser.
// params: none
CREATE INDEX kg_entity_key IF NOT EXISTS FOR (n:Entity) ON (n.key)
