// The nodes one step from a node, and the relationships between them, optionally of one type.
// Template slot: {{label}}. Parameters: $id, $type (relationship type or null), $limit (relationships).
// One row: the distinct nodes and relationships (each node is sent once, not once per relationship).
MATCH (n:{{label}} {id: $id})-[r]-(m)
WHERE $type IS NULL OR type(r) = $type
WITH n, r, m ORDER BY m.id LIMIT $limit
WITH n, collect(r) AS rels, collect(DISTINCT m) AS others
RETURN [n] + others AS nodes, rels
