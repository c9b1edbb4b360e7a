// name: graph_counts
// description: Node and relationship totals of the database, for the load summary.
// params: none
RETURN COUNT { MATCH (n) } AS nodes, COUNT { MATCH ()-[r]->() } AS relationships
