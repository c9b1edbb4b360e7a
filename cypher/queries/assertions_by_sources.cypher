// name: assertions_by_sources
// description: Assertions ranked by the number of independent sources: one row per (subject, predicate, object, polarity, modality) with how many distinct articles and languages report it.
// params: min_sources (int, default 1) keep assertions reported by at least this many articles; limit (int, default 50) maximum rows
MATCH (s:Entity)-[r]->(o:Entity)
WITH s, o, r.predicate AS predicate, r.plover AS plover, r.polarity AS polarity,
     r.modality AS modality,
     count(DISTINCT r.article) AS sources, collect(DISTINCT r.lang) AS languages,
     collect(DISTINCT r.doc) AS docs
WHERE sources >= $min_sources
RETURN s.label AS subject, predicate, plover, o.label AS object, polarity, modality, sources,
       size(languages) AS language_count, languages, docs
ORDER BY sources DESC, language_count DESC, subject, predicate, object, polarity, modality
LIMIT $limit
