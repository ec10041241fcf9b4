// Totals of the funding facts matching the same filters as funding.cypher, one per amount_type and currency:
// amounts of different kinds (an estimate, a cap, money spent) or currencies are never added together.
// Parameters: $id, $fiscal_year, $amount_type (each may be null).
MATCH (a)-[f:FUNDS]->(b)
WHERE ($id IS NULL OR a.id = $id OR b.id = $id)
  AND ($fiscal_year IS NULL OR f.fiscal_year = $fiscal_year)
  AND ($amount_type IS NULL OR f.amount_type = $amount_type)
RETURN f.amount_type AS amount_type, f.currency AS currency,
       CASE WHEN $id IS NULL THEN 'all' WHEN a.id = $id THEN 'out' ELSE 'in' END AS direction,
       count(f) AS facts, sum(f.amount) AS total
ORDER BY amount_type, currency, direction
