// Question: How much funding is recorded, per amount type and currency (never added across them)?
// Parameters: entity_id (string, default null) — only facts to or from this entity, split into money in and out;
//   fiscal_year (string, default null) — only facts of this year, e.g. "2025-26"
// Example: {"entity_id": "dept:itc"}
// Returns: amount_type, currency, direction, facts, total, smallest, largest
// Cookbook: yes
// Notes: One row per amount_type, currency (and direction when entity_id is given: "in", "out"; else "all").
//   An estimate, a cap and money spent are different kinds of figure and are never summed together, nor are
//   HKD and CNY. Within one row, totals add the facts as recorded: the same money stated in two replies, or the
//   figures of several years, are all counted, so read `facts` and entity_funding before quoting a total.
MATCH (a)-[f:FUNDS]->(b)
WHERE ($entity_id IS NULL OR a.id = $entity_id OR b.id = $entity_id)
  AND ($fiscal_year IS NULL OR f.fiscal_year = $fiscal_year)
WITH f, CASE WHEN $entity_id IS NULL THEN 'all' WHEN b.id = $entity_id THEN 'in' ELSE 'out' END AS direction
RETURN f.amount_type AS amount_type, f.currency AS currency, direction, count(f) AS facts, sum(f.amount) AS total,
       min(f.amount) AS smallest, max(f.amount) AS largest
ORDER BY amount_type, currency, direction
