// Totals of the funding flows matching the same filters as funding.cypher, one per amount_type, currency, per and
// bound: amounts of different kinds (an estimate, an approval, money spent), currencies, units (a yearly amount and
// a one-off one) or bounds (超過 X is not X) are never added together, and a flow without a stated amount is not
// counted. `total` adds the amounts (the lower ends of ranges), `total_max` the upper ends.
// Parameters: $id, $fiscal_year, $amount_type (each may be null).
MATCH (a)-[f:FUNDS]->(b)
WHERE f.amount IS NOT NULL
  AND ($id IS NULL OR a.id = $id OR b.id = $id)
  AND ($fiscal_year IS NULL OR f.fiscal_year = $fiscal_year)
  AND ($amount_type IS NULL OR f.amount_type = $amount_type)
RETURN f.amount_type AS amount_type, f.currency AS currency, f.per AS per, f.bound AS bound,
       CASE WHEN $id IS NULL THEN 'all' WHEN a.id = $id THEN 'out' ELSE 'in' END AS direction,
       count(f) AS facts, sum(f.amount) AS total, sum(coalesce(f.amount_max, f.amount)) AS total_max
ORDER BY amount_type, currency, per, bound, direction
