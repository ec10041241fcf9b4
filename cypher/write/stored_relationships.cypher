// The relationships of one type in the store, with the ids and labels of their ends, to compare with a build's.
// Template slot: {{type}}. Parameters: none
MATCH (a)-[r:{{type}}]->(b)
RETURN r.id AS id, a.id AS start, b.id AS end, labels(a) AS start_labels, labels(b) AS end_labels,
       properties(r) AS props
