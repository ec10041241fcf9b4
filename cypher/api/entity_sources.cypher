// The sentences behind a node: every MENTIONS, FUNDS and ADMINISTERS edge at it, with its quote and source.
// Template slot: {{label}}. Parameters: $id, $limit.
MATCH (n:{{label}} {id: $id})-[r:MENTIONS|FUNDS|ADMINISTERS]-(other)
RETURN type(r) AS type, r.id AS relationship_id, other.id AS other_id, other.name AS other_name,
       r.source_id AS source_id, r.reply_no AS reply_no, r.char_start AS char_start, r.char_end AS char_end,
       r.quote AS quote, r.method AS method, coalesce(r.source_ids, [r.source_id]) AS source_ids
ORDER BY type, source_id, char_start
LIMIT $limit
