// Question: Who receives money from a scheme or fund, how much, and of what kind?
// Parameters: scheme_id (string, required) — e.g. "scheme:techconnect";
//   fiscal_year (string, default null) — e.g. "2025-26";
//   amount_type (string, default null, one of @amount_types) — one kind of figure
// Example: {"scheme_id": "scheme:techconnect"}
// Returns: recipient_id, recipient, label, fiscal_year, amount_type, currency, amount, amount_max, amount_text, per, bound, reply_nos, edge_id
// Cookbook: yes
// Notes: One row per FUNDS edge from the scheme, largest first within each amount type and currency; a recipient
//   the documents name without its amount comes last in its kind, with `amount` null. The scheme's own figures
//   (its size, a cap or an average per recipient, its spending when no recipient is named) are in figures_about.
MATCH (s:Scheme {id: $scheme_id})-[f:FUNDS]->(r)
WHERE ($fiscal_year IS NULL OR f.fiscal_year = $fiscal_year)
  AND ($amount_type IS NULL OR f.amount_type = $amount_type)
RETURN r.id AS recipient_id, r.name AS recipient, labels(r)[0] AS label, f.fiscal_year AS fiscal_year,
       f.amount_type AS amount_type, f.currency AS currency, f.amount AS amount, f.amount_max AS amount_max,
       f.amount_text AS amount_text, f.per AS per, f.bound AS bound, coalesce(f.reply_nos, []) AS reply_nos,
       f.id AS edge_id
ORDER BY amount_type, currency, coalesce(amount, -1) DESC, recipient_id, edge_id
