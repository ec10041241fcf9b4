"""The one JSON shape for graph data in API responses: nodes, relationships and paths from the driver.

    {"nodes": [{"id": "dept:itc", "labels": ["Department"], "properties": {...}}],
     "relationships": [{"id": "FUNDS:…", "type": "FUNDS", "start": "dept:itc", "end": "scheme:itf",
                        "properties": {...}}]}

Nodes and relationships are identified by their `id` property, never by the store's element ids (which differ
between Neo4j and ArcadeDB and change on ArcadeDB when labels change). A path is {"nodes": [...], "relationships":
[...]} in path order. Any other value (number, string, list, map, date) is returned as JSON; lists and maps nested
deeper than MAX_DEPTH levels are refused (TooDeep) rather than converted, so that a query returning `[[[…]]]` 400
deep is a 400, not a RecursionError.
"""

from __future__ import annotations

from typing import Any

from neo4j.graph import Node, Path, Relationship
from neo4j.time import Date, DateTime, Duration, Time

MAX_DEPTH = 64  # as graph/readonly.py's: parameters and results alike


class TooDeep(ValueError):
    """A returned value nests lists or maps deeper than MAX_DEPTH levels."""


def node_json(node: Node, leave_out: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A node in the graph shape, without the properties named in `leave_out`."""
    props = dict(node.items())
    return {"id": props.get("id"), "labels": sorted(node.labels), "properties": _plain_map(props, leave_out)}


def relationship_json(rel: Relationship, leave_out: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A relationship in the graph shape, without the properties named in `leave_out`."""
    props = dict(rel.items())
    start = rel.start_node.get("id") if rel.start_node is not None else None
    end = rel.end_node.get("id") if rel.end_node is not None else None
    return {"id": props.get("id"), "type": rel.type, "start": start, "end": end,
            "properties": _plain_map(props, leave_out)}


def path_json(path: Path) -> dict[str, Any]:
    return {"nodes": [node_json(n) for n in path.nodes], "relationships": [relationship_json(r) for r in path]}


def value_json(value: Any, depth: int = 0) -> Any:
    """Any value a Cypher query returns, as JSON."""
    if depth > MAX_DEPTH:
        raise TooDeep(f"the result nests lists or maps more than {MAX_DEPTH} levels deep")
    if isinstance(value, Node):
        return node_json(value)
    if isinstance(value, Relationship):
        return relationship_json(value)
    if isinstance(value, Path):
        return path_json(value)
    if isinstance(value, list | tuple):
        return [value_json(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {str(k): value_json(v, depth + 1) for k, v in value.items()}
    if isinstance(value, Date | DateTime | Time):
        return value.iso_format()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, float) and value != value:  # NaN is not JSON
        return None
    return value


def subgraph_json(nodes: list[Node], relationships: list[Relationship],
                  leave_out: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A de-duplicated subgraph in the documented shape, nodes and relationships in id order, without the
    properties named in `leave_out` (a neighbourhood leaves out the long texts and the provenance)."""
    unique_nodes = {n.get("id"): n for n in nodes if n is not None}
    unique_rels = {r.get("id") or r.element_id: r for r in relationships if r is not None}
    return {
        "nodes": [node_json(unique_nodes[k], leave_out) for k in sorted(unique_nodes, key=str)],
        "relationships": [relationship_json(unique_rels[k], leave_out) for k in sorted(unique_rels, key=str)],
    }


def _plain_map(props: dict[str, Any], leave_out: frozenset[str] = frozenset()) -> dict[str, Any]:
    return {k: value_json(v) for k, v in sorted(props.items()) if k not in leave_out}
