// The nodes up to two steps from a node, and the relationships on the way, optionally of one type.
// Template slot: {{label}}. Parameters: $id, $type (relationship type or null), $limit (paths, shortest first).
// One row: the distinct nodes and relationships of those paths. Returning the paths themselves sent every node
// once per path through it (a reply's full text dozens of times): twice as slow for the same subgraph.
MATCH p = (n:{{label}} {id: $id})-[*1..2]-(m)
WHERE $type IS NULL OR all(r IN relationships(p) WHERE type(r) = $type)
WITH p, m ORDER BY length(p), m.id LIMIT $limit
WITH collect(p) AS paths
UNWIND paths AS path
UNWIND nodes(path) AS node
WITH paths, collect(DISTINCT node) AS nodes
UNWIND paths AS path
UNWIND relationships(path) AS rel
RETURN nodes, collect(DISTINCT rel) AS rels
