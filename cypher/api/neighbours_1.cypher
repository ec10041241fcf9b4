// The nodes one step from a node, and the relationships between them, optionally of one type.
// Template slot: {{label}}. Parameters: $id, $type (relationship type or null), $limit.
MATCH (n:{{label}} {id: $id})-[r]-(m)
WHERE $type IS NULL OR type(r) = $type
RETURN n, r, m
ORDER BY m.id
LIMIT $limit
