// One node by id, with how many relationships of each type and direction it has.
// Template slot: {{label}} (from the id's namespace). Parameters: $id, e.g. "scheme:gsps".
MATCH (n:{{label}} {id: $id})
OPTIONAL MATCH (n)-[r]-(m)
WITH n, r, CASE WHEN r IS NULL THEN null WHEN startNode(r) = n THEN 'out' ELSE 'in' END AS direction
RETURN properties(n) AS properties, labels(n) AS labels,
       collect(CASE WHEN r IS NULL THEN null ELSE type(r) + ':' + direction END) AS edges
