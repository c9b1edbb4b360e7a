// name: lock_constraint
// description: Uniqueness constraint on the load lock's name, so that two loads that MERGE the lock node at once take the same index-entry lock and the second waits for the first.
// params: none
CREATE CONSTRAINT kg_load_lock_name IF NOT EXISTS
FOR (l:KgLoadLock) REQUIRE l.name IS UNIQUE
