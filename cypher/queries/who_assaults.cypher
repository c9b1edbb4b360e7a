// name: who_assaults
// description: Who attacks, invades, bombs, kills or fights a target (PLOVER ASSAULT, stated as true), one row per attacker with its acts, sources, languages and dates.
// params: target (string) the target actor: label, key, QID, uri or surface form, case-insensitive; limit (int, default 25) maximum rows
MATCH (t:Entity)
WHERE t.uri = $target OR toLower(t.key) = toLower($target) OR toLower(t.qid) = toLower($target)
   OR any(n IN t.aliases WHERE toLower(n) = toLower($target))
MATCH (s:Entity)-[r]-(t)
WHERE r.plover = 'ASSAULT' AND r.polarity = 'positive' AND s <> t
  AND (startNode(r) = s OR r.predicate = 'fightsWith')
RETURN s.label AS attacker, t.label AS target, collect(DISTINCT r.predicate) AS predicates,
       count(r) AS assertions, count(DISTINCT r.article) AS sources,
       collect(DISTINCT r.lang) AS languages,
       min(coalesce(r.date, r.published)) AS first_seen,
       max(coalesce(r.date, r.published)) AS last_seen
ORDER BY sources DESC, assertions DESC, attacker
LIMIT $limit
