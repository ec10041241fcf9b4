// The money figures about one node (a budget, a change, a cap or an average per recipient, a salary, a cost), by
// fiscal year and amount type: (:Figure)-[:ABOUT]->(node). Payments between two bodies are FUNDS (funding.cypher).
// Parameters: $id, $fiscal_year, $amount_type (each filter may be null), $skip, $limit.
// Newest year first (a year "and after" as that year), figures that state no year last, then by type and amount; a figure's properties hold its value
// and provenance (quote, reply_nos, source_ids, char_start, char_end).
MATCH (f:Figure)-[:ABOUT]->(x)
WHERE x.id = $id
  AND ($fiscal_year IS NULL OR f.fiscal_year = $fiscal_year)
  AND ($amount_type IS NULL OR f.amount_type = $amount_type)
RETURN x.id AS subject_id, x.name AS subject, labels(x)[0] AS subject_label, properties(f) AS figure
ORDER BY coalesce(f.fiscal_year, f.fiscal_year_onward, '') DESC, f.amount_type, f.currency, coalesce(f.amount, -1) DESC, f.id
SKIP $skip LIMIT $limit
