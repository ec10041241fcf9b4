// Create a batch of nodes of one label that the store does not have (the writer compared first: graph/writer.py).
// CREATE, not MERGE: no index lookup per row, 0.45x the time into an empty store.
// Template slot: {{label}}. Parameters: $rows = [{id: "dept:itc", props: {id: "dept:itc", name: "創新科技署"}}, ...]
UNWIND $rows AS row
CREATE (n:{{label}})
SET n = row.props
