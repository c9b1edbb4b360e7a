// name: merge_relationships
// description: Create or update one batch of assertion relationships of a single type between existing entities: one relationship per assertion per article, keyed by the assertion uri, carrying the assertion's properties and its provenance (article, doc, lang, sentence, start, end). Properties are only written when one differs.
// params: rows (list) maps {uri, s (subject entity uri), o (object entity uri), props: {predicate, plover, polarity, modality, confidence, date, speaker, speaker_uri, rule, extractor, extractor_version, article, doc, lang, published, sentence, start, end}}
// placeholders: type (PredicateDef.neo4j_type of the ontology predicate of every row)
UNWIND $rows AS row
MATCH (s:Entity {uri: row.s})
MATCH (o:Entity {uri: row.o})
MERGE (s)-[r:{{type}} {uri: row.uri}]->(o)
WITH r, row,
     any(k IN keys(row.props)
         WHERE NOT coalesce(r[k] = row.props[k], r[k] IS NULL AND row.props[k] IS NULL)) AS changed
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END | SET r += row.props)
RETURN count(*) AS written, sum(CASE WHEN changed THEN 1 ELSE 0 END) AS changed
