// The node and the nodes one step from it, and the relationships between them, optionally of one type.
// Template slot: {{label}}. Parameters: $id, $type (relationship type or null), $limit (relationships).
// One row, or none when there is no such node (so no separate look-up is needed): hops (1), the distinct nodes
// (the node first) and the relationships; each node is sent once, not once per relationship.
MATCH (n:{{label}} {id: $id})
OPTIONAL MATCH (n)-[r]-(m)
WHERE $type IS NULL OR type(r) = $type
WITH n, r, m ORDER BY m.id, r.id LIMIT $limit
WITH n, collect(r) AS rels, collect(DISTINCT m) AS others
RETURN 1 AS hops, [n] + others AS nodes, rels
