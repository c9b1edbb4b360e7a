// name: index_article_doc
// description: Text index on Article.doc for lookups by doc (=, STARTS WITH, CONTAINS) in the curated queries and in Neo4j Browser; a TEXT rather than a RANGE index because it accepts values up to about 32 kB instead of 8 kB, so a very long name cannot make a load fail.
// params: none
CREATE TEXT INDEX kg_article_doc IF NOT EXISTS FOR (n:Article) ON (n.doc)
