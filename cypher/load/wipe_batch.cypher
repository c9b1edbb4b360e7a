// name: wipe_batch
// description: Delete up to $limit nodes of the database (any label) with their relationships; `kg load --wipe` repeats it until nothing is left.
// params: limit (int) nodes per transaction
MATCH (n)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
