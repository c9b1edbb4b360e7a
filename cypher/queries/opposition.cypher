// name: opposition
// description: Who opposes, criticises, accuses or rejects whom (PLOVER ACCUSE and REJECT, stated as true), one row per directed pair with the number of independent sources (articles) and languages.
// params: actor (string, default "") only pairs involving this actor given by label, key, QID, uri or surface form, case-insensitive ("" for everyone); limit (int, default 50) maximum rows
MATCH (s:Entity)-[r]->(o:Entity)
WHERE r.plover IN ['ACCUSE', 'REJECT'] AND r.polarity = 'positive'
  AND ($actor = ''
       OR any(x IN [s, o] WHERE x.uri = $actor OR toLower(x.key) = toLower($actor)
              OR toLower(x.qid) = toLower($actor)
              OR any(n IN x.aliases WHERE toLower(n) = toLower($actor))))
RETURN s.label AS source, o.label AS target,
       collect(DISTINCT r.predicate) AS predicates,
       count(r) AS assertions,
       count(DISTINCT r.article) AS sources,
       collect(DISTINCT r.lang) AS languages,
       min(coalesce(r.date, r.published)) AS first_seen,
       max(coalesce(r.date, r.published)) AS last_seen
ORDER BY sources DESC, assertions DESC, source, target
LIMIT $limit
