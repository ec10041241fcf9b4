"""From a corpus folder to an in-memory knowledge graph: parse every document first, write nothing.

Everything that can be wrong with the input is found here, before the store is touched, so a bad document
leaves the store as it was.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from graph.kg import KnowledgeGraph, Node
from graph.model import Label, document_id
from loaders.corpus import BUNDLED_SOURCES, SourceDocument, read_manifest, read_text
from loaders.legco import ParsedReplies, parse_replies
from loaders.replies_graph import add_replies


@dataclass
class CorpusBuild:
    graph: KnowledgeGraph
    documents: list[SourceDocument]
    replies: dict[str, ParsedReplies] = field(default_factory=dict)  # by document id
    seconds: dict[str, float] = field(default_factory=dict)  # parse time by document file name

    @property
    def disagreements(self) -> list[str]:
        return [f"{p.source}: {d}" for p in self.replies.values() for d in p.disagreements]


def build_corpus_graph(folder: Path = BUNDLED_SOURCES) -> CorpusBuild:
    documents = read_manifest(folder)
    build = CorpusBuild(KnowledgeGraph(), documents)
    for doc in documents:
        started = time.perf_counter()
        doc_id = document_id(doc.sha256)
        build.graph.add_node(Node(Label.DOCUMENT, doc_id, _document_props(doc)))
        text = read_text(doc.path)
        if doc.doc_type == "legco_replies":
            parsed = parse_replies(text, source=str(doc.path), fiscal_year=doc.fiscal_year)
            build.replies[doc_id] = parsed
            add_replies(build.graph, parsed, doc_id)
        build.seconds[doc.file_name] = time.perf_counter() - started
    return build


def _document_props(doc: SourceDocument) -> dict:
    return {
        "name": doc.title,
        "title": doc.title,
        "title_en": doc.title_en,
        "name_en": doc.title_en,
        "publisher": doc.publisher,
        "publisher_en": doc.publisher_en,
        "published": doc.published,
        "fiscal_year": doc.fiscal_year,
        "doc_type": doc.doc_type,
        "language": doc.language,
        "sha256": doc.sha256,
        "file_name": doc.file_name,
    }
