// name: node_uri_unique
// description: Uniqueness constraint on `uri` for one node label the loader writes (n10s convention: every node is keyed by its IRI); it also backs every MERGE and MATCH on uri.
// params: none
// placeholders: label (Entity, Article or an entity type from models.ENTITY_TYPES)
CREATE CONSTRAINT kg_{{label}}_uri IF NOT EXISTS
FOR (n:{{label}}) REQUIRE n.uri IS UNIQUE
