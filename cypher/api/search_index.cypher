// Everything the search box can find: entities and legislators with their names, aliases and how connected
// they are (to rank equal matches). Loaded once into memory by graph/search.py.
// Parameters: none.
MATCH (n)
WHERE n:Bureau OR n:Department OR n:Scheme OR n:Institution OR n:Company OR n:Legislator
RETURN n.id AS id, labels(n) AS labels, n.name AS name, n.name_en AS name_en, coalesce(n.aliases, []) AS aliases,
       n.kind AS kind, COUNT { (n)--() } AS degree
