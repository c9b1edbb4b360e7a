// name: plover_summary
// description: An overview by PLOVER event type (structural relations under their predicate): assertions, negated ones, independent sources, languages and distinct dyads.
// params: none
MATCH (s:Entity)-[r]->(o:Entity)
WITH coalesce(r.plover, r.predicate) AS type, r, s, o
RETURN type, count(r) AS assertions,
       count(CASE WHEN r.polarity = 'negative' THEN 1 END) AS negated,
       count(DISTINCT r.article) AS sources, collect(DISTINCT r.lang) AS languages,
       count(DISTINCT [s.uri, o.uri]) AS dyads
ORDER BY assertions DESC, type
