"""What each document must yield, as sources.yaml states it (`expect:`), checked against the graph built from it.

In the spirit of zavod's dataset assertions: a document that suddenly yields far fewer replies or facts than it did
(a changed layout, a broken rule) fails the build with a message naming the manifest line, instead of loading a
thinner graph that looks right. `innograph report --check` runs the same checks without loading.

What a document yields: the nodes whose `source_ids` include it, and the relationships that cite it (`source_id` or
`source_ids`) or start at one of its questions (ASKED, ADDRESSED_TO, UNDER_PROGRAMME, FROM_DOCUMENT). Summaries over
several documents (ASKED_ABOUT, HAS_PROGRAMME, curated PART_OF) belong to none.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from graph.kg import KnowledgeGraph
from graph.model import document_id
from loaders.corpus import Expectation, SourceDocument


@dataclass(frozen=True)
class Shortfall:
    """One expectation a document did not meet."""

    document: SourceDocument
    expectation: Expectation
    found: int

    def __str__(self) -> str:
        e = self.expectation
        relation = "fewer than the" if e.bound == "min" else "more than the"
        return (f"{self.document.manifest}:{e.line}: {self.document.file_name} yields {self.found} {e.name}, "
                f"{relation} {e.count} its expect: {e.bound} says")


def document_yields(kg: KnowledgeGraph) -> dict[str, Counter]:
    """Document id -> how many nodes per label and relationships per type it yields (see the module doc)."""
    yields: dict[str, Counter] = {}
    question_source: dict[str, str] = {}
    for node in kg.nodes():
        for doc in node.props.get("source_ids") or []:
            yields.setdefault(doc, Counter())[str(node.label)] += 1
        if node.props.get("source_id"):
            question_source[node.id] = node.props["source_id"]
    for rel in kg.relationships():
        docs = set(rel.props.get("source_ids") or []) | {rel.props.get("source_id")} | {question_source.get(rel.start)}
        for doc in docs - {None}:
            yields.setdefault(doc, Counter())[str(rel.type)] += 1
    return yields


def shortfalls(kg: KnowledgeGraph, documents: list[SourceDocument]) -> list[Shortfall]:
    """Every expectation of every document that the graph does not meet, in manifest order."""
    yields = document_yields(kg)
    found = []
    for doc in documents:
        counts = yields.get(document_id(doc.content_sha256), Counter())
        for expectation in doc.expectations:
            n = counts[expectation.name]
            if (expectation.bound == "min" and n < expectation.count) or (
                expectation.bound == "max" and n > expectation.count
            ):
                found.append(Shortfall(doc, expectation, n))
    return found
