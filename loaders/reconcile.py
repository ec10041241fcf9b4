"""One place decides which money facts are the same fact, and merges their sources.

A money fact is a flow (a FUNDS edge payer -> payee) or a figure about one thing (a Figure node ABOUT it). Two
statements are the same fact when they have the same payer (or none), payee or subject, value, currency, type,
unit (`per`) and year — however many documents and replies state them. Such a fact is one edge or node that lists
every source (source_ids, reply_nos, quotes accumulate; the first statement's span and quote stay as its own).

It is decided in two steps, both here:
- while the documents are read, `add_money_fact` gives a statement the id of its key (`money_key`): statements with
  the same key land on one element;
- when every document is read, `reconcile` merges statements of one fact that the key keeps apart because one of
  them says less: a figure without a year and the one dated figure of the same key (same document year); a figure
  said once with its unit ("每間") and once without; a flow credited once to a bureau and once to its department
  (the department, more specific, keeps it); and a figure about X that is the flow into X (the flow keeps it).
Figures of different types are never merged: a cap is not an allocation, however equal the numbers.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from graph.kg import KnowledgeGraph, Node, Relationship
from graph.model import Label, Rel, relationship_id

# Merged into the fact that stays: where the other statements come from.
_SOURCE_LISTS = ("source_ids", "reply_nos", "quotes")


def money_key(payer: str | None, subject: str, props: dict[str, Any]) -> tuple:
    """What makes two statements one fact. An undated figure is keyed by the year of the document that states it,
    so that two years' undated "預留10億元" stay two facts."""
    year = props.get("fiscal_year") or ("undated", props.get("document_year"))
    return (payer, subject, props["amount"], props.get("amount_max"), props["currency"], props["amount_type"],
            year, props.get("per"))


def add_money_fact(kg: KnowledgeGraph, payer: str | None, subject: str, props: dict[str, Any]) -> None:
    """A flow payer -> subject (FUNDS), or with no payer a Figure about `subject`: the same key, the same element."""
    key = money_key(payer, subject, props)
    if payer is not None:
        kg.add_relationship(Relationship(Rel.FUNDS, payer, subject, relationship_id(Rel.FUNDS, payer, subject,
                                                                                    *key[2:]), props))
        return
    figure = figure_id(subject, key)
    kg.add_node(Node(Label.FIGURE, figure, {"name": figure_name(props), **props}))
    kg.add_relationship(Relationship(Rel.ABOUT, figure, subject, relationship_id(Rel.ABOUT, figure, subject), {}))


def figure_id(subject: str, key: tuple) -> str:
    """Readable where it matters to a Cypher user: `figure:dept:itc:estimate:2025-26:1a2b3c4d5e6f`."""
    _, _, _, _, _, amount_type, year, _ = key
    year_text = year if isinstance(year, str) else f"undated-{year[1] or 'unknown'}"
    digest = hashlib.sha1("|".join(map(str, key)).encode()).hexdigest()[:12]
    return f"figure:{subject}:{amount_type}:{year_text}:{digest}"


def figure_name(props: dict[str, Any]) -> str:
    """What Neo4j Browser and the explorer show: "25.794億元 estimate 2025-26"."""
    return " ".join(str(p) for p in (props.get("amount_text"), props["amount_type"], props.get("fiscal_year")) if p)


# --- merging after the load ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Stated:
    """A money fact in the graph, flow or figure alike."""

    payer: str | None
    subject: str
    element: str  # the FUNDS edge's id, or the Figure node's id
    props: dict[str, Any]


def reconcile(kg: KnowledgeGraph) -> None:
    _merge_undated(kg)
    _merge_restatements(kg)
    _merge_figures_into_flows(kg)


def _money_facts(kg: KnowledgeGraph) -> list[_Stated]:
    flows = [_Stated(r.start, r.end, r.id, r.props) for r in kg.relationships(Rel.FUNDS)]
    figures = [_Stated(None, r.end, r.start, kg.node_props(r.start)) for r in kg.relationships(Rel.ABOUT)]
    return flows + figures


