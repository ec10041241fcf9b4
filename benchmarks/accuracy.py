"""Measure the graph's money facts against the hand-read gold set (tests/fixtures/accuracy/amounts.yaml).

    .venv/bin/python benchmarks/accuracy.py                    # per-document recall and precision, every miss
    .venv/bin/python benchmarks/accuracy.py --markdown         # the same as tables for docs/accuracy.md
    .venv/bin/python benchmarks/accuracy.py --json out.json    # also write the results as JSON
    .venv/bin/python benchmarks/accuracy.py --gold tests/fixtures/accuracy/heldout.yaml   # the held-out replies
    .venv/bin/python benchmarks/accuracy.py --gold tests/fixtures/accuracy/english.yaml \
        --sources tests/fixtures/press_en                        # English texts, a corpus folder of their own

The graph is built in this process from the bundled corpus (loaders.pipeline.build_corpus_graph), or from the
corpus folder `--sources` names (a folder with its sources.yaml), as the tests do; nothing is written to a store.
A money fact of the graph is a FUNDS edge (payer -> payee) or a Figure node with its ABOUT edge (a figure about
one thing). A gold entry with a payer matches a FUNDS edge from that payer to its
subject; one without matches a Figure about its subject. Both must agree on amount, amount_max, currency,
amount_type, fiscal_year and per, and cite the entry's document and reply (source_ids / reply_nos). Within one
reply (or press document) a graph fact matches at most one gold entry: two gold figures that the graph folded into
one fact are one hit and one miss, as a sum over the graph would be wrong by one of them.

Recall is per gold entry; precision is per (graph fact, cited reply) of the replies and documents read: a fact
citing two of them is judged in each. Each miss is classified by the closest graph fact with the same value in
that reply: `missing` (none), `wrong type`, `wrong year`, `wrong per`, `merged` (the graph's fact already matched
another gold entry), `figure instead of flow`, `flow instead of figure`, `wrong subject/payer`. Every graph fact
that matches no gold entry is an extra, tagged `near miss` when it is the closest fact of a miss (the same figure,
told wrongly) and `unscored` when its amount is one the gold lists under `unscored` (money that no subject of the
vocabulary can hold: any fact on it misleads).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this project, not an installed copy

from graph.kg import KnowledgeGraph  # noqa: E402
from graph.model import Label, Rel  # noqa: E402
from loaders.funding import payer_is_inferred  # noqa: E402

GOLD_FILE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "accuracy" / "amounts.yaml"

# The Figure label and its ABOUT relationship (issue 11) are named as text: they are compared with the graph's
# labels and types, so this script runs on a model that has them and on one that does not yet.
FIGURE_LABEL = "Figure"
ABOUT_TYPE = "ABOUT"

# The fields a gold entry and a graph fact must share, besides payer and subject.
VALUE_FIELDS = ("amount", "amount_max", "currency", "amount_type", "fiscal_year", "per")
GOLD_FIELDS = ("doc", "reply_no", "quote", "amount_text", *VALUE_FIELDS, "bound", "payer", "subject")
OPTIONAL_GOLD_FIELDS = ("table_row", "table_column", "breakdown", "subject_in_gazetteer", "note")

Source = tuple[str, str | None]  # (document id, reply number or None for a press document)


# --- the gold set ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldFigure:
    doc: str
    reply_no: str | None
    quote: str
    amount_text: str | None
    amount: int | None
    amount_max: int | None
    currency: str | None
    amount_type: str
    fiscal_year: str | None
    per: str | None
    bound: str | None
    payer: str | None
    subject: str
    table_row: str | None = None
    table_column: str | None = None
    breakdown: bool = False
    subject_in_gazetteer: bool = True
    note: str | None = None

    @property
    def source(self) -> Source:
        return (self.doc, self.reply_no)

    @property
    def is_flow(self) -> bool:
        return self.payer is not None

    def value(self) -> tuple:
        return tuple(getattr(self, name) for name in VALUE_FIELDS)

    def describe(self) -> str:
        where = f" [{self.table_row} / {self.table_column}]" if self.table_row else ""
        return f"{_endpoints(self.payer, self.subject)} {_value_text(self.value())}{where}"


@dataclass(frozen=True)
class Gold:
    amounts: tuple[GoldFigure, ...]
    question_only: tuple[dict, ...]
    unscored: tuple[dict, ...]
    read: tuple[Source, ...] = ()  # documents read that state no amount to score (every fact citing one is extra)

    @property
    def sources(self) -> list[Source]:
        """The replies and documents read, in the file's order."""
        return list(dict.fromkeys([*(g.source for g in self.amounts), *self.read]))


