// name: article_assertions
// description: Every assertion read in one article, in text order, with polarity, modality, speaker and the evidence sentence.
// params: doc (string) the article: source name (file stem or JSONL id), content hash or uri
MATCH (a:Article)
WHERE a.doc = $doc OR a.hash = $doc OR a.uri = $doc
MATCH (a)<-[:MENTIONED_IN]-(s:Entity)-[r]->(o:Entity)
WHERE r.article = a.uri
RETURN a.doc AS doc, r.start AS start, r.end AS end, s.label AS subject,
       r.predicate AS predicate, r.plover AS plover, o.label AS object, r.polarity AS polarity,
       r.modality AS modality, r.speaker AS speaker, r.date AS date, r.confidence AS confidence,
       r.sentence AS sentence
ORDER BY doc, start, predicate, object
