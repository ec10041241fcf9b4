// One page of the entities of a label, with how often they are mentioned, asked about, funded, and how many money
// figures are about them. Template slot: {{label}}. Parameters: $kind (or null), $skip, $limit.
MATCH (n:{{label}})
WHERE $kind IS NULL OR n.kind = $kind
RETURN n.id AS id, n.name AS name, n.name_en AS name_en, n.kind AS kind, coalesce(n.aliases, []) AS aliases,
       COUNT { (n)<-[:MENTIONS]-() } AS mentions,
       COUNT { (n)<-[:ASKED_ABOUT]-() } AS legislators,
       COUNT { (n)<-[:FUNDS]-() } AS funding_in,
       COUNT { (n)-[:FUNDS]->() } AS funding_out,
       COUNT { (n)<-[:ABOUT]-(:Figure) } AS figures
ORDER BY mentions DESC, name
SKIP $skip LIMIT $limit
