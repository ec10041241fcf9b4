"""Passage search engines side by side: index build time, index size, memory and query latency (p50/p95).

    .venv/bin/python benchmarks/bench_passages.py                  # the bundled corpus, 1x and 100x
    .venv/bin/python benchmarks/bench_passages.py --scales 1,10 --repeat 5
    .venv/bin/python benchmarks/bench_passages.py --home .innograph  # passages read from a built store instead

The passages are those of graph/passages.py (a line of a question, an answer or a press document): from the bundled
corpus built in memory by loaders.pipeline (no store needed), or with --home from the embedded store of that home
(it must hold a build; the time to read them is printed too). At scale K the passages are copied K times with
renumbered ids: the same texts, so the same words and hits per copy, K times the index.

Candidates:
- fts5-words (what graph/passages.py uses): SQLite FTS5 over the text cut into words here — every CJK character a
  word, Latin runs folded — with the porter stemmer; a query term is a phrase of words. Any length, ranked by BM25.
- fts5-trigram: SQLite FTS5's trigram tokenizer over the folded text. A term of 3+ characters is a MATCH (ranked by
  BM25); a shorter one ("科技", "AI", "券") can only be a LIKE, which scans every row, has no rank and matches inside
  words ("AI" in "AIR", "said"). SQLite 3.40's trigram table answers such a LIKE with no rows for CJK, so it scans a
  plain copy of the text (counted in the index size).
- tantivy (PyPI `tantivy`, optional): the same words, whitespace-tokenized, phrase queries, BM25. Its ngram tokenizer
  would make the 1-2 character queries need a second field; the words give it the same matches as fts5-words.

Query latency is one query's count of all hits and its 20 best ids, the same work for every engine; for fts5-words the
full search (with highlights and snippets, as GET /passages returns them) is timed too. Prints plain-text tables.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))  # the project this file belongs to, not whatever is installed

import psutil  # noqa: E402

from benchmarks.common import mib, print_machine, section, table, version  # noqa: E402
from graph.passages import (  # noqa: E402
    Passage,
    PassageIndex,
    SearchQuery,
    fold,
    indexed_words,
    parse_query,
    passages_from_rows,
)

# Real queries: the journalists' phrases of the issue, 1-, 2- and 4-character CJK, Latin, two terms, and a miss.
QUERIES = ["科技券", "生成式人工智能", "科技", "券", "AI", "人工智能", "創新科技署", "InnoHK", "數碼港 人工智能",
           "停止接受", "大學", "Cyberport", "資助計劃", "沒有這樣的句子"]
TOP = 20


# --- the passages -------------------------------------------------------------------------------------------------


def corpus_passages() -> list[Passage]:
    """The bundled corpus built in memory, its passages made from the same rows the store's Cypher returns."""
    from graph.model import Label, Rel
    from loaders.pipeline import build_corpus_graph

    kg = build_corpus_graph().graph
    documents = {node.id: node.props for node in kg.nodes(Label.DOCUMENT)}
    source_of = {r.start: r.end for r in kg.relationships(Rel.FROM_DOCUMENT)}
    fields = ("reply_no", "fiscal_year", "question_text", "answer_text", "question_text_en", "answer_text_en")
    questions = []
    for node in kg.nodes(Label.QUESTION):
        document = documents.get(source_of.get(node.id), {})
        questions.append({"id": node.id, "label": str(Label.QUESTION), **{f: node.props.get(f) for f in fields},
                          "document_id": document.get("id"), "document_title": document.get("title"),
                          "language": document.get("language")})
    prose = [{"id": doc_id, "label": str(Label.DOCUMENT), "fiscal_year": props.get("fiscal_year"),
              "document_id": doc_id, "document_title": props.get("title"), "language": props.get("language"),
              "text": props["text"]}
             for doc_id, props in documents.items() if props.get("text")]
    mentions = [{"source": r.start, "id": r.end, "labels": [str(kg.label_of(r.end))],
                 "name": kg.node_props(r.end).get("name"), "name_en": kg.node_props(r.end).get("name_en"),
                 "surfaces": r.props.get("surfaces") or []} for r in kg.relationships(Rel.MENTIONS)]
    return passages_from_rows(questions, prose, mentions)


def store_passages(home: Path) -> tuple[list[Passage], float]:
    from graph.passages import load_passages
    from graph.store import open_store

    with open_store(home, start_embedded=False, command="bench_passages") as store:
        load_passages(store)  # the first read of a session warms the server's query cache: not the index's cost
        started = time.perf_counter()
        found = load_passages(store)
        return found, time.perf_counter() - started


