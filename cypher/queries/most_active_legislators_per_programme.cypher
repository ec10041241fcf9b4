// Question: Which legislators asked the most written questions under each budget programme?
// Parameters: programme_id (string, default null) — only this programme, e.g. "programme:2025-26:155:1";
//   top (integer, default 3, 1..100) — how many legislators per programme
// Example: {"programme_id": "programme:2025-26:47:1", "top": 3}
// Returns: programme_id, programme, rank, legislator_id, legislator, questions
// Cookbook: yes
// Notes: A question filed under two programmes counts for both. Ties are broken by legislator id.
MATCH (l:Legislator)-[:ASKED]->(q:Question)-[:UNDER_PROGRAMME]->(p:Programme)
WHERE $programme_id IS NULL OR p.id = $programme_id
WITH p, l, count(q) AS questions
ORDER BY p.id, questions DESC, l.id
WITH p, collect({id: l.id, name: l.name, questions: questions}) AS ranked
UNWIND range(0, size(ranked) - 1) AS i
WITH p, i + 1 AS rank, ranked[i] AS r
WHERE rank <= $top
RETURN p.id AS programme_id, p.label AS programme, rank, r.id AS legislator_id, r.name AS legislator,
       r.questions AS questions
ORDER BY programme_id, rank
