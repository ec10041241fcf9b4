// Question: Which funding flows go to or come from an entity (who pays whom), by fiscal year and amount type?
// Parameters: entity_id (string, required) — payer or payee, e.g. "scheme:techconnect";
//   direction (string, default null, one of in|out) — only money received (in) or given (out);
//   fiscal_year (string, default null) — e.g. "2025-26";
//   amount_type (string, default null, one of @amount_types) — one kind of figure;
//   limit (integer, default 200, 1..1000) — most facts
// Example: {"entity_id": "scheme:techconnect"}
// Returns: direction, funder_id, funder, recipient_id, recipient, fiscal_year, fiscal_year_onward, amount_type, currency, amount, amount_max, amount_text, per, bound, reply_nos, edge_id
// Cookbook: yes
// Notes: One row per FUNDS edge (a flow from a payer to a payee), newest fiscal year first (one for a year "and
//   after" has fiscal_year_onward instead; flows without a stated year last), then by amount type and currency. Figures about the entity alone (its budget, a cap or an average
//   per recipient, a change on last year) are not flows: figures_about lists them. Each amount is in its own
//   currency and kind; `amount_max` is the upper end of a range, `bound` says "lower" (超過 X) or "upper"
//   (不超過 X), `per` a rate's unit, and `amount` is null when the document names the recipient without its amount.
//   Nothing is added up here (see funding_totals). Pass edge_id to edge_sources for the sentence behind a flow.
MATCH (a)-[f:FUNDS]->(b)
WHERE (a.id = $entity_id OR b.id = $entity_id)
  AND ($direction IS NULL OR ($direction = 'in' AND b.id = $entity_id) OR ($direction = 'out' AND a.id = $entity_id))
  AND ($fiscal_year IS NULL OR f.fiscal_year = $fiscal_year)
  AND ($amount_type IS NULL OR f.amount_type = $amount_type)
WITH a, f, b, coalesce(f.fiscal_year, f.fiscal_year_onward, '') AS year_key
RETURN CASE WHEN b.id = $entity_id THEN 'in' ELSE 'out' END AS direction,
       a.id AS funder_id, a.name AS funder, b.id AS recipient_id, b.name AS recipient,
       f.fiscal_year AS fiscal_year, f.fiscal_year_onward AS fiscal_year_onward, f.amount_type AS amount_type, f.currency AS currency, f.amount AS amount,
       f.amount_max AS amount_max, f.amount_text AS amount_text, f.per AS per, f.bound AS bound,
       coalesce(f.reply_nos, []) AS reply_nos, f.id AS edge_id
ORDER BY year_key DESC, amount_type, currency, amount DESC, edge_id
LIMIT $limit
