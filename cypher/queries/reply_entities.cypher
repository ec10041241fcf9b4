// Question: What does one reply name — which schemes, bodies and companies, in the question or the answer, and where?
// Parameters: reply_no (string, required) — e.g. "ITIB001";
//   fiscal_year (string, default null) — e.g. "2025-26" (reply numbers restart each year)
// Example: {"reply_no": "ITIB001"}
// Returns: reply_no, fiscal_year, entity_id, entity, label, part, count, quote, char_start, char_end, edge_id
// Cookbook: yes
// Notes: part is "question", "answer" or "both"; char_start/char_end are the first mention's span in the
//   reply's document (the Question's source_id).
MATCH (q:Question {reply_no: $reply_no})-[m:MENTIONS]->(e)
WHERE $fiscal_year IS NULL OR q.fiscal_year = $fiscal_year
RETURN q.reply_no AS reply_no, q.fiscal_year AS fiscal_year, e.id AS entity_id, e.name AS entity,
       labels(e)[0] AS label, m.part AS part, m.count AS count, m.quote AS quote, m.char_start AS char_start,
       m.char_end AS char_end, m.id AS edge_id
ORDER BY fiscal_year DESC, char_start, entity_id
