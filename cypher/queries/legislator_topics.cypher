// Question: What does a legislator ask about — which schemes, bodies and companies do their questions name?
// Parameters: legislator_id (string, required) — e.g. "legislator:葛珮帆";
//   label (string, default null, one of @entity_labels) — only entities of this label;
//   include_answers (boolean, default false) — also what the government's answers to them name;
//   limit (integer, default 50, 1..1000) — most entities
// Example: {"legislator_id": "legislator:葛珮帆"}
// Returns: entity_id, entity, label, question_count, reply_nos
// Cookbook: yes
MATCH (l:Legislator {id: $legislator_id})-[:ASKED]->(q:Question)-[m:MENTIONS]->(e)
WHERE (m.part IN ['question', 'both'] OR ($include_answers AND m.part = 'answer'))
  AND ($label IS NULL OR $label IN labels(e))
WITH e, q ORDER BY q.reply_no
WITH e, collect(DISTINCT q.reply_no) AS reply_nos
RETURN e.id AS entity_id, e.name AS entity, labels(e)[0] AS label, size(reply_nos) AS question_count, reply_nos
ORDER BY question_count DESC, entity_id
LIMIT $limit
