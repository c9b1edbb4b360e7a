// name: top_actors
// description: The most active actors: entities by the number of assertions they take part in (as subject or object), with the sources and languages reporting them.
// params: limit (int, default 25) maximum rows
MATCH (e:Entity)-[r]-(:Entity)
WITH e, count(DISTINCT r) AS assertions,
     count(DISTINCT CASE WHEN startNode(r) = e THEN r END) AS as_subject,
     count(DISTINCT r.article) AS sources, collect(DISTINCT r.lang) AS languages
RETURN e.label AS actor, e.type AS type, assertions, as_subject,
       assertions - as_subject AS as_object, sources, languages
ORDER BY assertions DESC, sources DESC, actor
LIMIT $limit
