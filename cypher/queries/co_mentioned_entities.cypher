// Question: Which entities are named together with a given entity, in the same reply or press document?
// Parameters: entity_id (string, required) — e.g. "scheme:aiss";
//   label (string, default null, one of @entity_labels) — only entities of this label;
//   limit (integer, default 30, 1..1000) — most entities
// Example: {"entity_id": "scheme:aiss", "label": "Institution"}
// Returns: entity_id, entity, label, shared, sources
// Cookbook: yes
// Notes: `shared` counts the replies (by reply number) and press documents (by id) that name both.
MATCH (e {id: $entity_id})<-[:MENTIONS]-(src)-[:MENTIONS]->(other)
WHERE other <> e AND ($label IS NULL OR $label IN labels(other))
WITH other, coalesce(src.reply_no, src.id) AS source ORDER BY source
WITH other, collect(DISTINCT source) AS sources
RETURN other.id AS entity_id, other.name AS entity, labels(other)[0] AS label, size(sources) AS shared, sources
ORDER BY shared DESC, entity_id
LIMIT $limit
