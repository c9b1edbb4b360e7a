// name: index_article_doc
// description: Range index on Article.doc, for lookups by doc in the curated queries and in Neo4j Browser.
// params: none
CREATE INDEX kg_article_doc IF NOT EXISTS FOR (n:Article) ON (n.doc)
