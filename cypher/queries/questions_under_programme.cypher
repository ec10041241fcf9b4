// Question: Which written questions were filed under a budget programme, and who asked them?
// Parameters: programme_id (string, required) — e.g. "programme:2025-26:155:1" (head 155, programme (1));
//   legislator_id (string, default null) — only this legislator's questions;
//   limit (integer, default 100, 1..1000) — most questions
// Example: {"programme_id": "programme:2025-26:47:3"}
// Returns: reply_no, question_no, fiscal_year, legislator_id, asker, head_no, programme, excerpt
// Cookbook: yes
MATCH (l:Legislator)-[:ASKED]->(q:Question)-[:UNDER_PROGRAMME]->(p:Programme {id: $programme_id})
WHERE $legislator_id IS NULL OR l.id = $legislator_id
RETURN q.reply_no AS reply_no, q.question_no AS question_no, q.fiscal_year AS fiscal_year, l.id AS legislator_id,
       l.name AS asker, q.head_no AS head_no, p.label AS programme, substring(q.question_text, 0, 120) AS excerpt
ORDER BY fiscal_year DESC, reply_no
LIMIT $limit
