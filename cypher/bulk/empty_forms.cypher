// name: empty_forms
// description: After a bulk import (kg neo4j import), give the MENTIONED_IN edges imported without forms (participants of an assertion with no surface form in that article) the empty list kg load writes; neo4j-admin cannot write an empty list. Auto-commit transaction, in batches.
// params: none
MATCH (:Entity)-[m:MENTIONED_IN]->(:Article)
WHERE m.forms IS NULL
CALL (m) {
  SET m.forms = []
} IN TRANSACTIONS OF 10000 ROWS
