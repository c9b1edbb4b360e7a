// name: evidence_path
// description: The shortest chains of assertions linking two actors (any direction, at most 6 steps, MENTIONED_IN left out) drawn as a graph, with each step's evidence sentence and source document beside it (Browser shows them when a relationship is clicked, too).
// params: actor (string) first actor: label, key, QID, uri or surface form; target (string) second actor, same forms; include_negated (bool, default false) also walk over negated assertions; limit (int, default 5) maximum paths
MATCH (a:Entity)
WHERE a.uri = $actor OR toLower(a.key) = toLower($actor) OR toLower(a.qid) = toLower($actor)
   OR any(n IN a.aliases WHERE toLower(n) = toLower($actor))
MATCH (b:Entity)
WHERE b.uri = $target OR toLower(b.key) = toLower($target) OR toLower(b.qid) = toLower($target)
   OR any(n IN b.aliases WHERE toLower(n) = toLower($target))
WITH a, b WHERE a <> b
MATCH p = allShortestPaths((a)-[*..6]-(b))
WHERE all(r IN relationships(p)
          WHERE type(r) <> 'MENTIONED_IN' AND ($include_negated OR r.polarity = 'positive'))
RETURN p, length(p) AS hops,
       [r IN relationships(p) |
          startNode(r).label + ' ' + CASE WHEN r.polarity = 'negative' THEN 'NOT ' ELSE '' END
          + r.predicate + ' ' + endNode(r).label + ' [' + r.doc + ']: ' + r.sentence] AS evidence
LIMIT $limit
