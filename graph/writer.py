"""Write an in-memory KnowledgeGraph to the store: schema, batched UNWIND merges, prune — in one transaction.

One transaction makes the load all-or-nothing in the database itself: if anything fails half-way (the server dies,
a constraint trips), the store keeps the graph it had. Relationships are written after all nodes and one batch at
a time (concurrency 1: concurrent MERGE of the same new key can raise a ConstraintError on ArcadeDB).
After the merges, whatever the build did not produce is deleted, so the store mirrors the corpus and a rebuild
gives the same graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from neo4j import ManagedTransaction

from graph import cypher
from graph.kg import KnowledgeGraph
from graph.model import Label, Rel
from graph.store import Store

BATCH_SIZE = 1000
Progress = Callable[[int], None]  # called with the number of records just written


@dataclass(frozen=True)
class WriteReport:
    nodes: int
    relationships: int


def apply_schema(store: Store) -> int:
    """Create the constraints and indexes of cypher/schema.cypher (idempotent). Returns how many statements ran."""
    statements = cypher.statements("schema")
    for statement in statements:
        store.write(statement)
    return len(statements)


def write_graph(store: Store, kg: KnowledgeGraph, progress: Progress | None = None) -> WriteReport:
    progress = progress or (lambda n: None)
    node_groups = _node_rows(kg)
    rel_groups = _relationship_rows(kg)

    def work(tx: ManagedTransaction) -> None:
        for label, rows in node_groups.items():
            _run_batches(tx, cypher.render("write/merge_nodes", label=label), rows, progress)
        for (rel_type, start_label, end_label), rows in rel_groups.items():
            query = cypher.render(
                "write/merge_relationships", type=rel_type, start_label=start_label, end_label=end_label
            )
            _run_batches(tx, query, rows, progress)
        _prune(tx, node_groups, rel_groups)

    store.run_in_write_transaction(work)
    return WriteReport(
        nodes=sum(len(r) for r in node_groups.values()), relationships=sum(len(r) for r in rel_groups.values())
    )


def _node_rows(kg: KnowledgeGraph) -> dict[Label, list[dict]]:
    groups: dict[Label, list[dict]] = {label: [] for label in Label}
    for node in kg.nodes():
        groups[node.label].append({"id": node.id, "props": _storable(node.props)})
    return groups


def _relationship_rows(kg: KnowledgeGraph) -> dict[tuple[Rel, Label, Label], list[dict]]:
    groups: dict[tuple[Rel, Label, Label], list[dict]] = defaultdict(list)
    for rel in kg.relationships():
        key = (rel.type, kg.label_of(rel.start), kg.label_of(rel.end))
        groups[key].append({"id": rel.id, "start": rel.start, "end": rel.end, "props": _storable(rel.props)})
    return dict(sorted(groups.items()))


def _run_batches(tx: ManagedTransaction, query: str, rows: list[dict], progress: Progress) -> None:
    for i in range(0, len(rows), BATCH_SIZE):
        batch = rows[i : i + BATCH_SIZE]
        tx.run(query, rows=batch).consume()
        progress(len(batch))


def _prune(tx: ManagedTransaction, node_groups: dict, rel_groups: dict) -> None:
    rel_ids: dict[Rel, list[str]] = {rel_type: [] for rel_type in Rel}
    for (rel_type, _, _), rows in rel_groups.items():
        rel_ids[rel_type] += [row["id"] for row in rows]
    for rel_type, ids in rel_ids.items():
        tx.run(cypher.render("write/prune_relationships", type=rel_type), ids=ids).consume()
    for label, rows in node_groups.items():
        tx.run(cypher.render("write/prune_nodes", label=label), ids=[row["id"] for row in rows]).consume()


def _storable(props: dict) -> dict:
    """Properties as the store takes them: no nulls, no empty lists (Neo4j cannot type an empty list)."""
    return {k: v for k, v in props.items() if v is not None and v != []}


def total_records(kg: KnowledgeGraph) -> int:
    return kg.g.number_of_nodes() + kg.g.number_of_edges()


def counts_in_store(store: Store) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes per label and relationships per type, as the build summary shows them."""
    return store.label_counts(), store.relationship_counts()
