// Question: Which legislators asked written questions, and how many each? Most active first.
// Parameters: skip (integer, required, 0..) — rows to skip; limit (integer, required, 0..) — rows to return
// Example: {"skip": 0, "limit": 100}
// Returns: id, name, name_en, question_count
// Cookbook: no — GET /legislators
MATCH (l:Legislator)
OPTIONAL MATCH (l)-[:ASKED]->(q:Question)
WITH l, count(q) AS question_count
RETURN l.id AS id, l.name AS name, l.name_en AS name_en, question_count
ORDER BY question_count DESC, name
SKIP $skip LIMIT $limit
