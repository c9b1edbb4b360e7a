// name: speaker_claims
// description: Claims attributed to a speaker ("... said the foreign minister"): every assertion whose speaker is the actor, with the evidence sentence.
// params: actor (string) the speaker: label, key, QID, uri or surface form, case-insensitive; limit (int, default 100) maximum rows
MATCH (sp:Entity)
WHERE sp.uri = $actor OR toLower(sp.key) = toLower($actor) OR toLower(sp.qid) = toLower($actor)
   OR any(n IN sp.aliases WHERE toLower(n) = toLower($actor))
MATCH (s:Entity)-[r]->(o:Entity)
WHERE r.speaker_uri = sp.uri
RETURN sp.label AS speaker, s.label AS subject, r.predicate AS predicate, o.label AS object,
       r.polarity AS polarity, r.modality AS modality, r.doc AS doc, r.lang AS lang,
       r.sentence AS sentence
ORDER BY doc, r.start
LIMIT $limit
