// Every money figure about one entity, by fiscal year and type, with its quote: an example of POST /cypher.
// A figure about one thing is a Figure node ABOUT it; money paid from one body to another is a FUNDS edge instead
// (funding_of_a_scheme.cypher). Parameters: $id, e.g. "inst:astri".
MATCH (f:Figure)-[:ABOUT]->(x {id: $id})
RETURN f.fiscal_year AS fiscal_year, f.amount_type AS amount_type, f.amount AS amount, f.currency AS currency,
       f.amount_text AS amount_text, f.table_row AS table_row, f.quote AS quote, f.reply_nos AS reply_nos
ORDER BY coalesce(fiscal_year, '') DESC, amount_type, amount DESC