def load_gold(path: Path = GOLD_FILE) -> Gold:
    """The gold file; a field a table cell leaves out is null. Unknown fields are refused (a typo in a key would
    otherwise silently become null)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    amounts = []
    for number, entry in enumerate(data["amounts"], 1):
        unknown = set(entry) - set(GOLD_FIELDS) - set(OPTIONAL_GOLD_FIELDS)
        if unknown:
            raise ValueError(f"{path.name}: amounts entry {number} has unknown fields {sorted(unknown)}")
        amounts.append(GoldFigure(**{name: entry.get(name) for name in GOLD_FIELDS},
                                  **{name: entry[name] for name in OPTIONAL_GOLD_FIELDS if name in entry}))
    read = tuple((entry["doc"], entry.get("reply_no")) for entry in data.get("read") or ())
    return Gold(tuple(amounts), tuple(data.get("question_only") or ()), tuple(data.get("unscored") or ()), read)


# --- the graph's money facts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GraphFact:
    id: str
    kind: str  # "flow" (a FUNDS edge) or "figure" (a Figure node)
    payer: str | None
    subject: str
    amount: int | None
    amount_max: int | None
    currency: str | None
    amount_type: str | None
    fiscal_year: str | None
    per: str | None
    sources: frozenset[Source]
    quote: str = ""
    method: str = ""
    document_year: str | None = None

    @property
    def is_flow(self) -> bool:
        return self.kind == "flow"

    def value(self) -> tuple:
        return tuple(getattr(self, name) for name in VALUE_FIELDS)

    def describe(self) -> str:
        kind = "FUNDS" if self.is_flow else "Figure"
        return f"{kind} {_endpoints(self.payer, self.subject)} {_value_text(self.value())}"


def graph_facts(kg: KnowledgeGraph) -> list[GraphFact]:
    """Every FUNDS edge and every Figure node (one fact per subject it is ABOUT) of the graph."""
    replies = _reply_sources(kg)
    facts = [_fact(rel.id, "flow", rel.start, rel.end, rel.props, replies) for rel in kg.relationships(Rel("FUNDS"))]
    figures = {node.id: node.props for node in kg.nodes() if str(node.label) == FIGURE_LABEL}
    for rel in kg.relationships():
        if str(rel.type) == ABOUT_TYPE and rel.start in figures:
            facts.append(_fact(rel.id, "figure", None, rel.end, figures[rel.start], replies))  # one per ABOUT
    return facts


def document_names(kg: KnowledgeGraph) -> dict[str, str]:
    """Each document's file name without its extension (000_fe1fd75796096d66), for the reports."""
    return {d.id: Path(d.props.get("file_name") or d.id).stem for d in kg.nodes(Label.DOCUMENT)}


def _reply_sources(kg: KnowledgeGraph) -> set[Source]:
    """(document, reply number) of every question: a fact's reply_nos are paired with its replies documents."""
    return {(q.props["source_id"], q.props["reply_no"]) for q in kg.nodes(Label.QUESTION)}


def _fact(fact_id: str, kind: str, payer: str | None, subject: str, props: dict, replies: set[Source]) -> GraphFact:
    docs = props.get("source_ids") or [props.get("source_id")]
    reply_nos = props.get("reply_nos") or ([props["reply_no"]] if props.get("reply_no") else [])
    replies_docs = {doc for doc, _ in replies}
    sources = {(doc, no) for doc in docs for no in reply_nos if (doc, no) in replies}
    sources |= {(doc, None) for doc in docs if doc not in replies_docs}
    return GraphFact(fact_id, kind, payer, subject, *(props.get(name) for name in VALUE_FIELDS),
                     sources=frozenset(sources), quote=props.get("quote") or "", method=props.get("method") or "",
                     document_year=props.get("document_year"))


# --- matching -------------------------------------------------------------------------------------------------


@dataclass
class Miss:
    gold: GoldFigure
    cause: str
    near: GraphFact | None = None

    def line(self, label: str) -> str:
        near = f"  | graph: {self.near.describe()}" if self.near else ""
        return f"{label:8} {self.cause:22} {self.gold.describe()}{near}"


@dataclass
class SourceResult:
    source: Source
    gold: int = 0
    matched_gold: int = 0
    facts: int = 0
    matched_facts: int = 0
    matched: list[GoldFigure] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)
    extras: list[tuple[GraphFact, str]] = field(default_factory=list)  # with a tag: extra, near miss, unscored

    @property
    def recall(self) -> float | None:
        return self.matched_gold / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.matched_facts / self.facts if self.facts else None


