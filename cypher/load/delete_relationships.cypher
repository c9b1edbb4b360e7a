// name: delete_relationships
// description: Delete one batch of assertion relationships of a single type by their uri.
// params: uris (list) assertion uris
// placeholders: type (PredicateDef.neo4j_type of an ontology predicate)
UNWIND $uris AS uri
MATCH (:Entity)-[r:{{type}} {uri: uri}]->(:Entity)
DELETE r
