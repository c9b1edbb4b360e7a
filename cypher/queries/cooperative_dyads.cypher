// name: cooperative_dyads
// description: The most cooperative dyads, either direction: pairs by the number of independent sources (articles) reporting cooperation (PLOVER AGREE, CONSULT, SUPPORT, COOPERATE, AID, CONCEDE) stated as true.
// params: min_sources (int, default 1) keep pairs reported by at least this many articles; limit (int, default 25) maximum rows
MATCH (s:Entity)-[r]->(o:Entity)
WHERE r.plover IN ['AGREE', 'CONSULT', 'SUPPORT', 'COOPERATE', 'AID', 'CONCEDE']
  AND r.polarity = 'positive' AND s <> o
WITH CASE WHEN s.uri < o.uri THEN s ELSE o END AS a,
     CASE WHEN s.uri < o.uri THEN o ELSE s END AS b, r
WITH a, b, count(r) AS assertions, count(DISTINCT r.article) AS sources,
     collect(DISTINCT r.plover) AS plover_types, collect(DISTINCT r.predicate) AS predicates,
     collect(DISTINCT r.lang) AS languages
WHERE sources >= $min_sources
RETURN a.label AS actor_a, b.label AS actor_b, sources, assertions, plover_types, predicates,
       languages
ORDER BY sources DESC, assertions DESC, actor_a, actor_b
LIMIT $limit