def scaled(passages: list[Passage], copies: int) -> list[Passage]:
    return passages + [replace(p, id=f"{p.id}~{c}", node_id=f"{p.node_id}~{c}") for c in range(1, copies)
                       for p in passages]


# --- the engines --------------------------------------------------------------------------------------------------


class Engine:
    name = ""

    def build(self, passages: list[Passage]) -> None: ...

    def top(self, query: SearchQuery, raw: str) -> tuple[int, list[int]]:
        """How many passages match, and the TOP best row numbers."""
        raise NotImplementedError

    def size(self) -> int: ...

    def close(self) -> None: ...


def _sqlite_size(db: sqlite3.Connection) -> int:
    return db.execute("PRAGMA page_count").fetchone()[0] * db.execute("PRAGMA page_size").fetchone()[0]


class Fts5Words(Engine):
    name = "fts5-words"

    def build(self, passages):
        self.index = PassageIndex(passages)

    def top(self, query, raw):
        db = self.index._db
        total = db.execute("SELECT count(*) FROM passage WHERE passage MATCH ?", (query.fts,)).fetchone()[0]
        rows = db.execute("SELECT rowid FROM passage WHERE passage MATCH ? ORDER BY bm25(passage) LIMIT ?",
                          (query.fts, TOP)).fetchall()
        return total, [r[0] for r in rows]

    def full(self, query):
        return self.index.search(query, limit=TOP)

    def size(self):
        return _sqlite_size(self.index._db)

    def close(self):
        self.index.close()


class Fts5Trigram(Engine):
    name = "fts5-trigram"

    def build(self, passages):
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE passage USING fts5(text, tokenize = 'trigram')")
        self.db.executemany("INSERT INTO passage (rowid, text) VALUES (?, ?)",
                            ((i, fold(p.text)) for i, p in enumerate(passages)))
        # SQLite 3.40's trigram table answers LIKE '%科技%' (a CJK pattern under 3 characters) with no rows at all:
        # the short terms are looked for in a plain copy of the text instead, by a scan.
        self.db.execute("CREATE TABLE plain (text)")
        self.db.executemany("INSERT INTO plain (rowid, text) VALUES (?, ?)",
                            ((i, fold(p.text)) for i, p in enumerate(passages)))
        self.db.commit()

    def top(self, query, raw):
        terms = [fold(t) for t in raw.split()]
        long, short = [t for t in terms if len(t) >= 3], [t for t in terms if len(t) < 3]
        where = " AND ".join(["passage MATCH ?"] * bool(long)
                             + ["rowid IN (SELECT rowid FROM plain WHERE text LIKE ?)"] * len(short))
        params = [" AND ".join('"' + t.replace('"', '""') + '"' for t in long)] * bool(long) + \
            [f"%{t}%" for t in short]
        order = "bm25(passage)" if long else "rowid"  # LIKE alone: no rank
        total = self.db.execute(f"SELECT count(*) FROM passage WHERE {where}", params).fetchone()[0]
        rows = self.db.execute(f"SELECT rowid FROM passage WHERE {where} ORDER BY {order} LIMIT {TOP}",
                               params).fetchall()
        return total, [r[0] for r in rows]

    def size(self):
        return _sqlite_size(self.db)

    def close(self):
        self.db.close()


class Tantivy(Engine):
    name = "tantivy"

    def build(self, passages):
        import tantivy

        self.tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("words", stored=False, tokenizer_name="whitespace", index_option="position")
        builder.add_integer_field("row", stored=True, fast=True)
        self.schema = builder.build()
        self.folder = tempfile.TemporaryDirectory(prefix="bench-tantivy-")
        self.index = tantivy.Index(self.schema, path=self.folder.name)
        writer = self.index.writer(heap_size=256 * 2**20, num_threads=1)
        for i, p in enumerate(passages):
            writer.add_document(tantivy.Document(words=indexed_words(p.text), row=i))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()

    def top(self, query, raw):
        t = self.tantivy
        clauses = [(t.Occur.Must, t.Query.term_query(self.schema, "words", term[0]) if len(term) == 1
                    else t.Query.phrase_query(self.schema, "words", list(term))) for term in query.terms]
        result = self.searcher.search(t.Query.boolean_query(clauses), TOP, count=True)
        return result.count, [self.searcher.doc(address)["row"][0] for _, address in result.hits]

    def size(self):
        return sum(f.stat().st_size for f in Path(self.folder.name).rglob("*") if f.is_file())

    def close(self):
        self.folder.cleanup()


