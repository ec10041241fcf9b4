// The members of every Louvain community (or of one, $community), with what ranks them inside it.
// Parameters: $community (an integer community id, or null for all).
// Example: {"community": 0}
MATCH (n)
WHERE n.community IS NOT NULL AND ($community IS NULL OR n.community = $community)
RETURN n.community AS community, n.id AS id, labels(n)[0] AS label, n.name AS name, n.degree AS degree,
       n.betweenness AS betweenness
ORDER BY community, degree DESC, id
