"""Full-text search over passages: ranked (BM25), CJK-aware, with the matched words marked.

A passage is what a reader cites: a line of a reply's question (one of its numbered parts), of its answer (a
paragraph, or a row of a table as the parser keeps it) or of a press document's text (a paragraph). The texts come
from the store — Question.question_text / answer_text (and their English editions), Document.text — so the
search finds what the graph holds, on the embedded server and on Neo4j alike.

The engine is SQLite's FTS5 (the standard library's sqlite3), in memory. Chinese has no spaces, and FTS5's own
tokenizers either glue a run of characters into one word (unicode61) or need three characters per term (trigram),
so the text is cut into words here, the same way for the index and the query: every CJK character is a word, a run
of other letters and digits is a word (folded: NFKC, case). A query word is then a phrase of those words —
"科技券" is the phrase 科 技 券, which matches exactly where the text says 科技券, and "科技" or "券" work the same way.
Latin words are stemmed (FTS5's porter: "schemes" finds "scheme"). benchmarks/bench_passages.py compares this with
FTS5's trigram tokenizer and with tantivy.

The index is built from the store on the first search and again when the graph changes (another build: its Build
node, or the number of questions and documents, checked at most every few seconds), like graph/search.py.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from graph import cypher
from graph.model import MODEL, Label
from graph.store import Store

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
SNIPPET_CHARS = 160  # the part of a long passage shown around its matches
SNIPPET_LEAD = 30  # characters shown before the first match of the snippet
_RECHECK_SECONDS = 5.0

# Where passages come from: a Question's texts (the English edition's beside the Chinese) and a Document's text.
PASSAGE_LABELS: tuple[Label, ...] = (Label.QUESTION, Label.DOCUMENT)
# field -> (part, language): None takes the language of the document the question comes from.
QUESTION_FIELDS = {"question_text": ("question", None), "answer_text": ("answer", None),
                   "question_text_en": ("question", "en"), "answer_text_en": ("answer", "en")}
DOCUMENT_FIELD = "text"
DOCUMENT_PART = "document"
# The parts are the model's (the `part` of a MENTIONS: where a name appears), less "both", which no line is.
PARTS: tuple[str, ...] = tuple(p for p in MODEL.properties["part"].values if p != "both")

# A word: one CJK character (Han, kana, hangul), or a run of other letters and digits. Exactly the characters that
# FTS5's unicode61 tokenizer keeps (letters and numbers), so it reads the words given to it one for one.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
_WORD = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])[^\W_])+")
_PHRASE = re.compile(r'"([^"]*)"|(\S+)')


class QueryError(ValueError):
    """The query cannot be searched (empty, too long, nothing to search for). The message is one line."""


# --- words --------------------------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """One form for what reads the same: full-width and half-width (NFKC), upper and lower case. Character for
    character (one whose NFKC form is longer, such as "…", is kept as it is), so an offset in one is an offset in
    the other."""
    return text.translate(_FOLD)


class _FoldTable(dict):
    """str.translate's table, filled in as characters are met (str.translate asks it for each one)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char).casefold()
        if len(folded) != 1:
            folded = char.casefold() if len(char.casefold()) == 1 else char
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def words(text: str) -> list[tuple[str, int, int]]:
    """The words of `text` with where each is in it: (word, start, end)."""
    return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(fold(text))]


def indexed_words(text: str) -> str:
    """The words of `text` as the index reads them: separated by single spaces (the same words as `words`)."""
    return " ".join(_WORD.findall(fold(text)))


@dataclass(frozen=True)
class SearchQuery:
    text: str
    terms: tuple[tuple[str, ...], ...]  # each term: the phrase of words it must match

    @property
    def fts(self) -> str:
        """The FTS5 query: every term, as a phrase (words hold only letters and digits: nothing to escape)."""
        return " AND ".join('"' + " ".join(term) + '"' for term in self.terms)


