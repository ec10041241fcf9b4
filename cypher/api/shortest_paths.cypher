// The shortest paths (all of equal, shortest length) between two nodes, at most {{max_hops}} hops.
// Cypher takes no parameter for a path length bound, so {{max_hops}} is a template slot (an int from 1 to 6,
// checked in graph/cypher.py). Template slots: {{start_label}}, {{end_label}}, {{max_hops}}.
// Parameters: $from, $to, $limit. Example: {from: "legislator:陳振英", to: "bureau:itib", limit: 10}
MATCH (a:{{start_label}} {id: $from}), (b:{{end_label}} {id: $to})
MATCH p = allShortestPaths((a)-[*..{{max_hops}}]-(b))
RETURN p
LIMIT $limit
