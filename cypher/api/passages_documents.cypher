// The documents whose own text is in the graph (press releases, news, slides: a replies document's text is in its
// questions), for the passage index (graph/passages.py).
MATCH (d:Document)
WHERE d.text IS NOT NULL
RETURN d.id AS id, labels(d)[0] AS label, d.fiscal_year AS fiscal_year, d.id AS document_id,
       d.title AS document_title, d.language AS language, d.text AS text
ORDER BY id
