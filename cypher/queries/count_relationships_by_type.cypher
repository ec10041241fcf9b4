// How many relationships of each type does the graph hold?
// Parameters: none. Example: innograph's GET /stats and the build summary use it.
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS count
ORDER BY type