ENGINES: dict[str, type[Engine]] = {"fts5-words": Fts5Words, "fts5-trigram": Fts5Trigram, "tantivy": Tantivy}


def engines(names: list[str]) -> list[Engine]:
    """The engines asked for; tantivy only when it is installed (it is not a dependency of innograph)."""
    return [ENGINES[name]() for name in names if name != "tantivy" or version("tantivy") != "not installed"]


# --- measuring ----------------------------------------------------------------------------------------------------


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure(engine: Engine, passages: list[Passage], repeat: int) -> dict:
    process = psutil.Process(os.getpid())
    rss = process.memory_info().rss
    started = time.perf_counter()
    engine.build(passages)
    build = time.perf_counter() - started
    grown = process.memory_info().rss - rss
    latencies: list[float] = []
    totals: dict[str, int] = {}
    for raw in QUERIES:
        query = parse_query(raw)
        totals[raw] = engine.top(query, raw)[0]  # warm: the first run of each query is not timed
        latencies += timed(lambda q=query, r=raw: engine.top(q, r), repeat)
    full = []
    if isinstance(engine, Fts5Words):
        for raw in QUERIES:
            query = parse_query(raw)
            full += timed(lambda q=query: engine.full(q), repeat)
    result = {"build": build, "size": engine.size(), "rss": grown, "latency": percentiles(latencies),
              "full": percentiles(full) if full else None, "totals": totals}
    engine.close()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,100", help="copies of the corpus' passages, comma-separated")
    parser.add_argument("--repeat", type=int, default=10, help="timed runs of each query")
    parser.add_argument("--home", type=Path, help="read the passages from this home's embedded store")
    parser.add_argument("--engines", default=",".join(ENGINES), help=f"some of {', '.join(ENGINES)}")
    args = parser.parse_args()
    names = args.engines.split(",")
    if unknown := set(names) - set(ENGINES):
        parser.error(f"unknown engines: {', '.join(sorted(unknown))}")
    scales = [int(s) for s in args.scales.split(",")]

    print_machine("passage search benchmark", [["sqlite", sqlite3.sqlite_version], ["tantivy", version("tantivy")],
                                               ["queries", ", ".join(QUERIES)], ["repeat", str(args.repeat)]])
    started = time.perf_counter()
    if args.home:
        passages, read = store_passages(args.home)
        print(f"\n{len(passages):,} passages read from the store of {args.home} in {read:.2f} s")
    else:
        passages = corpus_passages()
        print(f"\n{len(passages):,} passages from the bundled corpus, built in memory in "
              f"{time.perf_counter() - started:.1f} s")

    results: dict[tuple[int, str], dict] = {}
    for scale in scales:
        corpus = scaled(passages, scale)
        characters = sum(len(p.text) for p in corpus)
        section(f"{scale}x: {len(corpus):,} passages, {characters / 1e6:.1f} M characters")
        for engine in engines(names):
            repeat = args.repeat if scale == 1 else max(3, args.repeat // 3)  # a scaled corpus: fewer runs
            results[scale, engine.name] = measure(engine, corpus, repeat)
            r = results[scale, engine.name]
            print(f"  {engine.name}: built in {r['build']:.2f} s", flush=True)
        rows = []
        for name in (e.name for e in engines(names)):
            r = results[scale, name]
            full = f"{r['full'][0]:.2f} / {r['full'][1]:.2f}" if r["full"] else "-"
            rows.append([name, f"{r['build']:.2f} s", mib(r["size"]), mib(r["rss"]),
                         f"{r['latency'][0]:.2f} / {r['latency'][1]:.2f}", full])
        print(table(["engine", "build", "index size", "RSS +", "query p50 / p95 ms", "with snippets p50 / p95 ms"],
                    rows))

    section("hits per query (1x): the engines agree where they can")
    names = [e.name for e in engines(names)]
    first = scales[0]
    print(table(["query", *names], [[q, *(results[first, n]["totals"][q] for n in names)] for q in QUERIES]))
    print("\n  fts5-trigram ranks only queries whose every term has 3+ characters (LIKE has no BM25);"
          "\n  fts5-words stems English (porter), so its counts of Latin words may be higher.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
