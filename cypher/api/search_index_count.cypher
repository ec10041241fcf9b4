// How many nodes the search index covers (to notice that the graph changed).
// Parameters: $searchable_labels (the labels data/model.yaml marks searchable, graph.model.SEARCHABLE_LABELS).
MATCH (n)
WHERE any(label IN labels(n) WHERE label IN $searchable_labels)
RETURN count(n) AS total
