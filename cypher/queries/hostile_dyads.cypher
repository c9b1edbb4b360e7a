// name: hostile_dyads
// description: The most hostile directed dyads: pairs by the number of independent sources (articles) reporting hostile acts (PLOVER ASSAULT, COERCE, THREATEN, SANCTION, MOBILIZE, PROTEST, ACCUSE, REJECT) stated as true, with the acts and languages.
// params: min_sources (int, default 1) keep pairs reported by at least this many articles; limit (int, default 25) maximum rows
MATCH (s:Entity)-[r]->(o:Entity)
WHERE r.plover IN ['ASSAULT', 'COERCE', 'THREATEN', 'SANCTION', 'MOBILIZE', 'PROTEST', 'ACCUSE', 'REJECT']
  AND r.polarity = 'positive' AND s <> o
WITH s, o, count(r) AS assertions, count(DISTINCT r.article) AS sources,
     collect(DISTINCT r.plover) AS plover_types, collect(DISTINCT r.predicate) AS predicates,
     collect(DISTINCT r.lang) AS languages
WHERE sources >= $min_sources
RETURN s.label AS aggressor, o.label AS target, sources, assertions, plover_types, predicates,
       languages
ORDER BY sources DESC, assertions DESC, aggressor, target
LIMIT $limit
