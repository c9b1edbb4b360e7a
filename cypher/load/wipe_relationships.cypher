// name: wipe_relationships
// description: Delete up to $limit relationships of the database (any type); `kg load --wipe` repeats it until none is left, then deletes the nodes with wipe_batch. Relationships go first so no transaction has to detach a hub node's tens of thousands of edges at once.
// params: limit (int) relationships per transaction
MATCH ()-[r]->()
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS deleted
