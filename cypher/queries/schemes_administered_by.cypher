// Question: Which schemes does a department, bureau or institution administer?
// Parameters: body_id (string, required) — e.g. "dept:itc", "bureau:itib", "inst:cyberport";
//   include_units (boolean, default false) — also the schemes of the departments and bodies PART_OF it
// Example: {"body_id": "dept:dpo"}
// Returns: scheme_id, scheme, scheme_en, kind, administered_by, method, reply_nos, quote, edge_id
// Cookbook: yes
MATCH (body {id: $body_id})
MATCH (unit)-[r:ADMINISTERS]->(s:Scheme)
WHERE unit = body OR ($include_units AND EXISTS { (unit)-[:PART_OF]->(body) })
RETURN s.id AS scheme_id, s.name AS scheme, s.name_en AS scheme_en, s.kind AS kind, unit.id AS administered_by,
       r.method AS method, coalesce(r.reply_nos, []) AS reply_nos, r.quote AS quote, r.id AS edge_id
ORDER BY scheme_id, administered_by
