// name: delete_mentions
// description: Delete one batch of MENTIONED_IN edges given as (entity uri, article uri) pairs.
// params: rows (list) maps {entity, article}
UNWIND $rows AS row
MATCH (:Entity {uri: row.entity})-[m:MENTIONED_IN]->(:Article {uri: row.article})
DELETE m
