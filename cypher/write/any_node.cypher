// Whether the store holds any node: a first load into an empty store has nothing to compare with, so the writer
// skips reading every label and relationship type back (graph/writer.py). Parameters: none
MATCH (n)
RETURN n.id AS id
LIMIT 1
