// name: constraint_names
// description: Names of the constraints already in the database, so a load only creates the missing ones of cypher/schema (IF NOT EXISTS still guards against a race).
// params: none
SHOW CONSTRAINTS YIELD name
RETURN name
