// Question: Which schemes are named both in the LegCo replies and in the press (press releases, news, slides)?
// Parameters: doc_type (string, default null, one of press_release|news|slides) — only this kind of press document;
//   limit (integer, default 100, 1..1000) — most schemes
// Example: {}
// Returns: scheme_id, scheme, reply_count, reply_nos, press_count, press_documents
// Cookbook: yes
MATCH (s:Scheme)<-[:MENTIONS]-(q:Question)
WITH s, q ORDER BY q.reply_no
WITH s, collect(DISTINCT q.reply_no) AS reply_nos
MATCH (s)<-[:MENTIONS]-(d:Document)
WHERE d.doc_type IN ['press_release', 'news', 'slides'] AND ($doc_type IS NULL OR d.doc_type = $doc_type)
WITH s, reply_nos, d ORDER BY d.id
WITH s, reply_nos, collect({id: d.id, title: d.title, doc_type: d.doc_type}) AS press_documents
RETURN s.id AS scheme_id, s.name AS scheme, size(reply_nos) AS reply_count, reply_nos,
       size(press_documents) AS press_count, press_documents
ORDER BY press_count DESC, reply_count DESC, scheme_id
LIMIT $limit
