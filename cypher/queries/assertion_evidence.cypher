// name: assertion_evidence
// description: Assertions from one actor (to a target) with all their evidence: one row per (subject, predicate, object, polarity, modality), with the number of independent sources and every sentence that supports it (document, language, offsets).
// params: actor (string) subject actor: label, key, QID, uri or surface form; target (string, default "") object actor ("" for any); limit (int, default 50) maximum rows
MATCH (s:Entity)
WHERE s.uri = $actor OR toLower(s.key) = toLower($actor) OR toLower(s.qid) = toLower($actor)
   OR any(n IN s.aliases WHERE toLower(n) = toLower($actor))
MATCH (s)-[r]->(o:Entity)
WHERE $target = '' OR o.uri = $target OR toLower(o.key) = toLower($target)
   OR toLower(o.qid) = toLower($target)
   OR any(n IN o.aliases WHERE toLower(n) = toLower($target))
WITH s, o, r ORDER BY r.doc, r.start
WITH s, o, r.predicate AS predicate, r.polarity AS polarity, r.modality AS modality,
     count(DISTINCT r.article) AS sources, collect(DISTINCT r.lang) AS languages,
     collect({doc: r.doc, lang: r.lang, sentence: r.sentence, start: r.start, end: r.end,
              confidence: r.confidence, speaker: r.speaker, uri: r.uri}) AS evidence
RETURN s.label AS subject, predicate, o.label AS object, polarity, modality, sources, languages,
       evidence
ORDER BY sources DESC, subject, predicate, object, polarity
LIMIT $limit
