// name: index_article_published
// description: Range index on Article.published, for lookups by published in the curated queries and in Neo4j Browser.
// params: none
CREATE INDEX kg_article_published IF NOT EXISTS FOR (n:Article) ON (n.published)