def parse_query(text: str) -> SearchQuery:
    """Words separated by spaces must all appear (in any order); "quoted words" must appear together. Within a term,
    CJK characters and Latin words must follow each other as written (科技券, AI研發院, machine-learning)."""
    if not text or not text.strip():
        raise QueryError("the query is empty: give a word or phrase to search for")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long: at most {MAX_QUERY_CHARS} characters, not {len(text)}")
    phrases = [quoted or bare for quoted, bare in _PHRASE.findall(text)]
    terms = tuple(dict.fromkeys(t for t in (tuple(w for w, _, _ in words(p)) for p in phrases) if t))
    if not terms:
        raise QueryError(f"nothing to search for in {text.strip()[:40]!r}: give letters, digits or CJK characters")
    if len(terms) > MAX_TERMS:
        raise QueryError(f"too many terms: at most {MAX_TERMS}, not {len(terms)}")
    return SearchQuery(text.strip(), terms)


# --- passages -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntityRef:
    id: str
    label: str
    name: str | None
    name_en: str | None


@dataclass(frozen=True)
class Passage:
    id: str  # node id / field / paragraph: question:2025-26:ITIB089/answer_text/3
    node_id: str
    label: str  # Question or Document
    field: str  # the property it is a line of
    part: str  # question, answer or document
    paragraph: int  # 1-based, among the non-empty lines of the field
    text: str
    start: int  # where it is in the field's text (a Document's: the coordinates of char_start in the graph)
    end: int
    language: str | None
    reply_no: str | None
    fiscal_year: str | None
    document_id: str | None
    document_title: str | None
    entities: tuple[EntityRef, ...] = ()


@dataclass(frozen=True)
class Mention:
    entity: EntityRef
    surfaces: tuple[str, ...]


def passages_from_rows(questions: Iterable[dict], documents: Iterable[dict],
                       mentions: Iterable[dict]) -> list[Passage]:
    """The passages of the rows of cypher/api/passages_questions, _documents and _mentions, each with the entities
    its source MENTIONS whose name, as written there, is in it."""
    by_source: dict[str, list[Mention]] = defaultdict(list)
    for row in mentions:
        entity = EntityRef(row["id"], (row["labels"] or [""])[0], row["name"], row["name_en"])
        by_source[row["source"]].append(Mention(entity, tuple(s for s in row["surfaces"] or () if s)))
    found: list[Passage] = []
    for row in questions:
        for field_name, (part, language) in QUESTION_FIELDS.items():
            found += _lines(row, field_name, part, language or row["language"], by_source[row["id"]])
    for row in documents:
        found += _lines(row, DOCUMENT_FIELD, DOCUMENT_PART, row["language"], by_source[row["id"]])
    return found


def _lines(row: dict, field_name: str, part: str, language: str | None, mentions: list[Mention]) -> Iterator[Passage]:
    text = row.get(field_name) or ""
    for paragraph, (start, end) in enumerate(_paragraphs(text, wrapped=(language or "").lower().startswith("en")), 1):
        line = text[start:end]
        yield Passage(
            id=f"{row['id']}/{field_name}/{paragraph}", node_id=row["id"], label=row["label"], field=field_name,
            part=part, paragraph=paragraph, text=line, start=start, end=end, language=language,
            reply_no=row.get("reply_no"), fiscal_year=row.get("fiscal_year"), document_id=row.get("document_id"),
            document_title=row.get("document_title"), entities=_mentioned_in(line, mentions))


# An English edition keeps the PDF's lines (loaders/text.py joins wrapped lines only in Chinese text): there a line
# that does not end a sentence goes on in the next one, unless that one starts an item of a list.
_SENTENCE_END = re.compile(r"""[.?!:;。？！：；]["'”’)\]]*\s*$""")
_LIST_ITEM = re.compile(r"^\s*(?:\(?(?:\d{1,3}|[a-zA-Z]|[ivx]{1,5})[.)]\s|[•●\-–]\s)")


