// One relationship by id, with its two ends: the provenance a view fetches on demand (quote, quotes, replies and
// source documents), which neighbourhoods leave out.
// Template slots: {{type}} and {{start_label}}, read off the id (TYPE:start->end…, graph.model.relationship_id).
// Parameters: $id, $start (the start node's id, so the look-up starts at that label's id index).
MATCH (s:{{start_label}} {id: $start})-[r:{{type}}]->(e)
WHERE r.id = $id
RETURN s, r, e
LIMIT 1
