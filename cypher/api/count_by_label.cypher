// How many nodes of a label (with a kind, if given)? Template slot: {{label}}. Parameters: $kind (or null).
MATCH (n:{{label}})
WHERE $kind IS NULL OR n.kind = $kind
RETURN count(n) AS total
