// How many figures about a node match the filters of figures.cypher (for paging).
// Parameters: $id, $fiscal_year, $amount_type (each filter may be null).
MATCH (f:Figure)-[:ABOUT]->(x)
WHERE x.id = $id
  AND ($fiscal_year IS NULL OR f.fiscal_year = $fiscal_year)
  AND ($amount_type IS NULL OR f.amount_type = $amount_type)
RETURN count(f) AS total
