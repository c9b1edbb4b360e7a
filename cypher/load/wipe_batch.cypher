// name: wipe_batch
// description: Delete up to $limit nodes of the database (any label); `kg load --wipe` repeats it until nothing is left, after wipe_relationships removed the relationships (DETACH only catches edges written meanwhile).
// params: limit (int) nodes per transaction
MATCH (n)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
