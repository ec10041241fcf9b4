// Every node with its labels and properties, in id order (the JSON export).
// Parameters: none.
MATCH (n)
RETURN n.id AS id, labels(n) AS labels, properties(n) AS properties
ORDER BY id
