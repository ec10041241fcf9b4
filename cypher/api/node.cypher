// One node by id, as the driver's node (the neighbourhood of a node without neighbours is the node alone).
// Template slot: {{label}} (from the id's namespace, so the lookup uses that label's id index). Parameters: $id.
MATCH (n:{{label}} {id: $id})
RETURN n
