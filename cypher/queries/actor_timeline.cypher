// name: actor_timeline
// description: Everything one actor did (the actor as subject of an assertion), over time: ordered by the event date when stated, else the article's publication date.
// params: actor (string) the actor: label, key, QID, uri or surface form, case-insensitive; limit (int, default 200) maximum rows
MATCH (a:Entity)
WHERE a.uri = $actor OR toLower(a.key) = toLower($actor) OR toLower(a.qid) = toLower($actor)
   OR any(n IN a.aliases WHERE toLower(n) = toLower($actor))
MATCH (a)-[r]->(o:Entity)
RETURN coalesce(r.date, r.published) AS date,
       a.label AS actor, r.predicate AS predicate, r.plover AS plover, o.label AS target,
       r.polarity AS polarity, r.modality AS modality, r.speaker AS speaker,
       r.doc AS doc, r.lang AS lang, r.sentence AS sentence
ORDER BY date, doc, r.start, predicate, target
LIMIT $limit
