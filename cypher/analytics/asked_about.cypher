// Every ASKED_ABOUT edge with both ends named: the input of legislator co-interest (graph/analytics.co_interest).
// Parameters: none.
MATCH (l:Legislator)-[:ASKED_ABOUT]->(e)
RETURN l.id AS legislator_id, l.name AS legislator, e.id AS entity_id, labels(e)[0] AS label, e.name AS entity
ORDER BY legislator_id, entity_id
