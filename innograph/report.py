"""The accuracy report: what the loaders extracted from a corpus, and what deserves a human look."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from graph.model import ENTITY_LABELS, Label, Rel, document_id
from loaders.expectations import document_yields
from loaders.pipeline import CorpusBuild


def print_report(build: CorpusBuild, console: Console, limit: int = 40) -> None:
    kg = build.graph
    labels, types = kg.counts()
    console.print(_table("Nodes per label", ["label", "nodes"], sorted(labels.items())))
    console.print(_table("Relationships per type", ["type", "relationships"], sorted(types.items())))

    titles = {n.id: n.props.get("file_name", n.id) for n in kg.nodes(Label.DOCUMENT)}
    per_doc = Counter(r.props.get("source_id") for r in kg.relationships(Rel.FUNDS))
    multi = sum(1 for r in kg.relationships(Rel.FUNDS) if len(r.props.get("source_ids", [])) > 1)
    rows = [(titles.get(doc, doc), n) for doc, n in sorted(per_doc.items(), key=lambda x: titles.get(x[0], x[0]))]
    console.print(_table("Funding facts per document (first source)", ["document", "FUNDS edges"], rows))
    facts = build.facts
    if facts:
        console.print(
            f"amounts found: {facts.amounts}, tied to a FUNDS fact: {facts.amounts - facts.unattached_amounts}, "
            f"left unattached: {facts.unattached_amounts}; FUNDS edges backed by more than one document: {multi}"
        )
        by_type = Counter(r.props.get("amount_type") for r in kg.relationships(Rel.FUNDS))
        console.print(_table("Funding facts per amount_type", ["amount_type", "FUNDS edges"], sorted(by_type.items())))

    lonely = [n for label in ENTITY_LABELS for n in kg.nodes(label) if kg.g.degree(n.id) == 0]
    console.print(
        _table(
            f"Entities without any edge ({len(lonely)})",
            ["id", "name"],
            [(n.id, n.props.get("name", "")) for n in lonely[:limit]],
        )
    )
    if facts:
        once = sorted(s for s, n in facts.mentions_by_surface.items() if n == 1)
        console.print(
            _table(
                f"Names seen only once ({len(once)}): candidates to review",
                ["surface form"],
                [(s,) for s in once[:limit]],
            )
        )
    new_names = [n for label in ENTITY_LABELS for n in kg.nodes(label) if n.props.get("confidence") is not None]
    console.print(
        _table(
            f"Entities nobody listed, found by discovery ({len(new_names)})",
            ["id", "name", "method", "confidence"],
            [(n.id, n.props.get("name", ""), n.props.get("method", ""), f"{n.props['confidence']:.2f}")
             for n in sorted(new_names, key=lambda n: n.id)[:limit]],
        )
    )
    console.print(
        _table(
            f"Names found but not trusted enough to be entities ({len(build.review_names)}): review them; a real one "
            "belongs in data/gazetteer/, a false one in nonentities.yaml",
            ["name", "label", "method", "confidence", "seen", "where"],
            [(c.name, c.label, c.method, f"{c.confidence:.2f}", c.count, c.example)
             for c in build.review_names[:limit]],
        )
    )
    discovered = Counter((str(n.label), n.props.get("kind")) for label in ENTITY_LABELS for n in kg.nodes(label))
    console.print(
        _table(
            "Entities per label and kind",
            ["label", "kind", "entities"],
            [(lbl, kind or "", n) for (lbl, kind), n in sorted(discovered.items(), key=str)],
        )
    )


def print_expectations(build: CorpusBuild, console: Console) -> None:
    """Each document's `expect:` lines (sources.yaml) against what it yields."""
    yields = document_yields(build.graph)
    missed = {(s.document.path, s.expectation) for s in build.shortfalls}
    rows = []
    for doc in build.documents:
        counts = yields.get(document_id(doc.content_sha256), {})
        for e in doc.expectations:
            verdict = "[red]NOT MET[/red]" if (doc.path, e) in missed else "ok"
            rows.append((doc.file_name, e.name, f"{'≥' if e.bound == 'min' else '≤'} {e.count}", counts.get(e.name, 0),
                         verdict))
    console.print(_table("Expectations (sources.yaml expect:)", ["document", "what", "expected", "found", ""], rows))


def _table(title: str, columns: list[str], rows: list[tuple]) -> Table:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(v) for v in row))
    return table
