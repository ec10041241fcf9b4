// The nodes of one label in the store, to compare with a build's (graph/writer.py writes only the difference).
// Template slot: {{label}}. Parameters: none
MATCH (n:{{label}})
RETURN n.id AS id, properties(n) AS props
