// Question: How many relationships of each type does the graph hold?
// Parameters: none
// Example: {}
// Returns: type, count
// Cookbook: no — GET /stats and the build summary (Store.relationship_counts)
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS count
ORDER BY type
