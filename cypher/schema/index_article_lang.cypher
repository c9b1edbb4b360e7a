// name: index_article_lang
// description: Range index on Article.lang, for lookups by lang in the curated queries and in Neo4j Browser.
// params: none
CREATE INDEX kg_article_lang IF NOT EXISTS FOR (n:Article) ON (n.lang)
