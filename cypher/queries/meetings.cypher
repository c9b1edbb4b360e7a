// name: meetings
// description: Visits and meetings (PLOVER CONSULT: meets, visits, hosts, talks or negotiates with), stated as true, one row per report, over time.
// params: actor (string, default "") only meetings involving this actor ("" for everyone); limit (int, default 100) maximum rows
MATCH (s:Entity)-[r]->(o:Entity)
WHERE r.plover = 'CONSULT' AND r.polarity = 'positive'
  AND ($actor = ''
       OR any(x IN [s, o] WHERE x.uri = $actor OR toLower(x.key) = toLower($actor)
              OR toLower(x.qid) = toLower($actor)
              OR any(n IN x.aliases WHERE toLower(n) = toLower($actor))))
RETURN coalesce(r.date, r.published) AS date, s.label AS actor, r.predicate AS predicate,
       o.label AS counterpart, r.modality AS modality, r.doc AS doc, r.lang AS lang,
       r.sentence AS sentence
ORDER BY date, doc, r.start
LIMIT $limit
