// name: merge_mentions
// description: Create or update one batch of (:Entity)-[:MENTIONED_IN {article, forms}]->(:Article) edges, one per entity and article; forms are the entity's surface forms in that article, sorted.
// params: rows (list) maps {entity (entity uri), article (article uri), props: {article, forms}}
UNWIND $rows AS row
MATCH (e:Entity {uri: row.entity})
MATCH (a:Article {uri: row.article})
MERGE (e)-[m:MENTIONED_IN]->(a)
WITH m, row,
     any(k IN keys(row.props)
         WHERE NOT coalesce(m[k] = row.props[k], m[k] IS NULL AND row.props[k] IS NULL)) AS changed
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END | SET m += row.props)
RETURN count(*) AS written, sum(CASE WHEN changed THEN 1 ELSE 0 END) AS changed
