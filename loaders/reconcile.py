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
  (the department, more specific, keeps it); a figure about X that is the flow into X (the flow keeps it); and a
  recipient listed without its amount and the one flow with an amount between the same two (the amount keeps it);
  a figure said in prose and the one table row of the same value (the row keeps it); and a table cell that rounds
  the exact figure the prose states (ITIB059's 94.1百萬元 and ITIB002's 9,414萬元: the exact one keeps it).
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
# Taken from a merged statement when the one that stays lacks them (a value already there is never replaced).
_FILLS_GAPS = ("fiscal_year", "per")


def money_key(payer: str | None, subject: str, props: dict[str, Any]) -> tuple:
    """What makes two statements one fact. An undated figure is keyed by the year of the document that states it,
    so that two years' undated "預留10億元" stay two facts."""
    year = props.get("fiscal_year") or ("undated", props.get("document_year"))
    # Two rows of one table about one thing are two figures, even with equal values (two industries' 7,900萬元);
    # a flow's row names its payee, which is in the key already.
    row = props.get("table_row") if payer is None else None
    return (payer, subject, props.get("amount"), props.get("amount_max"), props.get("currency"),
            props["amount_type"], year, props.get("per"), row)


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
    amount_type, year = key[5], key[6]
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
    """Merge the statements of one fact that their keys keep apart (see the module docstring), most certain first."""
    parent_of = {r.start: r.end for r in kg.relationships(Rel.PART_OF)}

    def credited_to_its_bureau(f: _Stated, t: _Stated) -> bool:
        return f.payer is not None and parent_of.get(t.payer) == f.payer and _same_year(f, t) and _same_per(f, t)

    for says_the_same_as in (_undated_twin, _unitless_twin, credited_to_its_bureau, _figure_of_a_flow,
                             _prose_of_a_table_row, _restated_row):
        _merge_pairs(kg, says_the_same_as)
    _merge_roundings(kg)
    _merge_listings_into_amounts(kg)


def _same_per(f: _Stated, t: _Stated) -> bool:
    return f.props.get("per") == t.props.get("per")


def _undated_twin(f: _Stated, t: _Stated) -> bool:
    """"預留10億元" and "2025-26年度…預留10億元", in a document of that year, from the same payer."""
    return f.payer == t.payer and _undated_of(f, t) and bool(t.props.get("fiscal_year")) and _same_per(f, t)


def _unitless_twin(f: _Stated, t: _Stated) -> bool:
    """"最高3,000萬元" said once with 「每間」 and once without."""
    return f.payer == t.payer and _same_year(f, t) and _says_less_per(f, t)


def _figure_of_a_flow(f: _Stated, t: _Stated) -> bool:
    """A figure about X that is the one flow into X a source names a payer for."""
    return f.payer is None and t.payer is not None and _same_year(f, t) and _same_per(f, t)


def _prose_of_a_table_row(f: _Stated, t: _Stated) -> bool:
    """A figure said in prose that a table row of the same value states."""
    return (f.payer is None and t.payer is None and _same_year(f, t) and _same_per(f, t)
            and not f.props.get("table_row") and bool(t.props.get("table_row")))


def _restated_row(f: _Stated, t: _Stated) -> bool:
    return f.payer is None and t.payer is None and _same_year(f, t) and _same_per(f, t) and _rows_of_other_tables(f, t)


def _money_facts(kg: KnowledgeGraph) -> list[_Stated]:
    flows = [_Stated(r.start, r.end, r.id, r.props) for r in kg.relationships(Rel.FUNDS)]
    figures = [_Stated(None, r.end, r.start, kg.node_props(r.start)) for r in kg.relationships(Rel.ABOUT)]
    return flows + figures


def _grouped(kg: KnowledgeGraph, key) -> list[list[_Stated]]:
    groups: dict[tuple, list[_Stated]] = defaultdict(list)
    for fact in _money_facts(kg):
        groups[key(fact)].append(fact)
    return list(groups.values())


def _same_value(f: _Stated) -> tuple:
    """Statements that may be one fact: the same payee or subject, value, currency and type (never two types)."""
    p = f.props
    return (f.subject, p.get("amount"), p.get("amount_max"), p.get("currency"), p["amount_type"])


def _merge_pairs(kg: KnowledgeGraph, says_the_same_as) -> None:
    """Fold each statement into the one other statement of its value that `says_the_same_as(it, other)` says is the
    same fact stated more fully. With two or more candidates which one is meant is not known: left alone."""
    for facts in _grouped(kg, _same_value):
        for fact in facts:
            if fact.props.get("amount") is None or not _exists(kg, fact):
                continue
            targets = [t for t in facts if t is not fact and _exists(kg, t) and says_the_same_as(fact, t)]
            if len(targets) == 1:
                _fold_into(kg, fact, targets[0])


