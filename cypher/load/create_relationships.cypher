// name: create_relationships
// description: Create one batch of assertion relationships of a single type between existing entities, for a load into a database that held none of our nodes (nothing to merge with, so no lookup of the relationship and no comparison of properties). Same shape as merge_relationships; the uri uniqueness constraint still refuses a duplicate.
// params: rows (list) maps {uri, s (subject entity uri), o (object entity uri), props: {predicate, plover, polarity, modality, confidence, date, speaker, speaker_uri, rule, extractor, extractor_version, article, doc, lang, published, sentence, start, end}}
// placeholders: type (PredicateDef.neo4j_type of the ontology predicate of every row)
UNWIND $rows AS row
MATCH (s:Entity {uri: row.s})
MATCH (o:Entity {uri: row.o})
CREATE (s)-[r:{{type}}]->(o)
SET r = row.props, r.uri = row.uri
RETURN count(*) AS written, count(*) AS changed
