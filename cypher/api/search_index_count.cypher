// How many nodes the search index covers (to notice that the graph changed).
// Parameters: $entity_labels (the entity labels of data/model.yaml, graph.model.ENTITY_LABELS).
MATCH (n)
WHERE n:Legislator OR any(label IN labels(n) WHERE label IN $entity_labels)
RETURN count(n) AS total
