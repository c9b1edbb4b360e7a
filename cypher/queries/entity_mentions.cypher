// name: entity_mentions
// description: The articles that mention an actor, with the surface forms used in each, the article's language, title and date.
// params: actor (string) the actor: label, key, QID, uri or surface form, case-insensitive; limit (int, default 100) maximum rows
MATCH (e:Entity)
WHERE e.uri = $actor OR toLower(e.key) = toLower($actor) OR toLower(e.qid) = toLower($actor)
   OR any(n IN e.aliases WHERE toLower(n) = toLower($actor))
MATCH (e)-[m:MENTIONED_IN]->(a:Article)
RETURN e.label AS actor, a.doc AS doc, a.lang AS lang, a.title AS title,
       a.published AS published, m.forms AS forms, a.uri AS article
ORDER BY published, doc
LIMIT $limit
