// Replace the properties of relationships of one type whose properties the build changed (few: the rows of a
// rebuild that differ).
// Template slots: {{type}}, {{start_label}}, {{end_label}}. Parameters: $rows = [{id, start, end, props}, ...]
UNWIND $rows AS row
MATCH (a:{{start_label}} {id: row.start})-[r:{{type}}]->(b:{{end_label}} {id: row.end})
WHERE r.id = row.id
SET r = row.props
