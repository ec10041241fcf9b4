// Everything the search box can find: entities and legislators with their names, aliases, abbreviation and how
// connected they are (to rank equal matches). Loaded once into memory by graph/search.py.
// Parameters: $searchable_labels (the labels data/model.yaml marks searchable, graph.model.SEARCHABLE_LABELS).
MATCH (n)
WHERE any(label IN labels(n) WHERE label IN $searchable_labels)
RETURN n.id AS id, labels(n) AS labels, n.name AS name, n.name_en AS name_en, coalesce(n.aliases, []) AS aliases,
       n.abbreviation AS abbreviation, n.kind AS kind, COUNT { (n)--() } AS degree
