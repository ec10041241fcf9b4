// Question: What are the sources behind one relationship — its quotes, document, reply and character span?
// Parameters: edge_id (string, required) — the relationship's id property, e.g. "FUNDS:bureau:itib->scheme:techconnect:…" (entity_funding returns it as edge_id)
// Example: {"edge_id": "MENTIONS:question:2025-26:ITIB001->scheme:gsps"}
// Returns: type, from_id, from_name, to_id, to_name, quote, quotes, source_id, document, doc_type, reply_no, reply_nos, char_start, char_end, method, documents
// Cookbook: yes
// Notes: char_start/char_end are offsets into the normalised text of the document `source_id` (the first
//   source); `quotes` has one sentence per source occurrence, `documents` every source document with its title.
MATCH (a)-[r]->(b)
WHERE r.id = $edge_id
OPTIONAL MATCH (d:Document {id: r.source_id})
OPTIONAL MATCH (sd:Document)
WHERE sd.id IN coalesce(r.source_ids, CASE WHEN r.source_id IS NULL THEN [] ELSE [r.source_id] END)
WITH a, r, b, d, sd ORDER BY sd.id
WITH a, r, b, d, collect(CASE WHEN sd IS NULL THEN null ELSE {id: sd.id, title: sd.title, doc_type: sd.doc_type} END) AS documents
RETURN type(r) AS type, a.id AS from_id, a.name AS from_name, b.id AS to_id, b.name AS to_name, r.quote AS quote,
       coalesce(r.quotes, CASE WHEN r.quote IS NULL THEN [] ELSE [r.quote] END) AS quotes,
       r.source_id AS source_id, d.title AS document, d.doc_type AS doc_type, r.reply_no AS reply_no,
       coalesce(r.reply_nos, CASE WHEN r.reply_no IS NULL THEN [] ELSE [r.reply_no] END) AS reply_nos,
       r.char_start AS char_start, r.char_end AS char_end, r.method AS method, documents
