// name: roles
// description: Roles and memberships (holdsRole, memberOf): who holds a role in or belongs to which organization or country, with the number of sources.
// params: actor (string, default "") only roles of or in this actor ("" for everyone); limit (int, default 100) maximum rows
MATCH (p:Entity)-[r:HOLDS_ROLE|MEMBER_OF]->(o:Entity)
WHERE $actor = ''
   OR any(x IN [p, o] WHERE x.uri = $actor OR toLower(x.key) = toLower($actor)
          OR toLower(x.qid) = toLower($actor)
          OR any(n IN x.aliases WHERE toLower(n) = toLower($actor)))
WITH p, o, r ORDER BY r.doc, r.start
RETURN p.label AS holder, r.predicate AS predicate, o.label AS organization,
       r.polarity AS polarity, count(DISTINCT r.article) AS sources,
       collect(DISTINCT r.lang) AS languages, collect(r.sentence)[0] AS example
ORDER BY holder, organization, predicate
LIMIT $limit
