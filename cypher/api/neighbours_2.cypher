// The node and the nodes up to two steps from it, and the relationships on the way, optionally of one type.
// Template slot: {{label}}. Parameters: $id, $type (relationship type or null), $limit (paths, shortest first).
// Rows: none when there is no such node; else the one-step paths (hops 1, as api/neighbours_1), then, only when
// they leave room under $limit, the two-step paths in the order of their far end's id (hops 2): the distinct nodes
// and relationships of each part. The caller merges the parts.
// Why this shape: a variable-length MATCH p = (n)-[*1..2]-(m) ... ORDER BY length(p) builds and sorts every
// two-step path even when the one-step ones fill the limit (a hub's: 2-3x slower, benchmarks/README.md).
// Returning the paths themselves would send every node once per path through it.
MATCH (n:{{label}} {id: $id})
OPTIONAL MATCH (n)-[r]-(m)
WHERE $type IS NULL OR type(r) = $type
WITH n, r, m ORDER BY m.id, r.id LIMIT $limit
WITH n, collect(r) AS rels, collect(DISTINCT m) AS others
RETURN 1 AS hops, [n] + others AS nodes, rels
UNION ALL
MATCH (n:{{label}} {id: $id})-[r]-()
WHERE $type IS NULL OR type(r) = $type
WITH n, $limit - count(r) AS room
WHERE room > 0
MATCH (n)-[r1]-(b)-[r2]-(c)
WHERE $type IS NULL OR (type(r1) = $type AND type(r2) = $type)
WITH room, r1, b, r2, c ORDER BY c.id, b.id, r2.id, r1.id
WITH room, collect([r1, r2, b, c]) AS paths
WITH paths[..room] AS paths
UNWIND paths AS path
WITH paths, path[2] AS b, path[3] AS c
WITH paths, collect(DISTINCT b) + collect(DISTINCT c) AS nodes
RETURN 2 AS hops, nodes, [p IN paths | p[0]] + [p IN paths | p[1]] AS rels
