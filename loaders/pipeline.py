"""From a corpus folder to an in-memory knowledge graph: parse every document first, write nothing.

Everything that can be wrong with the input is found here, before the store is touched, so a bad document
leaves the store as it was.

1. each document is read and normalised; replies documents are parsed into replies;
2. questions, askers, heads and programmes become nodes (loaders.replies_graph);
3. entities are recognised in every reply and press text, resolved, and tied together by MENTIONS, ASKED_ABOUT,
   FUNDS and ADMINISTERS facts with their provenance (loaders.facts).
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from spacy.language import Language

from graph.analytics import annotate
from graph.kg import KnowledgeGraph, Node
from graph.model import Label, build_id, document_id, programme_id, question_id
from loaders.corpus import BUNDLED_SOURCES, DOC_TYPES, DocumentText, SourceDocument, read_document, read_manifest
from loaders.discovery import Candidate
from loaders.entities import EntityRecognizer
from loaders.errors import SourceError
from loaders.expectations import Shortfall, shortfalls
from loaders.fact_cache import FactCache, extraction_digest, units_digest
from loaders.facts import Extraction, FactReport, TextUnit, UnitFacts, add_entity_facts, extraction_for
from loaders.gazetteer import Gazetteer, load_gazetteer
from loaders.legco import ParsedReplies, parse_replies
from loaders.pdf import PageMap
from loaders.replies_graph import add_replies, asker_id, head_body_id, head_bureau_id
from loaders.text import NormalisedText, normalise
from loaders.version import LOADER_VERSION
from loaders.workers import analyse_in_workers, compact, parse_in_workers


@dataclass
class CorpusBuild:
    graph: KnowledgeGraph
    documents: list[SourceDocument]
    replies: dict[str, ParsedReplies] = field(default_factory=dict)  # by document id
    texts: dict[str, NormalisedText] = field(default_factory=dict)  # every document's normalised text, by id
    # replies documents read and parsed in workers, by path, taken by _load_replies (loaders/workers.py)
    parsed_ahead: dict[tuple, tuple[DocumentText, ParsedReplies] | None] = field(default_factory=dict, repr=False)
    pages: dict[str, PageMap] = field(default_factory=dict)  # a PDF's pages in its normalised text, by id
    seconds: dict[str, float] = field(default_factory=dict)  # time per stage
    facts: FactReport | None = None
    review_names: list[Candidate] = field(default_factory=list)  # names discovery did not trust: not in the graph
    started_at: str = ""  # UTC, ISO 8601
    build_node_id: str = ""

    @property
    def disagreements(self) -> list[str]:
        return [f"{p.source}: {d}" for p in self.replies.values() for d in p.disagreements]

    @property
    def shortfalls(self) -> list[Shortfall]:
        """The documents' `expect:` lines (sources.yaml) that this graph does not meet."""
        return shortfalls(self.graph, self.documents)