@dataclass
class Measurement:
    results: list[SourceResult]
    gold_by_type: Counter
    matched_by_type: Counter
    graph_by_type: Counter  # every money fact of the graph
    read_by_type: Counter  # the facts citing a reply or document of the gold set
    doc_names: dict[str, str] = field(default_factory=dict)  # a press document's id -> its file name

    def label(self, source: Source) -> str:
        """A reply's number, or a press document's file name (its id when unknown)."""
        doc, reply = source
        return reply or self.doc_names.get(doc, doc)

    def total(self) -> SourceResult:
        total = SourceResult(("all", None))
        for r in self.results:
            total.gold += r.gold
            total.matched_gold += r.matched_gold
            total.facts += r.facts
            total.matched_facts += r.matched_facts
        return total

    @property
    def misses(self) -> list[Miss]:
        return [m for r in self.results for m in r.misses]

    @property
    def extras(self) -> list[tuple[Source, GraphFact, str]]:
        return [(r.source, fact, tag) for r in self.results for fact, tag in r.extras]

    def causes(self) -> Counter:
        return Counter(m.cause for m in self.misses)


def measure(gold: Gold, facts: Iterable[GraphFact], doc_names: dict[str, str] | None = None) -> Measurement:
    facts = list(facts)
    by_source: dict[Source, list[GraphFact]] = defaultdict(list)
    for fact in facts:
        for source in fact.sources:
            by_source[source].append(fact)
    gold_by_source: dict[Source, list[GoldFigure]] = defaultdict(list)
    for g in gold.amounts:
        gold_by_source[g.source].append(g)
    unscored = defaultdict(set)
    for entry in gold.unscored:
        unscored[(entry["doc"], entry["reply_no"])].add(entry["amount"])

    results, matched_by_type = [], Counter()
    for source in gold.sources:
        result = _measure_source(source, gold_by_source[source], by_source[source], unscored[source])
        matched_by_type.update(g.amount_type for g in result.matched)
        results.append(result)
    read = {f.id: f for source in gold.sources for f in by_source[source]}
    return Measurement(
        results,
        gold_by_type=Counter(g.amount_type for g in gold.amounts),
        matched_by_type=matched_by_type,
        graph_by_type=Counter(f.amount_type for f in facts),
        read_by_type=Counter(f.amount_type for f in read.values()),
        doc_names=doc_names or {},
    )


def _measure_source(source: Source, golds: list[GoldFigure], facts: list[GraphFact],
                    unscored_amounts: set[int | None]) -> SourceResult:
    result = SourceResult(source, gold=len(golds))
    used: set[str] = set()
    unmatched = []
    for g in golds:
        hit = next((f for f in facts if f.id not in used and _matches(g, f)), None)
        if hit is None:
            unmatched.append(g)
        else:
            used.add(hit.id)
            result.matched.append(g)
            result.matched_gold += 1
    result.misses = [_classify(g, facts, used) for g in unmatched]
    near = {miss.near.id for miss in result.misses if miss.near}
    result.facts = len(facts)
    result.matched_facts = len(used)
    for fact in facts:
        if fact.id not in used:
            tag = "near miss" if fact.id in near else "unscored" if fact.amount in unscored_amounts else "extra"
            result.extras.append((fact, tag))
    return result


def _matches(g: GoldFigure, f: GraphFact) -> bool:
    """The same ends and value. A figure the text names no payer for matches a flow into its subject whose payer the
    graph inferred (the bureau of the reply, the scheme's administrator: `payer_is_inferred`, said on the edge by
    its method), or whose payer another document's statement of the same fact names."""
    same_ends = g.is_flow == f.is_flow and g.payer == f.payer
    inferred = not g.is_flow and f.is_flow and payer_is_inferred(f.method)
    # the document names no payer, another source of the same fact does (the reconciler merged them: the press's
    # 「10億元建AI研發院」 and ITIB173's 「數字政策辦公室…預留十億元」)
    merged = not g.is_flow and f.is_flow and len({doc for doc, _ in f.sources}) > 1
    return (same_ends or inferred or merged) and g.subject == f.subject and _same_value(g, f)


def _same_value(g: GoldFigure, f: GraphFact) -> bool:
    """Equal values. An undated statement that the reconciler merged with another source's dated one (the press's
    "10億元" and the reply's "2025-26年度…10億元") matches the dated fact of its document's year."""
    if g.fiscal_year is None and f.fiscal_year is not None and len(f.sources) > 1 and f.fiscal_year == f.document_year:
        return g.value()[:4] + g.value()[5:] == f.value()[:4] + f.value()[5:]
    return g.value() == f.value()