def _paragraphs(text: str, wrapped: bool) -> list[tuple[int, int]]:
    """The [start, end) of each passage of `text`: its non-empty lines, or in `wrapped` text its sentences' runs of
    lines."""
    spans: list[list[int]] = []
    for match in re.finditer(r"[^\n]+", text):
        if not match.group().strip():
            continue
        goes_on = wrapped and spans and not _SENTENCE_END.search(text[spans[-1][0]:spans[-1][1]]) \
            and not _LIST_ITEM.match(match.group())
        if goes_on:
            spans[-1][1] = match.end()
        else:
            spans.append([match.start(), match.end()])
    return [(start, end) for start, end in spans]


def _mentioned_in(line: str, mentions: list[Mention]) -> tuple[EntityRef, ...]:
    """The entities whose name as the source writes it is in `line`, in the order they first appear."""
    at: dict[str, tuple[int, EntityRef]] = {}
    for mention in mentions:
        positions = [p for p in (line.find(s) for s in mention.surfaces) if p >= 0]
        if positions and (mention.entity.id not in at or min(positions) < at[mention.entity.id][0]):
            at[mention.entity.id] = (min(positions), mention.entity)
    return tuple(entity for _, entity in sorted(at.values(), key=lambda pair: (pair[0], pair[1].id)))


# --- the index ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    document: str | None = None  # a Document's id: its own text, and the replies that come from it
    reply_no: str | None = None
    language: str | None = None  # "zh-Hant", or "zh" for every zh-…
    label: str | None = None  # Question or Document
    part: str | None = None  # question, answer or document
    fiscal_year: str | None = None


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float  # BM25, higher is better
    matches: tuple[tuple[int, int], ...]  # the matched words in passage.text, [start, end)
    snippet: tuple[tuple[str, bool], ...]  # (text, matched) pieces of the text around the matches


@dataclass(frozen=True)
class Page:
    query: SearchQuery
    total: int
    hits: list[Hit] = field(default_factory=list)


# FTS5 over the words (see the module doc), the filters as columns it stores but does not index.
_CREATE = """CREATE VIRTUAL TABLE passage USING fts5(
    words, label UNINDEXED, part UNINDEXED, reply_no UNINDEXED, fiscal_year UNINDEXED, document_id UNINDEXED,
    node_id UNINDEXED, language UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2')"""
_INSERT = "INSERT INTO passage (rowid, words, label, part, reply_no, fiscal_year, document_id, node_id, language) " \
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
# A filter left out (NULL) lets every passage through. A document filter takes its own text and its replies.
_WHERE = """passage MATCH :fts
    AND (:label IS NULL OR label = :label) AND (:part IS NULL OR part = :part)
    AND (:reply_no IS NULL OR reply_no = :reply_no) AND (:fiscal_year IS NULL OR fiscal_year = :fiscal_year)
    AND (:document IS NULL OR document_id = :document OR node_id = :document)
    AND (:language IS NULL OR language = :language COLLATE NOCASE OR language LIKE :language || '-%')"""
_COUNT = f"SELECT count(*) FROM passage WHERE {_WHERE}"
# bm25() is lower for better matches; the highlight marks the matched words (\x01 … \x02) for _matched_words.
_PAGE = f"""SELECT rowid, bm25(passage), highlight(passage, 0, char(1), char(2)) FROM passage WHERE {_WHERE}
    ORDER BY bm25(passage), rowid LIMIT :limit OFFSET :offset"""


class PassageIndex:
    """The passages in an in-memory FTS5 table. Safe to share between threads (one search at a time)."""

    def __init__(self, passages: list[Passage]) -> None:
        self.passages = passages
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._lock = threading.Lock()
        self._db.execute(_CREATE)
        self._db.executemany(_INSERT, (
            (i, indexed_words(p.text), p.label, p.part, p.reply_no, p.fiscal_year, p.document_id,
             p.node_id, p.language) for i, p in enumerate(passages)))
        self._db.commit()

    def search(self, query: SearchQuery, filters: Filters = Filters(), limit: int = 20, offset: int = 0) -> Page:
        params = {"fts": query.fts, **vars(filters), "limit": limit, "offset": offset}
        with self._lock:
            total = self._db.execute(_COUNT, params).fetchone()[0]
            rows = self._db.execute(_PAGE, params).fetchall() if total > offset else []
        return Page(query, total, [self._hit(rowid, -rank, marked) for rowid, rank, marked in rows])

    def _hit(self, rowid: int, score: float, marked: str) -> Hit:
        passage = self.passages[rowid]
        matches = _matched_spans(passage.text, _matched_words(marked))
        return Hit(passage, score, matches, snippet(passage.text, matches))

    def close(self) -> None:
        self._db.close()


