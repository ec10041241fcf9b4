// Question: How much funding flows are recorded, per amount type and currency (never added across them)?
// Parameters: entity_id (string, default null) — only flows to or from this entity, split into money in and out;
//   fiscal_year (string, default null) — only flows of this year, e.g. "2025-26"
// Example: {"entity_id": "dept:itc"}
// Returns: amount_type, currency, per, bound, direction, facts, total, total_max, smallest, largest
// Cookbook: yes
// Notes: Sums FUNDS edges (payer -> payee) only: figures about one thing (a cap, an average, a budget: Figure
//   nodes, see figures_about) are never in these totals. One row per amount_type, currency, per, bound (and
//   direction when entity_id is given: "in", "out"; else "all"): an estimate, an approval and money spent are
//   different kinds of figure and are never summed together, nor HKD and CNY, nor a yearly amount (per "year")
//   with one-off amounts, nor bounds ("超過1.3億元": bound "lower"; "不超過100億元": "upper") with exact amounts —
//   a row of lower bounds totals at least `total`. A flow whose amount is not stated (a recipient named in a list)
//   is not counted. `total` adds the amounts, or the lower ends of ranges; `total_max` adds the upper ends (equal
//   to `total` when no range is among them). Within one row, totals add the facts as recorded: the same money
//   stated in two replies, or the figures of several years, are all counted, so read `facts` and entity_funding
//   before quoting a total.
MATCH (a)-[f:FUNDS]->(b)
WHERE f.amount IS NOT NULL
  AND ($entity_id IS NULL OR a.id = $entity_id OR b.id = $entity_id)
  AND ($fiscal_year IS NULL OR f.fiscal_year = $fiscal_year)
WITH f, CASE WHEN $entity_id IS NULL THEN 'all' WHEN b.id = $entity_id THEN 'in' ELSE 'out' END AS direction
RETURN f.amount_type AS amount_type, f.currency AS currency, f.per AS per, f.bound AS bound, direction,
       count(f) AS facts, sum(f.amount) AS total, sum(coalesce(f.amount_max, f.amount)) AS total_max,
       min(f.amount) AS smallest, max(coalesce(f.amount_max, f.amount)) AS largest
ORDER BY amount_type, currency, per, bound, direction
