// name: lock
// description: Take the load lock: MERGE the lock node in a transaction that stays open for the whole load and is rolled back at its end, so the node is never committed; a second load blocks here until the first one ends (or its connection dies).
// params: owner (string) who holds the lock (host, pid), for SHOW TRANSACTIONS
MERGE (l:KgLoadLock {name: 'load'})
SET l.owner = $owner
RETURN l.owner AS owner
