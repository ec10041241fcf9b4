// Question: Every relationship with its type, the ids of its two ends and its properties, in id order (the JSON export).
// Parameters: none
// Example: {}
// Returns: type, start, end, properties
// Cookbook: no — innograph export json
MATCH (a)-[r]->(b)
RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS properties
ORDER BY r.id
