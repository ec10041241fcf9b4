// Question: One legislator and every question they asked, with the head each went to.
// Parameters: id (string, required) — a legislator id, e.g. "legislator:陳振英"
// Example: {"id": "legislator:葛珮帆"}
// Returns: id, name, name_en, aliases, questions
// Cookbook: no — GET /legislators/{id}
MATCH (l:Legislator {id: $id})
OPTIONAL MATCH (l)-[a:ASKED]->(q:Question)
WITH l, q, a ORDER BY q.fiscal_year DESC, q.reply_no
RETURN l.id AS id, l.name AS name, l.name_en AS name_en, l.aliases AS aliases,
       collect(CASE WHEN q IS NULL THEN null ELSE {id: q.id, reply_no: q.reply_no, question_no: q.question_no,
               fiscal_year: q.fiscal_year, asker: q.asker, head_no: q.head_no, head_name: q.head_name,
               programmes: coalesce(q.programmes, []), legco_ref: a.legco_ref,
               excerpt: substring(q.question_text, 0, 120)} END) AS questions
