// Replace the properties of nodes of one label whose properties the build changed.
// Template slot: {{label}}. Parameters: $rows = [{id, props}, ...]
UNWIND $rows AS row
MATCH (n:{{label}} {id: row.id})
SET n = row.props
