// name: relationship_uri_unique
// description: Uniqueness constraint on `uri` for one assertion relationship type: one relationship per assertion per article, keyed by the assertion IRI; the loader deletes stale assertions by this key.
// params: none
// placeholders: type (PredicateDef.neo4j_type of an ontology predicate, e.g. OPPOSES)
CREATE CONSTRAINT kg_{{type}}_uri IF NOT EXISTS
FOR ()-[r:{{type}}]-() REQUIRE r.uri IS UNIQUE
