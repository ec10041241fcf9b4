// The texts of every reply, for the passage index (graph/passages.py): the question and the answer, the English
// edition's when it is loaded, and the document it comes from (its language is the texts' language).
MATCH (q:Question)
OPTIONAL MATCH (q)-[:FROM_DOCUMENT]->(d:Document)
RETURN q.id AS id, labels(q)[0] AS label, q.reply_no AS reply_no, q.fiscal_year AS fiscal_year,
       q.question_text AS question_text, q.answer_text AS answer_text,
       q.question_text_en AS question_text_en, q.answer_text_en AS answer_text_en,
       d.id AS document_id, d.title AS document_title, d.language AS language
ORDER BY id
