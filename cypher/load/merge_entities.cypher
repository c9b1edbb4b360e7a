// name: merge_entities
// description: Create or update one batch of (:Entity:<Type>) nodes of a single entity type, keyed by uri; a node whose type changed loses its old type label. Properties are only written when one differs (idempotent reloads).
// params: rows (list) maps {uri, props: {key, label, type, qid, aliases}}
// placeholders: label (the entity type of every row, from models.ENTITY_TYPES); other_labels (the remaining entity types, rendered A:B:C)
UNWIND $rows AS row
MERGE (e:Entity {uri: row.uri})
WITH e, row,
     NOT e:{{label}}
     OR any(k IN keys(row.props)
            WHERE NOT coalesce(e[k] = row.props[k], e[k] IS NULL AND row.props[k] IS NULL)) AS changed
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END |
  SET e += row.props, e:{{label}}
  REMOVE e:{{other_labels}}
)
RETURN count(*) AS written, sum(CASE WHEN changed THEN 1 ELSE 0 END) AS changed
