// Question: Which entities did many different legislators ask about?
// Parameters: min_legislators (integer, default 2, 1..) — at least this many legislators;
//   label (string, default null, one of @entity_labels) — only entities of this label;
//   limit (integer, default 50, 1..1000) — most entities
// Example: {"label": "Scheme", "min_legislators": 3}
// Returns: entity_id, entity, label, legislators, questions, legislator_names
// Cookbook: yes
// Notes: Read off ASKED_ABOUT: the entity is named in the legislator's question (not only in the answer).
MATCH (l:Legislator)-[a:ASKED_ABOUT]->(e)
WHERE $label IS NULL OR $label IN labels(e)
WITH e, l, a ORDER BY l.id
WITH e, count(DISTINCT l) AS legislators, sum(a.question_count) AS questions, collect(l.name) AS legislator_names
WHERE legislators >= $min_legislators
RETURN e.id AS entity_id, e.name AS entity, labels(e)[0] AS label, legislators, questions, legislator_names
ORDER BY legislators DESC, questions DESC, entity_id
LIMIT $limit
