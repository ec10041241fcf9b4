// Every legislator's id and name (co-interest names the legislators of a pair, and 404s on an unknown one).
// Parameters: none.
MATCH (l:Legislator)
RETURN l.id AS id, l.name AS name
ORDER BY id
