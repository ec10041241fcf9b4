// The record of the load that made the graph (the store keeps the latest one): GET /health reports it.
MATCH (b:Build)
RETURN b.loader_version AS loader_version, b.corpus_digest AS corpus_digest, b.documents AS documents,
       b.started AS started, b.finished AS finished, b.node_counts AS node_counts,
       b.relationship_counts AS relationship_counts
ORDER BY b.started DESC
LIMIT 1
