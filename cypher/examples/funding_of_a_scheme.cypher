// Who pays a scheme: the funding flows (FUNDS) into it, with their quotes: an example of POST /cypher in the OpenAPI
// document. Figures about the scheme alone (a cap or an average per recipient) are Figure nodes ABOUT it instead.
// Parameters: $id, e.g. "scheme:techconnect".
MATCH (f)-[r:FUNDS]->(s {id: $id})
RETURN f.name AS funder, r.amount AS amount, r.currency AS currency, r.amount_type AS amount_type,
       r.fiscal_year AS fiscal_year, r.quote AS quote
