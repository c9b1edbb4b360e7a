// name: mentions
// description: Every entity an article mentions (its MENTIONED_IN edge) with the entity's properties and its surface forms in that article, ordered by article then entity, for kg export --from-neo4j.
// params: none
MATCH (e:Entity)-[m:MENTIONED_IN]->(a:Article)
WHERE a.uri IS NOT NULL AND e.uri IS NOT NULL
RETURN a.uri AS article, e.uri AS uri, e.key AS key, e.label AS label, e.type AS type, e.qid AS qid,
       coalesce(m.forms, []) AS forms
ORDER BY article, uri
