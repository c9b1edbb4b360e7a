// name: create_relationships
// description: Create one batch of assertion relationships between existing entities, for a load into a database that held none of our nodes: nothing to merge with, so no lookup of the relationship and no comparison of properties, and the rows of all types in one statement (each row names its type, which the loader takes from the ontology only; dynamic types need Neo4j 5.26). Same rows and result as merge_relationships; the uri uniqueness constraints still refuse a duplicate.
// params: rows (list) maps {uri, type (PredicateDef.neo4j_type of an ontology predicate), s (subject entity uri), o (object entity uri), props: {predicate, plover, polarity, modality, confidence, date, speaker, speaker_uri, rule, extractor, extractor_version, article, doc, lang, published, sentence, start, end}}
UNWIND $rows AS row
MATCH (s:Entity {uri: row.s})
MATCH (o:Entity {uri: row.o})
CREATE (s)-[r:$(row.type)]->(o)
SET r = row.props, r.uri = row.uri
RETURN count(*) AS written, count(*) AS changed
