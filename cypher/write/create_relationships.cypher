// Create a batch of relationships of one type that the store does not have (the writer compared first).
// CREATE, not MERGE: a MERGE of a relationship into a hub (a legislator with hundreds of questions, a bureau
// mentioned by thousands) walks the hub's relationships for every row; a CREATE does not look.
// Template slots: {{type}}, {{start_label}}, {{end_label}}. Parameters: $rows = [{id, start, end, props}, ...]
UNWIND $rows AS row
MATCH (a:{{start_label}} {id: row.start})
MATCH (b:{{end_label}} {id: row.end})
CREATE (a)-[r:{{type}}]->(b)
SET r = row.props
