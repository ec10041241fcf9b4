"""The in-memory knowledge graph: facts from the loaders collect here before anything touches the store.

Building the whole graph in memory first is what makes a load all-or-nothing: a bad document fails while parsing,
and nothing has been written yet. It is a networkx MultiDiGraph, so analytics and exports can use it directly.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.model import ALIASES, ID, MODEL, NAME, SOURCE_IDS, Label, Rel

# Properties whose values accumulate (as sorted, de-duplicated lists) when the same node or fact is added again:
# one fact stated in several documents is one edge with several sources, not several edges a sum would double.
_LIST_PROPS = MODEL.accumulating


@dataclass(frozen=True)
class Node:
    label: Label
    id: str
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Relationship:
    type: Rel
    start: str
    end: str
    id: str
    props: dict[str, Any] = field(default_factory=dict)


class GraphIntegrityError(ValueError):
    """The facts contradict each other or the model (a relationship to a missing node, a null key, two labels for
    one id, a property data/model.yaml does not declare, a relationship between labels it does not join)."""


class KnowledgeGraph:
    def __init__(self) -> None:
        self.g = nx.MultiDiGraph()

    # --- adding facts -------------------------------------------------------------------------------------------

    def add_node(self, node: Node) -> None:
        if not node.id:
            raise GraphIntegrityError(f"a {node.label} node without an id{_source_of(node.props)}")
        if problems := MODEL.node_problems(node.label, node.props):
            raise GraphIntegrityError(f"{node.id}{_source_of(node.props)}: {'; '.join(problems)}")
        if node.id not in self.g:
            if problem := MODEL.yearly_problem(node.label, node.id, node.props):
                raise GraphIntegrityError(f"{node.id}{_source_of(node.props)}: {problem}")
            self.g.add_node(node.id, label=node.label, props={ID: node.id, ALIASES: [], SOURCE_IDS: []})
        data = self.g.nodes[node.id]
        if data["label"] != node.label:
            raise GraphIntegrityError(f"{node.id} is both {data['label']} and {node.label}")
        _merge_props(data["props"], node.props)

    def add_relationship(self, rel: Relationship) -> None:
        for end in (rel.start, rel.end):
            if end not in self.g:
                raise GraphIntegrityError(f"{rel.type} {rel.id}{_source_of(rel.props)}: no node {end}")
        problems = MODEL.relationship_problems(rel.type, self.label_of(rel.start), self.label_of(rel.end), rel.props)
        if problems:
            raise GraphIntegrityError(f"{rel.id}{_source_of(rel.props)}: {'; '.join(problems)}")
        if self.g.has_edge(rel.start, rel.end, key=rel.id):
            _merge_props(self.g.edges[rel.start, rel.end, rel.id]["props"], rel.props)
        else:
            props = {ID: rel.id, **{k: _accumulated(None, v) if k in _LIST_PROPS and v is not None else v
                                    for k, v in rel.props.items()}}
            self.g.add_edge(rel.start, rel.end, key=rel.id, type=rel.type, props=props)

    # --- reading ------------------------------------------------------------------------------------------------

    def nodes(self, label: Label | None = None) -> Iterator[Node]:
        for node_id, data in self.g.nodes(data=True):
            if label is None or data["label"] == label:
                yield Node(data["label"], node_id, data["props"])

    def relationships(self, rel_type: Rel | None = None) -> Iterator[Relationship]:
        for start, end, key, data in self.g.edges(keys=True, data=True):
            if rel_type is None or data["type"] == rel_type:
                yield Relationship(data["type"], start, end, key, data["props"])

    def label_of(self, node_id: str) -> Label:
        return self.g.nodes[node_id]["label"]

    def node_props(self, node_id: str) -> dict[str, Any]:
        return self.g.nodes[node_id]["props"]

    def __contains__(self, node_id: str) -> bool:
        return node_id in self.g

    def counts(self) -> tuple[Counter, Counter]:
        labels = Counter(str(d["label"]) for _, d in self.g.nodes(data=True))
        types = Counter(str(d["type"]) for _, _, d in self.g.edges(data=True))
        return labels, types


def _source_of(props: dict[str, Any]) -> str:
    """Where a fact comes from, for an error message: " (doc:…, reply ITIB001, characters 10-42)"."""
    parts = [str(props[key]) for key in ("source_id",) if props.get(key)]
    if props.get("reply_no"):
        parts.append(f"reply {props['reply_no']}")
    if props.get("char_start") is not None and props.get("char_end") is not None:
        parts.append(f"characters {props['char_start']}-{props['char_end']}")
    return f" ({', '.join(parts)})" if parts else ""


def _merge_props(target: dict[str, Any], new: dict[str, Any]) -> None:
    for key, value in new.items():
        if value is None:
            continue  # the store cannot hold nulls (and MERGE on a null misbehaves on ArcadeDB): leave unset
        if key in _LIST_PROPS:
            target[key] = _accumulated(target.get(key), value)
        elif target.get(key) is None:
            target[key] = value  # the first value given wins: the curated name, the first source's provenance
    if target.get(NAME) and new.get(NAME) and new[NAME] != target[NAME]:  # a node met again without a name adds none
        target[ALIASES] = _accumulated(target.get(ALIASES), [new[NAME]])


def _accumulated(current: list | None, new: list) -> list:
    """sorted(set(current) | set(new)), where `current` is sorted and de-duplicated already (every list kept here
    is): `current` itself when `new` adds nothing, else a copy with the new items inserted in order. A hub's
    source_ids, or a shared fact's reply_nos, is met again at every mention, and sorting it again each time made a
    build grow with the square of its corpus (docs/DESIGN.md 7.3)."""
    if not current:
        return sorted(set(new))
    missing = sorted({item for item in new if not _holds(current, item)})
    if not missing:
        return current
    merged = list(current)
    for item in missing:
        insort(merged, item)
    return merged


def _holds(ordered: list, item: Any) -> bool:
    at = bisect_left(ordered, item)
    return at < len(ordered) and ordered[at] == item
