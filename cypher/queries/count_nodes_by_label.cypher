// How many nodes of each label does the graph hold?
// Parameters: none. Example: innograph's GET /stats and the build summary use it.
MATCH (n)
UNWIND labels(n) AS label
RETURN label, count(*) AS count
ORDER BY label
