// Merge a batch of nodes of one label, keyed by id; their properties become exactly row.props.
// Template slot: {{label}} (from graph.model.Label). Parameters: $rows = [{id: "dept:itc", props: {...}}, ...]
// Example: rows = [{id: "legislator:陳振英", props: {id: "legislator:陳振英", name: "陳振英"}}]
UNWIND $rows AS row
MERGE (n:{{label}} {id: row.id})
SET n = row.props