def _matched_words(marked: str) -> list[bool]:
    """For each word of a passage, whether FTS5's highlight() marked it: the words were given to it separated by
    single spaces, and it puts \\x01 before and \\x02 after each matched phrase, so word i is piece i."""
    flags, inside = [], False
    for piece in marked.split(" "):
        inside = inside or piece.startswith("\x01")
        flags.append(inside)
        if piece.endswith("\x02"):
            inside = False
    return flags


def _matched_spans(text: str, flags: list[bool]) -> tuple[tuple[int, int], ...]:
    """The character spans of the matched words; words matched one after the other make one span (a phrase)."""
    spans: list[list[int]] = []
    previous = False
    for (_, start, end), matched in zip(words(text), flags, strict=False):
        if matched and previous and spans:
            spans[-1][1] = end
        elif matched:
            spans.append([start, end])
        previous = matched
    return tuple((start, end) for start, end in spans)


def snippet(text: str, matches: tuple[tuple[int, int], ...],
            width: int = SNIPPET_CHARS) -> tuple[tuple[str, bool], ...]:
    """The passage, or the `width` characters of it that hold the most matches, as (text, matched) pieces; "…"
    where it was cut."""
    if len(text) <= width or not matches:
        begin, end = 0, min(len(text), width)
    else:
        starts = [max(0, min(start - SNIPPET_LEAD, len(text) - width)) for start, _ in matches]
        begin = max(starts, key=lambda b: (sum(b <= s and e <= b + width for s, e in matches), -b))
        end = begin + width
    pieces: list[tuple[str, bool]] = [("…", False)] if begin > 0 else []
    at = begin
    for start, stop in matches:
        start, stop = max(start, begin), min(stop, end)
        if start >= stop:
            continue
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:stop], True))
        at = stop
    if at < end:
        pieces.append((text[at:end], False))
    if end < len(text):
        pieces.append(("…", False))
    return tuple(pieces)


# --- from the store -----------------------------------------------------------------------------------------------


class PassageSearch:
    """The passage index of a store: built on the first search, rebuilt when the graph has changed."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._index: PassageIndex | None = None
        self._version: dict | None = None
        self._checked = 0.0
        self._refresh_lock = threading.Lock()

    def search(self, text: str, filters: Filters = Filters(), limit: int = 20, offset: int = 0) -> Page:
        query = parse_query(text)  # a bad query is refused before the store is asked anything
        return self.index().search(query, filters, limit, offset)

    def index(self) -> PassageIndex:
        if self._index is None:
            with self._refresh_lock:  # the first searches wait for the first index
                if self._index is None:
                    self._rebuild()
        elif self._refresh_lock.acquire(blocking=False):  # else another search is checking or rebuilding it
            try:
                if self._changed():
                    self._rebuild()
            finally:
                self._refresh_lock.release()
        return self._index

    def _rebuild(self) -> None:
        """A new index for the graph as it is; searches use the previous one until it is ready."""
        version = self._current_version()
        self._index = PassageIndex(load_passages(self.store))
        self._version = version

    def _changed(self) -> bool:
        if time.monotonic() - self._checked < _RECHECK_SECONDS:
            return False
        return self._current_version() != self._version

    def _current_version(self) -> dict:
        self._checked = time.monotonic()
        return self.store.read(cypher.load("api/passages_version"))[0]


def load_passages(store: Store) -> list[Passage]:
    return passages_from_rows(store.read(cypher.load("api/passages_questions")),
                              store.read(cypher.load("api/passages_documents")),
                              store.read(cypher.load("api/passages_mentions")))
