// name: orphan_entities
// description: Entities no article mentions any more (no MENTIONED_IN edge left), to be deleted.
// params: none
MATCH (e:Entity)
WHERE NOT EXISTS { (e)-[:MENTIONED_IN]->(:Article) }
RETURN e.uri AS uri
