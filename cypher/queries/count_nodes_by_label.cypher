// Question: How many nodes of each label does the graph hold?
// Parameters: none
// Example: {}
// Returns: label, count
// Cookbook: no — GET /stats and the build summary (Store.label_counts)
MATCH (n)
UNWIND labels(n) AS label
RETURN label, count(*) AS count
ORDER BY label
