// Everything the search box can find: entities and legislators with their names, aliases and how connected
// they are (to rank equal matches). Loaded once into memory by graph/search.py.
// Parameters: $entity_labels (the entity labels of data/model.yaml, graph.model.ENTITY_LABELS).
MATCH (n)
WHERE n:Legislator OR any(label IN labels(n) WHERE label IN $entity_labels)
RETURN n.id AS id, labels(n) AS labels, n.name AS name, n.name_en AS name_en, coalesce(n.aliases, []) AS aliases,
       n.kind AS kind, COUNT { (n)--() } AS degree
