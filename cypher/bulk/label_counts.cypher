// name: label_counts
// description: Article and Entity node counts and MENTIONED_IN edge count, to check a bulk import against the counts of its CSVs (from Neo4j's count store, cheap on any size).
// params: none
RETURN COUNT { MATCH (:Article) } AS articles,
       COUNT { MATCH (:Entity) } AS entities,
       COUNT { MATCH ()-[:MENTIONED_IN]->() } AS mentions
