// name: index_entity_label
// description: Range index on Entity.label, for lookups by label in the curated queries and in Neo4j Browser.
// params: none
CREATE INDEX kg_entity_label IF NOT EXISTS FOR (n:Entity) ON (n.label)
