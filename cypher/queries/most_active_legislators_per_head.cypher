// Question: Which legislators asked the most written questions under each budget head?
// Parameters: head_no (string, default null) — only this head: "135" (ITIB), "155" (ITC) or "47" (DPO);
//   top (integer, default 3, 1..100) — how many legislators per head
// Example: {"top": 3}
// Returns: head_no, head_name, rank, legislator_id, legislator, questions
// Cookbook: yes
// Notes: Ties are broken by legislator id, so `rank` is a position, not a shared place.
MATCH (l:Legislator)-[:ASKED]->(q:Question)
WHERE $head_no IS NULL OR q.head_no = $head_no
WITH q.head_no AS head_no, q.head_name AS head_name, l, count(q) AS questions
ORDER BY head_no, questions DESC, l.id
WITH head_no, head_name, collect({id: l.id, name: l.name, questions: questions}) AS ranked
UNWIND range(0, size(ranked) - 1) AS i
WITH head_no, head_name, i + 1 AS rank, ranked[i] AS r
WHERE rank <= $top
RETURN head_no, head_name, rank, r.id AS legislator_id, r.name AS legislator, r.questions AS questions
ORDER BY head_no, rank
