"""Print extracted facts for checking by hand (docs/accuracy.md): no database, the graph is built in-process.

    .venv/bin/python benchmarks/sample_facts.py                      # 40 FUNDS edges, seed 1
    .venv/bin/python benchmarks/sample_facts.py --n 20 --seed 7
    .venv/bin/python benchmarks/sample_facts.py --mentions 30        # also 30 MENTIONS edges from replies
    .venv/bin/python benchmarks/sample_facts.py --replies ITIB010 ITIB050
    .venv/bin/python benchmarks/sample_facts.py --list-funds         # every FUNDS edge, one line each, for diffs
    .venv/bin/python benchmarks/sample_facts.py --list-facts         # every funding fact before merging, with its quote
    .venv/bin/python benchmarks/sample_facts.py --n 40 --seed 1 --ids > ids.txt   # the sample's edge ids …
    .venv/bin/python benchmarks/sample_facts.py --edges $(cat ids.txt)             # … judged again on another commit

The sample is drawn from the edges sorted by id, so the same seed gives the same sample for the same graph.
With --replies, each reply's answer text is printed, then every FUNDS fact with that reply among its sources and
every entity the reply MENTIONS, to compare what the text says with what was extracted.
With --list-funds, every FUNDS edge is printed on one sorted line. To see what a code change did to the graph, run
this script from two checkouts (it builds the graph of the checkout it sits in) and diff the two lists:

    mkdir -p /tmp/old && git archive 54b5247 | tar -x -C /tmp/old && cp benchmarks/sample_facts.py /tmp/old/benchmarks/
    .venv/bin/python /tmp/old/benchmarks/sample_facts.py --list-funds > /tmp/old.txt
    .venv/bin/python benchmarks/sample_facts.py --list-funds > /tmp/new.txt && diff /tmp/old.txt /tmp/new.txt

--list-funds shows a fact that a change adds to an existing edge only as a new reply in its sources. --list-facts
prints every fact the rules read, one per sentence or table row, before facts of one figure are folded into one
edge: diff that to see which sentences gained or lost a fact. Edge ids depend only on funder, recipient and figure,
so --ids and --edges follow one sample from commit to commit (the same seed draws other edges from a graph of
another size).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this project, not an installed copy

from graph.kg import KnowledgeGraph, Relationship  # noqa: E402
from graph.model import Label, Rel  # noqa: E402
from loaders.pipeline import build_corpus_graph  # noqa: E402


def name(kg: KnowledgeGraph, node_id: str) -> str:
    return f"{kg.node_props(node_id).get('name', node_id)} [{node_id}]"


def print_funds(kg: KnowledgeGraph, rel: Relationship, number: str = "") -> None:
    p = rel.props
    amount = f"{p['amount']:,}" + (f"–{p['amount_max']:,}" if p.get("amount_max") else "")
    print(f"{number}{name(kg, rel.start)} -> {name(kg, rel.end)}")
    print(f"    amount {amount} {p['currency']} ({p.get('amount_text')})  type {p['amount_type']}  "
          f"year {p.get('fiscal_year')}  per {p.get('per')}  approx {p.get('approx')}")
    print(f"    reply {p.get('reply_no')} (all: {', '.join(p.get('reply_nos', []))})  method {p.get('method')}  "
          f"chars {p.get('char_start')}-{p.get('char_end')} of {p.get('source_id')}")
    for quote in p.get("quotes") or [p.get("quote")]:
        print(f"    「{quote}」")


def print_mention(kg: KnowledgeGraph, rel: Relationship, number: str = "") -> None:
    p, node = rel.props, kg.node_props(rel.end)
    print(f"{number}{kg.node_props(rel.start).get('name')} MENTIONS {kg.label_of(rel.end)} {name(kg, rel.end)}"
          f"  en: {node.get('name_en')}")
    print(f"    surfaces {p.get('surfaces')}  count {p.get('count')}  part {p.get('part')}  method {p.get('method')}")
    print(f"    「{p.get('quote')}」")


def funds_line(kg: KnowledgeGraph, rel: Relationship) -> str:
    """One FUNDS edge as a line that does not depend on edge ids: who, to whom, the figure, where it was read."""
    p = rel.props
    amount = f"{p['amount']:,}" + (f"–{p['amount_max']:,}" if p.get("amount_max") else "")
    sources = ",".join(sorted(p.get("reply_nos") or [])) or ",".join(sorted(p.get("source_ids") or []))
    return (f"{kg.node_props(rel.end).get('name')} <- {kg.node_props(rel.start).get('name')} | {amount} {p['currency']}"
            f" | {p['amount_type']} | {p.get('fiscal_year')} | per {p.get('per')} | approx {p.get('approx')}"
            f" | {sources} | {p.get('method')}")


def record_facts() -> list[tuple]:
    """Record every funding fact as it is added to the graph (before merging), with the reply and quote."""
    import loaders.facts as facts

    seen: list[tuple] = []
    add = facts._add_funds

    def recording(kg: KnowledgeGraph, unit, fact) -> bool:
        added = add(kg, unit, fact)
        a = fact.amount
        if a is None:  # a recipient listed without an amount (loaders/recipient_lists.py)
            return added
        quote = facts.provenance(unit, a.start, a.end, fact.method, getattr(fact, "row", None))["quote"]
        seen.append((unit.reply_no or unit.doc_id, fact.recipient, fact.funder, a.value, a.value_max, a.currency,
                     str(fact.amount_type), fact.fiscal_year, a.per, a.approx, fact.method, added, quote))
        return added

    facts._add_funds = recording
    return seen


def facts_line(kg: KnowledgeGraph, f: tuple) -> str:
    source, recipient, funder, value, value_max, currency, kind, year, per, approx, method, added, quote = f
    amount = f"{value:,}" + (f"–{value_max:,}" if value_max else "")

    def label(node_id: str) -> str:
        return kg.node_props(node_id).get("name", node_id) if node_id in kg else f"{node_id} (no node)"

    return (f"{source} | {label(recipient)} <- {label(funder)} | {amount} {currency} | {kind} | {year} | per {per}"
            f" | approx {approx} | {method}{'' if added else ' | NOT ADDED'} | {quote}")


def sample(rels: list[Relationship], n: int, seed: int) -> list[Relationship]:
    rels = sorted(rels, key=lambda r: r.id)
    return random.Random(seed).sample(rels, min(n, len(rels)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n", type=int, default=40, help="FUNDS edges to sample (0: none)")
    ap.add_argument("--mentions", type=int, default=0, help="MENTIONS edges from replies to sample (same seed)")
    ap.add_argument("--replies", nargs="+", metavar="REPLY_NO", help="print these replies and their facts instead")
    ap.add_argument("--list-funds", action="store_true", help="print every FUNDS edge on one line, sorted, instead")
    ap.add_argument("--list-facts", action="store_true",
                    help="print every funding fact before merging (reply, figure, quote) on one line, sorted, instead")
    ap.add_argument("--ids", action="store_true", help="print only the ids of the sampled FUNDS edges")
    ap.add_argument("--edges", nargs="+", metavar="EDGE_ID", help="print these FUNDS edges (by id) instead")
    args = ap.parse_args()

    recorded = record_facts() if args.list_facts else []
    kg = build_corpus_graph().graph
    funds = list(kg.relationships(Rel.FUNDS))
    mentions = [r for r in kg.relationships(Rel.MENTIONS) if kg.label_of(r.start) == Label.QUESTION]

    if args.list_facts:
        for line in sorted(facts_line(kg, f) for f in recorded):
            print(line)
        return

    if args.ids:
        for rel in sample(funds, args.n, args.seed):
            print(rel.id)
        return

    if args.edges:
        by_id = {rel.id: rel for rel in funds}
        for i, edge_id in enumerate(args.edges, 1):
            if edge_id in by_id:
                print_funds(kg, by_id[edge_id], f"E{i}. ")
            else:
                print(f"E{i}. {edge_id}: not in this graph")
        return

    if args.list_funds:
        for line in sorted(funds_line(kg, rel) for rel in funds):
            print(line)
        return

    if args.replies:
        questions = {q.props["reply_no"]: q for q in kg.nodes(Label.QUESTION)}
        for reply_no in args.replies:
            q = questions.get(reply_no)
            if q is None:
                print(f"== {reply_no}: no such reply")
                continue
            print(f"== {reply_no}  (asker {q.props.get('asker')}, head {q.props.get('head_no')})")
            print(f"-- question:\n{q.props.get('question_text')}\n-- answer:\n{q.props.get('answer_text')}")
            own = sorted((r for r in funds if reply_no in r.props.get("reply_nos", [])),
                         key=lambda r: r.props.get("char_start", 0))
            print(f"-- FUNDS facts with {reply_no} among their sources: {len(own)}")
            for i, rel in enumerate(own, 1):
                print_funds(kg, rel, f"F{i}. ")
            named = sorted((r for r in mentions if r.start == q.id), key=lambda r: r.props.get("char_start", 0))
            print(f"-- entities MENTIONED: {len(named)}")
            for i, rel in enumerate(named, 1):
                print_mention(kg, rel, f"M{i}. ")
            print()
        return

    print(f"FUNDS edges: {len(funds)}; sample of {min(args.n, len(funds))}, seed {args.seed}\n")
    for i, rel in enumerate(sample(funds, args.n, args.seed), 1):
        print_funds(kg, rel, f"F{i}. ")
    if args.mentions:
        print(f"\nMENTIONS edges from replies: {len(mentions)}; sample of {args.mentions}, seed {args.seed}\n")
        for i, rel in enumerate(sample(mentions, args.mentions, args.seed), 1):
            print_mention(kg, rel, f"M{i}. ")


if __name__ == "__main__":
    main()
