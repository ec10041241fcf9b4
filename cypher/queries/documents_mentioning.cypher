// Question: Which documents mention an entity, how often, and in which replies?
// Parameters: entity_id (string, required) — e.g. "inst:cyberport"
// Example: {"entity_id": "inst:cyberport"}
// Returns: document_id, title, doc_type, published, mentions, reply_nos, quote
// Cookbook: yes
// Notes: Press documents mention entities directly (Document MENTIONS); the LegCo replies document through its
//   questions (Question MENTIONS, FROM_DOCUMENT), listed with the reply numbers. `quote` is one sentence.
MATCH (e {id: $entity_id})
MATCH (d:Document)
OPTIONAL MATCH (d)-[dm:MENTIONS]->(e)
OPTIONAL MATCH (d)<-[:FROM_DOCUMENT]-(q:Question)-[qm:MENTIONS]->(e)
WITH d, dm, q, qm ORDER BY q.reply_no
WITH d, dm, collect(q.reply_no) AS reply_nos, sum(qm.count) AS reply_mentions, collect(qm.quote) AS reply_quotes
WHERE dm IS NOT NULL OR size(reply_nos) > 0
RETURN d.id AS document_id, d.title AS title, d.doc_type AS doc_type, d.published AS published,
       coalesce(dm.count, 0) + reply_mentions AS mentions, reply_nos,
       coalesce(dm.quote, reply_quotes[0]) AS quote
ORDER BY mentions DESC, document_id
