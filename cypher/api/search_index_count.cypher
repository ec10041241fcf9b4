// How many nodes the search index covers (to notice that the graph changed). Parameters: none.
MATCH (n)
WHERE n:Bureau OR n:Department OR n:Scheme OR n:Institution OR n:Company OR n:Legislator
RETURN count(n) AS total
