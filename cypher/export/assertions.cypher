// name: assertions
// description: Every assertion relationship of an ontology type with its end nodes' uris and all its properties, ordered by article then uri, for kg export --from-neo4j.
// params: types (list) the relationship types of the ontology's predicates
MATCH (s:Entity)-[r]->(o:Entity)
WHERE type(r) IN $types AND r.uri IS NOT NULL AND r.article IS NOT NULL
RETURN r.article AS article, r.uri AS uri, s.uri AS s, o.uri AS o, r.predicate AS predicate,
       r.plover AS plover, r.polarity AS polarity, r.modality AS modality, r.confidence AS confidence,
       r.date AS date, r.speaker_uri AS speaker, r.rule AS rule, r.extractor AS extractor,
       r.extractor_version AS extractor_version, r.sentence AS sentence, r.start AS start, r.end AS end
ORDER BY article, uri
