// Funding flows (FUNDS: a payer pays a payee) to and from a node, or all of them, optionally of one fiscal year and
// amount type. Figures about one thing (Figure nodes) are not flows: figures.cypher.
// Parameters: $id (or null for all), $fiscal_year, $amount_type (each may be null), $skip, $limit.
// A flow whose amount the document does not state (a recipient named in a list) comes last within its year.
MATCH (a)-[f:FUNDS]->(b)
WHERE ($id IS NULL OR a.id = $id OR b.id = $id)
  AND ($fiscal_year IS NULL OR f.fiscal_year = $fiscal_year)
  AND ($amount_type IS NULL OR f.amount_type = $amount_type)
RETURN a.id AS funder_id, a.name AS funder, b.id AS recipient_id, b.name AS recipient, properties(f) AS fact
ORDER BY coalesce(f.fiscal_year, f.fiscal_year_onward, '') DESC, coalesce(f.amount, -1) DESC, f.id
SKIP $skip LIMIT $limit