def _classify(g: GoldFigure, facts: list[GraphFact], used: set[str]) -> Miss:
    """Why a gold entry found no fact: judged by the closest fact of the same value in that reply."""
    same_value = [f for f in facts if (f.amount, f.amount_max, f.currency) == (g.amount, g.amount_max, g.currency)]
    same_ends = [f for f in same_value if f.is_flow == g.is_flow and (f.payer, f.subject) == (g.payer, g.subject)]
    for fact in same_ends:
        for cause, name in (("wrong type", "amount_type"), ("wrong year", "fiscal_year"), ("wrong per", "per")):
            if getattr(fact, name) != getattr(g, name):
                return Miss(g, cause, fact)
    if same_ends:
        return Miss(g, "merged", same_ends[0])  # the one fact that matches already stands for another entry
    about_subject = [f for f in same_value if f.subject == g.subject]
    if g.is_flow and (figure := next((f for f in about_subject if not f.is_flow), None)):
        return Miss(g, "figure instead of flow", figure)
    if not g.is_flow and (flow := next((f for f in about_subject if f.is_flow), None)):
        return Miss(g, "flow instead of figure", flow)
    if same_value:
        return Miss(g, "wrong subject/payer", same_value[0])
    return Miss(g, "missing")


# --- reports --------------------------------------------------------------------------------------------------


def _endpoints(payer: str | None, subject: str) -> str:
    return f"{payer} -> {subject}" if payer else f"about {subject}"


def _value_text(value: tuple) -> str:
    amount, amount_max, currency, amount_type, fiscal_year, per = value
    money = "no amount" if amount is None else f"{amount:,}" + (f"–{amount_max:,}" if amount_max else "")
    money += f" {currency}" if currency else ""
    return f"{money} {amount_type} {fiscal_year or 'no year'}" + (f" per {per}" if per else "")


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator}/{denominator} = {numerator / denominator:.1%}" if denominator else "–"


def _rows(m: Measurement) -> list[list[str]]:
    rows = [[m.label(r.source), str(r.gold), _ratio(r.matched_gold, r.gold), str(r.facts),
             _ratio(r.matched_facts, r.facts)] for r in m.results]
    total = m.total()
    rows.append(["all", str(total.gold), _ratio(total.matched_gold, total.gold), str(total.facts),
                 _ratio(total.matched_facts, total.facts)])
    return rows


HEADERS = ["reply / document", "gold", "recall", "graph facts", "precision"]

# Recall over parts of the gold set: tables and prose are read by different rules, flows and figures are two shapes.
GOLD_PARTS = {
    "table cells": lambda g: g.table_row is not None,
    "prose": lambda g: g.table_row is None,
    "flows (payer named)": lambda g: g.is_flow,
    "figures (payer null)": lambda g: not g.is_flow,
    "breakdowns": lambda g: g.breakdown,
}


def _part_rows(m: Measurement) -> list[list[str]]:
    matched = [g for r in m.results for g in r.matched]
    every = matched + [x.gold for x in m.misses]
    return [[name, _ratio(sum(map(part, matched)), sum(map(part, every)))] for name, part in GOLD_PARTS.items()]


def text_report(m: Measurement) -> str:
    from benchmarks.common import table

    lines = [table(HEADERS, _rows(m)), "", table(["part of the gold set", "recall"], _part_rows(m)), "",
             "Misses by cause: " + _counts(m.causes()), "", "Misses:"]
    lines += ["  " + miss.line(m.label(miss.gold.source)) for miss in m.misses]
    lines += ["", "Extras (graph facts that match no gold entry):"]
    lines += [f"  {m.label(source):8} {tag:9} {fact.describe()}  「{fact.quote[:60]}」"
              for source, fact, tag in m.extras]
    lines += ["", "Recall by gold amount_type:"]
    lines += [f"  {t:18} {_ratio(m.matched_by_type[t], n)}" for t, n in sorted(m.gold_by_type.items())]
    lines += ["", "Graph money facts by amount_type (whole graph / citing the replies and documents read):"]
    for amount_type in sorted(set(m.graph_by_type) | set(m.read_by_type), key=str):
        lines.append(f"  {str(amount_type):18} {m.graph_by_type[amount_type]:5} {m.read_by_type[amount_type]:5}")
    return "\n".join(lines)


