// Question: How many legislators are in the graph?
// Parameters: none
// Example: {}
// Returns: total
// Cookbook: no — internal count
MATCH (l:Legislator) RETURN count(l) AS total
