// Delete the nodes of one label that the build did not produce, by id (an index lookup each: the old
// `WHERE NOT n.id IN $ids` compared every node with every id, and at 100x passed the store's statement timeout).
// Template slot: {{label}}. Parameters: $rows = ["question:2025-26:ITIB001", ...]
UNWIND $rows AS id
MATCH (n:{{label}} {id: id})
DETACH DELETE n
