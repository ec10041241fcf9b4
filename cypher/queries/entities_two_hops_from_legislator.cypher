// Question: Which entities are two hops from a legislator (through their questions or the entities they asked about)?
// Parameters: legislator_id (string, required) — e.g. "legislator:陳振英";
//   label (string, default null, one of @entity_labels) — only entities of this label;
//   limit (integer, default 100, 1..1000) — most entities
// Example: {"legislator_id": "legislator:陳振英", "label": "Scheme"}
// Returns: entity_id, entity, label, paths, via, relationship_types, asked_about
// Cookbook: yes
// Notes: `paths` counts the two-step paths, `via` lists the middle nodes (questions, or entities the legislator
//   asked about), `relationship_types` the pairs of relationship types walked. `asked_about` is true when the
//   legislator's own question names the entity (one hop through ASKED_ABOUT).
MATCH (l:Legislator {id: $legislator_id})-[r1]-(mid)-[r2]-(e)
WHERE any(label IN labels(e) WHERE label IN $entity_labels)
  AND ($label IS NULL OR $label IN labels(e))
WITH l, e, mid, type(r1) + '/' + type(r2) AS hop_types ORDER BY mid.id
WITH l, e, count(*) AS paths, collect(DISTINCT mid.id) AS via, collect(DISTINCT hop_types) AS relationship_types
RETURN e.id AS entity_id, e.name AS entity, labels(e)[0] AS label, paths, via, relationship_types,
       EXISTS { (l)-[:ASKED_ABOUT]->(e) } AS asked_about
ORDER BY paths DESC, entity_id
LIMIT $limit
