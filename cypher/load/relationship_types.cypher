// name: relationship_types
// description: Relationship types known to the database; the loader intersects them with the ontology's types before looking for stale assertions.
// params: none
CALL db.relationshipTypes() YIELD relationshipType
RETURN relationshipType AS type
