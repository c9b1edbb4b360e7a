// name: merge_articles
// description: Create or update one batch of (:Article) nodes keyed by uri. Properties are only written when one differs, so a repeated load changes nothing; keys with a null value are removed (SET +=), keys the loader does not own are left alone.
// params: rows (list) maps {uri, props: {doc, hash, lang, title, url, published, words, source_key}}
UNWIND $rows AS row
MERGE (a:Article {uri: row.uri})
WITH a, row,
     any(k IN keys(row.props)
         WHERE NOT coalesce(a[k] = row.props[k], a[k] IS NULL AND row.props[k] IS NULL)) AS changed
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END | SET a += row.props)
RETURN count(*) AS written, sum(CASE WHEN changed THEN 1 ELSE 0 END) AS changed
