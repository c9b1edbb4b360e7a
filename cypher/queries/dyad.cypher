// name: dyad
// description: Everything two actors said or did to each other, both directions, drawn as a graph: one relationship per assertion and article, negated ones included (polarity says so), in date order (event date, else publication date) with PLOVER type and evidence.
// params: actor (string) first actor: label, key, QID, uri or surface form; target (string) second actor, same forms; limit (int, default 200) maximum rows
MATCH (a:Entity)
WHERE a.uri = $actor OR toLower(a.key) = toLower($actor) OR toLower(a.qid) = toLower($actor)
   OR any(n IN a.aliases WHERE toLower(n) = toLower($actor))
MATCH (b:Entity)
WHERE b.uri = $target OR toLower(b.key) = toLower($target) OR toLower(b.qid) = toLower($target)
   OR any(n IN b.aliases WHERE toLower(n) = toLower($target))
WITH a, b WHERE a <> b
MATCH p = (a)-[r]-(b)
WHERE type(r) <> 'MENTIONED_IN'
RETURN p, startNode(r).label AS subject, r.predicate AS predicate, endNode(r).label AS object,
       r.plover AS plover, r.polarity AS polarity, coalesce(r.date, r.published) AS date, r.doc AS doc,
       r.sentence AS evidence
ORDER BY date, doc, r.start
LIMIT $limit
