// Funding facts into a scheme, with their quotes: an example of POST /cypher in the OpenAPI document.
// Parameters: $id, e.g. "scheme:techconnect".
MATCH (f)-[r:FUNDS]->(s {id: $id})
RETURN f.name AS funder, r.amount AS amount, r.currency AS currency, r.amount_type AS amount_type, r.quote AS quote
