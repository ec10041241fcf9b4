// How many nodes carry analytics properties (of one label, or all when $label is null).
// Parameters: $label (a label or null). Example: {"label": "Scheme"}
MATCH (n)
WHERE n.degree IS NOT NULL AND ($label IS NULL OR $label IN labels(n))
RETURN count(n) AS total
