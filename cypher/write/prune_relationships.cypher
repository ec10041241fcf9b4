// Delete the relationships of one type that the current build did not produce.
// Template slot: {{type}}. Parameters: $ids = the ids the build wrote.
MATCH ()-[r:{{type}}]->()
WHERE NOT r.id IN $ids
DELETE r
