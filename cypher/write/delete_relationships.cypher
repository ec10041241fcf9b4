// Delete relationships of one type that the build did not produce, found from their two ends.
// Template slots: {{type}}, {{start_label}}, {{end_label}}. Parameters: $rows = [{id, start, end}, ...]
UNWIND $rows AS row
MATCH (a:{{start_label}} {id: row.start})-[r:{{type}}]->(b:{{end_label}} {id: row.end})
WHERE r.id = row.id
DELETE r
