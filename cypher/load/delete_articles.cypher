// name: delete_articles
// description: Delete one batch of (:Article) nodes by uri with their MENTIONED_IN edges (their assertion relationships are deleted before, by uri).
// params: uris (list) article uris
UNWIND $uris AS uri
MATCH (a:Article {uri: uri})
DETACH DELETE a
