// name: index_entity_qid
// description: Range index on Entity.qid, for lookups by qid in the curated queries and in Neo4j Browser.
// params: none
CREATE INDEX kg_entity_qid IF NOT EXISTS FOR (n:Entity) ON (n.qid)
