// name: community
// description: The cooperative community around an actor drawn as a graph: everyone reachable from it through cooperation stated as true (PLOVER AGREE, CONSULT, SUPPORT, COOPERATE, AID, CONCEDE; any direction, up to three steps).
// params: actor (string) the actor: label, key, QID, uri or surface form, case-insensitive; limit (int, default 100) maximum paths
MATCH (e:Entity)
WHERE e.uri = $actor OR toLower(e.key) = toLower($actor) OR toLower(e.qid) = toLower($actor)
   OR any(n IN e.aliases WHERE toLower(n) = toLower($actor))
MATCH p = (e)-[steps*1..3]-(:Entity)
WHERE all(r IN steps WHERE r.polarity = 'positive'
          AND r.plover IN ['AGREE', 'CONSULT', 'SUPPORT', 'COOPERATE', 'AID', 'CONCEDE'])
RETURN p, [n IN nodes(p) | n.label] AS chain
LIMIT $limit
