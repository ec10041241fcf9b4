// The most connected entities of one label: by degree in the analytics projection, then betweenness, then id,
// with what connects them (questions naming them, legislators asking about them, funding in and out).
// Template slot: {{label}} (an entity label of data/model.yaml). Parameters: $limit.
// Example: {{label}} = Scheme, {"limit": 10}
MATCH (n:{{label}})
WHERE n.degree IS NOT NULL
RETURN n.id AS id, n.name AS name, n.name_en AS name_en, n.kind AS kind, n.degree AS degree,
       n.degree_centrality AS degree_centrality, n.betweenness AS betweenness, n.community AS community,
       COUNT { (n)<-[:MENTIONS]-(:Question) } AS questions,
       COUNT { (n)<-[:ASKED_ABOUT]-(:Legislator) } AS legislators,
       COUNT { (n)<-[:FUNDS]-() } AS funding_in,
       COUNT { (n)-[:FUNDS]->() } AS funding_out
ORDER BY degree DESC, betweenness DESC, id
LIMIT $limit
