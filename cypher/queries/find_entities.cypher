// Question: What is the id of a scheme, body, company or legislator whose name (Chinese or English) or alias I know?
// Parameters: text (string, required) — part of a name, an English name (any case) or an alias, e.g. "數碼港";
//   label (string, default null, one of @entity_labels|Legislator) — only this label;
//   limit (integer, default 20, 1..1000) — most entities
// Example: {"text": "數碼港"}
// Returns: entity_id, name, name_en, label, kind, degree
// Cookbook: yes
// Notes: A plain substring match (no full-text index: see docs/store.md), best connected first. The ids it
//   returns are what the other queries take.
MATCH (n)
WHERE (n:Legislator OR any(label IN labels(n) WHERE label IN $entity_labels))
  AND ($label IS NULL OR $label IN labels(n))
  AND (n.id = $text OR n.name CONTAINS $text OR toLower(coalesce(n.name_en, '')) CONTAINS toLower($text)
       OR any(alias IN coalesce(n.aliases, []) WHERE alias CONTAINS $text))
RETURN n.id AS entity_id, n.name AS name, n.name_en AS name_en, labels(n)[0] AS label, n.kind AS kind,
       COUNT { (n)--() } AS degree
ORDER BY degree DESC, entity_id
LIMIT $limit
