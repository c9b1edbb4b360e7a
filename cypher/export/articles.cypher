// name: articles
// description: Every Article node the loader wrote, with the properties its RDF description is rebuilt from (kg export --from-neo4j), by uri.
// params: none
MATCH (a:Article)
WHERE a.uri IS NOT NULL
RETURN a.uri AS article, a.doc AS doc, a.hash AS hash, a.lang AS lang, a.title AS title,
       a.url AS url, a.published AS published, a.words AS words, a.source_key AS key
ORDER BY article
