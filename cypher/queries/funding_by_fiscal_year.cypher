// Question: What amounts are recorded for each fiscal year, per amount type and currency?
// Parameters: entity_id (string, default null) — only facts to or from this entity;
//   amount_type (string, default null, one of @amount_types) — one kind of figure
// Example: {"entity_id": "inst:cityu"}
// Returns: fiscal_year, amount_type, currency, facts, total, recipients
// Cookbook: yes
// Notes: Years in order, facts that state no year last (fiscal_year null). A year's figures are split by amount
//   type and currency and never added across them.
MATCH (a)-[f:FUNDS]->(b)
WHERE ($entity_id IS NULL OR a.id = $entity_id OR b.id = $entity_id)
  AND ($amount_type IS NULL OR f.amount_type = $amount_type)
WITH f, b ORDER BY b.id
WITH f.fiscal_year AS fiscal_year, f.amount_type AS amount_type, f.currency AS currency,
     count(f) AS facts, sum(f.amount) AS total, collect(DISTINCT b.id) AS recipients
RETURN fiscal_year, amount_type, currency, facts, total, recipients
ORDER BY coalesce(fiscal_year, '9999'), amount_type, currency
