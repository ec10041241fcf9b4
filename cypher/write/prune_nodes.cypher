// Delete the nodes of one label that the current build did not produce (the store mirrors the corpus).
// Template slot: {{label}}. Parameters: $ids = the ids the build wrote.
MATCH (n:{{label}})
WHERE NOT n.id IN $ids
DETACH DELETE n