def build_corpus_graph(folder: Path = BUNDLED_SOURCES, gazetteer: Gazetteer | None = None,
                       name_model: Language | None = None, workers: int | None = None,
                       cache: FactCache | None = None, when_read: Callable[[], None] | None = None) -> CorpusBuild:
    """`name_model`: the model discovery reads names with (loaders/discovery.py), when not the shipped one;
    `workers`: processes that analyse the texts (None: every core for a large corpus; loaders/workers.py);
    `cache`: where each document's facts are kept, so that only documents that changed are analysed again;
    `when_read()`: called once every document has been read and parsed, before the analysis (the CLI starts the
    store then: a document that cannot be read fails the build before a server is started)."""
    gazetteer = gazetteer or load_gazetteer()
    documents = read_manifest(folder)
    build = CorpusBuild(KnowledgeGraph(), documents, started_at=_now())

    started = time.perf_counter()
    build.parsed_ahead = parse_in_workers(documents, workers)
    units: list[TextUnit] = []
    # The Chinese edition of a year's replies before the English one: an English reply joins the question and the
    # legislator its Chinese edition made (loaders/replies_graph.py). Otherwise in manifest order.
    for doc in sorted(documents, key=lambda d: d.language == "en"):
        doc_id = document_id(doc.content_sha256)  # a CRLF or BOM copy of a document is the same document
        build.graph.add_node(Node(Label.DOCUMENT, doc_id, _document_props(doc)))
        ahead = build.parsed_ahead.get(_parse_key(doc))
        source = ahead[0] if ahead is not None else read_document(doc.path)
        units += DOCUMENT_LOADERS[doc.doc_type](build, doc, doc_id, source, gazetteer)
        build.parsed_ahead.pop(_parse_key(doc), None)  # one raw text in memory at a time, as when serial
    build.seconds["parse"] = time.perf_counter() - started
    if when_read is not None:
        when_read()

    started = time.perf_counter()
    recognizer = EntityRecognizer.for_corpus([u.text for u in units], gazetteer, model=name_model)
    build.review_names = recognizer.review
    build.seconds["entity pipeline"] = time.perf_counter() - started
    started = time.perf_counter()
    analysed = _analyse(units, extraction_for(recognizer, gazetteer), workers, cache)
    build.seconds["text analysis"] = time.perf_counter() - started
    started = time.perf_counter()
    build.facts = add_entity_facts(build.graph, units, recognizer, gazetteer, _draining(analysed))
    build.seconds["entities and facts"] = time.perf_counter() - started
    started = time.perf_counter()
    annotate(build.graph)  # centrality, communities, co-interest as node properties (graph/analytics.py)
    build.seconds["analytics"] = time.perf_counter() - started
    _add_build_node(build)
    return build


def _draining(items: list) -> Iterator:
    """The items in order, each let go once taken: a unit's facts are not needed once applied, and at 100x the
    bundled corpus they are ~0.2 GB the graph can take the place of."""
    items.reverse()
    while items:
        yield items.pop()


def _analyse(units: list[TextUnit], extraction: Extraction, workers: int | None,
             cache: FactCache | None) -> list[UnitFacts]:
    """Every unit's facts, in order: from the cache for a document whose inputs it has, else analysed (all the
    documents to analyse together, over the workers) and kept in the cache."""
    if cache is None:
        return analyse_in_workers(units, extraction, workers)
    by_document: dict[str, list[int]] = defaultdict(list)  # doc id -> indices of its units
    for i, unit in enumerate(units):
        by_document[unit.doc_id].append(i)
    key = extraction_digest(extraction)
    facts: list[UnitFacts | None] = [None] * len(units)
    missing: dict[str, str] = {}  # doc id -> digest, of the documents to analyse
    for doc_id, indices in by_document.items():
        digest = units_digest([units[i] for i in indices], key)
        found = cache.get(doc_id, digest)
        if found is not None and len(found) == len(indices):
            for i, unit_facts in zip(indices, found, strict=True):
                facts[i] = unit_facts
        else:
            missing[doc_id] = digest
    todo = [i for doc_id in missing for i in by_document[doc_id]]
    for i, unit_facts in zip(todo, analyse_in_workers([units[i] for i in todo], extraction, workers), strict=True):
        facts[i] = unit_facts
    for doc_id, digest in missing.items():
        cache.put(doc_id, digest, [facts[i] for i in by_document[doc_id]])
    cache.keep_only(set(by_document))
    return facts


def _parse_key(doc: SourceDocument) -> tuple:
    return (doc.path, doc.fiscal_year)


def _pages(build: CorpusBuild, doc_id: str, pages: PageMap | None, text: NormalisedText) -> PageMap | None:
    """A PDF's page map in the coordinates of its normalised text (offsets of facts are in those), kept by id."""
    if pages is None:
        return None
    build.pages[doc_id] = pages.through(text)
    return build.pages[doc_id]


