// Question: How are two nodes connected — what is the shortest path between them?
// Parameters: from_id (string, required) — any node id, e.g. "legislator:陳振英";
//   to_id (string, required) — e.g. "bureau:itib";
//   max_hops (integer, default 6, 1..6) — longest path to accept
// Example: {"from_id": "legislator:陳振英", "to_id": "bureau:itib"}
// Returns: path, hops, node_ids, node_names, relationship_types
// Cookbook: yes
// Notes: Cypher takes no parameter for a path-length bound, so the search is bounded by the literal 6 and
//   max_hops filters the result. One shortest path (any of those of equal length), relationships followed in
//   either direction; no row when there is none within max_hops, or when from_id = to_id (Neo4j refuses a
//   shortest path from a node to itself).
MATCH (a {id: $from_id}), (b {id: $to_id})
WHERE a <> b
MATCH p = shortestPath((a)-[*..6]-(b))
WITH p WHERE length(p) <= $max_hops
RETURN p AS path, length(p) AS hops, [n IN nodes(p) | n.id] AS node_ids, [n IN nodes(p) | n.name] AS node_names,
       [r IN relationships(p) | type(r)] AS relationship_types
