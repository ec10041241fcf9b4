// What the API's response cache and ETags are keyed on (api/cache.py): every Build node's id and finish time. The
// graph changes only when a load writes its Build node, so the same answer means the same graph.
MATCH (b:Build)
RETURN b.id AS id, b.finished AS finished
ORDER BY id
