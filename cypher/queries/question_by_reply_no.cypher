// Question: One written question with its reply: who asked, which head and programmes, and the document it comes from.
// Parameters: reply_no (string, required) — e.g. "ITIB001";
//   fiscal_year (string, default null) — e.g. "2025-26"; null = the latest year first
// Example: {"reply_no": "ITIB001", "fiscal_year": null}
// Returns: question, legislator_id, body_id, body_name, body_name_en, body_labels, document_id, document_title, document_publisher, document_published, programmes
// Cookbook: no — GET /questions/{reply_no}
MATCH (q:Question {reply_no: $reply_no})
WHERE $fiscal_year IS NULL OR q.fiscal_year = $fiscal_year
WITH q ORDER BY q.fiscal_year DESC LIMIT 1
OPTIONAL MATCH (l:Legislator)-[:ASKED]->(q)
OPTIONAL MATCH (q)-[:ADDRESSED_TO]->(body)
OPTIONAL MATCH (q)-[:FROM_DOCUMENT]->(d:Document)
OPTIONAL MATCH (q)-[:UNDER_PROGRAMME]->(p:Programme)
WITH q, l, body, d, p ORDER BY p.number
RETURN properties(q) AS question, l.id AS legislator_id,
       body.id AS body_id, body.name AS body_name, body.name_en AS body_name_en, labels(body) AS body_labels,
       d.id AS document_id, d.title AS document_title, d.publisher AS document_publisher,
       d.published AS document_published,
       collect(CASE WHEN p IS NULL THEN null ELSE {id: p.id, label: p.label, number: p.number, name: p.name} END) AS programmes
