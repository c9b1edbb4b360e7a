// name: index_entity_key
// description: Text index on Entity.key for lookups by key (=, STARTS WITH, CONTAINS) in the curated queries and in Neo4j Browser; a TEXT rather than a RANGE index because it accepts values up to about 32 kB instead of 8 kB, so a very long name cannot make a load fail.
// params: none
CREATE TEXT INDEX kg_entity_key IF NOT EXISTS FOR (n:Entity) ON (n.key)
