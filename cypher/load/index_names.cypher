// name: index_names
// description: Names of the indexes already in the database, so a load only creates the missing ones of cypher/schema (IF NOT EXISTS still guards against a race).
// params: none
SHOW INDEXES YIELD name
RETURN name
