// How many funding flows match the filters of funding.cypher (for paging), amounts stated or not.
// Parameters: $id, $fiscal_year, $amount_type (each may be null).
MATCH (a)-[f:FUNDS]->(b)
WHERE ($id IS NULL OR a.id = $id OR b.id = $id)
  AND ($fiscal_year IS NULL OR f.fiscal_year = $fiscal_year)
  AND ($amount_type IS NULL OR f.amount_type = $amount_type)
RETURN count(f) AS total