def _add_build_node(build: CorpusBuild) -> None:
    """The Build node says which code and rules (loader_version) and which corpus (corpus_digest) made the graph,
    and what it held: a researcher reading the store, or GET /health, can tell which build they are looking at.
    The store keeps the latest one (a load prunes what the new graph does not have)."""
    labels, types = build.graph.counts()
    digest = hashlib.sha256("\n".join(sorted(d.content_sha256 for d in build.documents)).encode()).hexdigest()
    build.build_node_id = build_id(build.started_at)
    props = {
        "name": f"build {build.started_at}",
        "loader_version": LOADER_VERSION,
        "corpus_digest": digest,
        "documents": len(build.documents),
        "started": build.started_at,
        "finished": _now(),
        "node_counts": [f"{label}={n}" for label, n in sorted(labels.items())],
        "relationship_counts": [f"{rel_type}={n}" for rel_type, n in sorted(types.items())],
    }
    build.graph.add_node(Node(Label.BUILD, build.build_node_id, props))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _load_replies(build: CorpusBuild, doc: SourceDocument, doc_id: str, source: DocumentText,
                  gazetteer: Gazetteer) -> list[TextUnit]:
    """A Finance Committee replies document: questions, askers, heads and programmes, and one text unit per reply."""
    ahead = build.parsed_ahead.get(_parse_key(doc))
    parsed = ahead[1] if ahead is not None else parse_replies(source.text, source=str(doc.path),
                                                              fiscal_year=doc.fiscal_year, excerpt=doc.excerpt)
    parsed.text = compact(parsed.text)
    build.replies[doc_id] = parsed
    build.texts[doc_id] = parsed.text
    pages = _pages(build, doc_id, source.pages, parsed.text)
    add_replies(build.graph, parsed, doc_id, gazetteer)
    return reply_units(parsed, doc_id, gazetteer, build.graph, pages)


def _load_prose(build: CorpusBuild, doc: SourceDocument, doc_id: str, source: DocumentText,
                gazetteer: Gazetteer) -> list[TextUnit]:
    """A press release, news article or slide deck: one text unit, the whole document."""
    text = normalise(source.text)
    if not text.text.strip():
        raise SourceError(str(doc.path), "no text left after normalisation")
    text = compact(text)
    build.texts[doc_id] = text
    # Kept on the Document, so that its paragraphs can be searched (graph/passages.py) and its quotes' offsets read
    # in the store; a replies document needs no copy: its text is in its questions.
    build.graph.add_node(Node(Label.DOCUMENT, doc_id, {"text": text.text}))
    pages = _pages(build, doc_id, source.pages, text)
    return [TextUnit(doc_id, text.text, 0, (("document", 0, len(text.text)),), source_node=doc_id,
                     document_year=doc.fiscal_year, pages=pages, language=doc.language)]


# Which loader reads a document, by its doc_type in sources.yaml (the values data/model.yaml allows).
DocumentLoader = Callable[[CorpusBuild, SourceDocument, str, DocumentText, Gazetteer], list[TextUnit]]
DOCUMENT_LOADERS: dict[str, DocumentLoader] = {
    "legco_replies": _load_replies,
    "press_release": _load_prose,
    "news": _load_prose,
    "slides": _load_prose,
}
if set(DOCUMENT_LOADERS) != set(DOC_TYPES):  # a doc_type added to data/model.yaml without its loader
    raise ImportError(f"doc_types without a loader: {sorted(set(DOC_TYPES) - set(DOCUMENT_LOADERS))}")


def reply_units(parsed: ParsedReplies, doc_id: str, gazetteer: Gazetteer, kg: KnowledgeGraph,
                pages: PageMap | None = None) -> list[TextUnit]:
    """One unit per reply: its question and its answer (the header fields around them are not searched); `pages`,
    for a PDF, gives the page of an offset of the normalised text."""
    units = []
    for reply in parsed.replies:
        start = reply.char_start
        regions = (
            ("question", reply.question_start - start, reply.question_start - start + len(reply.question_text)),
            ("answer", reply.answer_start - start, reply.answer_start - start + len(reply.answer_text)),
        )
        units.append(
            TextUnit(
                doc_id=doc_id,
                text=parsed.text.text[start : reply.char_end],
                offset=start,
                regions=regions,
                source_node=question_id(reply.fiscal_year, reply.reply_no),
                reply_no=reply.reply_no,
                legislator_id=asker_id(kg, parsed, reply),
                default_funder=head_bureau_id(reply, gazetteer),
                answering_body=head_body_id(reply, gazetteer),
                programmes=tuple((p.number, p.name, programme_id(reply.fiscal_year, reply.head_no, p.number or p.name))
                                 for p in reply.programmes),
                fiscal_year=reply.fiscal_year,
                document_year=reply.fiscal_year,
                pages=pages,
                language=parsed.language,
            )
        )
    return units


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
