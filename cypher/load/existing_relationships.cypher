// name: existing_relationships
// description: The uri of every relationship of one assertion type, to find the assertions no longer in the store.
// params: none
// placeholders: type (PredicateDef.neo4j_type of an ontology predicate)
MATCH (:Entity)-[r:{{type}}]->(:Entity)
RETURN r.uri AS uri
