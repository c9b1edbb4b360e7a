// name: actors_by_languages
// description: Actors reported across the most languages: for each entity, the distinct languages and number of the articles that mention it, and how many assertions involve it.
// params: limit (int, default 25) maximum rows
MATCH (e:Entity)-[:MENTIONED_IN]->(a:Article)
WITH e, a ORDER BY a.lang
WITH e, collect(DISTINCT a.lang) AS language_codes, count(DISTINCT a) AS articles
RETURN e.label AS actor, e.type AS type, size(language_codes) AS languages, language_codes,
       articles, COUNT { (e)-[r]-(:Entity) } AS assertions
ORDER BY languages DESC, articles DESC, actor
LIMIT $limit
