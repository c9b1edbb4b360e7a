// name: existing_mentions
// description: Every MENTIONED_IN edge as (entity uri, article uri), to find the mentions no longer in the store.
// params: none
MATCH (e:Entity)-[:MENTIONED_IN]->(a:Article)
RETURN e.uri AS entity, a.uri AS article
