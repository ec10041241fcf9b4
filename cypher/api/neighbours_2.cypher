// The nodes up to two steps from a node, and the relationships on the way, optionally of one type.
// Template slot: {{label}}. Parameters: $id, $type (relationship type or null), $limit (paths).
MATCH p = (n:{{label}} {id: $id})-[*1..2]-(m)
WHERE $type IS NULL OR all(r IN relationships(p) WHERE type(r) = $type)
RETURN p
ORDER BY length(p), m.id
LIMIT $limit
