// What tells the passage index (graph/passages.py) that the graph changed: the Build node every build writes, and
// the number of questions and documents (for a graph loaded without one).
OPTIONAL MATCH (b:Build)
WITH collect(b.id) AS builds
RETURN builds, COUNT { MATCH (q:Question) } AS questions, COUNT { MATCH (d:Document) } AS documents
