// The asker, head and programme of one reply: an example of POST /cypher in the OpenAPI document.
// Parameters: $reply_no, e.g. "ITIB001".
MATCH (l:Legislator)-[:ASKED]->(q:Question {reply_no: $reply_no})
RETURN l.name AS legislator, q.head_no AS head, q.programmes AS programmes