def _grouped(kg: KnowledgeGraph, key) -> list[list[_Stated]]:
    groups: dict[tuple, list[_Stated]] = defaultdict(list)
    for fact in _money_facts(kg):
        groups[key(fact)].append(fact)
    return list(groups.values())


def _merge_undated(kg: KnowledgeGraph) -> None:
    """A figure stated without a year ("預留10億元") is the one figure of the same key that states it
    ("2025-26年度…預留10億元"). With several dated candidates it is left alone: which year it meant is not known."""

    def key(f: _Stated) -> tuple:
        p = f.props
        return (f.payer, f.subject, p["amount"], p.get("amount_max"), p["currency"], p["amount_type"], p.get("per"),
                p.get("document_year"))

    for facts in _grouped(kg, key):
        dated = [f for f in facts if f.props.get("fiscal_year")]
        if len(dated) == 1:
            for fact in facts:
                if not fact.props.get("fiscal_year"):
                    _fold_into(kg, fact, dated[0])


def _merge_restatements(kg: KnowledgeGraph) -> None:
    """One figure restated in other words is one fact: fold a statement into its one more specific twin (same
    payee or subject, value, type and year) — said once with its unit and once without; credited to a bureau and
    to its department (PART_OF)."""
    parent_of = {r.start: r.end for r in kg.relationships(Rel.PART_OF)}

    def key(f: _Stated) -> tuple:
        p = f.props
        return (f.payer is None, f.subject, p["amount"], p.get("amount_max"), p["currency"], p["amount_type"],
                p.get("fiscal_year") or ("undated", p.get("document_year")))

    for facts in _grouped(kg, key):
        for fact in facts:
            twins = [t for t in facts if t is not fact and _more_specific(t, fact, parent_of)]
            if len(twins) == 1 and _exists(kg, fact):
                _fold_into(kg, fact, twins[0])


def _more_specific(twin: _Stated, fact: _Stated, parent_of: dict[str, str]) -> bool:
    if twin.payer == fact.payer:
        return fact.props.get("per") is None and twin.props.get("per") is not None
    return parent_of.get(twin.payer) == fact.payer and twin.props.get("per") == fact.props.get("per")


def _merge_figures_into_flows(kg: KnowledgeGraph) -> None:
    """"10億元建AI研發院" in the press and "預留10億元成立…研發院" in a reply: the figure about the institute is the
    flow into it that the reply names a payer for. Only when exactly one such flow exists."""

    def key(f: _Stated) -> tuple:
        p = f.props
        return (f.subject, p["amount"], p.get("amount_max"), p["currency"], p["amount_type"], p.get("per"),
                p.get("fiscal_year") or ("undated", p.get("document_year")))

    for facts in _grouped(kg, key):
        flows = [f for f in facts if f.payer is not None]
        if len(flows) == 1:
            for fact in facts:
                if fact.payer is None:
                    _fold_into(kg, fact, flows[0])


def _exists(kg: KnowledgeGraph, fact: _Stated) -> bool:
    if fact.payer is None:
        return fact.element in kg
    return kg.g.has_edge(fact.payer, fact.subject, key=fact.element)


def _fold_into(kg: KnowledgeGraph, fact: _Stated, target: _Stated) -> None:
    """`fact` becomes one more source of `target`: its documents, replies and quotes join target's; fact goes."""
    merged = {k: fact.props.get(k) or [] for k in _SOURCE_LISTS}
    if target.payer is None:
        kg.add_node(Node(Label.FIGURE, target.element, merged))
    else:
        kg.add_relationship(Relationship(Rel.FUNDS, target.payer, target.subject, target.element, merged))
    if fact.payer is None:
        kg.g.remove_node(fact.element)  # and its ABOUT edge
    else:
        kg.g.remove_edge(fact.payer, fact.subject, key=fact.element)
