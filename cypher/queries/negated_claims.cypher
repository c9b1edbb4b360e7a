// name: negated_claims
// description: Negated claims: assertions the text states as not having happened ("Putin did not meet Zelensky"), with their evidence sentence.
// params: actor (string, default "") only claims involving this actor ("" for everyone); limit (int, default 100) maximum rows
MATCH (s:Entity)-[r]->(o:Entity)
WHERE r.polarity = 'negative'
  AND ($actor = ''
       OR any(x IN [s, o] WHERE x.uri = $actor OR toLower(x.key) = toLower($actor)
              OR toLower(x.qid) = toLower($actor)
              OR any(n IN x.aliases WHERE toLower(n) = toLower($actor))))
RETURN s.label AS subject, r.predicate AS predicate, r.plover AS plover, o.label AS object,
       r.modality AS modality, r.speaker AS speaker,
       coalesce(r.date, r.published) AS date, r.doc AS doc, r.lang AS lang, r.sentence AS sentence
ORDER BY date, doc, r.start
LIMIT $limit
