// Merge a batch of relationships of one type between nodes of two labels, keyed by the relationship's own id
// (so several facts between the same two nodes stay apart and a rebuild finds each again).
// Template slots: {{type}}, {{start_label}}, {{end_label}}. Parameters: $rows = [{id, start, end, props}, ...]
// Example: rows = [{id: "ASKED:legislator:陳振英->question:2025-26:ITIB001", start: "legislator:陳振英",
//                   end: "question:2025-26:ITIB001", props: {legco_ref: "18"}}]
UNWIND $rows AS row
MATCH (a:{{start_label}} {id: row.start})
MATCH (b:{{end_label}} {id: row.end})
MERGE (a)-[r:{{type}} {id: row.id}]->(b)
SET r = row.props
