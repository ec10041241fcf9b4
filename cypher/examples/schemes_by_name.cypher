// Ten schemes by name: the example query of POST /cypher's request body in the OpenAPI document.
// Parameters: none.
MATCH (s:Scheme)
RETURN s.id, s.name ORDER BY s.name LIMIT 10