def _year(f: _Stated) -> str | None:
    return f.props.get("fiscal_year")


def _undated_of(f: _Stated, t: _Stated) -> bool:
    """`f` states no year, in a document of the year `t` states (or of `t`'s document year, both undated)."""
    return _year(f) is None and f.props.get("document_year") == (_year(t) or t.props.get("document_year"))


def _same_year(f: _Stated, t: _Stated) -> bool:
    """The same stated year, or one statement undated in a document of the other's year."""
    if _year(f) and _year(t):
        return _year(f) == _year(t)
    return _undated_of(f, t) or _undated_of(t, f)


def _rows_of_other_tables(f: _Stated, t: _Stated) -> bool:
    """Two table rows of one value about one thing, in different replies or documents, are one figure restated (ITIB091
    annex's 「商品化及其他收入」 of 應科院 and another reply's row 「應科院」); in the same reply they are two rows (two
    industries' 7,900萬元 in ITIB129). Folded towards the smaller id, so that three statements become one."""
    if not (f.props.get("table_row") and t.props.get("table_row")) or f.element < t.element:
        return False
    replies_f, replies_t = set(f.props.get("reply_nos") or []), set(t.props.get("reply_nos") or [])
    if replies_f or replies_t:
        return not replies_f & replies_t
    return not set(f.props.get("source_ids") or []) & set(t.props.get("source_ids") or [])


def _says_less_per(f: _Stated, t: _Stated) -> bool:
    """"最高3,000萬元" said once with 「每間」 and once without: the unit-less one says less."""
    return f.props.get("per") is None and t.props.get("per") is not None


def _merge_roundings(kg: KnowledgeGraph) -> None:
    """A table in 百萬元 rounds what the prose states exactly: ITIB059's 「94.1」 (百萬元) is ITIB002's 「9,414萬元」
    for the same scheme, payer, type and year. The rounded cell joins the exact figure when they differ by at most
    half the cell's last printed digit; with two or more exact candidates it is left alone."""

    def key(f: _Stated) -> tuple:
        p = f.props
        return (f.payer, f.subject, p.get("currency"), p["amount_type"], p.get("per"), p.get("amount_max") is None)

    for facts in _grouped(kg, key):
        exact = [f for f in facts if f.props.get("amount") is not None and not f.props.get("table_row")]
        for cell in (f for f in facts if f.props.get("table_row") and f.props.get("amount") is not None):
            step = _printed_step(cell.props)
            near = [f for f in exact if step and 0 < abs(f.props["amount"] - cell.props["amount"]) * 2 <= step
                    and _same_year(cell, f) and _exists(kg, f)]
            if len(near) == 1 and _exists(kg, cell):
                _fold_into(kg, cell, near[0])


def _printed_step(props: dict[str, Any]) -> int | None:
    """The value of the last digit a table cell prints: 「94.1」 in 百萬元 -> 100,000. From amount_text
    ("94.1 (百萬元)") and the amount it stands for."""
    printed = str(props.get("amount_text") or "").split(" (")[0].replace(",", "").strip()
    try:
        number = float(printed)
    except ValueError:
        return None
    if not number:
        return None
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return round(props["amount"] / number / 10**decimals) or None


def _merge_listings_into_amounts(kg: KnowledgeGraph) -> None:
    """"新型工業化資助計劃…已與以下企業簽署資助協議：…" names a grantee; a reply that states what the same scheme
    granted it says the same, and more. Only when exactly one flow with an amount joins the two."""
    for facts in _grouped(kg, lambda f: (f.payer, f.subject, f.props["amount_type"])):
        with_amount = [f for f in facts if f.payer is not None and f.props.get("amount") is not None]
        if len(with_amount) == 1:
            for fact in facts:
                if fact.payer is not None and fact.props.get("amount") is None:
                    _fold_into(kg, fact, with_amount[0])


def _exists(kg: KnowledgeGraph, fact: _Stated) -> bool:
    if fact.payer is None:
        return fact.element in kg
    return kg.g.has_edge(fact.payer, fact.subject, key=fact.element)


def _fold_into(kg: KnowledgeGraph, fact: _Stated, target: _Stated) -> None:
    """`fact` becomes one more source of `target`: its documents, replies and quotes join target's, and what it
    states that target does not (the year, the unit) fills target's gaps; fact goes."""
    merged = {k: fact.props.get(k) or [] for k in _SOURCE_LISTS}
    merged.update({k: fact.props.get(k) for k in _FILLS_GAPS})
    if target.payer is None:
        kg.add_node(Node(Label.FIGURE, target.element, merged))
    else:
        kg.add_relationship(Relationship(Rel.FUNDS, target.payer, target.subject, target.element, merged))
    if fact.payer is None:
        kg.g.remove_node(fact.element)  # and its ABOUT edge
    else:
        kg.g.remove_edge(fact.payer, fact.subject, key=fact.element)
