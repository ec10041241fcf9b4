"""Write an in-memory KnowledgeGraph to the store: only the difference between the build and what the store holds.

The writer reads what the store has (each label's nodes and each type's relationships, with their properties),
compares it with the build, and writes just that difference: CREATE for what is new, SET for what changed, DELETE
by id for what the build no longer has. Nothing is MERGEd: a MERGE looks every row up first, and a relationship MERGE
into a hub walks the hub's relationships; a CREATE into a store known not to have the row does not look. A rebuild
that changes nothing writes nothing; a new press release writes its own nodes and edges and the few shared facts
that gained a source. The store mirrors the build afterwards, so a rebuild gives the same graph.

All-or-nothing, per build: a difference of up to ONE_TRANSACTION_RECORDS records (the bundled corpus is ~5,000;
10x ~50,000) is written in one transaction, so a failure half-way leaves the store as it was. A bigger one — a
first load of an archive — would make the store hold the whole write in its heap until the commit (at 100x the
embedded server's 1 GB ran out), so it is committed in batches of BATCH_SIZE rows, the Build node last: a load that
fails half-way leaves a store without the new Build node, which /health and the Build id show, and the next build
writes the remaining difference (DESIGN.md, build pipeline). Loads run one at a time (innograph/cli.py holds a lock),
so nothing changes the store between the comparison and the writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from neo4j import ManagedTransaction

from graph import cypher
from graph.kg import KnowledgeGraph
from graph.model import Label, Rel
from graph.store import Store

BATCH_SIZE = 1000
ONE_TRANSACTION_RECORDS = 50_000  # a bigger difference is committed batch by batch (see the module docstring)
Progress = Callable[[int], None]  # called with the number of records just written


@dataclass(frozen=True)
class WriteReport:
    nodes: int  # in the build
    relationships: int
    created: int = 0  # records written
    updated: int = 0
    deleted: int = 0
    transactions: int = 1


@dataclass
class Step:
    """One query and its rows (written BATCH_SIZE at a time)."""

    query: str
    rows: list
    kind: str  # created | updated | deleted


@dataclass
class Plan:
    steps: list[Step] = field(default_factory=list)
    last: list[Step] = field(default_factory=list)  # the Build node: written after everything else

    @property
    def records(self) -> int:
        return sum(len(s.rows) for s in self.steps + self.last)

    def count(self, kind: str) -> int:
        return sum(len(s.rows) for s in self.steps + self.last if s.kind == kind)


def apply_schema(store: Store) -> int:
    """Create the constraints and indexes of cypher/schema.cypher (idempotent). Returns how many statements ran."""
    statements = cypher.statements("schema")
    for statement in statements:
        store.write(statement)
    return len(statements)


def write_graph(store: Store, kg: KnowledgeGraph, progress: Progress | None = None,
                on_plan: Callable[[int], None] | None = None) -> WriteReport:
    """Make the store hold `kg`; `on_plan(records)` is told how many records will be written, `progress(n)` after
    each batch."""
    progress = progress or (lambda n: None)
    node_groups = _node_rows(kg)
    rel_groups = _relationship_rows(kg)
    plan = plan_writes(store, node_groups, rel_groups)
    if on_plan is not None:
        on_plan(plan.records)
    steps = plan.steps + plan.last
    if plan.records <= ONE_TRANSACTION_RECORDS:
        store.run_in_write_transaction(lambda tx: _run_steps(tx, steps, progress))
        transactions = 1
    else:
        transactions = 0
        for step in steps:
            for batch in _batches(step.rows):
                store.run_in_write_transaction(lambda tx, b=batch, q=step.query: tx.run(q, rows=b).consume())
                progress(len(batch))
                transactions += 1
    return WriteReport(
        nodes=sum(len(r) for r in node_groups.values()),
        relationships=sum(len(r) for r in rel_groups.values()),
        created=plan.count("created"), updated=plan.count("updated"), deleted=plan.count("deleted"),
        transactions=transactions,
    )


def plan_writes(store: Store, node_groups: dict[Label, list[dict]],
                rel_groups: dict[tuple[Rel, Label, Label], list[dict]]) -> Plan:
    """The writes that turn what the store holds into the build: relationships deleted first (stale, or changed
    ends), then nodes deleted, created and updated, then relationships created and updated; the Build node last."""
    plan = Plan()
    # An empty store (a first build) has nothing to compare with: no reads of every label and type (25 queries,
    # ~0.5 s on a server just started).
    empty = not store.read(cypher.load("write/any_node"))
    stored_rels = {rel_type: {} if empty else _stored_relationships(store, rel_type) for rel_type in Rel}
    wanted_rel_ids: dict[Rel, set[str]] = defaultdict(set)
    for (rel_type, _, _), rows in rel_groups.items():
        wanted_rel_ids[rel_type].update(row["id"] for row in rows)
    for rel_type, stored in stored_rels.items():
        stale: dict[tuple[Label, Label], list[dict]] = defaultdict(list)
        for rel_id, (start, end, labels, _) in stored.items():
            if rel_id not in wanted_rel_ids[rel_type] and labels is not None:
                stale[labels].append({"id": rel_id, "start": start, "end": end})
        for (start_label, end_label), rows in sorted(stale.items()):
            query = cypher.render("write/delete_relationships", type=rel_type, start_label=start_label,
                                  end_label=end_label)
            plan.steps.append(Step(query, rows, "deleted"))

    for label, rows in node_groups.items():
        stored = {} if empty else _stored_nodes(store, label)
        wanted = {row["id"] for row in rows}
        stale_ids = sorted(set(stored) - wanted)
        new = [row for row in rows if row["id"] not in stored]
        changed = [row for row in rows if row["id"] in stored and stored[row["id"]] != row["props"]]
        steps = plan.last if label == Label.BUILD else plan.steps
        for query, step_rows, kind in (("write/delete_nodes", stale_ids, "deleted"),
                                       ("write/create_nodes", new, "created"),
                                       ("write/update_nodes", changed, "updated")):
            if step_rows:
                steps.append(Step(cypher.render(query, label=label), step_rows, kind))

    for (rel_type, start_label, end_label), rows in rel_groups.items():
        stored = stored_rels[rel_type]
        new = []
        changed = []
        for row in rows:
            found = stored.get(row["id"])
            if found is None or (found[0], found[1], found[2]) != (row["start"], row["end"], (start_label, end_label)):
                new.append(row)  # (a relationship whose ends changed was deleted above, with the stale ones)
            elif found[3] != row["props"]:
                changed.append(row)
        slots = {"type": rel_type, "start_label": start_label, "end_label": end_label}
        if new:
            plan.steps.append(Step(cypher.render("write/create_relationships", **slots), new, "created"))
        if changed:
            plan.steps.append(Step(cypher.render("write/update_relationships", **slots), changed, "updated"))
    _delete_moved_relationships(plan, stored_rels, rel_groups)
    return plan


def _delete_moved_relationships(plan: Plan, stored_rels: dict, rel_groups: dict) -> None:
    """A relationship whose id the build keeps but between other ends (or labels): delete the stored one first."""
    moved: dict[tuple[Rel, Label, Label], list[dict]] = defaultdict(list)
    for (rel_type, start_label, end_label), rows in rel_groups.items():
        for row in rows:
            found = stored_rels[rel_type].get(row["id"])
            if found is not None and found[2] is not None and \
                    (found[0], found[1], found[2]) != (row["start"], row["end"], (start_label, end_label)):
                moved[(rel_type, *found[2])].append({"id": row["id"], "start": found[0], "end": found[1]})
    for (rel_type, start_label, end_label), rows in sorted(moved.items()):
        query = cypher.render("write/delete_relationships", type=rel_type, start_label=start_label,
                              end_label=end_label)
        plan.steps.insert(0, Step(query, rows, "deleted"))


def _stored_nodes(store: Store, label: Label) -> dict[str, dict]:
    return {row["id"]: row["props"] for row in store.stream(cypher.render("write/stored_nodes", label=label))}


def _stored_relationships(store: Store, rel_type: Rel) -> dict[str, tuple]:
    """id -> (start id, end id, (start label, end label) or None when not ours, properties)."""
    found = {}
    for row in store.stream(cypher.render("write/stored_relationships", type=rel_type)):
        labels = (_our_label(row["start_labels"]), _our_label(row["end_labels"]))
        found[row["id"]] = (row["start"], row["end"], labels if None not in labels else None, row["props"])
    return found


def _our_label(labels: list[str]) -> Label | None:
    return next((Label(label) for label in labels if label in Label.__members__.values()), None)


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


def _run_steps(tx: ManagedTransaction, steps: list[Step], progress: Progress) -> None:
    for step in steps:
        for batch in _batches(step.rows):
            tx.run(step.query, rows=batch).consume()
            progress(len(batch))


def _batches(rows: list) -> Iterator[list]:
    for i in range(0, len(rows), BATCH_SIZE):
        yield rows[i : i + BATCH_SIZE]


def _storable(props: dict) -> dict:
    """Properties as the store takes them: no nulls, no empty lists (Neo4j cannot type an empty list)."""
    return {k: v for k, v in props.items() if v is not None and v != []}


def total_records(kg: KnowledgeGraph) -> int:
    return kg.g.number_of_nodes() + kg.g.number_of_edges()


def counts_in_store(store: Store) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes per label and relationships per type, as the build summary shows them."""
    return store.label_counts(), store.relationship_counts()
