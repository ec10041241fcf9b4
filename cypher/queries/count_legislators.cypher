// How many legislators are in the graph? Parameters: none.
MATCH (l:Legislator) RETURN count(l) AS total
