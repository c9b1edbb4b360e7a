// name: existing_articles
// description: The uri of every (:Article) in the database, to find the articles no longer in the store.
// params: none
MATCH (a:Article)
RETURN a.uri AS uri
