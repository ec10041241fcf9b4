// Question: Every node with its labels and properties, in id order (the JSON export).
// Parameters: none
// Example: {}
// Returns: id, labels, properties
// Cookbook: no — innograph export json
MATCH (n)
RETURN n.id AS id, labels(n) AS labels, properties(n) AS properties
ORDER BY id
