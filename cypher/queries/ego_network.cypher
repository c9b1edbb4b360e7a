// name: ego_network
// description: An actor's neighbourhood drawn as a graph in Browser: the actors it is linked to by assertions stated as true, and theirs in turn (two steps, MENTIONED_IN left out), one relationship per assertion and article.
// params: actor (string) the actor: label, key, QID, uri or surface form, case-insensitive; limit (int, default 100) maximum paths
MATCH (e:Entity)
WHERE e.uri = $actor OR toLower(e.key) = toLower($actor) OR toLower(e.qid) = toLower($actor)
   OR any(n IN e.aliases WHERE toLower(n) = toLower($actor))
MATCH p = (e)-[steps*1..2]-(:Entity)
WHERE all(r IN steps WHERE r.polarity = 'positive')
RETURN p, length(p) AS hops, [n IN nodes(p) | n.label] AS chain
LIMIT $limit
