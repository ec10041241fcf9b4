// Question: Who asked about a given scheme, institution, company, department or bureau, and in which replies?
// Parameters: entity_id (string, required) — an entity id such as "scheme:gsps" or "inst:hkstp";
//   include_answers (boolean, default false) — also count questions where only the government's answer names it;
//   fiscal_year (string, default null) — only questions of this year, e.g. "2025-26";
//   limit (integer, default 50, 1..1000) — most legislators
// Example: {"entity_id": "scheme:gsps"}
// Returns: legislator_id, legislator, question_count, reply_nos
// Cookbook: yes
// Notes: A question counts when the entity is named in the question itself (MENTIONS part "question" or "both"),
//   which is what the derived ASKED_ABOUT summary records; include_answers adds the replies that name it.
MATCH (l:Legislator)-[:ASKED]->(q:Question)-[m:MENTIONS]->(e {id: $entity_id})
WHERE (m.part IN ['question', 'both'] OR ($include_answers AND m.part = 'answer'))
  AND ($fiscal_year IS NULL OR q.fiscal_year = $fiscal_year)
WITH l, q ORDER BY q.reply_no
WITH l, collect(DISTINCT q.reply_no) AS reply_nos
RETURN l.id AS legislator_id, l.name AS legislator, size(reply_nos) AS question_count, reply_nos
ORDER BY question_count DESC, legislator_id
LIMIT $limit
