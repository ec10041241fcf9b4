// Question: Which money figures are stated about an entity (a budget, spending or income by year, a change on last
//   year, a cap, threshold or average per recipient, a salary, a cost), by fiscal year and amount type, and where
//   does each come from?
// Parameters: entity_id (string, required) — what the figures are about: a bureau, department, scheme, institution,
//   company or programme, e.g. "inst:astri";
//   fiscal_year (string, default null) — only figures stated for this year, e.g. "2025-26";
//   amount_type (string, default null, one of @amount_types) — one kind of figure;
//   limit (integer, default 200, 1..1000) — most figures
// Example: {"entity_id": "inst:astri"}
// Returns: fiscal_year, fiscal_year_onward, document_year, amount_type, amount, amount_max, currency, amount_text, approx, bound, per, table_row, table_column, quote, reply_nos, source_ids, figure_id
// Cookbook: yes
// Notes: One row per (:Figure)-[:ABOUT]->(entity): a figure about one thing, not a payment from one body to
//   another (those are FUNDS edges: entity_funding). Newest fiscal year first (a figure for a year "and after",
//   such as a cash-flow row 「2028-29及以後」, has fiscal_year null and fiscal_year_onward "2028-29", and sorts as
//   that year), figures that state no year last (their document_year is the year of the document that states them;
//   a fiscal_year filter leaves them out), then by amount type. `amount` is in the units of `currency`; a range ("36,850元至44,765元") has `amount_max`; `bound`
//   is "lower" for 超過/逾/不少於 X and "upper" for 最高/不超過 X; `per` says what a rate is per (month, company,
//   person/year); `table_row`/`table_column` are a table cell's headers as printed. Figures are never added up:
//   a cap, an average and a budget are different things, and one year's budget is not added to the next.
MATCH (f:Figure)-[:ABOUT]->(x)
WHERE x.id = $entity_id
  AND ($fiscal_year IS NULL OR f.fiscal_year = $fiscal_year)
  AND ($amount_type IS NULL OR f.amount_type = $amount_type)
WITH f, coalesce(f.fiscal_year, f.fiscal_year_onward, '') AS year_key
RETURN f.fiscal_year AS fiscal_year, f.fiscal_year_onward AS fiscal_year_onward, f.document_year AS document_year, f.amount_type AS amount_type,
       f.amount AS amount, f.amount_max AS amount_max, f.currency AS currency, f.amount_text AS amount_text,
       coalesce(f.approx, false) AS approx, f.bound AS bound, f.per AS per, f.table_row AS table_row,
       f.table_column AS table_column, f.quote AS quote, coalesce(f.reply_nos, []) AS reply_nos,
       coalesce(f.source_ids, [f.source_id]) AS source_ids, f.id AS figure_id
ORDER BY year_key DESC, amount_type, currency, amount DESC, figure_id
LIMIT $limit
