// name: create_mentions
// description: Create one batch of (:Entity)-[:MENTIONED_IN {article, forms}]->(:Article) edges, for a load into a database that held none of our nodes. Same shape as merge_mentions.
// params: rows (list) maps {entity (entity uri), article (article uri), props: {article, forms}}
UNWIND $rows AS row
MATCH (e:Entity {uri: row.entity})
MATCH (a:Article {uri: row.article})
CREATE (e)-[m:MENTIONED_IN]->(a)
SET m = row.props
RETURN count(*) AS written, count(*) AS changed
