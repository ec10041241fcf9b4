// Nodes ranked by a centrality stored by `innograph build` (graph/analytics.py), highest first, then by id.
// Parameters: $label (an analysed label, graph.analytics.PROJECTION_LABELS, or null for all);
//   $metric ('degree' ranks by degree_centrality, 'betweenness' by betweenness); $skip, $limit.
// Example: {"label": "Scheme", "metric": "betweenness", "skip": 0, "limit": 10}
MATCH (n)
WHERE n.degree IS NOT NULL AND ($label IS NULL OR $label IN labels(n))
WITH n, CASE $metric WHEN 'degree' THEN n.degree_centrality ELSE n.betweenness END AS score
RETURN n.id AS id, labels(n)[0] AS label, n.name AS name, n.name_en AS name_en, n.degree AS degree,
       n.degree_centrality AS degree_centrality, n.betweenness AS betweenness, n.community AS community
ORDER BY score DESC, id
SKIP $skip LIMIT $limit