def markdown_report(m: Measurement) -> str:
    """The tables of docs/accuracy.md: per reply, misses per reply and cause (table cells apart from prose),
    recall and graph facts per amount_type, then every miss and every extra in folded lists."""
    lines = _md_table(HEADERS, _rows(m))
    lines += [""] + _md_table(["part of the gold set", "recall"], _part_rows(m))
    lines += ["", "Misses by cause: " + _counts(m.causes()), ""]
    lines += _md_cause_table(m)
    lines += [""]
    lines += _md_table(["amount_type", "gold", "recall", "graph facts (all)", "graph facts (replies read)"],
                       [[str(t), str(m.gold_by_type[t]), _ratio(m.matched_by_type[t], m.gold_by_type[t]),
                         str(m.graph_by_type[t]), str(m.read_by_type[t])]
                        for t in sorted(set(m.gold_by_type) | set(m.graph_by_type), key=str)])
    misses = _md_table(["reply / document", "cause", "gold entry", "closest graph fact"],
                       [[m.label(x.gold.source), x.cause, x.gold.describe(), x.near.describe() if x.near else ""]
                        for x in m.misses])
    extras = _md_table(["reply / document", "extra", "graph fact", "quote"],
                       [[m.label(source), tag, fact.describe(), fact.quote[:60].replace("|", "/")]
                        for source, fact, tag in m.extras])
    lines += ["", _folded(f"Every miss ({len(m.misses)})", misses)]
    lines += ["", _folded(f"Every extra ({len(m.extras)})", extras)]
    return "\n".join(lines)


def _md_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers),
            *("| " + " | ".join(row) + " |" for row in rows)]


def _md_cause_table(m: Measurement) -> list[str]:
    """Misses per reply and cause; a table cell's miss is counted apart (`missing (cell)`), as tables are read by
    other rules than prose."""
    def cause(miss: Miss) -> str:
        return f"{miss.cause} (cell)" if miss.gold.table_row else miss.cause

    counts = Counter((m.label(x.gold.source), cause(x)) for x in m.misses)
    by_cause = m.causes()
    causes = sorted({c for _, c in counts}, key=lambda c: (-by_cause[c.removesuffix(" (cell)")], c))
    rows = [[m.label(r.source), *(str(counts[(m.label(r.source), c)] or "") for c in causes)]
            for r in m.results if r.misses]
    return _md_table(["reply / document", *causes], rows)


def _folded(summary: str, lines: list[str]) -> str:
    return "\n".join([f"<details><summary>{summary}</summary>", "", *lines, "", "</details>"])


def _counts(counter: Counter) -> str:
    return ", ".join(f"{name} {n}" for name, n in counter.most_common()) or "none"


def json_report(m: Measurement) -> dict:
    def fact(f: GraphFact) -> dict:
        return {**asdict(f), "sources": sorted(m.label(s) for s in f.sources)}

    def result(r: SourceResult) -> dict:
        return {"source": m.label(r.source), "gold": r.gold, "matched_gold": r.matched_gold,
                "facts": r.facts, "matched_facts": r.matched_facts, "recall": r.recall, "precision": r.precision,
                "misses": [{"cause": x.cause, "gold": asdict(x.gold), "near": x.near and fact(x.near)}
                           for x in r.misses],
                "extras": [{"tag": tag, **fact(f)} for f, tag in r.extras]}

    total = m.total()
    return {"total": {"gold": total.gold, "matched_gold": total.matched_gold, "recall": total.recall,
                      "facts": total.facts, "matched_facts": total.matched_facts, "precision": total.precision},
            "causes": dict(m.causes()), "gold_by_type": dict(m.gold_by_type),
            "matched_by_type": dict(m.matched_by_type),
            "graph_by_type": {str(k): v for k, v in m.graph_by_type.items()},
            "results": [result(r) for r in m.results]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD_FILE, help="the gold YAML file")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON to PATH")
    parser.add_argument("--markdown", action="store_true", help="print markdown tables (for docs/accuracy.md)")
    parser.add_argument("--sources", type=Path, metavar="FOLDER",
                        help="build the graph from this corpus folder (with its sources.yaml), not the bundled one")
    args = parser.parse_args()

    from loaders.pipeline import build_corpus_graph

    kg = (build_corpus_graph(args.sources) if args.sources else build_corpus_graph()).graph
    measurement = measure(load_gold(args.gold), graph_facts(kg), document_names(kg))
    print(markdown_report(measurement) if args.markdown else text_report(measurement))
    if args.json:
        args.json.write_text(json.dumps(json_report(measurement), ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
