// Question: Who receives the largest funding flows of one kind, in one currency?
// Parameters: amount_type (string, required, one of @amount_types) — the kind of figure to rank by;
//   currency (string, default "HKD") — ISO 4217 code of the amounts, e.g. "HKD", "CNY", "USD";
//   fiscal_year (string, default null) — only flows of this year;
//   label (string, default null, one of @entity_labels) — only recipients of this label;
//   limit (integer, default 20, 1..1000) — most recipients
// Example: {"amount_type": "actual", "fiscal_year": "2021-22"}
// Returns: recipient_id, recipient, label, facts, total, fiscal_years, funders
// Cookbook: yes
// Notes: FUNDS edges (payer -> payee) only: a cap or an average about a scheme is a Figure (figures_about), not
//   money a recipient received. Only one amount_type and one currency at a time, and only exact one-off amounts:
//   bounds (超過 X), ranges (3至5億元), yearly or per-unit rates and flows whose amount is not stated are left
//   out, so nothing of different kinds is added (entity_funding lists them). Without fiscal_year, `total` adds
//   that kind of figure over all years (see fiscal_years); give a year to compare like with like.
MATCH (a)-[f:FUNDS]->(r)
WHERE f.amount_type = $amount_type AND f.currency = $currency
  AND f.amount IS NOT NULL AND f.amount_max IS NULL AND f.bound IS NULL AND f.per IS NULL
  AND ($fiscal_year IS NULL OR f.fiscal_year = $fiscal_year)
  AND ($label IS NULL OR $label IN labels(r))
WITH r, f, a ORDER BY f.fiscal_year, a.id
WITH r, count(f) AS facts, sum(f.amount) AS total, collect(DISTINCT f.fiscal_year) AS fiscal_years,
     collect(DISTINCT a.id) AS funders
RETURN r.id AS recipient_id, r.name AS recipient, labels(r)[0] AS label, facts, total, fiscal_years, funders
ORDER BY total DESC, recipient_id
LIMIT $limit
