// A shortest path between two nodes, which comes back in the API's graph shape: an example of POST /cypher.
// Parameters: $a, $b (node ids), e.g. "legislator:陳振英" and "inst:ugc".
MATCH p = shortestPath((a {id: $a})-[*..4]-(b {id: $b}))
RETURN p
