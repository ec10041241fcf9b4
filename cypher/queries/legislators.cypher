// Which legislators asked written questions, and how many each? Most active first.
// Parameters: $skip, $limit paging. Example: {skip: 0, limit: 100}
MATCH (l:Legislator)
OPTIONAL MATCH (l)-[:ASKED]->(q:Question)
WITH l, count(q) AS question_count
RETURN l.id AS id, l.name AS name, l.name_en AS name_en, question_count
ORDER BY question_count DESC, name
SKIP $skip LIMIT $limit
