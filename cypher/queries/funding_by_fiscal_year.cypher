// Question: What funding flows are recorded for each fiscal year, per amount type and currency?
// Parameters: entity_id (string, default null) — only flows to or from this entity;
//   amount_type (string, default null, one of @amount_types) — one kind of figure
// Example: {"entity_id": "inst:cityu"}
// Returns: fiscal_year, fiscal_year_onward, amount_type, currency, per, bound, facts, total, total_max, recipients
// Cookbook: yes
// Notes: FUNDS edges (payer -> payee) only; figures about one thing are in figures_about. Years in order (a year
//   "and after", 「2028-29及以後」, is fiscal_year_onward with fiscal_year null), flows that state no year last. A year's amounts are split by amount type, currency, per (a yearly
//   amount is not added to one-off amounts) and bound (超過/不超過 X are not exact amounts), and never added
//   across them; a flow whose amount is not stated is not counted. `total` adds the amounts (the lower ends of
//   ranges), `total_max` the upper ends.
MATCH (a)-[f:FUNDS]->(b)
WHERE f.amount IS NOT NULL
  AND ($entity_id IS NULL OR a.id = $entity_id OR b.id = $entity_id)
  AND ($amount_type IS NULL OR f.amount_type = $amount_type)
WITH f, b ORDER BY b.id
WITH f.fiscal_year AS fiscal_year, f.fiscal_year_onward AS fiscal_year_onward, f.amount_type AS amount_type, f.currency AS currency, f.per AS per,
     f.bound AS bound, count(f) AS facts, sum(f.amount) AS total, sum(coalesce(f.amount_max, f.amount)) AS total_max,
     collect(DISTINCT b.id) AS recipients
RETURN fiscal_year, fiscal_year_onward, amount_type, currency, per, bound, facts, total, total_max, recipients
ORDER BY coalesce(fiscal_year, fiscal_year_onward, '9999'), amount_type, currency, per, bound
